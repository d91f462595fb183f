/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.config.Checks;
import dev.warren.client.internal.config.HostList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;

/**
 * The brokers a connection may use (pika's sequence of {@code ConnectionParameters}, the RabbitMQ
 * Java client's address list), such as the nodes of a cluster. Each endpoint is a full {@link
 * ConnectionParameters}, so endpoints may differ in anything: host, port, TLS, credentials.
 *
 * <pre>{@code
 * Connection conn = Connection.open("amqp://app:secret@rabbit1,rabbit2,rabbit3/prod");
 * // or
 * Connection conn = Connection.open(EndpointList.fromUri("amqp://app:secret@rabbit1:5672,rabbit2:5673/prod"));
 * }</pre>
 *
 * <p><b>Order:</b> by default ({@link Order#SHUFFLED_PER_CONNECTION}) every connection opened over
 * the list takes its own random order of the endpoints, so the clients of a cluster spread over its
 * nodes; {@link #inOrder()} keeps the order given (the first endpoint is then preferred). With one
 * endpoint the order makes no difference. {@link #endpoints()} and {@link #plan()} show the list as
 * given; a connection's own order is the plan of {@link #forConnection()}.
 *
 * <p><b>Recovery:</b> the list has one {@link RecoveryPolicy} for the connection: the one set with
 * {@link #withRecovery(RecoveryPolicy)}, otherwise the endpoints' {@link
 * ConnectionParameters#recovery()}, which must then be equal (see {@link #recovery()}). Recovery
 * starts its attempts at the endpoint after the one the lost connection was on, then goes round the
 * connection's order.
 *
 * <p>The order of attempts of a first connect, {@link #plan()}, goes in rounds. Round {@code r}
 * tries, in list order, every endpoint whose {@link ConnectionParameters#connectionAttempts()} is
 * at least {@code r}. The first attempt has no delay; the first attempt of each later round waits
 * that endpoint's {@link ConnectionParameters#retryDelay()}; attempts within a round follow each
 * other at once. With one endpoint, 3 attempts and a 2 s retry delay, the plan is: at once, after 2
 * s, after 2 s.
 *
 * <p>Immutable and thread-safe. {@link #shuffled(Random)} returns a reordered copy (to spread
 * clients over a cluster).
 *
 * @since 0.1
 */
public final class EndpointList {
  /** The most attempts {@link #plan()} materializes; use {@link #attempts()} for longer plans. */
  public static final int MAX_MATERIALIZED_PLAN = 1_000_000;

  /**
   * In which order the connections opened over a list try its endpoints.
   *
   * @since 0.1
   */
  public enum Order {
    /**
     * Each connection takes its own random order (the default): clients spread over the nodes of a
     * cluster, and a node that is down is not every client's first attempt.
     */
    SHUFFLED_PER_CONNECTION,
    /** Every connection tries the endpoints in the order given: the first one is preferred. */
    AS_LISTED
  }

  private final List<ConnectionParameters> endpoints;
  private final Order order;
  private final RecoveryPolicy recovery; // null: the endpoints' common policy

  private EndpointList(List<ConnectionParameters> endpoints, Order order, RecoveryPolicy recovery) {
    this.endpoints = endpoints;
    this.order = order;
    this.recovery = recovery;
  }

  /**
   * The given endpoints, in order.
   *
   * @param endpoints the endpoints, in the order they are tried
   * @return the list
   * @throws IllegalArgumentException when there are none
   * @throws NullPointerException when one is null
   */
  public static EndpointList of(ConnectionParameters... endpoints) {
    Objects.requireNonNull(endpoints, "endpoints");
    return of(Arrays.asList(endpoints));
  }

  /**
   * {@return the given endpoints, in order; see {@link #of(ConnectionParameters...)}}
   *
   * @param endpoints the endpoints, in the order they are tried
   */
  public static EndpointList of(List<ConnectionParameters> endpoints) {
    Objects.requireNonNull(endpoints, "endpoints");
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("an endpoint list needs at least one endpoint");
    }
    List<ConnectionParameters> copy = new ArrayList<>(endpoints.size());
    for (ConnectionParameters p : endpoints) {
      copy.add(Objects.requireNonNull(p, "endpoint"));
    }
    return new EndpointList(
        Collections.unmodifiableList(copy), Order.SHUFFLED_PER_CONNECTION, null);
  }

  /**
   * The endpoints of one URI that may name several hosts, each over the defaults: {@code
   * amqp://user:pass@host1:5672,host2:5673/vhost?heartbeat=10} is the list {@code
   * amqp://user:pass@host1:5672/vhost?heartbeat=10}, {@code amqp://user:pass@host2:5673/vhost?...}
   * (the host-list form RabbitMQ's tools and the Java client's {@code Address.parseAddresses}
   * accept). A host without a port gets the scheme's default port; IPv6 addresses go in brackets. A
   * URI with one host gives a list of one.
   *
   * @param uri an {@code amqp://} or {@code amqps://} URI naming one host or several, separated by
   *     commas
   * @return the endpoints, in the URI's order
   * @throws InvalidUriException when the URI or a host of it is invalid, or the host list has an
   *     empty entry (the message never shows the password)
   */
  public static EndpointList fromUri(String uri) {
    return fromUri(ConnectionParameters.defaults(), uri);
  }

  /**
   * The endpoints of one URI that may name several hosts ({@link #fromUri(String)}), each applied
   * over {@code base}.
   *
   * @param base the parameters the URI's settings are applied over
   * @param uri the URI, naming one host or several
   * @return the endpoints, in the URI's order
   * @throws InvalidUriException when the URI is invalid (the message never shows the password)
   */
  public static EndpointList fromUri(ConnectionParameters base, String uri) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(uri, "uri");
    return fromUris(base, uri);
  }

  /**
   * One endpoint per URI, each over the defaults ({@link ConnectionParameters#fromUri(String)}).
   *
   * @param uris the URIs, one per endpoint, in order
   * @return the list
   * @throws InvalidUriException when a URI is invalid (its message never shows the password)
   * @throws IllegalArgumentException when there is no URI
   */
  public static EndpointList fromUris(String... uris) {
    return fromUris(ConnectionParameters.defaults(), uris);
  }

  /**
   * One endpoint per URI, each applied over {@code base} ({@link
   * ConnectionParameters.Builder#uri(String)}): settings common to all endpoints, such as TLS
   * certificates or a credentials provider, can be set once in {@code base}. A URI naming several
   * hosts ({@link #fromUri(String)}) gives one endpoint per host.
   *
   * @param uris the URIs, one per endpoint, in order
   * @param base the settings each URI is applied over
   * @return the list
   * @throws InvalidUriException when a URI is invalid (its message never shows the password)
   * @throws IllegalArgumentException when there is no URI
   */
  public static EndpointList fromUris(ConnectionParameters base, String... uris) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(uris, "uris");
    List<ConnectionParameters> list = new ArrayList<>(uris.length);
    for (String uri : uris) {
      for (String one : HostList.split(Objects.requireNonNull(uri, "uri"))) {
        list.add(base.toBuilder().uri(one).build());
      }
    }
    return of(list);
  }

  /** {@return the endpoints, in the order they are tried; unmodifiable} */
  public List<ConnectionParameters> endpoints() {
    return endpoints;
  }

  /** {@return the number of endpoints (at least 1)} */
  public int size() {
    return endpoints.size();
  }

  /**
   * How connections opened over this list order its endpoints (see the class description).
   *
   * @return the order; never null
   */
  public Order order() {
    return order;
  }

  /**
   * A copy whose connections try the endpoints in the order given ({@link Order#AS_LISTED}).
   *
   * @return a new list; this one is unchanged
   */
  public EndpointList inOrder() {
    return withOrder(Order.AS_LISTED);
  }

  /**
   * A copy with this order for its connections.
   *
   * @param order how connections order the endpoints
   * @return a new list; this one is unchanged
   * @throws NullPointerException when {@code order} is null
   */
  public EndpointList withOrder(Order order) {
    return new EndpointList(endpoints, Objects.requireNonNull(order, "order"), recovery);
  }

  /**
   * A copy whose connections recover with {@code policy}, whatever the endpoints' own {@link
   * ConnectionParameters#recovery()} say.
   *
   * @param policy the recovery policy of every connection over this list
   * @return a new list; this one is unchanged
   * @throws NullPointerException when {@code policy} is null
   */
  public EndpointList withRecovery(RecoveryPolicy policy) {
    return new EndpointList(endpoints, order, Objects.requireNonNull(policy, "policy"));
  }

  /**
   * The recovery policy of connections opened over this list: the one given to {@link
   * #withRecovery(RecoveryPolicy)}, otherwise the endpoints' {@link
   * ConnectionParameters#recovery()} when they are all equal.
   *
   * @return the policy; never null
   * @throws IllegalArgumentException when no policy was set for the list and the endpoints have
   *     different ones (a connection has one policy; the message names the endpoints and says to
   *     use {@link #withRecovery(RecoveryPolicy)})
   */
  public RecoveryPolicy recovery() {
    if (recovery != null) {
      return recovery;
    }
    RecoveryPolicy first = endpoints.get(0).recovery();
    for (int i = 1; i < endpoints.size(); i++) {
      RecoveryPolicy other = endpoints.get(i).recovery();
      if (!first.equals(other)) {
        throw new IllegalArgumentException(
            "the endpoints have different recovery policies ("
                + endpoints.get(0).endpoint()
                + ": "
                + first
                + ", "
                + endpoints.get(i).endpoint()
                + ": "
                + other
                + "), but a connection has one; set it for the whole list with"
                + " EndpointList.withRecovery(policy)");
      }
    }
    return first;
  }

  /**
   * The list one new connection uses: for {@link Order#SHUFFLED_PER_CONNECTION} a freshly shuffled
   * copy (a list of one is returned as is), for {@link Order#AS_LISTED} this list. The copy keeps
   * this list's recovery policy and has the order {@link Order#AS_LISTED} (it is already ordered).
   *
   * @return the list the connection tries, in its order
   */
  public EndpointList forConnection() {
    if (order == Order.AS_LISTED || endpoints.size() == 1) {
      return this;
    }
    List<ConnectionParameters> copy = new ArrayList<>(endpoints);
    Collections.shuffle(copy, java.util.concurrent.ThreadLocalRandom.current());
    return new EndpointList(Collections.unmodifiableList(copy), Order.AS_LISTED, recovery);
  }

  /**
   * A copy in random order (a new {@link Random} each call).
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public EndpointList shuffled() {
    return shuffled(new Random());
  }

  /**
   * A copy in the order {@link Collections#shuffle(List, Random)} gives with {@code random}.
   *
   * @param random the source of the order
   * @return a copy of this value with the change; this one is unchanged
   */
  public EndpointList shuffled(Random random) {
    Objects.requireNonNull(random, "random");
    List<ConnectionParameters> copy = new ArrayList<>(endpoints);
    Collections.shuffle(copy, random);
    return new EndpointList(Collections.unmodifiableList(copy), order, recovery);
  }

  /**
   * {@return the number of attempts in the plan: the sum of every endpoint's connectionAttempts}
   */
  public long totalAttempts() {
    long total = 0;
    for (ConnectionParameters p : endpoints) {
      total += p.connectionAttempts();
    }
    return total;
  }

  /**
   * Every attempt in order, each with its delay; see the class description. The connect loop is:
   *
   * <pre>{@code
   * for (EndpointList.Attempt attempt : endpoints.plan()) {
   *   sleep(attempt.delayBefore());
   *   try { return connect(attempt.parameters()); } catch (...) { remember the failure }
   * }
   * throw all-failed
   * }</pre>
   *
   * @return every attempt, in order; unmodifiable
   * @throws IllegalStateException when the plan has more than {@link #MAX_MATERIALIZED_PLAN}
   *     attempts; use {@link #attempts()}
   */
  public List<Attempt> plan() {
    long total = totalAttempts();
    if (total > MAX_MATERIALIZED_PLAN) {
      throw new IllegalStateException(
          "the plan has "
              + total
              + " attempts, more than "
              + MAX_MATERIALIZED_PLAN
              + "; iterate over attempts() instead");
    }
    List<Attempt> plan = new ArrayList<>((int) total);
    attempts().forEach(plan::add);
    return Collections.unmodifiableList(plan);
  }

  /** {@return the attempts of {@link #plan()}, computed lazily (for very long plans)} */
  public Iterable<Attempt> attempts() {
    long total = totalAttempts();
    return () ->
        new Iterator<>() {
          private long number;
          private int round = 1;
          private int index = -1;
          private Attempt next = advance();

          private Attempt advance() {
            if (number >= total) {
              return null;
            }
            while (true) {
              index++;
              if (index == endpoints.size()) {
                index = 0;
                round++;
              }
              ConnectionParameters p = endpoints.get(index);
              if (p.connectionAttempts() >= round) {
                Duration delay = Duration.ZERO;
                if (round > 1 && isFirstOfRound(index, round)) {
                  delay = p.retryDelay();
                }
                number++;
                return new Attempt(number, total, round, index, p, delay);
              }
            }
          }

          private boolean isFirstOfRound(int at, int r) {
            for (int i = 0; i < at; i++) {
              if (endpoints.get(i).connectionAttempts() >= r) {
                return false;
              }
            }
            return true;
          }

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          public Attempt next() {
            if (next == null) {
              throw new NoSuchElementException();
            }
            Attempt a = next;
            next = advance();
            return a;
          }
        };
  }

  /** Equal when the endpoints, the order setting and the list's own recovery policy are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointList other
        && endpoints.equals(other.endpoints)
        && order == other.order
        && Objects.equals(recovery, other.recovery);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoints, order, recovery);
  }

  /** The endpoints as URIs without user information: {@code [amqp://a:5672/%2F, ...]}. */
  @Override
  public String toString() {
    List<String> shown = new ArrayList<>();
    endpoints.forEach(p -> shown.add(p.endpoint()));
    return "EndpointList" + shown;
  }

  /**
   * One connection attempt of a {@link #plan()}.
   *
   * @param number 1 for the first attempt, up to {@code totalAttempts}
   * @param totalAttempts the number of attempts in the whole plan
   * @param round 1 for the first pass over the endpoints, 2 for the second...
   * @param endpointIndex the index of the endpoint in {@link EndpointList#endpoints()}
   * @param parameters the endpoint to connect to
   * @param delayBefore how long to wait before this attempt ({@code ZERO} for none)
   */
  public record Attempt(
      long number,
      long totalAttempts,
      int round,
      int endpointIndex,
      ConnectionParameters parameters,
      Duration delayBefore) {
    /**
     * Validates the components.
     *
     * @param number 1 for the first attempt, up to {@code totalAttempts}
     * @param totalAttempts the number of attempts in the whole plan
     * @param round 1 for the first pass over the endpoints, 2 for the second...
     * @param endpointIndex the index of the endpoint in {@link EndpointList#endpoints()}
     * @param parameters the endpoint to connect to
     * @param delayBefore how long to wait before this attempt ({@code ZERO} for none)
     */
    public Attempt {
      Objects.requireNonNull(parameters, "parameters");
      Checks.nonNegative("delayBefore", delayBefore);
      if (number < 1 || number > totalAttempts) {
        throw new IllegalArgumentException(
            "number must be between 1 and totalAttempts (" + totalAttempts + "), got " + number);
      }
      if (round < 1) {
        throw new IllegalArgumentException("round must be 1 or more, got " + round);
      }
      if (endpointIndex < 0) {
        throw new IllegalArgumentException("endpointIndex must be 0 or more, got " + endpointIndex);
      }
    }

    /** {@return whether this is the plan's last attempt} */
    public boolean isLast() {
      return number == totalAttempts;
    }

    /** {@code attempt 2/3 (round 2) amqp://host:5672/%2F after 2 s}: no credentials. */
    @Override
    public String toString() {
      return "attempt "
          + number
          + "/"
          + totalAttempts
          + " (round "
          + round
          + ") "
          + parameters.endpoint()
          + (delayBefore.isZero() ? "" : " after " + Checks.format(delayBefore));
    }
  }
}

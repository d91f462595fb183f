package dev.warren.samples.hello;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Delivery;
import dev.warren.client.QueueSpec;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one message to a new server-named queue (exclusive, auto-delete), consumes it back,
 * acknowledges it and prints one line. Exits 0 only if the message came back within ten seconds.
 *
 * <p>The broker is {@code -Damqp.url=...}, else the {@code AMQP_URL} environment variable, else
 * {@code amqp://guest:guest@localhost:5672/%2F}.
 */
public final class HelloWarren {
  private static final String DEFAULT_URL = "amqp://guest:guest@localhost:5672/%2F";
  private static final long WAIT_SECONDS = 10;

  private HelloWarren() {}

  public static void main(String[] args) throws InterruptedException {
    String path = HelloWarren.class.getModule().isNamed() ? "module path" : "class path";
    int status;
    try {
      status = run(url(), path);
    } catch (AmqpException e) {
      System.err.println("hello-warren (" + path + "): FAILED: " + e);
      status = 1;
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  private static int run(String url, String path) throws InterruptedException {
    String text = "Hello, Warren! " + UUID.randomUUID();
    try (Connection connection = Connection.open(url);
        Channel channel = connection.openChannel()) {
      String queue = channel.queueDeclare(QueueSpec.serverNamed().exclusive().autoDelete()).queue();

      // Deliveries run on a dispatcher thread; hand the first one to this thread.
      BlockingQueue<Delivery> received = new ArrayBlockingQueue<>(1);
      channel.basicConsume(ConsumeSpec.queue(queue), received::offer);
      channel.basicPublish("", queue, BasicProperties.EMPTY, text.getBytes(UTF_8));

      Delivery delivery = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (delivery == null) {
        System.err.println(
            "hello-warren (" + path + "): FAILED: nothing came back within " + WAIT_SECONDS + " s");
        return 1;
      }
      channel.basicAck(delivery.deliveryTag());
      if (!text.equals(delivery.bodyAsString())) {
        System.err.println(
            "hello-warren (" + path + "): FAILED: got '" + delivery.bodyAsString() + "'");
        return 1;
      }
      System.out.println(
          "hello-warren ("
              + path
              + "): published and consumed '"
              + text
              + "' on queue "
              + queue
              + " at "
              + connection.serverProperties().get("product")
              + " "
              + connection.serverProperties().get("version"));
      return 0;
    }
  }

  private static String url() {
    String url = System.getProperty("amqp.url");
    if (url == null || url.isBlank()) {
      url = System.getenv("AMQP_URL");
    }
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }
}

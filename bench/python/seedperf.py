#!/usr/bin/env python3
"""The seeds (pika, py-amqp) in bench/compare: the same loads as two of its scenarios.

  seedperf.py throughput --lib pika|amqp -s 16 -a -z 26 -u QUEUE
      scenario b: one producer connection publishing as fast as it can, one consumer connection
      with auto-ack (PerfTest -x 1 -y 1 -s 16 -a); a thread each, in one process.
  seedperf.py roundtrip --lib pika|amqp --mode confirm [--persistent] --size 1000 --seconds 26 --warmup 5
      scenario r1: publish one message, wait for its confirm, repeat (as RoundTripProbe does).

Prints a progress line per second in the format Compare reads:
  time    1.0 s, sent  N msg/s, received  N msg/s[, latency p50/p99 A/B µs]
and for roundtrip, at the end: steady latency p50/p99/p99.9 A/B/C µs (...).
Debian's python3-pika and python3-amqp (bench/compare installs them).
"""
import argparse
import struct
import sys
import threading
import time
import uuid

HOST = "localhost"


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


# ------------------------------------------------------------------------------------- clients

def pika_connection(port):
    import pika
    return pika.BlockingConnection(pika.ConnectionParameters(host=HOST, port=port))


def amqp_connection(port, confirm=False):
    import amqp
    c = amqp.Connection("%s:%d" % (HOST, port), confirm_publish=confirm)
    c.connect()
    return c


# ---------------------------------------------------------------------------------- throughput

def throughput(args):
    queue = args.u or "seed-b-" + str(uuid.uuid4())
    stop = threading.Event()
    counts = {"sent": 0, "received": 0}
    body = b"\0" * max(12, args.s)
    errors = []

    if args.lib == "pika":
        setup = pika_connection(args.port)
        setup.channel().queue_declare(queue=queue, auto_delete=False)

        def produce():
            try:
                conn = pika_connection(args.port)
                ch = conn.channel()
                while not stop.is_set():
                    ch.basic_publish(exchange="", routing_key=queue, body=body)
                    counts["sent"] += 1
                conn.close()
            except Exception as e:  # reported below: a failed run, not a silent one
                errors.append(e)

        def consume():
            try:
                conn = pika_connection(args.port)
                ch = conn.channel()

                def on_message(channel, method, properties, b):
                    counts["received"] += 1

                ch.basic_consume(queue=queue, on_message_callback=on_message, auto_ack=args.a)
                while not stop.is_set():
                    conn.process_data_events(time_limit=0.2)
                conn.close()
            except Exception as e:
                errors.append(e)
    else:
        import amqp
        setup = amqp_connection(args.port)
        setup.channel().queue_declare(queue=queue, auto_delete=False)

        def produce():
            try:
                conn = amqp_connection(args.port)
                ch = conn.channel()
                while not stop.is_set():
                    ch.basic_publish(amqp.Message(body), exchange="", routing_key=queue)
                    counts["sent"] += 1
                conn.close()
            except Exception as e:
                errors.append(e)

        def consume():
            try:
                conn = amqp_connection(args.port)
                ch = conn.channel()

                def on_message(message):
                    counts["received"] += 1
                    if not args.a:
                        message.channel.basic_ack(message.delivery_tag)

                ch.basic_consume(queue=queue, callback=on_message, no_ack=args.a)
                while not stop.is_set():
                    try:
                        conn.drain_events(timeout=0.2)
                    except Exception as e:
                        if "timed out" not in str(e) and type(e).__name__ != "timeout":
                            raise
                conn.close()
            except Exception as e:
                errors.append(e)

    threads = [threading.Thread(target=produce, daemon=True), threading.Thread(target=consume, daemon=True)]
    for t in threads:
        t.start()
    start = time.monotonic()
    last_sent = last_received = 0
    second = 1
    while second <= args.z:
        time.sleep(max(0, start + second - time.monotonic()))
        s, r = counts["sent"], counts["received"]
        print("time %6.1f s, sent %9d msg/s, received %9d msg/s" % (second, s - last_sent, r - last_received), flush=True)
        last_sent, last_received = s, r
        second += 1
        if errors:
            break
    stop.set()
    for t in threads:
        t.join(10)
    try:
        setup.channel().queue_delete(queue=queue)
        setup.close()
    except Exception:
        pass
    if errors:
        print("failed: %r" % errors[0], file=sys.stderr)
        sys.exit(1)


# ----------------------------------------------------------------------------------- roundtrip

def roundtrip(args):
    if args.mode != "confirm":
        sys.exit("--mode confirm only: the seeds run r1")
    queue = "seed-r1-" + str(uuid.uuid4())
    body = b"\0" * max(8, args.size)
    arguments = {"x-max-length": 1000}
    if args.lib == "pika":
        import pika
        conn = pika_connection(args.port)
        ch = conn.channel()
        ch.queue_declare(queue=queue, durable=args.persistent, auto_delete=not args.persistent, arguments=arguments)
        ch.confirm_delivery()  # basic_publish now returns when the broker confirmed
        props = pika.BasicProperties(delivery_mode=2) if args.persistent else None

        def one():
            ch.basic_publish(exchange="", routing_key=queue, body=body, properties=props)
    else:
        import amqp
        conn = amqp_connection(args.port, confirm=True)  # py-amqp's confirm_publish: waits per publish
        ch = conn.channel()
        ch.queue_declare(queue=queue, durable=args.persistent, auto_delete=not args.persistent, arguments=arguments)
        mode = 2 if args.persistent else 1

        def one():
            ch.basic_publish(amqp.Message(body, delivery_mode=mode), exchange="", routing_key=queue)

    steady = []
    interval = []
    start = time.monotonic()
    end = start + args.seconds
    second = 1
    done = last_done = 0
    now = start
    while now < end:
        if now >= start + second:
            interval.sort()
            if second > args.warmup:
                steady.extend(interval)
            print("time %6.1f s, sent %9d msg/s, received %9d msg/s, latency p50/p99 %d/%d µs"
                  % (second, done - last_done, done - last_done, percentile(interval, 50), percentile(interval, 99)), flush=True)
            interval = []
            last_done = done
            second += 1
        t0 = time.perf_counter_ns()
        one()
        interval.append((time.perf_counter_ns() - t0) // 1000)
        done += 1
        now = time.monotonic()
    steady.sort()
    print("steady latency p50/p99/p99.9 %d/%d/%d µs (max %d µs, %d round trips after a %d s warm-up)"
          % (percentile(steady, 50), percentile(steady, 99), percentile(steady, 99.9),
             steady[-1] if steady else 0, len(steady), args.warmup), flush=True)
    ch.queue_delete(queue=queue)
    conn.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="load", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--lib", choices=["pika", "amqp"], required=True)
    t.add_argument("--port", type=int, default=5672)
    t.add_argument("-x", type=int, default=1)
    t.add_argument("-y", type=int, default=1)
    t.add_argument("-s", type=int, default=12)
    t.add_argument("-a", action="store_true")
    t.add_argument("-z", type=int, default=26)
    t.add_argument("-u")
    r = sub.add_parser("roundtrip")
    r.add_argument("--lib", choices=["pika", "amqp"], required=True)
    r.add_argument("--port", type=int, default=5672)
    r.add_argument("--mode", default="confirm")
    r.add_argument("--persistent", action="store_true")
    r.add_argument("--size", type=int, default=1000)
    r.add_argument("--seconds", type=int, default=26)
    r.add_argument("--warmup", type=int, default=5)
    args = p.parse_args()
    if args.load == "throughput":
        if args.x != 1 or args.y != 1:
            sys.exit("-x 1 -y 1 only: the seeds run scenario b")
        throughput(args)
    else:
        roundtrip(args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Captures golden frames from a real RabbitMQ broker for warren-protocol's tests.

Speaks just enough AMQP 0-9-1 over a raw socket (no client library, so nothing re-encodes what the
broker sent) to record, byte for byte:

  connection-start.hex   the connection.start frame the broker sends after our protocol header
  deliver.hex            a basic.deliver method frame, its content header frame and body frame
  get-ok.hex             a basic.get-ok method frame + header + body (the same message via basic.get)
  bad-version.hex        what the broker answers to the protocol header "AMQP" 0 0 9 2

Usage: capture_golden.py [host] [port] [outdir]   (defaults: localhost 5672 .)
The broker needs the guest/guest user on vhost "/" (scripts/broker ensure gives one).
"""
import socket
import struct
import sys
import time

HOST = sys.argv[1] if len(sys.argv) > 1 else "localhost"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 5672
OUT = sys.argv[3] if len(sys.argv) > 3 else "."


def shortstr(s):
    b = s.encode()
    return bytes([len(b)]) + b


def longstr(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack(">I", len(b)) + b


def table(entries):
    body = b"".join(shortstr(k) + v for k, v in entries)
    return struct.pack(">I", len(body)) + body


def frame(ftype, channel, payload):
    return struct.pack(">BHI", ftype, channel, len(payload)) + payload + b"\xce"


def method(channel, class_id, method_id, args):
    return frame(1, channel, struct.pack(">HH", class_id, method_id) + args)


class Conn:
    def __init__(self):
        self.s = socket.create_connection((HOST, PORT), timeout=10)
        self.buf = b""

    def send(self, b):
        self.s.sendall(b)

    def read_frame(self):
        """Returns (type, channel, payload, raw bytes of the frame)."""
        while True:
            if len(self.buf) >= 7:
                ftype, ch, size = struct.unpack(">BHI", self.buf[:7])
                if len(self.buf) >= 8 + size:
                    raw = self.buf[: 8 + size]
                    self.buf = self.buf[8 + size :]
                    assert raw[-1] == 0xCE, raw
                    return ftype, ch, raw[7:-1], raw
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("broker closed the connection")
            self.buf += chunk

    def expect(self, class_id, method_id):
        while True:
            ftype, ch, payload, raw = self.read_frame()
            if ftype == 8:
                continue
            got = struct.unpack(">HH", payload[:4])
            assert got == (class_id, method_id), (got, payload)
            return payload, raw


def write_hex(name, data, comment):
    with open(f"{OUT}/{name}", "w") as f:
        for line in comment.strip().splitlines():
            f.write(f"# {line}\n")
        for i in range(0, len(data), 16):
            f.write(" ".join(f"{b:02x}" for b in data[i : i + 16]) + "\n")


def main():
    stamp = time.strftime("%Y-%m-%d")
    c = Conn()
    c.send(b"AMQP\x00\x00\x09\x01")
    payload, start_raw = c.expect(10, 10)
    props = start_raw.decode("latin-1")
    version = props[props.find("version") :][:40]
    write_hex(
        "connection-start.hex",
        start_raw,
        f"connection.start frame as sent by RabbitMQ ({HOST}:{PORT}, {stamp}),\n"
        f"captured by src/test/scripts/capture_golden.py. {version!r}",
    )
    client_props = table([("product", b"S" + longstr("warren-golden-capture"))])
    c.send(method(0, 10, 11, client_props + shortstr("PLAIN") + longstr(b"\0guest\0guest") + shortstr("en_US")))
    payload, _ = c.expect(10, 30)
    channel_max, frame_max, heartbeat = struct.unpack(">HIH", payload[4:])
    c.send(method(0, 10, 31, struct.pack(">HIH", channel_max, frame_max, 0)))
    c.send(method(0, 10, 40, shortstr("/") + shortstr("") + b"\x00"))
    c.expect(10, 41)
    c.send(method(1, 20, 10, shortstr("")))
    c.expect(20, 11)
    # queue.declare: server-named, exclusive, auto-delete
    c.send(method(1, 50, 10, struct.pack(">H", 0) + shortstr("") + bytes([0b01100]) + table([])))
    payload, _ = c.expect(50, 11)
    qlen = payload[4]
    queue = payload[5 : 5 + qlen].decode()

    headers = table(
        [
            ("s", b"S" + longstr("text")),
            ("i32", b"I" + struct.pack(">i", -42)),
            ("i64", b"l" + struct.pack(">q", 1 << 40)),
            ("bool", b"t\x01"),
            ("i8", b"b" + struct.pack(">b", -7)),
            ("i16", b"s" + struct.pack(">h", -300)),
            ("dbl", b"d" + struct.pack(">d", 2.5)),
            ("flt", b"f" + struct.pack(">f", 1.5)),
            ("dec", b"D" + bytes([2]) + struct.pack(">i", 12345)),
            ("ts", b"T" + struct.pack(">Q", 1700000000)),
            ("nested", b"F" + table([("k", b"S" + longstr("v"))])),
            ("arr", b"A" + longstr(b"I" + struct.pack(">i", 1) + b"S" + longstr("two"))),
            ("void", b"V"),
            ("bytes", b"x" + longstr(b"\x00\x01\xff")),
        ]
    )
    body = b"Hello, Warren! \xe2\x9c\x93"
    flags = (1 << 15) | (1 << 14) | (1 << 13) | (1 << 12) | (1 << 11) | (1 << 10) | (1 << 9) | (1 << 8) | (1 << 7) | (1 << 6) | (1 << 5) | (1 << 3)
    prop_bytes = (
        shortstr("text/plain")
        + shortstr("utf-8")
        + headers
        + bytes([2, 5])
        + shortstr("corr-1")
        + shortstr("reply.queue")
        + shortstr("60000")
        + shortstr("msg-1")
        + struct.pack(">Q", 1700000001)
        + shortstr("greeting")
        + shortstr("golden")
    )
    header_payload = struct.pack(">HHQH", 60, 0, len(body), flags) + prop_bytes
    for _ in range(2):
        c.send(method(1, 60, 40, struct.pack(">H", 0) + shortstr("") + shortstr(queue) + b"\x00"))
        c.send(frame(2, 1, header_payload) + frame(3, 1, body))
    # basic.get (no-ack) for the first copy
    c.send(method(1, 60, 70, struct.pack(">H", 0) + shortstr(queue) + b"\x01"))
    _, get_ok = c.expect(60, 71)
    _, _, _, h = c.read_frame()
    _, _, _, b = c.read_frame()
    write_hex(
        "get-ok.hex",
        get_ok + h + b,
        f"basic.get-ok + content header + body as sent by RabbitMQ ({HOST}:{PORT}, {stamp}),\n"
        "captured by src/test/scripts/capture_golden.py",
    )
    # basic.consume (no-ack) for the second
    c.send(method(1, 60, 20, struct.pack(">H", 0) + shortstr(queue) + shortstr("golden-ctag") + bytes([0b0010]) + table([])))
    c.expect(60, 21)
    _, deliver = c.expect(60, 60)
    _, _, _, h = c.read_frame()
    _, _, _, b = c.read_frame()
    write_hex(
        "deliver.hex",
        deliver + h + b,
        f"basic.deliver + content header + body as sent by RabbitMQ ({HOST}:{PORT}, {stamp}),\n"
        "captured by src/test/scripts/capture_golden.py",
    )
    c.send(method(0, 10, 50, struct.pack(">H", 200) + shortstr("bye") + struct.pack(">HH", 0, 0)))
    c.expect(10, 51)
    c.s.close()

    c = Conn()
    c.send(b"AMQP\x00\x00\x09\x02")
    time.sleep(0.5)
    data = c.s.recv(64)
    write_hex(
        "bad-version.hex",
        data,
        f"RabbitMQ's answer to the protocol header AMQP 0 0 9 2 ({HOST}:{PORT}, {stamp}),\n"
        "captured by src/test/scripts/capture_golden.py",
    )
    print("captured into", OUT)


if __name__ == "__main__":
    main()

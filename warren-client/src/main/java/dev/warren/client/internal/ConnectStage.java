package dev.warren.client.internal;

/** Where a connection attempt was when it failed, for error messages. */
enum ConnectStage {
  TCP("TCP connect"),
  TLS("TLS handshake"),
  AMQP("AMQP handshake");

  final String description;

  ConnectStage(String description) {
    this.description = description;
  }
}

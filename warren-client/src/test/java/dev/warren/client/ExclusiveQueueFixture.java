/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What most integration tests start from: a connection to the test broker, one channel on it and a
 * server-named exclusive queue, fresh for every test; the connection is closed after it (which
 * deletes the queue).
 */
abstract class ExclusiveQueueFixture {
  Connection conn;
  Channel ch;
  String q;

  @BeforeEach
  void openConnectionChannelAndQueue() {
    conn = Broker.connect();
    ch = conn.openChannel();
    q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
  }

  @AfterEach
  void closeConnection() {
    conn.close();
  }
}

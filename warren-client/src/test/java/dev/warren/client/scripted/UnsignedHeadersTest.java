/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.BODY;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.FieldValue;
import dev.warren.protocol.method.BasicPublish;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unsigned header values (pika and py-amqp write them as 'B', 'u' and 'i'): the application writes
 * them with {@link FieldValue}'s factories and they reach the wire with their own type tags.
 */
@Timeout(30)
class UnsignedHeadersTest {
  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  @Test
  void unsignedHeaderValuesArePublishedWithTheirUnsignedTypes() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicPublish.class)
              .withBody(BODY)
              .satisfyingReceived(
                  r -> {
                    Map<String, Object> h = r.properties().headers();
                    assertThat(h.get("byte")).isEqualTo(FieldValue.unsignedByte(255));
                    assertThat(h.get("short")).isEqualTo(FieldValue.unsignedShort(65535));
                    assertThat(h.get("int")).isEqualTo(FieldValue.unsignedInt(4294967295L));
                  });
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    ch.basicPublish(
        "",
        "q",
        BasicProperties.builder()
            .header("byte", FieldValue.unsignedByte(255))
            .header("short", FieldValue.unsignedShort(65535))
            .header("int", FieldValue.unsignedInt(4294967295L))
            .build(),
        BODY);
    conn.close();

    broker.verify();
  }
}

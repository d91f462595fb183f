/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import org.junit.jupiter.api.RepeatedTest;

/** The broker refusing the virtual host during the handshake gets its connection.close-ok. */
class HandshakeCloseOkTest {
  @RepeatedTest(20)
  void aRefusedVirtualHostIsAnsweredWithCloseOk() {
    try (ScriptedBroker broker = new ScriptedBroker()) {
      broker.script(
          0,
          p -> {
            p.expectProtocolHeader();
            p.sendStart(ScriptedBroker.QUIET);
            p.expect(0, ConnectionStartOk.class).respond(new ConnectionTune(2047, 131072, 0));
            p.expect(0, ConnectionTuneOk.class);
            p.expect(0, ConnectionOpen.class)
                .respond(new ConnectionClose(530, "NOT_ALLOWED - x", 10, 40));
            p.expect(0, ConnectionCloseOk.class);
          });
      assertThatThrownBy(() -> broker.connect(broker.parameters().virtualHost("nope").build()))
          .isInstanceOf(dev.warren.errors.VirtualHostAccessException.class);
      broker.verify();
    }
  }
}

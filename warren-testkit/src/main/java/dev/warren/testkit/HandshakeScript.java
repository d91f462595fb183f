/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTuneOk;

/**
 * The expectations {@link ScriptedPeer#handshake()} scripted, to inspect what the client sent once
 * they are met: {@code hs.startOk().receivedMethod().mechanism()}, {@code
 * hs.tuneOk().receivedMethod().heartbeat()}, {@code hs.open().receivedMethod().virtualHost()}.
 *
 * @param startOk the expectation of connection.start-ok
 * @param tuneOk the expectation of connection.tune-ok
 * @param open the expectation of connection.open
 */
public record HandshakeScript(
    MethodExpectation<ConnectionStartOk> startOk,
    MethodExpectation<ConnectionTuneOk> tuneOk,
    MethodExpectation<ConnectionOpen> open) {}

/**
 * Test kit for Warren: a scripted AMQP 0-9-1 peer ({@code ScriptedPeer}, in memory or behind a
 * socket with {@code ScriptedBrokerServer}), a fault-injecting proxy and a silent server for
 * network-failure tests.
 *
 * <p>The scripted peer speaks the codec ({@code dev.warren.protocol.codec}, {@code
 * dev.warren.protocol.method}), which only the engine, the client and this module read, so the kit
 * is exported to the engine and the client alone; their tests, and warren-bench, run it from the
 * class path.
 */
// The engine and the client are compiled after this module: javac cannot find them.
@SuppressWarnings("module")
module dev.warren.testkit {
  exports dev.warren.testkit to
      dev.warren.engine,
      dev.warren.client;

  requires transitive dev.warren.protocol;
}

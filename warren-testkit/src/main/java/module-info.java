/**
 * Test kit for Warren: a scripted AMQP 0-9-1 peer ({@code ScriptedPeer}, in memory or behind a
 * socket with {@code ScriptedBrokerServer}), a fault-injecting proxy and a silent server for
 * network-failure tests.
 */
module dev.warren.testkit {
  exports dev.warren.testkit;

  requires transitive dev.warren.protocol;
}

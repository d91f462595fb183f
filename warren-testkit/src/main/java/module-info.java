/** Test kit for Warren: fault-injecting proxy and silent server for network-failure tests. */
module dev.warren.testkit {
  exports dev.warren.testkit;

  requires dev.warren.protocol;
}

/**
 * hello-warren on the module path. {@code dev.warren.client} is the only module it names: that
 * module requires {@code dev.warren.protocol} (BasicProperties, and the exceptions in {@code
 * dev.warren.errors}) transitively; Netty's modules require what they need themselves (README.md).
 */
module dev.warren.samples.hello {
  requires dev.warren.client;
}

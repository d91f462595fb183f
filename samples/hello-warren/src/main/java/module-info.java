/**
 * hello-warren on the module path. {@code dev.warren.client} is the only module it names: that
 * module requires {@code dev.warren.protocol} (BasicProperties, and the exceptions in {@code
 * dev.warren.errors}) transitively. Start the JVM with {@code --add-modules jdk.unsupported} so
 * that Netty, whose jars are automatic modules, finds {@code sun.misc.Unsafe} (README.md).
 */
module dev.warren.samples.hello {
  requires dev.warren.client;
}

/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes FrameFuzzTest's seed corpus; run with the module directory as argument. */
final class FuzzSeedsWriter {
  private FuzzSeedsWriter() {}

  public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
    Path dir =
        Path.of(args.length > 0 ? args[0] : ".")
            .resolve("src/test/resources/dev/warren/protocol/FrameFuzzTestInputs/decode");
    Files.createDirectories(dir);
    MessageDigest sha = MessageDigest.getInstance("SHA-1");
    for (byte[] seed : FrameFuzzTest.seeds()) {
      String name = "seed-" + HexFormat.of().formatHex(sha.digest(seed)).substring(0, 16);
      Files.write(dir.resolve(name), seed);
    }
    System.out.println("seeds written to " + dir);
  }
}

/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.compare;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** CPU time of a process from /proc (Linux), and the broker's process. */
public final class ProcStat {
  /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux we run on. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcStat() {}

  /** utime + stime of the whole process (all threads), in seconds; NaN when it is gone. */
  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) is in parentheses and may contain spaces
      String rest = stat.substring(stat.lastIndexOf(')') + 2);
      String[] f = rest.split(" ");
      // rest starts at field 3 (state): utime is field 14, stime field 15
      long utime = Long.parseLong(f[11]);
      long stime = Long.parseLong(f[12]);
      return (utime + stime) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Number of threads of a process; -1 when it is gone. */
  public static int threads(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring(8).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /**
   * The beam.smp process that listens on {@code port}: several nodes may run (the TLS tests start a
   * second one), so the listening socket's inode is matched against each beam.smp's descriptors.
   * Falls back to the only (or first) beam.smp; -1 when there is none.
   */
  public static long brokerPid(int port) {
    List<Long> beams = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path p : procs) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          if (Files.readString(p.resolve("comm")).trim().equals("beam.smp")) {
            beams.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // raced with an exit
        }
      }
    } catch (IOException e) {
      return -1;
    }
    if (beams.size() <= 1) {
      return beams.isEmpty() ? -1 : beams.get(0);
    }
    Set<String> inodes = listeningInodes(port);
    for (long pid : beams) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
        for (Path fd : fds) {
          try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[")
                && inodes.contains(target.substring(8, target.length() - 1))) {
              return pid;
            }
          } catch (IOException e) {
            // closed meanwhile
          }
        }
      } catch (IOException e) {
        // gone
      }
    }
    return beams.get(0);
  }

  private static Set<String> listeningInodes(int port) {
    Set<String> inodes = new HashSet<>();
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          // local_address is field 1, st (state) field 3 (0A = LISTEN), inode field 9
          if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
            inodes.add(f[9]);
          }
        }
      } catch (IOException e) {
        // no IPv6
      }
    }
    return inodes;
  }

  /** The 1-minute load average. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }
}

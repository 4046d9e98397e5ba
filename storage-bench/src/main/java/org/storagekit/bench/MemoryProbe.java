package org.storagekit.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.storagekit.Storage;
import org.storagekit.Storages;

/**
 * Run in a child JVM with a small heap ({@code -Xmx64m}): adds one large file to a storage, gets it
 * back, and prints its own peak resident set size (VmHWM) on the last line, as
 * {@code probe add=<s> get=<s> vmhwm=<KiB>}.
 *
 * <p>Arguments: storage URI, source file, target file, key, then {@code name=value} properties.
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  /** Runs the probe; exits non-zero on any failure. */
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    Path source = Path.of(args[1]);
    Path target = Path.of(args[2]);
    String key = args[3];
    Map<String, String> properties = new HashMap<>();
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      properties.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    double add;
    double get;
    try (Storage storage = Storages.open(uri, properties)) {
      long t0 = System.nanoTime();
      storage.addFile(source, key);
      storage.flush();
      long t1 = System.nanoTime();
      storage.getFile(key, target);
      long t2 = System.nanoTime();
      add = (t1 - t0) / 1e9;
      get = (t2 - t1) / 1e9;
      storage.delete(key);
    }
    System.out.printf(java.util.Locale.ROOT, "probe add=%.3f get=%.3f vmhwm=%d%n", add, get, peakRssKiB());
  }

  /** This process's peak resident set size in KiB, from /proc/self/status, or -1 where unknown. */
  static long peakRssKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}

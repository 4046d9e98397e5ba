package org.storagekit.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The small-heap runs: a 2 GiB (full) add and get in a child JVM at {@code -Xmx64m}, on every backend. */
final class MemoryRuns {

  /** A backend for the small-heap run: a URI and properties the child JVM opens with {@code Storages.open}. */
  record Target(String backend, URI uri, Map<String, String> properties) {}

  private final BenchOptions options;
  private final Path work;
  private final Figures figures;

  MemoryRuns(BenchOptions options, Path work, Figures figures) {
    this.options = options;
    this.work = work;
    this.figures = figures;
  }

  /** Adds and gets {@code source} in a child JVM with a small heap, and records its peak RSS. */
  void run(Target t, Path source, long crc) {
    String heap = "-Xmx" + options.memoryHeap();
    Path target = work.resolve("download/memory.bin");
    Path childLog = work.resolve("memory-" + Bench.slug(t.backend()) + ".log");
    Bench.progress("memory: " + Figures.size(options.sizes().memoryFile()) + " add and get with " + heap + " on " + t.backend());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), heap,
        "-XX:+ExitOnOutOfMemoryError", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(),
        t.uri().toString(), source.toString(), target.toString(), "memory.bin"));
    t.properties().forEach((k, v) -> command.add(k + "=" + v));
    long bytes = options.sizes().memoryFile();
    try {
      Files.createDirectories(target.getParent());
      Files.deleteIfExists(target);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(childLog.toFile());
      Process p = pb.start();
      int exit = p.waitFor();
      List<String> lines = Files.readAllLines(childLog, StandardCharsets.UTF_8);
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      if (exit != 0 || !last.startsWith("probe ")) {
        throw new IOException("child JVM exited with " + exit + ": " + Processes.tail(childLog));
      }
      Map<String, String> values = new HashMap<>();
      for (String kv : last.substring("probe ".length()).split(" ")) {
        int eq = kv.indexOf('=');
        values.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      if (Files.size(target) != bytes || TestData.crc(target) != crc) {
        throw new IOException("the file came back different");
      }
      figures.memory(new Figures.Memory(t.backend(), bytes, heap, true, Long.parseLong(values.get("vmhwm")),
          Double.parseDouble(values.get("add")), Double.parseDouble(values.get("get")), null));
      Bench.progress("memory on " + t.backend() + ": " + last);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      figures.memory(new Figures.Memory(t.backend(), bytes, heap, false, -1, 0, 0, String.valueOf(e.getMessage())));
      Bench.progress("memory on " + t.backend() + " failed: " + e.getMessage());
    } finally {
      Bench.deleteQuietly(target);
    }
  }
}

package org.storagekit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the peers' command-line tools, their output appended to one log file. */
final class Processes {
  private static final long TIMEOUT_MINUTES = 30;

  private Processes() {}

  /**
   * Runs {@code command} with exactly {@code env} as its environment and waits for it.
   *
   * @throws IOException if it cannot start, times out or exits non-zero (with the log's tail)
   */
  static void run(List<String> command, Map<String, String> env, Path log) throws IOException {
    run(command, env, log, null);
  }

  /** As {@link #run(List, Map, Path)}, with the command's standard output sent to {@code stdout}. */
  static void run(List<String> command, Map<String, String> env, Path log, Path stdout) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.appendTo(log.toFile())
        : ProcessBuilder.Redirect.to(stdout.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish in " + TIMEOUT_MINUTES + " minutes; see " + log);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(command.get(0) + " exited with " + p.exitValue() + ": " + tail(log));
    }
  }

  /** The last lines of a log, for error messages. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The first executable found among {@code candidates} (absolute paths or names on PATH), or null. */
  static Path find(String... candidates) {
    for (String c : candidates) {
      if (c.contains("/")) {
        Path p = Path.of(c);
        if (Files.isExecutable(p)) {
          return p;
        }
        continue;
      }
      String path = System.getenv("PATH");
      if (path == null) {
        continue;
      }
      for (String dir : path.split(":")) {
        Path p = Path.of(dir, c);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Splits an argument string the simple way (space separated). */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}

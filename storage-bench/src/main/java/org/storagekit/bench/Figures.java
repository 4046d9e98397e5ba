package org.storagekit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a bench run measured, and the tables it prints. */
final class Figures {
  static final String STORAGEKIT = "StorageKit";
  private static final double MIB = 1024.0 * 1024.0;

  /** One figure: a workload on a backend done by one tool, timed over several runs. */
  static final class Figure {
    final String workload;
    final String backend;
    final String tool;
    final String unit;
    final double amount;
    final List<Double> seconds = new ArrayList<>();
    final List<Double> clientCpu = new ArrayList<>();
    final List<Double> serverCpu = new ArrayList<>();
    String error;

    Figure(String workload, String backend, String tool, String unit, double amount) {
      this.workload = workload;
      this.backend = backend;
      this.tool = tool;
      this.unit = unit;
      this.amount = amount;
    }

    boolean ok() {
      return error == null && !seconds.isEmpty();
    }

    double median() {
      return median(seconds);
    }

    static double median(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      sorted.sort(Double::compare);
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    String rate() {
      double perSecond = amount / median();
      return "bytes".equals(unit) ? String.format(Locale.ROOT, "%.0f MiB/s", perSecond / MIB)
          : String.format(Locale.ROOT, "%.0f %s/s", perSecond, unit);
    }
  }

  /** A ratio of speeds, StorageKit against a peer measured in the same run, with an optional target. */
  record Comparison(String workload, String backend, String ours, String peer, Double target, String meaning) {}

  /** One memory run: a transfer in a child JVM with a small heap. */
  record Memory(String backend, long bytes, String heap, boolean ok, long peakRssKiB, double addSeconds,
      double getSeconds, String error) {}

  /** An absolute limit on one figure's median time, for targets that have no peer. */
  record Limit(String workload, String backend, String tool, double seconds) {}

  /** One command run in a JVM with a small heap: whether it succeeded, and its peak RSS. */
  record CommandMemory(String command, String heap, boolean ok, long peakRssKiB, double seconds, String error) {}

  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final List<Limit> limits = new ArrayList<>();
  private final List<CommandMemory> commandMemory = new ArrayList<>();
  private final List<Comparison> comparisons = new ArrayList<>();
  private final List<Memory> memory = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private static String id(String workload, String backend, String tool) {
    return workload + "\u0000" + backend + "\u0000" + tool;
  }

  /** Records one timed run. */
  synchronized void add(String workload, String backend, String tool, String unit, double amount, double seconds) {
    add(workload, backend, tool, unit, amount, seconds, -1, -1);
  }

  /** Records one timed run with the CPU seconds spent by the client and the server (-1: unknown). */
  synchronized void add(String workload, String backend, String tool, String unit, double amount, double seconds,
      double clientCpu, double serverCpu) {
    Figure f = figures.computeIfAbsent(id(workload, backend, tool),
        k -> new Figure(workload, backend, tool, unit, amount));
    f.seconds.add(seconds);
    if (clientCpu >= 0) {
      f.clientCpu.add(clientCpu);
    }
    if (serverCpu >= 0) {
      f.serverCpu.add(serverCpu);
    }
  }

  /** Records that a tool failed a workload; later runs of it are skipped. */
  synchronized void fail(String workload, String backend, String tool, String unit, double amount, String error) {
    figures.computeIfAbsent(id(workload, backend, tool), k -> new Figure(workload, backend, tool, unit, amount))
        .error = error;
  }

  /** Whether this tool already failed this workload. */
  synchronized boolean failed(String workload, String backend, String tool) {
    Figure f = figures.get(id(workload, backend, tool));
    return f != null && f.error != null;
  }

  Optional<Figure> get(String workload, String backend, String tool) {
    return Optional.ofNullable(figures.get(id(workload, backend, tool)));
  }

  void compare(String workload, String backend, String ours, String peer, Double target, String meaning) {
    comparisons.add(new Comparison(workload, backend, ours, peer, target, meaning));
  }

  void limit(String workload, String backend, String tool, double seconds) {
    limits.add(new Limit(workload, backend, tool, seconds));
  }

  void commandMemory(CommandMemory m) {
    commandMemory.add(m);
  }

  /** Drops every figure of a workload (warm-up runs). */
  synchronized void forget(String workload) {
    figures.values().removeIf(f -> f.workload.equals(workload));
  }

  /** PASS when the median is within the limit, FAIL above it, n/a when not measured. */
  String verdict(Limit l) {
    Optional<Figure> f = get(l.workload(), l.backend(), l.tool());
    if (f.isEmpty() || !f.get().ok()) {
      return "n/a";
    }
    return f.get().median() <= l.seconds() ? "PASS" : "FAIL";
  }

  void memory(Memory m) {
    memory.add(m);
  }

  void note(String note) {
    notes.add(note);
  }

  /** The ratio of speeds {@code ours / peer} (peer's median time over ours), if both were measured. */
  Optional<Double> ratio(Comparison c) {
    Optional<Figure> a = get(c.workload(), c.backend(), c.ours());
    Optional<Figure> b = get(c.workload(), c.backend(), c.peer());
    if (a.isEmpty() || b.isEmpty() || !a.get().ok() || !b.get().ok()) {
      return Optional.empty();
    }
    return Optional.of(b.get().median() / a.get().median());
  }

  /** PASS, FAIL, info (no target) or n/a (not measured). */
  String verdict(Comparison c) {
    Optional<Double> r = ratio(c);
    if (r.isEmpty()) {
      return "n/a";
    }
    if (c.target() == null) {
      return "info";
    }
    return r.get() >= c.target() ? "PASS" : "FAIL";
  }

  /** Whether any target was missed or could not be measured. */
  boolean anyFailed() {
    for (Comparison c : comparisons) {
      String v = verdict(c);
      if (c.target() != null && !"PASS".equals(v)) {
        return true;
      }
    }
    return memory.stream().anyMatch(m -> !m.ok()) || commandMemory.stream().anyMatch(m -> !m.ok())
        || limits.stream().anyMatch(l -> !"PASS".equals(verdict(l)));
  }

  /** The three tables, in Markdown. */
  String render(String header) {
    StringBuilder out = new StringBuilder();
    out.append(header).append("\n\n");
    out.append("Figures (median of the runs; every run's time in brackets; CPU: median CPU seconds of the client "
        + "process, the peer's command or StorageKit's JVM, and of the server process)\n\n");
    out.append("| Workload | Backend | Tool | Median s | Rate | Runs (s) | Client CPU s | Server CPU s |\n");
    out.append("|---|---|---|---:|---:|---|---:|---:|\n");
    for (Figure f : figures.values()) {
      if (f.ok()) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s | %s | %s |\n", f.workload,
            f.backend, f.tool, f.median(), f.rate(), runs(f.seconds), cpu(f.clientCpu), cpu(f.serverCpu)));
      } else {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | - | - | error: %s | - | - |\n", f.workload,
            f.backend, f.tool, f.error == null ? "not run" : oneLine(f.error)));
      }
    }
    out.append("\nRatios (speed of StorageKit over the peer's, same run, same server; > 1 means StorageKit is faster)\n\n");
    out.append("| Workload | Backend | StorageKit vs | Ratio | Target | Result |\n");
    out.append("|---|---|---|---:|---|---|\n");
    for (Comparison c : comparisons) {
      Optional<Double> r = ratio(c);
      String ours = Figures.STORAGEKIT.equals(c.ours()) ? "" : c.ours() + " vs ";
      out.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %s | %s | %s |\n", c.workload(), c.backend(),
          ours, c.peer(), r.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-"),
          c.target() == null ? c.meaning() : String.format(Locale.ROOT, ">= %.1f", c.target()), verdict(c)));
    }
    if (!limits.isEmpty()) {
      out.append("\nTime limits (median wall time against an absolute limit)\n\n");
      out.append("| Workload | Backend | Tool | Median s | Limit s | Result |\n");
      out.append("|---|---|---|---:|---:|---|\n");
      for (Limit l : limits) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s |\n", l.workload(), l.backend(),
            l.tool(), get(l.workload(), l.backend(), l.tool()).filter(Figure::ok)
                .map(f -> String.format(Locale.ROOT, "%.3f", f.median())).orElse("-"), l.seconds(), verdict(l)));
      }
    }
    if (!commandMemory.isEmpty()) {
      out.append("\nCommands in a small heap (peak RSS from /usr/bin/time)\n\n");
      out.append("| Command | Heap | Result | Peak RSS | Seconds |\n");
      out.append("|---|---|---|---:|---:|\n");
      for (CommandMemory m : commandMemory) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |\n", m.command(), m.heap(),
            m.ok() ? "PASS" : "FAIL: " + oneLine(m.error()),
            m.peakRssKiB() > 0 ? String.format(Locale.ROOT, "%.0f MiB", m.peakRssKiB() / 1024.0) : "-",
            m.ok() ? String.format(Locale.ROOT, "%.1f", m.seconds()) : "-"));
      }
    }
    if (!memory.isEmpty()) {
      out.append("\nMemory (add then get in a child JVM; peak RSS is the child's VmHWM)\n\n");
      out.append("| Backend | Size | Heap | Result | Peak RSS | Add s | Get s |\n");
      out.append("|---|---:|---|---|---:|---:|---:|\n");
      for (Memory m : memory) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |\n", m.backend(), size(m.bytes()),
            m.heap(), m.ok() ? "PASS" : "FAIL: " + oneLine(m.error()),
            m.peakRssKiB() > 0 ? String.format(Locale.ROOT, "%.0f MiB", m.peakRssKiB() / 1024.0) : "-",
            m.ok() ? String.format(Locale.ROOT, "%.2f", m.addSeconds()) : "-",
            m.ok() ? String.format(Locale.ROOT, "%.2f", m.getSeconds()) : "-"));
      }
    }
    if (!notes.isEmpty()) {
      out.append("\nNotes\n\n");
      for (String n : notes) {
        out.append("- ").append(n).append('\n');
      }
    }
    return out.toString();
  }

  private static String cpu(List<Double> values) {
    return values.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", Figure.median(values));
  }

  private static String runs(List<Double> seconds) {
    StringBuilder b = new StringBuilder("[");
    for (double s : seconds) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%.2f", s));
    }
    return b.append(']').toString();
  }

  static String size(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + " GiB";
    }
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " B";
  }

  private static String oneLine(String s) {
    String line = s.replace('\n', ' ').replace('|', '/');
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }
}

package org.storagekit.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.storagekit.tck.FaultRun.Outcome;
import org.storagekit.tck.FaultRun.Violation;
import org.storagekit.tck.faults.Fault.Kind;

/**
 * The fault suite's own counts for one backend: runs, faults injected, operations recovered by
 * retry and failed loudly, and the figures that must be zero, in total and by fault kind. Written
 * as a Markdown table for the README.
 */
final class FaultFigures {
  private final String backend;
  private final Map<Kind, int[]> byKind = new EnumMap<>(Kind.class); // runs, injected, recovered, loud, clean
  private final Map<Violation, Integer> violations = new EnumMap<>(Violation.class);
  private int runs;
  private int injected;
  private int recovered;
  private int loud;
  private int clean;

  FaultFigures(String backend) {
    this.backend = backend;
    for (Violation v : Violation.values()) {
      violations.put(v, 0);
    }
  }

  synchronized void record(Kind kind, int faults, Outcome outcome, Set<Violation> seen) {
    int[] k = byKind.computeIfAbsent(kind, x -> new int[5]);
    runs++;
    k[0]++;
    injected += faults;
    k[1] += faults;
    switch (outcome) {
      case RECOVERED -> {
        recovered++;
        k[2]++;
      }
      case FAILED_LOUDLY -> {
        loud++;
        k[3]++;
      }
      case CLEAN -> {
        clean++;
        k[4]++;
      }
      case VIOLATED -> { } // counted by its violations
      default -> throw new IllegalStateException(outcome.toString());
    }
    seen.forEach(v -> violations.merge(v, 1, Integer::sum));
  }

  /** Fault kinds that ran but were never injected: the seeds did not reach them. */
  synchronized List<Kind> kindsNeverInjected() {
    return byKind.entrySet().stream().filter(e -> e.getValue()[0] > 0 && e.getValue()[1] == 0)
        .map(Map.Entry::getKey).collect(Collectors.toList());
  }

  /** The runs that broke a must-be-zero figure. */
  synchronized int violatingRuns() {
    return violations.values().stream().mapToInt(Integer::intValue).sum();
  }

  synchronized String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("### ").append(backend).append("\n\n");
    b.append("| Figure | Count |\n|---|---|\n");
    row(b, "operations run", runs);
    row(b, "faults injected", injected);
    row(b, "operations recovered (exact bytes despite the fault)", recovered);
    row(b, "operations failed loudly", loud);
    row(b, "operations with no fault reached", clean);
    violations.forEach((v, n) -> row(b, v.label + " (must be 0)", n));
    b.append("\n| Fault | Runs | Injected | Recovered | Failed loudly | Not reached |\n|---|---|---|---|---|---|\n");
    byKind.forEach((kind, k) -> b.append("| ").append(kind).append(" | ").append(k[0]).append(" | ").append(k[1])
        .append(" | ").append(k[2]).append(" | ").append(k[3]).append(" | ").append(k[4]).append(" |\n"));
    return b.toString();
  }

  private static void row(StringBuilder b, String what, int n) {
    b.append("| ").append(what).append(" | ").append(n).append(" |\n");
  }

  /** Writes {@link #markdown()} to {@code dir/<backend>.md} and returns the file. */
  synchronized Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(backend + ".md"), markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

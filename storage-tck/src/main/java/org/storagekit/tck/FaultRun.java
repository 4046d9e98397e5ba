package org.storagekit.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.storagekit.FlushException;
import org.storagekit.IntegrityException;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.TransientException;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.Fault.Kind;
import org.storagekit.tck.faults.FaultProxy;
import org.storagekit.tck.faults.Schedule;

/**
 * One operation of the {@link FaultSuite} under one fault: a fresh proxy and a fresh storage through
 * it, the operation's outcome, and the checks that follow it, each of which records a violation
 * (of a must-be-zero figure) rather than stopping at the first. {@link #finish} closes everything,
 * counts the run into the figures and fails if anything was violated.
 */
final class FaultRun {
  /** The must-be-zero figures, in the order the figures table shows them. */
  enum Violation {
    LOST_OR_CORRUPTED("lost or corrupted"),
    UPLOADS_LEFT_OPEN("uploads left open"),
    TEMP_FILES_LEFT("partial or temp local files left"),
    FAILURES_DROPPED("failures dropped"),
    UNEXPECTED_EXCEPTION("unexpected exception types");

    final String label;

    Violation(String label) {
      this.label = label;
    }
  }

  /** How the operation ended: without a fault reached, recovered, failed loudly, or breaking a must-be-zero figure. */
  enum Outcome {
    CLEAN, RECOVERED, FAILED_LOUDLY, VIOLATED
  }

  private final FaultFixture fixture;
  private final String operation;
  private final FaultFigures figures;
  final Kind kind;
  final String runPrefix;
  final Path local;
  private final FaultProxy proxy;
  private final Storage storage;
  private final Storage direct;
  private final String rootPrefix;
  private final Map<Violation, List<String>> violations = new LinkedHashMap<>();
  private Throwable failure;
  private boolean attempted;

  /**
   * @param rootPrefix the suite's prefix on the fixture's location
   * @param storagePrefix the prefix the faulted storage is opened on (the root, or below it)
   * @param runPrefix the folder below the root this run writes into
   */
  FaultRun(FaultFixture fixture, FaultFigures figures, String operation, Kind kind, Fault fault, int connection,
      long seed, String rootPrefix, String storagePrefix, String runPrefix, Path local) {
    this.fixture = fixture;
    this.operation = operation;
    this.figures = figures;
    this.kind = kind;
    this.rootPrefix = rootPrefix;
    this.runPrefix = runPrefix;
    this.local = local;
    this.proxy = FaultProxy.start(fixture.server().getHostString(), fixture.server().getPort(),
        Schedule.on(fault, connection), seed);
    this.storage = fixture.openThrough(proxy.endpoint(), storagePrefix);
    this.direct = fixture.openDirect(rootPrefix);
  }

  /** The storage whose every request goes through the proxy. */
  Storage storage() {
    return storage;
  }

  /** Runs the operation, keeping what it throws; returns its result if it succeeded. */
  <T> Optional<T> attempt(Callable<T> operation) {
    attempted = true;
    try {
      return Optional.ofNullable(operation.call());
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      failure = t;
      return Optional.empty();
    }
  }

  boolean failed() {
    return failure != null;
  }

  Throwable failure() {
    return failure;
  }

  void violation(Violation v, String what) {
    violations.computeIfAbsent(v, x -> new ArrayList<>()).add(what);
  }

  /**
   * Judges the failure, if there was one: a {@link StorageException} naming one of {@code keys}
   * (where {@code keys} is not empty), transient [§13.5] — or, for a body cut short, the
   * {@link IntegrityException} that caught it [§13.6]. A failure that names several keys is judged
   * by each key's cause.
   */
  void judgeFailure(Collection<String> keys) {
    judgeFailure(keys, false);
  }

  /**
   * As {@link #judgeFailure(Collection)}; with {@code listing}, a failure that names no key is also
   * fine: the listing the operation starts with failed (it names the storage).
   */
  void judgeFailure(Collection<String> keys, boolean listing) {
    if (failure == null) {
      return;
    }
    String problem = problem(failure, listing && !namesKey(keys) ? List.of() : keys);
    if (problem != null) {
      violation(Violation.UNEXPECTED_EXCEPTION, problem + ": " + describe(failure));
    }
  }

  private String problem(Throwable t, Collection<String> keys) {
    if (!(t instanceof StorageException)) {
      return "not a StorageException";
    }
    StorageException e = (StorageException) t;
    if (!keys.isEmpty() && !namesAny(e, keys)) {
      return "names none of the keys " + keys;
    }
    if (e instanceof FlushException) {
      for (Map.Entry<String, Throwable> f : ((FlushException) e).failures().entrySet()) {
        String p = problem(f.getValue(), List.of(f.getKey()));
        if (p != null) {
          return "the failure of '" + f.getKey() + "' " + p;
        }
      }
      return null;
    }
    if (transientOrCaught(e)) {
      return null;
    }
    if (e.getClass() == StorageException.class && e.getCause() != null) {
      // a batch: one StorageException naming every failed key, each key's failure as cause or suppressed
      List<Throwable> parts = new ArrayList<>(List.of(e.getSuppressed()));
      parts.add(e.getCause());
      if (parts.stream().allMatch(this::transientOrCaught)) {
        return null;
      }
    }
    return "not a TransientException for a transient fault";
  }

  private boolean transientOrCaught(Throwable t) {
    return t instanceof TransientException || kind == Kind.TRUNCATE_RESPONSE && t instanceof IntegrityException;
  }

  /** Whether the failure names a key (rather than the storage as a whole). */
  boolean namesKey(Collection<String> keys) {
    return failure instanceof StorageException && (((StorageException) failure).key().isPresent()
        || namesAny((StorageException) failure, keys));
  }

  private static boolean namesAny(StorageException e, Collection<String> keys) {
    String key = e.key().orElse("");
    String message = String.valueOf(e.getMessage());
    return keys.stream().anyMatch(k -> key.endsWith(k) || message.contains(k));
  }

  /**
   * Checks {@code key} (below the root) around the proxy: exactly {@code sha256}; after a failed
   * operation, absent is fine too [§5.3]. Returns whether it is stored.
   */
  boolean checkStored(String key, String sha256) {
    Optional<StorageFile> stored = direct.get(key);
    if (stored.isEmpty()) {
      if (!failed()) {
        violation(Violation.LOST_OR_CORRUPTED, "'" + key + "' is missing after the operation succeeded");
      }
      return false;
    }
    String actual;
    try (InputStream in = direct.open(key)) {
      actual = TckData.sha256(in);
    } catch (IOException | StorageException e) {
      violation(Violation.LOST_OR_CORRUPTED, "'" + key + "' cannot be read back around the proxy: " + describe(e));
      return true;
    }
    if (!actual.equals(sha256)) {
      violation(Violation.LOST_OR_CORRUPTED, "'" + key + "' is stored with other bytes than the source's ("
          + stored.get().size() + " bytes, SHA-256 " + actual + ")");
    }
    return true;
  }

  /**
   * Checks the local folder {@code dir} against {@code expected} (file to SHA-256): no file but the
   * expected ones (no temp file, no partial file) [§3.4], each exactly as expected; after a success
   * every expected file is there. Returns the expected files that are missing.
   */
  List<Path> checkLocal(Path dir, Map<Path, String> expected) {
    List<Path> files = new ArrayList<>();
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(p -> !Files.isDirectory(p)).collect(Collectors.toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (Path f : files) {
      String sha = expected.get(f);
      if (sha == null) {
        violation(Violation.TEMP_FILES_LEFT, "a file was left that no key names: " + dir.relativize(f));
      } else if (!sha.equals(TckData.sha256(f))) {
        violation(Violation.LOST_OR_CORRUPTED, "the local file " + dir.relativize(f) + " has other bytes than the stored file");
      }
    }
    List<Path> missing = expected.keySet().stream().filter(p -> !Files.exists(p)).sorted().collect(Collectors.toList());
    if (!failed() && !missing.isEmpty()) {
      violation(Violation.LOST_OR_CORRUPTED, "missing local files after the operation succeeded: " + missing);
    }
    return missing;
  }

  /** A failure that does not name {@code key}, whose file the operation left missing, dropped it. */
  void checkNamed(String key) {
    if (failure == null) {
      violation(Violation.FAILURES_DROPPED, "'" + key + "' is missing, yet the operation reported success");
    } else if (!String.valueOf(failure.getMessage()).contains(key)) {
      violation(Violation.FAILURES_DROPPED, "'" + key + "' is missing, yet the failure does not name it: "
          + describe(failure));
    }
  }

  /**
   * Closes the faulted storage and the proxy, checks that no upload was left open [§18.3, §22.2],
   * empties the run's folder, counts the run, and throws {@link AssertionError} naming every
   * violation.
   */
  void finish() {
    try {
      storage.close();
    } catch (RuntimeException e) {
      violation(Violation.UNEXPECTED_EXCEPTION, "close() threw after the operation had ended (a failure reported "
          + "twice, or dropped by the operation): " + describe(e));
    }
    proxy.close();
    int injected = proxy.faults();
    try {
      List<String> open = fixture.openUploads(rootPrefix + "/" + runPrefix.substring(0, runPrefix.length() - 1));
      if (!open.isEmpty()) {
        violation(Violation.UPLOADS_LEFT_OPEN, "uploads left open: " + open);
      }
      try (Stream<StorageFile> files = direct.list(runPrefix)) {
        files.map(StorageFile::key).collect(Collectors.toList()).forEach(direct::delete);
      }
    } finally {
      direct.close();
    }
    Outcome outcome = !violations.isEmpty() ? Outcome.VIOLATED
        : !attempted || failure == null ? (injected > 0 ? Outcome.RECOVERED : Outcome.CLEAN)
        : Outcome.FAILED_LOUDLY;
    figures.record(kind, injected, outcome, violations.keySet());
    if (!violations.isEmpty()) {
      StringBuilder b = new StringBuilder("§22: under ").append(kind).append(" (").append(injected)
          .append(" fault(s) injected, ").append(proxy.connections()).append(" connection(s)) the operation ")
          .append(failure == null ? "succeeded" : "failed with " + describe(failure)).append(", and:");
      violations.forEach((v, list) -> list.forEach(s -> b.append("\n  - ").append(v.label).append(": ").append(s)));
      java.util.Optional<String> known = fixture.knownIssue(operation, kind);
      if (known.isPresent()) {
        org.junit.jupiter.api.Assumptions.abort("known issue: " + known.get() + "\n" + b);
      }
      AssertionError error = new AssertionError(b.toString());
      if (failure != null) {
        error.initCause(failure);
      }
      throw error;
    }
  }

  static String describe(Throwable t) {
    return t.getClass().getName() + ": " + t.getMessage();
  }
}

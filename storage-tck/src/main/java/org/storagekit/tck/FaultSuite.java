package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.FlushException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.tck.FaultRun.Violation;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.Fault.Kind;
import org.storagekit.tck.faults.FaultProxy;

/**
 * The fault suite [§22]: every transfer of the contract, driven through a {@link FaultProxy} in
 * front of the backend's test server, under every fault the proxy injects — resets of the request
 * and of the response, stalls longer than the read timeout, bodies cut short, HTTP 500 and 503, the
 * service's throttling reply, slow drips and refused connections — with seeds that choose the
 * connection and the byte at which it strikes. Each operation MUST either succeed with exactly the
 * source bytes (read back around the proxy) or throw a {@code StorageException} naming the key, a
 * {@code TransientException} for these transient faults; afterwards no partial or temp local file,
 * no partial object and no open upload may be left, and no failure may be dropped.
 *
 * <p>A backend's test extends this class and supplies a {@link FaultFixture}:
 *
 * <pre>{@code
 * class MyFaultSuiteTest extends FaultSuite implements FaultFixture {
 *   protected FaultFixture fixture() { return this; }
 *   public String name() { return "my-backend"; }
 *   public InetSocketAddress server() { return new InetSocketAddress("127.0.0.1", server.port()); }
 *   public Storage openThrough(URI endpoint, String prefix) { return config(prefix).endpoint(endpoint).readTimeout(1s).build().open(); }
 *   public Storage openDirect(String prefix) { return config(prefix).build().open(); }
 *   public List<String> openUploads(String prefix) { return listUnfinishedUploadsWithTheSdk(prefix); }
 *   public Set<Capability> declaredCapabilities() { return new MyStorageProvider().capabilities(); }
 *   public Fault.Kind throttling() { return Fault.Kind.HTTP_503; }
 * }
 * }</pre>
 *
 * <p>The suite keeps figures — faults injected, operations recovered (by retry, or riding out the fault) and failed loudly, and
 * the must-be-zero ones: lost or corrupted, uploads left open, temp files left, failures dropped,
 * unexpected exception types — and writes them to {@code target/fault-figures/<name>.md} (another
 * folder with {@code -Dstoragekit.faults.figures=DIR}). Each operation runs once per fault kind with
 * its own seed; {@code -Dstoragekit.faults.seeds=N} runs N seeds each, {@code
 * -Dstoragekit.faults.seed=S} changes them all. A fault kind that no seed managed to inject fails the
 * suite at the end: the figures would not cover it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FaultSuite {
  private static final Logger LOG = LoggerFactory.getLogger(FaultSuite.class);
  static final int SMALL = 200_000;
  static final int TREE_FILE = 40_000;
  static final List<String> TREE = List.of("a.bin", "b/c.bin", "b/d e.bin", "é/f.bin");
  static final int BACKGROUND_FILES = 3;

  private FaultFixture fixture;
  private FaultFigures figures;
  private String root;
  private Path local;
  private Path small;
  private Path large;
  private Path tree;
  private final Map<String, String> sha = new LinkedHashMap<>();
  private final List<String> pages = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();

  /** The backend's fixture, asked for once, before the suite runs. It MUST NOT return {@code null}. */
  protected abstract FaultFixture fixture();

  @BeforeAll
  final void writeSources() throws IOException {
    fixture = java.util.Objects.requireNonNull(fixture(), () -> getClass().getName() + ".fixture() returned null");
    figures = new FaultFigures(fixture.name());
    root = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    local = Files.createTempDirectory("storagekit-faults-");
    small = TckData.file(local.resolve("src/small.bin"), SMALL, 1);
    large = TckData.file(local.resolve("src/large.bin"), fixture.largeFileSize(), 2);
    tree = local.resolve("src/tree");
    for (int i = 0; i < TREE.size(); i++) {
      TckData.file(tree.resolve(TREE.get(i)), TREE_FILE + i, 10 + i);
      sha.put("tree/" + TREE.get(i), TckData.sha256(tree.resolve(TREE.get(i))));
    }
    for (int i = 0; i < BACKGROUND_FILES; i++) {
      TckData.file(local.resolve("src/bg/" + i + ".bin"), TREE_FILE + 100 + i, 20 + i);
    }
    sha.put("small.bin", TckData.sha256(small));
    sha.put("large.bin", TckData.sha256(large));
    try (Storage direct = fixture.openDirect(root)) {
      direct.put("src/small.bin", small);
      direct.put("src/large.bin", large);
      direct.addDirectory(tree, "src/tree");
      for (int i = 0; i < fixture.pagedListingKeys(); i++) {
        String key = String.format("src/pages/p-%05d", i);
        pages.add(key);
        direct.addFile(new java.io.ByteArrayInputStream(TckSection.utf8(key)), key);
      }
      direct.flush();
    }
  }

  @AfterAll
  final void reportFigures() throws IOException {
    if (figures == null) {
      return; // the sources could not be written: that test failure says why
    }
    Path written = figures.write(Path.of(System.getProperty("storagekit.faults.figures", "target/fault-figures")));
    LOG.info("Fault figures ({}):\n{}", written.toAbsolutePath(), figures.markdown());
    try (Storage direct = fixture.openDirect(root); Stream<StorageFile> files = direct.list()) {
      files.map(StorageFile::key).collect(Collectors.toList()).forEach(direct::delete);
    } finally {
      try (Stream<Path> walk = Files.walk(local)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    assertThat(figures.kindsNeverInjected())
        .as("§22: every fault kind that ran was injected at least once (raise -Dstoragekit.faults.seeds "
            + "or the fixture's sizes if not)").isEmpty();
  }

  /** Every fault kind the proxy injects into this backend, each with its seeds. */
  final Stream<Arguments> faults() {
    int seeds = Integer.getInteger("storagekit.faults.seeds", 1);
    return kinds(fixture().throttling()).stream()
        .flatMap(kind -> IntStream.range(0, seeds).mapToObj(i -> Arguments.of(kind, i)));
  }

  static List<Kind> kinds(Kind throttling) {
    List<Kind> kinds = new ArrayList<>(List.of(Kind.RESET_REQUEST, Kind.RESET_RESPONSE, Kind.STALL,
        Kind.TRUNCATE_RESPONSE, Kind.HTTP_500, Kind.HTTP_503));
    if (!kinds.contains(throttling)) {
      kinds.add(throttling);
    }
    kinds.add(Kind.SLOW_DRIP);
    kinds.add(Kind.REFUSE);
    return kinds;
  }

  // ---------------------------------------------------------------- the operations

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300) // a guard against a hang, not a measurement
  void spec22_1_putSinglePart_storesExactlyOrFailsLoudly(Kind kind, int seed) {
    upload("put single part", kind, seed, SMALL, run -> {
      String key = run.runPrefix + "single.bin";
      run.attempt(() -> run.storage().put(key, small));
      run.judgeFailure(List.of(key));
      run.checkStored(key, sha.get("small.bin"));
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_putMultipart_storesExactlyOrFailsLoudly(Kind kind, int seed) {
    upload("put multipart", kind, seed, fixture.largeFileSize(), run -> {
      String key = run.runPrefix + "large.bin";
      run.attempt(() -> run.storage().put(key, large));
      run.judgeFailure(List.of(key));
      run.checkStored(key, sha.get("large.bin"));
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_putStreamOfUnknownLength_storesExactlyOrFailsLoudly(Kind kind, int seed) {
    upload("put stream", kind, seed, fixture.largeFileSize(), run -> {
      String key = run.runPrefix + "stream.bin";
      run.attempt(() -> run.storage().put(key, TckData.stream(fixture.largeFileSize(), 2)));
      run.judgeFailure(List.of(key));
      run.checkStored(key, sha.get("large.bin"));
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_getFile_writesExactlyOrNothing(Kind kind, int seed) {
    download("getFile", kind, seed, SMALL, root, run -> {
      Path target = run.local.resolve("out/small.bin");
      run.attempt(() -> run.storage().getFile("src/small.bin", target));
      run.judgeFailure(List.of("src/small.bin"));
      run.checkLocal(run.local.resolve("out"), Map.of(target, sha.get("small.bin")));
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_getFileInParallelRanges_writesExactlyOrNothing(Kind kind, int seed) {
    download("getFile parallel ranges", kind, seed, fixture.largeFileSize(), root, run -> {
      Path target = run.local.resolve("out/large.bin");
      run.attempt(() -> run.storage().getFile("src/large.bin", target));
      run.judgeFailure(List.of("src/large.bin"));
      run.checkLocal(run.local.resolve("out"), Map.of(target, sha.get("large.bin")));
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_listAcrossPages_listsEveryKeyOnceOrFailsLoudly(Kind kind, int seed) {
    download("list across pages", kind, seed, 64 * 1024, root, run -> {
      List<String> listed = run.attempt(() -> {
        try (Stream<StorageFile> files = run.storage().list("src/pages/")) {
          return files.map(StorageFile::key).collect(Collectors.toList());
        }
      }).orElse(List.of());
      run.judgeFailure(List.of(), true);
      if (!run.failed() && !listed.equals(pages)) {
        run.violation(Violation.LOST_OR_CORRUPTED, "the listing returned " + listed.size() + " keys, "
            + (listed.stream().distinct().count() != listed.size() ? "some twice, " : "") + "not the "
            + pages.size() + " stored, in order");
      }
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_copy_copiesExactlyOrFailsLoudly(Kind kind, int seed) {
    assumeTrue(fixture.declaredCapabilities().contains(Capability.COPY), "gated: the backend does not declare COPY");
    drive("copy", kind, seed, 4096, 4096, root, run -> {
      String key = run.runPrefix + "copy.bin";
      run.attempt(() -> run.storage().copy("src/small.bin", key));
      run.judgeFailure(List.of(key, "src/small.bin"));
      run.checkStored(key, sha.get("small.bin"));
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_addDirectory_storesEveryFileExactlyOrNamesItsFailure(Kind kind, int seed) {
    upload("addDirectory", kind, seed, TREE_FILE, run -> {
      List<String> keys = TREE.stream().map(f -> run.runPrefix + "tree/" + f).collect(Collectors.toList());
      run.attempt(() -> run.storage().addDirectory(tree, run.runPrefix + "tree"));
      run.judgeFailure(keys);
      for (int i = 0; i < keys.size(); i++) {
        if (!run.checkStored(keys.get(i), sha.get("tree/" + TREE.get(i)))) {
          run.checkNamed(keys.get(i));
        }
      }
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_getAllFiles_writesEveryFileExactlyOrNamesItsFailure(Kind kind, int seed) {
    download("getAllFiles", kind, seed, TREE_FILE, root + "/src/tree", run -> {
      Path out = run.local.resolve("out");
      Map<Path, String> expected = new LinkedHashMap<>();
      TREE.forEach(f -> expected.put(out.resolve(f), sha.get("tree/" + f)));
      run.attempt(() -> run.storage().getAllFiles(out));
      run.judgeFailure(TREE, true);
      // a network failure stops new downloads [§4.2]: files never started may be missing, unnamed
      run.checkLocal(out, expected);
    });
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("faults")
  @Timeout(300)
  void spec22_1_addFileThenFlush_storesEveryFileOrFlushNamesIt(Kind kind, int seed) {
    upload("addFile then flush", kind, seed, TREE_FILE, run -> {
      Map<String, CompletableFuture<StorageFile>> futures = new LinkedHashMap<>();
      Map<String, String> expected = new LinkedHashMap<>();
      for (int i = 0; i < BACKGROUND_FILES; i++) {
        Path file = local.resolve("src/bg/" + i + ".bin");
        String key = run.runPrefix + "bg/" + i + ".bin";
        expected.put(key, TckData.sha256(file));
        run.attempt(() -> futures.put(key, run.storage().addFile(file, key)));
      }
      if (!run.failed()) {
        run.attempt(() -> {
          run.storage().flush();
          return null;
        });
      }
      run.judgeFailure(List.copyOf(expected.keySet()));
      Map<String, Throwable> reported = run.failure() instanceof FlushException
          ? ((FlushException) run.failure()).failures() : Map.of();
      futures.forEach((key, future) -> {
        boolean failed = future.isCompletedExceptionally();
        if (!future.isDone()) {
          run.violation(Violation.FAILURES_DROPPED, "flush() returned before the upload of '" + key + "' ended");
        } else if (failed && !reported.containsKey(key)) {
          run.violation(Violation.FAILURES_DROPPED, "the background upload of '" + key
              + "' failed, and flush() did not report it [§10.2]");
        }
        if (!run.checkStored(key, expected.get(key)) && !failed && future.isDone()) {
          run.violation(Violation.LOST_OR_CORRUPTED, "'" + key + "' is missing, yet its upload completed");
        }
      });
    });
  }

  // ---------------------------------------------------------------- running one case

  private void upload(String what, Kind kind, int seed, long size, Consumer<FaultRun> body) {
    drive(what, kind, seed, Math.min(size, 256 * 1024), 64, root, body);
  }

  private void download(String what, Kind kind, int seed, long size, String storagePrefix, Consumer<FaultRun> body) {
    drive(what, kind, seed, 64, Math.min(size, 256 * 1024), storagePrefix, body);
  }

  /**
   * Runs {@code body} under one fault: the seed (mixed with the operation and the kind) picks the
   * connection (the first for seed 0, one of the first three otherwise) and the byte, below {@code
   * requestBound} of the request or {@code responseBound} of the response, at which it strikes.
   */
  private void drive(String what, Kind kind, int seed, long requestBound, long responseBound, String storagePrefix,
      Consumer<FaultRun> body) {
    long mixed = Long.getLong("storagekit.faults.seed", 0x5EEDL) * 31 + what.hashCode() * 131L
        + kind.ordinal() * 1009L + seed;
    Random random = new Random(mixed);
    int connection = seed == 0 ? 1 : 1 + random.nextInt(3);
    Fault fault = fault(kind, random, requestBound, responseBound);
    int n = runs.incrementAndGet();
    Path runLocal;
    try {
      runLocal = Files.createDirectories(local.resolve("run-" + n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FaultRun run = new FaultRun(fixture, figures, what, kind, fault, connection, mixed, root, storagePrefix,
        "run-" + n + "/", runLocal);
    try {
      body.accept(run);
    } finally {
      run.finish();
    }
  }

  private Fault fault(Kind kind, Random random, long requestBound, long responseBound) {
    return switch (kind) {
      case RESET_REQUEST -> Fault.resetRequestAfter(random.nextInt((int) requestBound));
      case RESET_RESPONSE -> Fault.resetResponseAfter(random.nextInt((int) responseBound));
      case STALL -> Fault.stallAfter(random.nextInt((int) responseBound), fixture.stall());
      case TRUNCATE_RESPONSE -> Fault.truncateResponseAfter(random.nextInt((int) responseBound));
      case SLOW_DRIP -> Fault.slowDrip(16 * 1024, Duration.ofMillis(2));
      case REFUSE -> Fault.refuse();
      case PASS -> Fault.pass();
      default -> Fault.reply(kind);
    };
  }
}

package org.storagekit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code storage} command against its peers, as a user runs them: the start time of
 * {@code storage ls} (issue 14), and sync, {@code rm -r} and a sync in a small heap (issue 15).
 * StorageKit runs as the shaded jar; provider properties go in {@code STORAGEKIT_*} variables, so
 * no secret is on a command line.
 */
final class CliWorkloads {
  static final String START = "CLI start: ls of a 4-file local folder";
  static final String START_LIMIT_NOTE = "at most 0.35 s wall";
  static final double START_LIMIT_SECONDS = 0.35;
  static final String JAR = "storage (java -jar)";
  static final String BIN = "storage (bin/storage)";
  private static final int START_RUNS = 7;

  private final BenchOptions options;
  private final Figures figures;
  private final Path work;
  private final Map<String, String> env;
  private final Path log;
  private final Path jar;
  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  CliWorkloads(BenchOptions options, Figures figures, Path work, Map<String, String> env, Path log, Path jar) {
    this.options = options;
    this.figures = figures;
    this.work = work;
    this.env = env;
    this.log = log;
    this.jar = jar;
  }

  /** {@code bin/storage} beside the jar's module ({@code storage-cli/target/storage.jar}), if there. */
  private Path binStorage() {
    Path bin = jar.toAbsolutePath().getParent().getParent().getParent().resolve("bin/storage");
    return Files.isExecutable(bin) ? bin : null;
  }

  /** The storage command as {@code bin/storage} runs it: with the jar's class-data archive, when there. */
  private List<String> storage(String... args) {
    List<String> c = new ArrayList<>(List.of(java.toString()));
    Path archive = jar.resolveSibling("storage.jsa");
    if (Files.isRegularFile(archive)) {
      c.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    c.addAll(List.of("-jar", jar.toString()));
    c.addAll(List.of(args));
    return c;
  }

  /** Plain {@code java -jar}, as a user without bin/storage runs it. */
  private List<String> plainJar(String... args) {
    List<String> c = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    c.addAll(List.of(args));
    return c;
  }

  private static List<String> with(List<String> head, String... args) {
    List<String> c = new ArrayList<>(head);
    c.addAll(List.of(args));
    return c;
  }

  /** Times {@code command}, {@code runs} times, as a figure of {@code tool}; false if it failed. */
  private boolean time(String workload, String backend, String tool, String unit, double amount,
      List<String> command, Map<String, String> environment) {
    long t0 = System.nanoTime();
    try {
      Processes.run(command, environment, log, work.resolve("cli.out"));
    } catch (IOException e) {
      figures.fail(workload, backend, tool, unit, amount, e.getMessage());
      Bench.progress(workload + ", " + tool + " failed: " + e.getMessage());
      return false;
    }
    figures.add(workload, backend, tool, unit, amount, (System.nanoTime() - t0) / 1e9);
    return true;
  }

  // ================================================================ start time

  /** {@code storage ls} of a four-file folder through the jar and {@code bin/storage}, beside {@code rclone lsf}. */
  void startTime(Path rclone) throws IOException {
    Path folder = work.resolve("cli-start");
    Files.createDirectories(folder);
    for (int i = 1; i <= 4; i++) {
      Files.writeString(folder.resolve("f" + i + ".txt"), "file " + i + "\n", StandardCharsets.UTF_8);
    }
    Path bin = binStorage();
    Bench.progress("CLI start time, " + START_RUNS + " runs each");
    for (int run = 0; run <= START_RUNS; run++) { // run 0 warms the page cache and is not recorded
      String workload = run == 0 ? "warm-up" : START;
      time(workload, "local", JAR, "runs", 1, plainJar("ls", folder + "/"), env);
      if (bin != null) {
        time(workload, "local", BIN, "runs", 1, List.of(bin.toString(), "ls", folder + "/"), env);
      }
      if (rclone != null) {
        time(workload, "local", "rclone lsf", "runs", 1, List.of(rclone.toString(), "lsf", folder.toString()), env);
      }
    }
    figures.forget("warm-up");
    figures.limit(START, "local", JAR, START_LIMIT_SECONDS);
    if (bin != null) {
      figures.limit(START, "local", BIN, START_LIMIT_SECONDS);
    } else {
      figures.note("bin/storage not found beside " + jar + "; only java -jar was timed");
    }
    figures.compare(START, "local", JAR, "rclone lsf", null, "rclone is a native binary, no target");
  }

  // ================================================================ sync and rm -r on S3

  /**
   * Sync of {@code syncFiles} x 1 KiB where 1% changed before each run, against {@code rclone sync},
   * and {@code rm -r} of {@code rmKeys} seeded keys against {@code rclone delete}; both on the
   * server behind {@code remote} (an rclone remote) and {@code s3Properties}.
   */
  void syncAndRemove(String backend, Map<String, String> s3Properties, Path rclone, String remote, AwsSdkTool seeder)
      throws Exception {
    BenchOptions.Cli sizes = options.sizes().cli();
    Map<String, String> skEnv = new HashMap<>(env);
    s3Properties.forEach((k, v) -> skEnv.put("STORAGEKIT_" + k.toUpperCase(Locale.ROOT).replace('.', '_')
        .replace('-', '_'), v));
    String sync = String.format(Locale.ROOT, "sync of %,d x 1 KiB, 1%% changed", sizes.syncFiles());
    Path source = TestData.directory(work.resolve("data/sync"), sizes.syncFiles(), 1024);
    String skTarget = "s3://" + Bench.BUCKET + "/sync-storagekit/";
    String rcTarget = remote + "/sync-rclone";
    Bench.progress(sync + " on " + backend + ": first full sync of each tool (not timed)");
    Processes.run(storage("sync", source + "/", skTarget), skEnv, log);
    if (rclone != null) {
      Processes.run(List.of(rclone.toString(), "sync", source.toString(), rcTarget), env, log);
    }
    List<Path> files;
    try (var walk = Files.walk(source)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    SplittableRandom random = new SplittableRandom(15);
    byte[] bytes = new byte[1024];
    for (int run = 0; run < options.runs(); run++) {
      for (int i = 0; i < Math.max(1, files.size() / 100); i++) {
        random.nextBytes(bytes);
        Files.write(files.get(random.nextInt(files.size())), bytes);
      }
      time(sync, backend, Figures.STORAGEKIT, "files", sizes.syncFiles(),
          storage("sync", "--delete", source + "/", skTarget), skEnv);
      if (rclone != null) {
        time(sync, backend, "rclone", "files", sizes.syncFiles(),
            List.of(rclone.toString(), "sync", source.toString(), rcTarget), env);
      }
    }
    figures.compare(sync, backend, Figures.STORAGEKIT, "rclone", 1.5, null);

    String rm = String.format(Locale.ROOT, "rm -r of %,d keys", sizes.rmKeys());
    for (int run = 0; run < options.runs(); run++) {
      Bench.progress(rm + " on " + backend + ", run " + (run + 1) + ": seeding");
      seeder.seed("rm-storagekit", sizes.rmKeys(), 32);
      time(rm, backend, Figures.STORAGEKIT, "keys", sizes.rmKeys(),
          storage("rm", "--recursive", "--yes", "s3://" + Bench.BUCKET + "/rm-storagekit/"), skEnv);
      if (rclone != null) {
        seeder.seed("rm-rclone", sizes.rmKeys(), 32);
        time(rm, backend, "rclone", "keys", sizes.rmKeys(),
            List.of(rclone.toString(), "delete", remote + "/rm-rclone"), env);
      }
    }
    figures.compare(rm, backend, Figures.STORAGEKIT, "rclone", 2.0, null);
  }

  // ================================================================ a sync in a small heap

  /**
   * A local-to-local sync of {@code memoryKeys} empty files in a JVM at {@code -Xmx64m}: it must
   * succeed, and its peak RSS is what {@code /usr/bin/time} reports.
   */
  void syncInASmallHeap() throws IOException {
    int keys = options.sizes().cli().memoryKeys();
    String heap = "-Xmx" + options.memoryHeap();
    String command = String.format(Locale.ROOT, "sync of %,d empty local files", keys);
    Path time = Processes.find("/usr/bin/time");
    if (time == null) {
      figures.note(command + " not run: /usr/bin/time is missing (apt-get install time)");
      return;
    }
    Bench.progress(command + " at " + heap + ": writing the files");
    Path source = TestData.directory(work.resolve("data/sync-memory"), keys, 0);
    Path target = work.resolve("sync-memory-target");
    Bench.deleteQuietly(target);
    Path rss = work.resolve("sync-memory.rss");
    long t0 = System.nanoTime();
    try {
      Processes.run(List.of(time.toString(), "-f", "%M", "-o", rss.toString(), java.toString(), heap,
          "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "sync", source + "/", target + "/"), env, log);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long copied = TestData.countFiles(target);
      if (copied != keys) {
        throw new IOException(copied + " of " + keys + " files arrived");
      }
      long kib = Long.parseLong(Files.readAllLines(rss).get(0).trim());
      figures.commandMemory(new Figures.CommandMemory(command, heap, true, kib, seconds, null));
      Bench.progress(String.format(Locale.ROOT, "%s: %.1f s, peak RSS %d MiB", command, seconds, kib >> 10));
    } catch (IOException | RuntimeException e) {
      figures.commandMemory(new Figures.CommandMemory(command, heap, false, -1, 0, String.valueOf(e.getMessage())));
      Bench.progress(command + " failed: " + e.getMessage());
    } finally {
      Bench.deleteQuietly(target);
    }
  }
}

package org.storagekit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The bench's command-line options; see {@link #usage()}. */
record BenchOptions(Sizes sizes, boolean full, int runs, int listRuns, Path work, Set<String> backends,
    Path s3proxyJar, Path azuriteHome, Path report, boolean memory, String memoryHeap, Path cliJar) {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  /** Sizes of one bench run. */
  record Sizes(long bigFile, int smallFiles, int smallFileSize, int listKeys, long memoryFile, Cli cli) {
    static Sizes quick() {
      return new Sizes(64 * MIB, 1_000, 4096, 10_000, 256 * MIB, new Cli(10_000, 2_000, 100_000));
    }

    static Sizes full() {
      return new Sizes(GIB, 10_000, 4096, 100_000, 2 * GIB, new Cli(100_000, 10_000, 1_000_000));
    }
  }

  /** Sizes of the CLI workloads: files synced, keys removed, files synced in a small heap. */
  record Cli(int syncFiles, int rmKeys, int memoryKeys) {}

  static String usage() {
    return String.join("\n",
        "usage: run.sh [--full] [--runs N] [--backends local,s3,s3-rgw,azure] [--no-memory] [--work DIR] [--report FILE]",
        "  --full        full sizes: 1 GiB file, 10,000 x 4 KiB files, 100,000 keys, 2 GiB at -Xmx64m",
        "                (default: 64 MiB, 1,000 files, 10,000 keys, 256 MiB)",
        "  --runs N      runs per figure; the table shows the median (default 3)",
        "  --list-runs N runs of the listing figures (default: --runs)",
        "  --backends    which backends to measure (default: all the machine can host); s3 is S3Proxy,",
        "                s3-rgw is Ceph's RADOS Gateway (Debian's ceph packages, started on loopback)",
        "  --no-memory   skip the small-heap memory runs",
        "  --work DIR    temporary folder (default: a fresh one under /tmp)",
        "  --report FILE also write the tables (Markdown) to FILE",
        "  --cli-jar JAR the storage command's jar, for its start time, sync, rm -r and small-heap sync",
        "                (run.sh passes storage-cli/target/storage.jar; without it they are not run)",
        "  sizes can be overridden one by one: --big BYTES --files N --file-size BYTES --keys N --memory BYTES",
        "    --sync-files N --rm-keys N --sync-keys N (CLI: 10,000 / 2,000 / 100,000; --full 100,000 / 10,000 / 1,000,000)");
  }

  static BenchOptions parse(String[] args) throws IOException {
    boolean full = false;
    int runs = 3;
    Integer listRuns = null;
    Path work = null;
    Set<String> backends = new LinkedHashSet<>(List.of("local", "s3", "s3-rgw", "azure"));
    Path jar = null;
    Path azurite = null;
    Path report = null;
    boolean memory = true;
    String heap = "64m";
    Long big = null;
    Integer files = null;
    Integer fileSize = null;
    Integer keys = null;
    Long mem = null;
    Path cliJar = null;
    Integer syncFiles = null;
    Integer rmKeys = null;
    Integer syncKeys = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--full" -> full = true;
        case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
        case "--list-runs" -> listRuns = Integer.parseInt(value(args, ++i, a));
        case "--work" -> work = Path.of(value(args, ++i, a));
        case "--backends" -> backends = new LinkedHashSet<>(Arrays.asList(value(args, ++i, a).split(",")));
        case "--s3proxy-jar" -> jar = Path.of(value(args, ++i, a));
        case "--azurite-home" -> azurite = Path.of(value(args, ++i, a));
        case "--report" -> report = Path.of(value(args, ++i, a));
        case "--no-memory" -> memory = false;
        case "--memory-heap" -> heap = value(args, ++i, a);
        case "--big" -> big = Long.parseLong(value(args, ++i, a));
        case "--files" -> files = Integer.parseInt(value(args, ++i, a));
        case "--file-size" -> fileSize = Integer.parseInt(value(args, ++i, a));
        case "--keys" -> keys = Integer.parseInt(value(args, ++i, a));
        case "--memory" -> mem = Long.parseLong(value(args, ++i, a));
        case "--cli-jar" -> cliJar = Path.of(value(args, ++i, a));
        case "--sync-files" -> syncFiles = Integer.parseInt(value(args, ++i, a));
        case "--rm-keys" -> rmKeys = Integer.parseInt(value(args, ++i, a));
        case "--sync-keys" -> syncKeys = Integer.parseInt(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown argument: " + a);
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    for (String b : backends) {
      if (!Set.of("local", "s3", "s3-rgw", "azure").contains(b)) {
        throw new IllegalArgumentException("unknown backend '" + b + "'; known: local, s3, s3-rgw, azure");
      }
    }
    Sizes base = full ? Sizes.full() : Sizes.quick();
    Sizes sizes = new Sizes(big != null ? big : base.bigFile(), files != null ? files : base.smallFiles(),
        fileSize != null ? fileSize : base.smallFileSize(), keys != null ? keys : base.listKeys(),
        mem != null ? mem : base.memoryFile(), new Cli(syncFiles != null ? syncFiles : base.cli().syncFiles(),
            rmKeys != null ? rmKeys : base.cli().rmKeys(), syncKeys != null ? syncKeys : base.cli().memoryKeys()));
    if (work == null) {
      work = Files.createTempDirectory("storagekit-bench-");
    }
    return new BenchOptions(sizes, full, runs, listRuns == null ? runs : Math.max(1, listRuns), work, backends, jar,
        azurite, report, memory, heap, cliJar);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }
}

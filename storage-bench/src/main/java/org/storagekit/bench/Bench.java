package org.storagekit.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.Storages;
import org.storagekit.local.LocalStorageConfig;
import org.storagekit.testing.AzuriteServer;
import org.storagekit.testing.S3ProxyProcess;

/**
 * The bench: measures StorageKit on every backend the machine can host, side by side with the peers
 * ({@code cp}, rclone, the AWS CLI, the vendor SDKs used directly) in the same run and against the
 * same server, and prints medians, ratios and PASS/FAIL against the targets of issue 8.
 *
 * <p>{@code run.sh} builds the class path, installs the peers and servers, and calls this with its
 * arguments; see the module's README for the options.
 */
public final class Bench {
  static final String BUCKET = "bench";
  private static final String ACCESS_KEY = "bench-access";
  private static final String SECRET_KEY = "bench-secret-not-a-secret";
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  /** Sizes of one bench run. */
  record Sizes(long bigFile, int smallFiles, int smallFileSize, int listKeys, long memoryFile) {
    static Sizes quick() {
      return new Sizes(64 * MIB, 1_000, 4096, 10_000, 256 * MIB);
    }

    static Sizes full() {
      return new Sizes(GIB, 10_000, 4096, 100_000, 2 * GIB);
    }
  }

  /** Command-line options. */
  record Options(Sizes sizes, boolean full, int runs, int listRuns, Path work, Set<String> backends,
      Path s3proxyJar, Path azuriteHome, Path report, boolean memory, String memoryHeap) {}

  private final Options options;
  private final Figures figures = new Figures();
  private final Path work;
  private final Path log;
  private final Map<String, String> peerEnv;
  /** The processes serving the backend being measured, for their CPU time. */
  private final List<Long> serverPids = new ArrayList<>();

  Bench(Options options) throws IOException {
    this.options = options;
    this.work = options.work().toAbsolutePath();
    Files.createDirectories(work.resolve("peers/home"));
    this.log = work.resolve("peers/peers.log");
    this.peerEnv = peerEnvironment();
  }

  /** Runs the bench; see the README for the arguments. */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("storage-bench: " + e.getMessage());
      System.err.println(usage());
      System.exit(64);
      return;
    }
    Bench bench = new Bench(options);
    String table = bench.run();
    System.out.println();
    System.out.println(table);
    if (options.report() != null) {
      Files.writeString(options.report(), table, StandardCharsets.UTF_8);
      System.out.println("(table written to " + options.report() + ")");
    }
  }

  static String usage() {
    return String.join("\n",
        "usage: run.sh [--full] [--runs N] [--backends local,s3,azure] [--no-memory] [--work DIR] [--report FILE]",
        "  --full        full sizes: 1 GiB file, 10,000 x 4 KiB files, 100,000 keys, 2 GiB at -Xmx64m",
        "                (default: 64 MiB, 1,000 files, 10,000 keys, 256 MiB)",
        "  --runs N      runs per figure; the table shows the median (default 3)",
        "  --list-runs N runs of the listing figures (default: --runs)",
        "  --backends    which backends to measure (default: all the machine can host)",
        "  --no-memory   skip the small-heap memory runs",
        "  --work DIR    temporary folder (default: a fresh one under /tmp)",
        "  --report FILE also write the tables (Markdown) to FILE",
        "  sizes can be overridden one by one: --big BYTES --files N --file-size BYTES --keys N --memory BYTES");
  }

  static Options parse(String[] args) throws IOException {
    boolean full = false;
    int runs = 3;
    Integer listRuns = null;
    Path work = null;
    Set<String> backends = new LinkedHashSet<>(List.of("local", "s3", "azure"));
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
        default -> throw new IllegalArgumentException("unknown argument: " + a);
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    for (String b : backends) {
      if (!Set.of("local", "s3", "azure").contains(b)) {
        throw new IllegalArgumentException("unknown backend '" + b + "'; known: local, s3, azure");
      }
    }
    Sizes base = full ? Sizes.full() : Sizes.quick();
    Sizes sizes = new Sizes(big != null ? big : base.bigFile(), files != null ? files : base.smallFiles(),
        fileSize != null ? fileSize : base.smallFileSize(), keys != null ? keys : base.listKeys(),
        mem != null ? mem : base.memoryFile());
    if (work == null) {
      work = Files.createTempDirectory("storagekit-bench-");
    }
    return new Options(sizes, full, runs, listRuns == null ? runs : Math.max(1, listRuns), work, backends, jar,
        azurite, report, memory, heap);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  // ================================================================ the run

  /** Runs every workload and returns the tables. */
  String run() throws Exception {
    Sizes s = options.sizes();
    Path data = work.resolve("data");
    progress("test data in " + data);
    Path big = TestData.file(data.resolve("big.bin"), s.bigFile(), 1);
    Path small = TestData.directory(data.resolve("small"), s.smallFiles(), s.smallFileSize());
    Path warmBig = TestData.file(data.resolve("warm.bin"), Math.min(s.bigFile(), 16 * MIB), 2);
    Path warmSmall = TestData.directory(data.resolve("warm-small"), Math.min(s.smallFiles(), 200), s.smallFileSize());
    Warmup warm = new Warmup(warmBig, warmSmall);

    List<MemoryTarget> memoryTargets = new ArrayList<>();
    if (options.backends().contains("local")) {
      local(big, small, warm, memoryTargets);
      partial();
    }
    List<AutoCloseable> servers = new ArrayList<>();
    try {
      if (options.backends().contains("s3")) {
        s3(big, small, warm, memoryTargets, servers);
        partial();
      }
      if (options.backends().contains("azure")) {
        azure(big, small, warm, memoryTargets, servers);
        partial();
      }
      if (options.memory()) {
        Path mem = TestData.file(data.resolve("memory.bin"), s.memoryFile(), 3);
        long crc = TestData.crc(mem);
        for (MemoryTarget t : memoryTargets) {
          memoryRun(t, mem, crc);
        }
      }
    } finally {
      for (AutoCloseable c : servers) {
        c.close();
      }
    }
    return figures.render(header());
  }

  /** Writes the tables so far to the report file, so a run cut short still leaves its figures. */
  private void partial() throws IOException {
    if (options.report() != null) {
      Files.writeString(options.report(), figures.render(header() + "\n\n(partial: the run is not finished)"),
          StandardCharsets.UTF_8);
    }
  }

  private String header() {
    Sizes s = options.sizes();
    return String.join("\n",
        "StorageKit bench, " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .format(ZonedDateTime.now(ZoneOffset.UTC)) + ", " + machine(),
        "",
        String.format(Locale.ROOT, "Sizes: %s file, %,d x %s files, %,d keys listed, %s at -Xmx%s; %d run(s) per figure"
            + " (%d for listings)%s.",
            Figures.size(s.bigFile()), s.smallFiles(), Figures.size(s.smallFileSize()), s.listKeys(),
            Figures.size(s.memoryFile()), options.memoryHeap(), options.runs(), options.listRuns(),
            options.full() ? " (--full)" : " (quick sizes; --full for the issue's sizes)"),
        "Peers: " + versions());
  }

  // ================================================================ local

  private void local(Path big, Path small, Warmup warm, List<MemoryTarget> memoryTargets) throws Exception {
    String backend = "local";
    serverPids.clear();
    Path root = work.resolve("local");
    StorageKitTool sk = new StorageKitTool(Figures.STORAGEKIT,
        p -> LocalStorageConfig.builder(root.resolve("storagekit").resolve(p)).build().open());
    StorageKitTool unverified = new StorageKitTool(Figures.STORAGEKIT + " verify=off",
        p -> LocalStorageConfig.builder(root.resolve("unverified").resolve(p))
            .options(StorageOptions.builder().verifyChecksums(false).build()).build().open());
    CpTool cp = new CpTool(root.resolve("cp"), peerEnv, log);
    Function<String, Void> clean = prefix -> {
      for (String d : List.of("storagekit", "unverified", "cp")) {
        deleteQuietly(root.resolve(d).resolve(prefix));
      }
      return null;
    };
    try (sk; unverified) {
      warm.run(backend, sk, clean);
      warm.run(backend, unverified, clean);
      bigFile(backend, List.of(sk, unverified, cp), big, clean);
      smallFiles(backend, List.of(sk, unverified), small, clean);
    }
    String add = bigAdd();
    String get = bigGet();
    figures.compare(add, backend, Figures.STORAGEKIT, "cp", 0.8, null);
    figures.compare(get, backend, Figures.STORAGEKIT, "cp", 0.8, null);
    for (String w : List.of(add, get, smallAdd(), smallGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, Figures.STORAGEKIT + " verify=off", null,
          "integrity checks on vs off");
    }
    Path memRoot = root.resolve("memory");
    Files.createDirectories(memRoot);
    memoryTargets.add(new MemoryTarget(backend, memRoot.toUri(), Map.of()));
  }

  // ================================================================ S3

  private void s3(Path big, Path small, Warmup warm, List<MemoryTarget> memoryTargets, List<AutoCloseable> servers)
      throws Exception {
    String backend = "S3 (S3Proxy)";
    Path jar = options.s3proxyJar();
    if (jar == null || !Files.isRegularFile(jar)) {
      figures.note("S3 not measured: no S3Proxy jar (run.sh fetches it; --s3proxy-jar PATH)");
      return;
    }
    progress("starting S3Proxy (filesystem store for transfers, in-memory store for the listing)");
    S3ProxyProcess fs = S3ProxyProcess.start(jar, "filesystem", work.resolve("s3proxy-fs"), ACCESS_KEY, SECRET_KEY);
    servers.add(fs);
    S3ProxyProcess mem = S3ProxyProcess.start(jar, "transient", work.resolve("s3proxy-mem"), ACCESS_KEY, SECRET_KEY);
    servers.add(mem);
    serverPids.clear();
    serverPids.add(fs.pid());
    serverPids.add(mem.pid());
    String fsEndpoint = fs.endpoint().toString();
    String memEndpoint = mem.endpoint().toString();
    Path fsData = fs.dataDirectory().resolve(BUCKET);
    writeRcloneConfig(fsEndpoint, memEndpoint);
    writeAwsConfig();

    AwsSdkTool sdk = new AwsSdkTool(fsEndpoint, BUCKET, ACCESS_KEY, SECRET_KEY);
    AwsSdkTool memSdk = new AwsSdkTool(memEndpoint, BUCKET, ACCESS_KEY, SECRET_KEY);
    sdk.createBucket();
    memSdk.createBucket();

    List<Tool> bigTools = new ArrayList<>();
    List<Tool> smallTools = new ArrayList<>();
    List<Tool> listTools = new ArrayList<>();
    StorageKitTool sk = null;
    StorageKitTool skList = null;
    if (providerPresent("s3")) {
      sk = new StorageKitTool(Figures.STORAGEKIT, p -> Storages.open(URI.create("s3://" + BUCKET + "/" + p),
          s3Properties(fsEndpoint)));
      skList = new StorageKitTool(Figures.STORAGEKIT, p -> Storages.open(URI.create("s3://" + BUCKET + "/" + p),
          s3Properties(memEndpoint)));
      bigTools.add(sk);
      smallTools.add(sk);
      listTools.add(skList);
      memoryTargets.add(new MemoryTarget(backend, URI.create("s3://" + BUCKET + "/memory/"), s3Properties(fsEndpoint)));
    } else {
      figures.note("StorageKit on S3 not measured: storage-s3 is not on the class path (not merged yet)");
    }
    Path rclone = Processes.find("/usr/bin/rclone", "rclone");
    Path aws = Processes.find("/usr/bin/aws", "aws");
    if (rclone != null) {
      RcloneTool r = new RcloneTool(rclone, "fs:" + BUCKET, peerEnv, log, work.resolve("peers"), List.of());
      bigTools.add(r);
      smallTools.add(r);
      listTools.add(new RcloneTool(rclone, "mem:" + BUCKET, peerEnv, log, work.resolve("peers"), List.of()));
    } else {
      figures.note("rclone not found: install the Debian package rclone (run.sh does)");
    }
    if (aws != null) {
      AwsCliTool a = new AwsCliTool(aws, fsEndpoint, BUCKET, peerEnv, log);
      bigTools.add(a);
      smallTools.add(a);
    } else {
      figures.note("aws not found: install the Debian package awscli (run.sh does)");
    }
    bigTools.add(sdk);

    Function<String, Void> clean = prefix -> {
      deleteQuietly(fsData.resolve(prefix));
      return null;
    };
    try {
      if (sk != null) {
        warm.run(backend, sk, clean);
      }
      bigFile(backend, bigTools, big, clean);
      smallFiles(backend, smallTools, small, clean);
      progress(String.format(Locale.ROOT, "seeding %,d keys into the in-memory S3Proxy", options.sizes().listKeys()));
      long t0 = System.nanoTime();
      memSdk.seed("list", options.sizes().listKeys(), 32);
      progress(String.format(Locale.ROOT, "seeded in %.1f s", (System.nanoTime() - t0) / 1e9));
      listing(backend, listTools, "list", options.sizes().listKeys());
    } finally {
      if (sk != null) {
        sk.close();
      }
      if (skList != null) {
        skList.close();
      }
      sdk.close();
      memSdk.close();
    }
    for (String w : List.of(bigAdd(), bigGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "rclone", 1.0, null);
      figures.compare(w, backend, Figures.STORAGEKIT, "aws s3 cp", 1.0, null);
    }
    figures.compare(bigAdd(), backend, Figures.STORAGEKIT, "AWS SDK", null, "overhead vs one raw SDK PutObject");
    figures.compare(bigGet(), backend, Figures.STORAGEKIT, "AWS SDK", null, "vs one raw SDK GetObject");
    for (String w : List.of(smallAdd(), smallGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "rclone", 1.5, null);
      figures.compare(w, backend, Figures.STORAGEKIT, "aws s3 cp", null, "AWS CLI, no target");
    }
    figures.compare(listing(), backend, Figures.STORAGEKIT, "rclone", 1.0, null);
    figures.note("S3: transfers go to S3Proxy 2.7.0 with the jclouds filesystem store; the listing goes to a second "
        + "S3Proxy with the in-memory (transient) store, because the filesystem store re-reads every object's "
        + "metadata for each page of 1,000 keys (100,000 keys took rclone about 5 minutes there).");
  }

  private Map<String, String> s3Properties(String endpoint) {
    Map<String, String> p = new HashMap<>();
    p.put("s3.endpoint", endpoint);
    p.put("s3.region", "us-east-1");
    p.put("s3.path-style", "true");
    p.put("s3.access-key", ACCESS_KEY);
    p.put("s3.secret-key", SECRET_KEY);
    return p;
  }

  private void writeRcloneConfig(String fsEndpoint, String memEndpoint) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String[] remote : new String[][] {{"fs", fsEndpoint}, {"mem", memEndpoint}}) {
      b.append('[').append(remote[0]).append("]\n")
          .append("type = s3\nprovider = Other\nforce_path_style = true\nregion = us-east-1\n")
          .append("access_key_id = ").append(ACCESS_KEY).append('\n')
          .append("secret_access_key = ").append(SECRET_KEY).append('\n')
          .append("endpoint = ").append(remote[1]).append("\n\n");
    }
    Files.writeString(work.resolve("peers/rclone.conf"), b.toString(), StandardCharsets.UTF_8);
  }

  private void writeAwsConfig() throws IOException {
    Files.writeString(work.resolve("peers/aws-config"), "[default]\nregion = us-east-1\n", StandardCharsets.UTF_8);
    Files.writeString(work.resolve("peers/aws-credentials"), "[default]\naws_access_key_id = " + ACCESS_KEY
        + "\naws_secret_access_key = " + SECRET_KEY + "\n", StandardCharsets.UTF_8);
  }

  /**
   * The peers' environment: this process's, without {@code AWS_*} and {@code RCLONE_*} variables
   * (this machine's {@code AWS_CA_BUNDLE} breaks rclone), with HOME and every config file inside the
   * bench's folder.
   */
  private Map<String, String> peerEnvironment() {
    Map<String, String> env = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (!k.startsWith("AWS_") && !k.startsWith("RCLONE_")) {
        env.put(k, v);
      }
    });
    Path peers = work.resolve("peers");
    env.put("HOME", peers.resolve("home").toString());
    env.put("XDG_CACHE_HOME", peers.resolve("home/.cache").toString());
    env.put("XDG_CONFIG_HOME", peers.resolve("home/.config").toString());
    env.put("RCLONE_CONFIG", peers.resolve("rclone.conf").toString());
    env.put("AWS_CONFIG_FILE", peers.resolve("aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", peers.resolve("aws-credentials").toString());
    env.put("AWS_PAGER", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }

  // ================================================================ Azure

  private void azure(Path big, Path small, Warmup warm, List<MemoryTarget> memoryTargets, List<AutoCloseable> servers)
      throws Exception {
    String backend = "Azure (Azurite)";
    progress("starting Azurite (installed with npm on first use)");
    AzuriteServer azurite;
    try {
      azurite = AzuriteServer.builder().home(options.azuriteHome()).location(work.resolve("azurite")).loose(true)
          .start();
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage());
      progress("Azurite did not start: " + why);
      figures.note("Azure not measured: " + why.lines().findFirst().orElse(why));
      return;
    }
    servers.add(azurite);
    serverPids.clear();
    serverPids.add(azurite.pid());
    String connection = azurite.connectionString();
    AzureSdkTool sdk = new AzureSdkTool(connection, BUCKET, StorageOptions.defaults().parallelism());
    sdk.createContainer();
    List<Tool> tools = new ArrayList<>();
    StorageKitTool sk = null;
    if (providerPresent("az")) {
      Map<String, String> props = Map.of("azure.connection-string", connection);
      sk = new StorageKitTool(Figures.STORAGEKIT, p -> Storages.open(URI.create("az://" + BUCKET + "/" + p), props));
      tools.add(sk);
      memoryTargets.add(new MemoryTarget(backend, URI.create("az://" + BUCKET + "/memory/"), props));
    } else {
      figures.note("StorageKit on Azure not measured: storage-azure is not on the class path");
    }
    tools.add(sdk);
    Function<String, Void> clean = prefix -> null; // Azurite's files live in the bench's folder, removed at the end
    try {
      if (sk != null) {
        warm.run(backend, sk, clean);
      }
      bigFile(backend, tools, big, clean);
      smallFiles(backend, tools, small, clean);
      progress(String.format(Locale.ROOT, "seeding %,d keys into Azurite", options.sizes().listKeys()));
      long t0 = System.nanoTime();
      new AzureSdkTool(connection, BUCKET, 32).seed("list", options.sizes().listKeys());
      progress(String.format(Locale.ROOT, "seeded in %.1f s", (System.nanoTime() - t0) / 1e9));
      listing(backend, tools, "list", options.sizes().listKeys());
    } finally {
      if (sk != null) {
        sk.close();
      }
    }
    for (String w : List.of(bigAdd(), bigGet(), smallAdd(), smallGet(), listing())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "Azure SDK", null, "vs the SDK used directly, no target");
    }
  }

  // ================================================================ workloads

  private String bigAdd() {
    return Figures.size(options.sizes().bigFile()) + " file: add";
  }

  private String bigGet() {
    return Figures.size(options.sizes().bigFile()) + " file: get";
  }

  private String smallAdd() {
    return String.format(Locale.ROOT, "%,d x %s: add directory", options.sizes().smallFiles(),
        Figures.size(options.sizes().smallFileSize()));
  }

  private String smallGet() {
    return String.format(Locale.ROOT, "%,d x %s: get all files", options.sizes().smallFiles(),
        Figures.size(options.sizes().smallFileSize()));
  }

  private String listing() {
    return String.format(Locale.ROOT, "list %,d keys", options.sizes().listKeys());
  }

  private void bigFile(String backend, List<Tool> tools, Path source, Function<String, Void> clean) throws IOException {
    long size = Files.size(source);
    String add = bigAdd();
    String get = bigGet();
    for (int run = 1; run <= options.runs(); run++) {
      for (Tool tool : tools) {
        if (figures.failed(add, backend, tool.name()) || figures.failed(get, backend, tool.name())) {
          continue;
        }
        String prefix = slug(tool.name()) + "-big-" + run;
        String key = prefix + "/big.bin";
        Path target = work.resolve("download").resolve(prefix).resolve("big.bin");
        String step = add;
        try {
          Timing a = measure(() -> tool.upload(source, key));
          record(add, backend, tool, "bytes", size, run, a);
          step = get;
          Timing g = measure(() -> tool.download(key, target));
          if (Files.size(target) != size) {
            throw new IOException("downloaded " + Files.size(target) + " bytes, expected " + size);
          }
          record(get, backend, tool, "bytes", size, run, g);
        } catch (Exception e) {
          failed(step, backend, tool, "bytes", size, e);
        } finally {
          deleteQuietly(work.resolve("download").resolve(prefix));
          clean.apply(prefix);
        }
      }
    }
  }

  private void smallFiles(String backend, List<Tool> tools, Path dir, Function<String, Void> clean) throws IOException {
    int count = options.sizes().smallFiles();
    String add = smallAdd();
    String get = smallGet();
    for (int run = 1; run <= options.runs(); run++) {
      for (Tool tool : tools) {
        if (figures.failed(add, backend, tool.name()) || figures.failed(get, backend, tool.name())) {
          continue;
        }
        String prefix = slug(tool.name()) + "-small-" + run;
        Path target = work.resolve("download").resolve(prefix);
        String step = add;
        try {
          Timing a = measure(() -> tool.uploadDir(dir, prefix));
          record(add, backend, tool, "files", count, run, a);
          step = get;
          Timing g = measure(() -> tool.downloadDir(prefix, target));
          long got = TestData.countFiles(target);
          if (got != count) {
            throw new IOException("downloaded " + got + " files, expected " + count);
          }
          record(get, backend, tool, "files", count, run, g);
        } catch (Exception e) {
          failed(step, backend, tool, "files", count, e);
        } finally {
          deleteQuietly(target);
          clean.apply(prefix);
        }
      }
    }
  }

  private void listing(String backend, List<Tool> tools, String prefix, int keys) {
    String w = listing();
    for (int run = 1; run <= options.listRuns(); run++) {
      for (Tool tool : tools) {
        if (figures.failed(w, backend, tool.name())) {
          continue;
        }
        try {
          long[] n = new long[1];
          Timing t = measure(() -> n[0] = tool.list(prefix));
          if (n[0] != keys) {
            throw new IOException("listed " + n[0] + " keys, expected " + keys);
          }
          record(w, backend, tool, "keys", keys, run, t);
        } catch (Exception e) {
          failed(w, backend, tool, "keys", keys, e);
        }
      }
    }
  }

  /** Untimed round trips that load and compile StorageKit's code paths before the measured runs. */
  private final class Warmup {
    private final Path file;
    private final Path dir;

    Warmup(Path file, Path dir) {
      this.file = file;
      this.dir = dir;
    }

    void run(String backend, Tool tool, Function<String, Void> clean) {
      String prefix = slug(tool.name()) + "-warmup";
      Path target = work.resolve("download").resolve(prefix);
      try {
        for (int i = 0; i < 2; i++) {
          tool.upload(file, prefix + "/warm.bin");
          tool.download(prefix + "/warm.bin", target.resolve("warm.bin"));
          tool.uploadDir(dir, prefix + "/dir");
          tool.downloadDir(prefix + "/dir", target.resolve("dir"));
          deleteQuietly(target);
          clean.apply(prefix);
        }
      } catch (Exception e) {
        progress("warm-up of " + tool.name() + " on " + backend + " failed: " + e);
      } finally {
        deleteQuietly(target);
        clean.apply(prefix);
      }
    }
  }

  // ================================================================ memory

  /** A backend for the small-heap run: a URI and properties the child JVM opens with {@code Storages.open}. */
  record MemoryTarget(String backend, URI uri, Map<String, String> properties) {}

  private void memoryRun(MemoryTarget t, Path source, long crc) {
    String heap = "-Xmx" + options.memoryHeap();
    Path target = work.resolve("download/memory.bin");
    Path childLog = work.resolve("memory-" + slug(t.backend()) + ".log");
    progress("memory: " + Figures.size(options.sizes().memoryFile()) + " add and get with " + heap + " on " + t.backend());
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
      progress("memory on " + t.backend() + ": " + last);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      figures.memory(new Figures.Memory(t.backend(), bytes, heap, false, -1, 0, 0, String.valueOf(e.getMessage())));
      progress("memory on " + t.backend() + " failed: " + e.getMessage());
    } finally {
      deleteQuietly(target);
    }
  }

  // ================================================================ helpers

  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  static double time(Op op) throws Exception {
    long t0 = System.nanoTime();
    op.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** One timed operation: wall seconds, and CPU seconds of the client and of the servers. */
  record Timing(double seconds, double clientCpu, double serverCpu) {}

  private Timing measure(Op op) throws Exception {
    long c0 = Cpu.client();
    long s0 = serverCpu();
    long t0 = System.nanoTime();
    op.run();
    long t1 = System.nanoTime();
    long c1 = Cpu.client();
    long s1 = serverCpu();
    return new Timing((t1 - t0) / 1e9, (c1 - c0) / 1e9, serverPids.isEmpty() ? -1 : (s1 - s0) / 1e9);
  }

  private long serverCpu() {
    long sum = 0;
    for (long pid : serverPids) {
      sum += Cpu.process(pid);
    }
    return sum;
  }

  private void record(String workload, String backend, Tool tool, String unit, double amount, int run, Timing t) {
    figures.add(workload, backend, tool.name(), unit, amount, t.seconds(), t.clientCpu(), t.serverCpu());
    progress(String.format(Locale.ROOT, "%s | %s | %s | run %d/%d: %.2f s (CPU: client %.2f s, server %.2f s)",
        backend, workload, tool.name(), run, options.runs(), t.seconds(), t.clientCpu(), t.serverCpu()));
  }

  private void failed(String workload, String backend, Tool tool, String unit, double amount, Exception e) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    figures.fail(workload, backend, tool.name(), unit, amount, message);
    progress(backend + " | " + workload + " | " + tool.name() + " FAILED: " + message);
  }

  static void progress(String message) {
    System.err.println("[bench] " + message);
  }

  private static boolean providerPresent(String scheme) {
    try {
      Storages.provider(scheme);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  static void deleteQuietly(Path path) {
    try {
      TestData.delete(path);
    } catch (IOException e) {
      progress("could not delete " + path + ": " + e.getMessage());
    }
  }

  private static String machine() {
    StringBuilder b = new StringBuilder();
    b.append(Runtime.getRuntime().availableProcessors()).append(" cores");
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          b.append(" (").append(line.substring(line.indexOf(':') + 1).trim()).append(')');
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          b.append(String.format(Locale.ROOT, ", %.0f GiB RAM", kib / 1024.0 / 1024.0));
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
    b.append(", Java ").append(System.getProperty("java.version"));
    b.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"));
    return b.toString();
  }

  private String versions() {
    List<String> v = new ArrayList<>();
    v.add(version(List.of("cp", "--version")));
    Path rclone = Processes.find("/usr/bin/rclone", "rclone");
    if (rclone != null) {
      v.add(version(List.of(rclone.toString(), "version")));
    }
    Path aws = Processes.find("/usr/bin/aws", "aws");
    if (aws != null) {
      v.add(version(List.of(aws.toString(), "--version")));
    }
    return String.join("; ", v);
  }

  private String version(List<String> command) {
    try {
      Path out = work.resolve("peers/version.out");
      Processes.run(command, peerEnv, log, out);
      List<String> lines = Files.readAllLines(out);
      Files.deleteIfExists(out);
      return lines.isEmpty() ? command.get(0) : lines.get(0).trim();
    } catch (IOException e) {
      return command.get(0) + " (version unknown)";
    }
  }
}

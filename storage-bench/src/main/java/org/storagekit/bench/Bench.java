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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.storagekit.StorageOptions;
import org.storagekit.Storages;
import org.storagekit.local.LocalStorageConfig;
import org.storagekit.testing.AzuriteServer;
import org.storagekit.testing.CephRgwServer;
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
  private static final long MIB = 1L << 20;

  private final BenchOptions options;
  private final Figures figures = new Figures();
  private final Path work;
  private final Peers peers;
  private final Path log;
  private final Map<String, String> peerEnv;
  /** The processes serving the backend being measured, for their CPU time. */
  private final List<Long> serverPids = new ArrayList<>();
  private final Workloads workloads;
  private final CliWorkloads cli; // null without --cli-jar

  Bench(BenchOptions options) throws IOException {
    this.options = options;
    this.work = options.work().toAbsolutePath();
    this.peers = new Peers(work);
    this.log = peers.log();
    this.peerEnv = peers.env();
    this.workloads = new Workloads(options, figures, work, serverPids);
    this.cli = options.cliJar() == null ? null
        : new CliWorkloads(options, figures, work, peerEnv, log, options.cliJar().toAbsolutePath());
  }

  /** Runs the bench; see the README for the arguments. */
  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("storage-bench: " + e.getMessage());
      System.err.println(BenchOptions.usage());
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

  // ================================================================ the run

  /** Runs every workload and returns the tables. */
  String run() throws Exception {
    BenchOptions.Sizes s = options.sizes();
    Path data = work.resolve("data");
    progress("test data in " + data);
    Path big = TestData.file(data.resolve("big.bin"), s.bigFile(), 1);
    Path small = TestData.directory(data.resolve("small"), s.smallFiles(), s.smallFileSize());
    Path warmBig = TestData.file(data.resolve("warm.bin"), Math.min(s.bigFile(), 16 * MIB), 2);
    Path warmSmall = TestData.directory(data.resolve("warm-small"), Math.min(s.smallFiles(), 200), s.smallFileSize());
    Workloads.Warmup warm = workloads.new Warmup(warmBig, warmSmall);

    List<MemoryRuns.Target> memoryTargets = new ArrayList<>();
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
      if (options.backends().contains("s3-rgw")) {
        s3Rgw(big, small, warm, memoryTargets, servers);
        partial();
      }
      if (options.backends().contains("azure")) {
        azure(big, small, warm, memoryTargets, servers);
        partial();
      }
      if (options.memory()) {
        Path mem = TestData.file(data.resolve("memory.bin"), s.memoryFile(), 3);
        long crc = TestData.crc(mem);
        for (MemoryRuns.Target t : memoryTargets) {
          new MemoryRuns(options, work, figures).run(t, mem, crc);
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
    BenchOptions.Sizes s = options.sizes();
    return String.join("\n",
        "StorageKit bench, " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .format(ZonedDateTime.now(ZoneOffset.UTC)) + ", " + Peers.machine(),
        "",
        String.format(Locale.ROOT, "Sizes: %s file, %,d x %s files, %,d keys listed, %s at -Xmx%s; %d run(s) per figure"
            + " (%d for listings)%s.",
            Figures.size(s.bigFile()), s.smallFiles(), Figures.size(s.smallFileSize()), s.listKeys(),
            Figures.size(s.memoryFile()), options.memoryHeap(), options.runs(), options.listRuns(),
            options.full() ? " (--full)" : " (quick sizes; --full for the issue's sizes)"),
        "Peers: " + peers.versions());
  }

  // ================================================================ local

  private void local(Path big, Path small, Workloads.Warmup warm, List<MemoryRuns.Target> memoryTargets) throws Exception {
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
      workloads.bigFile(backend, List.of(sk, unverified, cp), big, clean);
      workloads.smallFiles(backend, List.of(sk, unverified), small, clean);
    }
    String add = workloads.bigAdd();
    String get = workloads.bigGet();
    figures.compare(add, backend, Figures.STORAGEKIT, "cp", 0.8, null);
    figures.compare(get, backend, Figures.STORAGEKIT, "cp", 0.8, null);
    for (String w : List.of(add, get, workloads.smallAdd(), workloads.smallGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, Figures.STORAGEKIT + " verify=off", null,
          "integrity checks on vs off");
    }
    if (cli != null) {
      cli.startTime(Processes.find("/usr/bin/rclone", "rclone"));
      if (options.memory()) {
        cli.syncInASmallHeap();
      }
    } else {
      figures.note("the storage command was not measured: no --cli-jar (run.sh passes it)");
    }
    Path memRoot = root.resolve("memory");
    Files.createDirectories(memRoot);
    memoryTargets.add(new MemoryRuns.Target(backend, memRoot.toUri(), Map.of()));
  }

  // ================================================================ S3

  private void s3(Path big, Path small, Workloads.Warmup warm, List<MemoryRuns.Target> memoryTargets, List<AutoCloseable> servers)
      throws Exception {
    String backend = "S3 (S3Proxy)";
    Path jar = options.s3proxyJar();
    if (jar == null || !Files.isRegularFile(jar)) {
      figures.note("S3 not measured: no S3Proxy jar (run.sh fetches it; --s3proxy-jar PATH)");
      return;
    }
    progress("starting S3Proxy (filesystem store for transfers, in-memory store for the listing)");
    S3ProxyProcess fs = S3ProxyProcess.start(jar, "filesystem", work.resolve("s3proxy-fs"), Peers.ACCESS_KEY, Peers.SECRET_KEY);
    servers.add(fs);
    S3ProxyProcess mem = S3ProxyProcess.start(jar, "transient", work.resolve("s3proxy-mem"), Peers.ACCESS_KEY, Peers.SECRET_KEY);
    servers.add(mem);
    serverPids.clear();
    serverPids.add(fs.pid());
    serverPids.add(mem.pid());
    String fsEndpoint = fs.endpoint().toString();
    String memEndpoint = mem.endpoint().toString();
    Path fsData = fs.dataDirectory().resolve(BUCKET);
    peers.writeRcloneConfig(fsEndpoint, memEndpoint);
    peers.writeAwsConfig();

    AwsSdkTool sdk = new AwsSdkTool(fsEndpoint, BUCKET, Peers.ACCESS_KEY, Peers.SECRET_KEY);
    AwsSdkTool memSdk = new AwsSdkTool(memEndpoint, BUCKET, Peers.ACCESS_KEY, Peers.SECRET_KEY);
    sdk.createBucket();
    memSdk.createBucket();

    List<Tool> bigTools = new ArrayList<>();
    List<Tool> smallTools = new ArrayList<>();
    List<Tool> listTools = new ArrayList<>();
    StorageKitTool sk = null;
    StorageKitTool skList = null;
    if (providerPresent("s3")) {
      sk = new StorageKitTool(Figures.STORAGEKIT, p -> Storages.open(URI.create("s3://" + BUCKET + "/" + p),
          Peers.s3Properties(fsEndpoint)));
      skList = new StorageKitTool(Figures.STORAGEKIT, p -> Storages.open(URI.create("s3://" + BUCKET + "/" + p),
          Peers.s3Properties(memEndpoint)));
      bigTools.add(sk);
      smallTools.add(sk);
      listTools.add(skList);
      memoryTargets.add(new MemoryRuns.Target(backend, URI.create("s3://" + BUCKET + "/memory/"), Peers.s3Properties(fsEndpoint)));
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
      workloads.bigFile(backend, bigTools, big, clean);
      workloads.smallFiles(backend, smallTools, small, clean);
      progress(String.format(Locale.ROOT, "seeding %,d keys into the in-memory S3Proxy", options.sizes().listKeys()));
      long t0 = System.nanoTime();
      memSdk.seed("list", options.sizes().listKeys(), 32);
      progress(String.format(Locale.ROOT, "seeded in %.1f s", (System.nanoTime() - t0) / 1e9));
      workloads.listing(backend, listTools, "list", options.sizes().listKeys());
      if (cli != null && sk != null) {
        cli.syncAndRemove(backend, Peers.s3Properties(memEndpoint), rclone, "mem:" + BUCKET, memSdk);
      }
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
    for (String w : List.of(workloads.bigAdd(), workloads.bigGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "rclone", 1.0, null);
      figures.compare(w, backend, Figures.STORAGEKIT, "aws s3 cp", 1.0, null);
    }
    figures.compare(workloads.bigAdd(), backend, Figures.STORAGEKIT, "AWS SDK", null, "overhead vs one raw SDK PutObject");
    figures.compare(workloads.bigGet(), backend, Figures.STORAGEKIT, "AWS SDK", null, "vs one raw SDK GetObject");
    for (String w : List.of(workloads.smallAdd(), workloads.smallGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "rclone", 1.5, null);
      figures.compare(w, backend, Figures.STORAGEKIT, "aws s3 cp", null, "AWS CLI, no target");
    }
    figures.compare(workloads.listing(), backend, Figures.STORAGEKIT, "rclone", 1.0, null);
    figures.note("S3: transfers go to S3Proxy 2.7.0 with the jclouds filesystem store; the listing goes to a second "
        + "S3Proxy with the in-memory (transient) store, because the filesystem store re-reads every object's "
        + "metadata for each page of 1,000 keys (100,000 keys took rclone about 5 minutes there).");
  }

  // ================================================================ S3 on Ceph RGW

  /**
   * The S3 workloads against a second S3 server, Ceph's RADOS Gateway (one single-node cluster with
   * a memstore OSD, over http), with the same peers; transfers and the listing on the one gateway.
   */
  private void s3Rgw(Path big, Path small, Workloads.Warmup warm, List<MemoryRuns.Target> memoryTargets,
      List<AutoCloseable> servers) throws Exception {
    List<String> missing = CephRgwServer.missingPrograms();
    if (!missing.isEmpty()) {
      figures.note("S3 on Ceph RGW not measured: " + String.join(", ", missing) + " missing; install them with "
          + CephRgwServer.INSTALL_COMMAND + " (as root)");
      return;
    }
    progress("starting Ceph RGW (one monitor, manager, memstore OSD and radosgw on loopback)");
    BenchOptions.Sizes s = options.sizes();
    // memstore keeps objects in memory, deleted ones until the gateway's garbage collection
    long capacity = Math.max(4L << 30, 3 * s.bigFile() + 2 * s.memoryFile() + (1L << 30));
    CephRgwServer rgw = CephRgwServer.builder().parent(work.resolve("ceph")).memstoreBytes(capacity).start();
    servers.add(rgw);
    progress(String.format(Locale.ROOT, "Ceph %s ready in %.1f s, %d MiB resident", rgw.version(),
        rgw.startTime().toMillis() / 1e3, rgw.rssBytes() >> 20));
    rgw.addUser("bench", Peers.ACCESS_KEY, Peers.SECRET_KEY);
    String backend = "S3 (Ceph RGW " + rgw.version() + ")";
    serverPids.clear();
    serverPids.addAll(rgw.pids());
    String endpoint = rgw.httpEndpoint().toString();
    peers.writeRcloneConfig(endpoint, endpoint);
    peers.writeAwsConfig();
    AwsSdkTool sdk = new AwsSdkTool(endpoint, BUCKET, Peers.ACCESS_KEY, Peers.SECRET_KEY);
    sdk.createBucket();

    List<Tool> bigTools = new ArrayList<>();
    List<Tool> smallTools = new ArrayList<>();
    List<Tool> listTools = new ArrayList<>();
    StorageKitTool sk = null;
    if (providerPresent("s3")) {
      sk = new StorageKitTool(Figures.STORAGEKIT, p -> Storages.open(URI.create("s3://" + BUCKET + "/" + p),
          Peers.s3Properties(endpoint)));
      bigTools.add(sk);
      smallTools.add(sk);
      listTools.add(sk);
      memoryTargets.add(new MemoryRuns.Target(backend, URI.create("s3://" + BUCKET + "/memory/"),
          Peers.s3Properties(endpoint)));
    } else {
      figures.note("StorageKit on S3 not measured: storage-s3 is not on the class path (not merged yet)");
    }
    Path rclone = Processes.find("/usr/bin/rclone", "rclone");
    Path aws = Processes.find("/usr/bin/aws", "aws");
    if (rclone != null) {
      RcloneTool r = new RcloneTool(rclone, "fs:" + BUCKET, peerEnv, log, work.resolve("peers"), List.of());
      bigTools.add(r);
      smallTools.add(r);
      listTools.add(r);
    }
    if (aws != null) {
      AwsCliTool a = new AwsCliTool(aws, endpoint, BUCKET, peerEnv, log);
      bigTools.add(a);
      smallTools.add(a);
    }
    bigTools.add(sdk);
    Function<String, Void> clean = prefix -> {
      try {
        sdk.deletePrefix(prefix, 16);
      } catch (Exception e) {
        progress("could not delete " + prefix + "/ on RGW: " + e);
      }
      return null;
    };
    try {
      if (sk != null) {
        warm.run(backend, sk, clean);
      }
      workloads.bigFile(backend, bigTools, big, clean);
      workloads.smallFiles(backend, smallTools, small, clean);
      progress(String.format(Locale.ROOT, "seeding %,d keys into RGW", s.listKeys()));
      long t0 = System.nanoTime();
      sdk.seed("list", s.listKeys(), 32);
      progress(String.format(Locale.ROOT, "seeded in %.1f s", (System.nanoTime() - t0) / 1e9));
      workloads.listing(backend, listTools, "list", s.listKeys());
      clean.apply("list");
      if (cli != null && sk != null) {
        cli.syncAndRemove(backend, Peers.s3Properties(endpoint), rclone, "fs:" + BUCKET, sdk);
        clean.apply("sync-storagekit");
        clean.apply("sync-rclone");
      }
    } finally {
      if (sk != null) {
        sk.close();
      }
      sdk.close();
    }
    for (String w : List.of(workloads.bigAdd(), workloads.bigGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "rclone", 1.0, null);
      figures.compare(w, backend, Figures.STORAGEKIT, "aws s3 cp", 1.0, null);
    }
    figures.compare(workloads.bigAdd(), backend, Figures.STORAGEKIT, "AWS SDK", null, "overhead vs one raw SDK PutObject");
    figures.compare(workloads.bigGet(), backend, Figures.STORAGEKIT, "AWS SDK", null, "vs one raw SDK GetObject");
    for (String w : List.of(workloads.smallAdd(), workloads.smallGet())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "rclone", 1.5, null);
      figures.compare(w, backend, Figures.STORAGEKIT, "aws s3 cp", null, "AWS CLI, no target");
    }
    figures.compare(workloads.listing(), backend, Figures.STORAGEKIT, "rclone", 1.0, null);
    figures.note(String.format(Locale.ROOT, "S3 (Ceph RGW): Ceph %s from Debian, one monitor, manager, OSD "
        + "(memstore, in memory) and radosgw (beast, plain http) on loopback, started in %.1f s; server CPU is the "
        + "four daemons together.", rgw.version(), rgw.startTime().toMillis() / 1e3));
  }

  // ================================================================ Azure

  private void azure(Path big, Path small, Workloads.Warmup warm, List<MemoryRuns.Target> memoryTargets, List<AutoCloseable> servers)
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
      memoryTargets.add(new MemoryRuns.Target(backend, URI.create("az://" + BUCKET + "/memory/"), props));
    } else {
      figures.note("StorageKit on Azure not measured: storage-azure is not on the class path");
    }
    tools.add(sdk);
    Function<String, Void> clean = prefix -> null; // Azurite's files live in the bench's folder, removed at the end
    try {
      if (sk != null) {
        warm.run(backend, sk, clean);
      }
      workloads.bigFile(backend, tools, big, clean);
      workloads.smallFiles(backend, tools, small, clean);
      progress(String.format(Locale.ROOT, "seeding %,d keys into Azurite", options.sizes().listKeys()));
      long t0 = System.nanoTime();
      new AzureSdkTool(connection, BUCKET, 32).seed("list", options.sizes().listKeys());
      progress(String.format(Locale.ROOT, "seeded in %.1f s", (System.nanoTime() - t0) / 1e9));
      workloads.listing(backend, tools, "list", options.sizes().listKeys());
    } finally {
      if (sk != null) {
        sk.close();
      }
    }
    for (String w : List.of(workloads.bigAdd(), workloads.bigGet(), workloads.smallAdd(), workloads.smallGet(), workloads.listing())) {
      figures.compare(w, backend, Figures.STORAGEKIT, "Azure SDK", null, "vs the SDK used directly, no target");
    }
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

}

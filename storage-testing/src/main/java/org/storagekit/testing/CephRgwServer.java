package org.storagekit.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway single-node Ceph cluster serving S3 through the RADOS Gateway on loopback, from
 * Debian's packages ({@value #INSTALL_COMMAND}): one monitor, one manager, one OSD on
 * {@code memstore} (the data lives in the OSD's memory) and {@code radosgw} with the {@code beast}
 * frontend on {@code 127.0.0.1}, over http and over https with a self-signed certificate for
 * {@code 127.0.0.1}. Authentication between the daemons is off ({@code auth none}), pools have one
 * replica, and an S3 user with {@link #ACCESS_KEY} and {@link #SECRET_KEY} is created with
 * {@code radosgw-admin}. Every port is a free one, every file (configuration, monitor store, logs,
 * certificate, trust store) is in a temp folder of its own, and {@link #close()} kills exactly the
 * four daemons it started, then deletes that folder.
 *
 * <p>No bucket is created: this module has no S3 client; the tests create theirs.
 *
 * <p>Missing packages are an error naming the command that installs them, never a reason to skip.
 *
 * <pre>{@code
 * CephRgwServer.shared().httpEndpoint()                   // one cluster for the test JVM
 * try (CephRgwServer rgw = CephRgwServer.builder().start()) { ... } // one of one's own, stopped by close
 * }</pre>
 */
public final class CephRgwServer implements AutoCloseable {
  /** The S3 access key of the user the cluster starts with. */
  public static final String ACCESS_KEY = "storagekit-rgw-access-key";
  /** The S3 secret key of that user; tests check that it is never printed. */
  public static final String SECRET_KEY = "storagekit-rgw-secret-key-never-printed";
  /** The Debian packages the cluster is made of. */
  public static final List<String> PACKAGES = List.of("ceph-mon", "ceph-mgr", "ceph-osd", "radosgw", "ceph-common");
  /** What installs them (as root; {@code .ci/run} does it). */
  public static final String INSTALL_COMMAND =
      "apt-get install -y ceph-mon ceph-mgr ceph-osd radosgw ceph-common openssl";
  /** Password of {@link #trustStore()}; not a secret (it guards a public certificate). */
  public static final String TRUST_STORE_PASSWORD = "storagekit";

  private static final Logger LOG = LoggerFactory.getLogger(CephRgwServer.class);
  private static final List<String> PROGRAMS = List.of("ceph-mon", "ceph-mgr", "ceph-osd", "radosgw", "ceph",
      "radosgw-admin", "monmaptool", "openssl");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern VERSION = Pattern.compile("ceph version (\\S+)");
  private static final Pattern PG_STAT = Pattern.compile("^(\\d+) pgs: (\\d+) active\\+clean;");
  private static CephRgwServer shared;
  private static RuntimeException sharedFailure;

  private final Path dir;
  private final Path conf;
  private final List<ServerProcess> daemons = new ArrayList<>(); // in start order; stopped in reverse
  private final Thread deleteAtExit;
  private final Set<String> secrets = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private int httpPort;
  private int httpsPort;
  private String version = "unknown";
  private Duration startTime = Duration.ZERO;

  private CephRgwServer(Path dir) {
    this.dir = dir;
    this.conf = dir.resolve("ceph.conf");
    this.deleteAtExit = new Thread(this::stopAndDelete, "ceph-rgw-stop");
    this.secrets.add(SECRET_KEY);
  }

  /**
   * The cluster shared by the whole JVM, started on first use and stopped when the JVM exits. It
   * also makes this JVM trust the cluster's certificate ({@link #trustInThisJvm()}), so https
   * clients built afterwards reach it. If it fails to start, every later call fails at once with
   * that cause.
   */
  public static synchronized CephRgwServer shared() {
    if (sharedFailure != null) {
      throw new IllegalStateException("Ceph RGW could not be started earlier in this run", sharedFailure);
    }
    if (shared == null) {
      try {
        shared = builder().start();
        shared.trustInThisJvm();
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
    }
    return shared;
  }

  /** Options for a new cluster; {@link Builder#start()} starts it, and the caller closes it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The programs of {@link #PACKAGES} that are not on the PATH (empty when Ceph is installed).
   */
  public static List<String> missingPrograms() {
    List<String> missing = new ArrayList<>();
    for (String program : PROGRAMS) {
      if (which(program) == null) {
        missing.add(program);
      }
    }
    return missing;
  }

  /** The http endpoint, {@code http://127.0.0.1:PORT}; use path-style requests. */
  public URI httpEndpoint() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** The https endpoint, {@code https://127.0.0.1:PORT}, with the certificate in {@link #trustStore()}. */
  public URI httpsEndpoint() {
    return URI.create("https://127.0.0.1:" + httpsPort);
  }

  /** The self-signed certificate of the https endpoint (PEM), for clients such as rclone or curl. */
  public Path certificate() {
    return dir.resolve("rgw.crt");
  }

  /**
   * A PKCS#12 trust store ({@value #TRUST_STORE_PASSWORD}) holding the JDK's trusted certificates
   * and the cluster's own.
   */
  public Path trustStore() {
    return dir.resolve("truststore.p12");
  }

  /**
   * Points this JVM's default trust ({@code javax.net.ssl.trustStore} and friends) at
   * {@link #trustStore()}, which also holds every certificate the JDK trusts. For tests and the
   * bench only; TLS contexts made afterwards trust the cluster.
   */
  public void trustInThisJvm() {
    System.setProperty("javax.net.ssl.trustStore", trustStore().toString());
    System.setProperty("javax.net.ssl.trustStorePassword", TRUST_STORE_PASSWORD);
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
  }

  /** Ceph's version, such as {@code 16.2.15}. */
  public String version() {
    return version;
  }

  /** How long the cluster took from nothing to serving S3 with every placement group active and clean. */
  public Duration startTime() {
    return startTime;
  }

  /** The process ids of the four daemons (monitor, manager, OSD, gateway). */
  public List<Long> pids() {
    return daemons.stream().map(ServerProcess::pid).toList();
  }

  /** The resident memory of the four daemons together now, in bytes (the OSD's includes the stored data). */
  public long rssBytes() {
    long total = 0;
    for (ServerProcess daemon : daemons) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(daemon.pid()), "status"))) {
          if (line.startsWith("VmRSS:")) {
            total += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException gone) {
        // the daemon has exited: nothing resident
      }
    }
    return total;
  }

  /**
   * Adds an S3 user with these keys (for tools whose keys are fixed, such as the bench's peers).
   * The secret is never printed.
   */
  public void addUser(String uid, String accessKey, String secretKey) {
    secrets.add(secretKey);
    try {
      run(List.of("radosgw-admin", "-c", conf.toString(), "user", "create", "--uid", uid, "--display-name", uid,
          "--access-key", accessKey, "--secret-key", secretKey));
    } catch (IOException e) {
      throw new UncheckedIOException("radosgw-admin could not add the user " + uid, e);
    }
  }

  /** The cluster's health as {@code ceph health} reports it (for diagnostics). */
  public String health() {
    return ceph("health").trim();
  }

  /** Kills the daemons this cluster started (and only those), then deletes its folder. */
  @Override
  public void close() {
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(deleteAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down; the hook does this again, which does nothing
    }
  }

  @Override
  public String toString() {
    return "Ceph " + version + " RGW on " + httpEndpoint() + " and " + httpsEndpoint();
  }

  private synchronized void stopAndDelete() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).kill(); // a throwaway cluster: no clean shutdown (memstore would write itself to disk)
    }
    daemons.clear();
    delete(dir);
  }

  private void start(long memstoreBytes, Duration timeout) {
    long started = System.nanoTime();
    List<String> missing = missingPrograms();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Ceph's RADOS Gateway cannot be started: " + String.join(", ", missing)
          + " not found on the PATH. Install Debian's Ceph packages (Debian 12 has Ceph 16.2), as root: "
          + INSTALL_COMMAND + " (.ci/run does it); the S3 tests against RGW fail without them.");
    }
    Runtime.getRuntime().addShutdownHook(deleteAtExit);
    try {
      for (String sub : List.of("run", "log", "mon", "osd", "mgr", "rgw")) {
        Files.createDirectories(dir.resolve(sub));
      }
      Set<Integer> ports = new LinkedHashSet<>();
      while (ports.size() < 4) {
        ports.add(ServerProcess.freePort());
      }
      List<Integer> p = new ArrayList<>(ports);
      int monV2 = p.get(0);
      int monV1 = p.get(1);
      httpPort = p.get(2);
      httpsPort = p.get(3);
      version = versionOf(run(List.of("ceph", "--version")));
      certificate(dir);
      String fsid = UUID.randomUUID().toString();
      String monAddress = "[v2:127.0.0.1:" + monV2 + ",v1:127.0.0.1:" + monV1 + "]";
      Files.writeString(conf, config(fsid, monAddress, memstoreBytes), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("keyring"), "", StandardCharsets.UTF_8);

      run(List.of("monmaptool", "--create", "--fsid", fsid, "--addv", "a", monAddress, dir.resolve("monmap").toString()));
      run(List.of("ceph-mon", "-c", conf.toString(), "--mkfs", "-i", "a", "--monmap", dir.resolve("monmap").toString()));
      daemons.add(ServerProcess.start("ceph-mon", List.of("ceph-mon", "-c", conf.toString(), "-i", "a", "-f"),
          monV2, dir.resolve("log/ceph-mon.out"), timeout));
      daemons.add(ServerProcess.start("ceph-mgr", List.of("ceph-mgr", "-c", conf.toString(), "-i", "x", "-f"),
          dir.resolve("log/ceph-mgr.out"), timeout, () -> true, "started"));

      String osdUuid = UUID.randomUUID().toString();
      String osd = ceph("osd", "new", osdUuid).trim();
      Files.createDirectories(dir.resolve("osd/osd." + osd));
      run(List.of("ceph-osd", "-c", conf.toString(), "-i", osd, "--mkfs", "--osd-uuid", osdUuid));
      daemons.add(ServerProcess.start("ceph-osd", List.of("ceph-osd", "-c", conf.toString(), "-i", osd, "-f"),
          dir.resolve("log/ceph-osd.out"), timeout, () -> ceph("osd", "stat").contains("1 up"), "up"));

      daemons.add(ServerProcess.start("radosgw", List.of("radosgw", "-c", conf.toString(), "-n", "client.rgw.a", "-f"),
          httpPort, dir.resolve("log/radosgw.out"), timeout));
      awaitAccepting(httpsPort, timeout);
      run(List.of("radosgw-admin", "-c", conf.toString(), "user", "create", "--uid", "storagekit",
          "--display-name", "StorageKit tests", "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY));
      awaitCleanPgs(timeout);
    } catch (IOException e) {
      stopAndDelete();
      throw new UncheckedIOException("Ceph RGW could not be started in " + dir, e);
    } catch (RuntimeException e) {
      String logs = logs();
      stopAndDelete();
      throw new IllegalStateException("Ceph RGW could not be started: " + e.getMessage() + logs, e);
    }
    startTime = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("{} ready in {} ms ({} MiB resident, health {}, folder {})", this, startTime.toMillis(),
        rssBytes() >> 20, health(), dir);
  }

  /** The configuration: loopback only, no authentication, one replica, memstore, beast on http and https. */
  private String config(String fsid, String monAddress, long memstoreBytes) {
    String d = dir.toString();
    return String.join("\n",
        "[global]",
        "fsid = " + fsid,
        "mon host = " + monAddress,
        "public addr = 127.0.0.1",
        "cluster addr = 127.0.0.1",
        "ms bind ipv6 = false",
        "auth cluster required = none",
        "auth service required = none",
        "auth client required = none",
        // under auth none, radosgw otherwise loops on "get_initial_auth_request returned -13"
        "ms mon client mode = crc",
        "keyring = " + d + "/keyring",
        "osd pool default size = 1",
        "osd pool default min size = 1",
        "mon allow pool size one = true",
        "osd pool default pg num = 8",
        "osd pool default pgp num = 8",
        "osd pool default pg autoscale mode = off",
        "mon max pg per osd = 1000",
        "mon warn on pool no redundancy = false",
        "mon warn on insecure global id reclaim allowed = false",
        "mon data avail warn = 2",
        "mon data avail crit = 1",
        "osd objectstore = memstore",
        "memstore device bytes = " + memstoreBytes,
        "run dir = " + d + "/run",
        "admin socket = " + d + "/run/$name.$pid.asok",
        "log file = " + d + "/log/$name.log",
        "mon data = " + d + "/mon/$name",
        "osd data = " + d + "/osd/$name",
        "mgr data = " + d + "/mgr/$name",
        "rgw data = " + d + "/rgw/$name",
        "",
        "[client.rgw.a]",
        "rgw frontends = beast endpoint=127.0.0.1:" + httpPort + " ssl_endpoint=127.0.0.1:" + httpsPort
            + " ssl_certificate=" + certificate() + " ssl_private_key=" + d + "/rgw.key",
        // deleted objects' tails are collected soon, so memstore frees them during a run
        "rgw gc obj min wait = 30",
        "rgw gc processor period = 30",
        "");
  }

  /** A self-signed certificate for 127.0.0.1 (openssl), and the trust store holding it and the JDK's. */
  private void certificate(Path dir) throws IOException {
    run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7",
        "-keyout", dir.resolve("rgw.key").toString(), "-out", certificate().toString(),
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"));
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      File jdk = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toFile();
      if (jdk.isFile()) {
        KeyStore cacerts = KeyStore.getInstance(jdk, "changeit".toCharArray());
        for (String alias : java.util.Collections.list(cacerts.aliases())) {
          if (cacerts.isCertificateEntry(alias)) {
            trust.setCertificateEntry(alias, cacerts.getCertificate(alias));
          }
        }
      }
      Certificate rgw;
      try (InputStream in = Files.newInputStream(certificate())) {
        rgw = CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      trust.setCertificateEntry("storagekit-ceph-rgw", rgw);
      try (OutputStream out = Files.newOutputStream(trustStore())) {
        trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not write the trust store for the RGW certificate", e);
    }
  }

  private void awaitAccepting(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ServerProcess.accepts(port)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("radosgw did not listen for https on port " + port);
      }
      sleep(50);
    }
  }

  /** Waits until every placement group (the gateway's pools are new) is active and clean. */
  private void awaitCleanPgs(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String stat = "";
    while (System.nanoTime() < deadline) {
      stat = ceph("pg", "stat").trim();
      Matcher m = PG_STAT.matcher(stat);
      if (m.find() && m.group(1).equals(m.group(2)) && !"0".equals(m.group(1))) {
        return;
      }
      sleep(250);
    }
    throw new IllegalStateException("placement groups not all active+clean after " + timeout.toSeconds()
        + " s: " + stat);
  }

  private String ceph(String... args) {
    List<String> command = new ArrayList<>(List.of("ceph", "-c", conf.toString(), "--connect-timeout", "30"));
    command.addAll(List.of(args));
    try {
      return run(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a short command in the cluster's folder; its output, or an error carrying it. */
  private String run(List<String> command) throws IOException {
    Path out = Files.createTempFile(dir.resolve("log"), "command-", ".out");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    try {
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
            + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      for (String secret : secrets) {
        output = output.replace(secret, "(secret)");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command.get(0) + " " + String.join(" ", args(command)) + " failed with exit code "
            + process.exitValue() + ":\n" + output);
      }
      return output;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The arguments of a command as they may be printed: never a secret key. */
  private List<String> args(List<String> command) {
    return command.subList(1, command.size()).stream().map(a -> secrets.contains(a) ? "(secret)" : a).toList();
  }

  /** The end of each daemon's log, for an error message. */
  private String logs() {
    StringBuilder s = new StringBuilder();
    for (String name : List.of("mon.a", "mgr.x", "osd.0", "client.rgw.a")) {
      Path log = dir.resolve("log/" + name + ".log");
      if (Files.exists(log)) {
        s.append("\n--- ").append(log).append(":\n").append(ServerProcess.tail(log));
      }
    }
    return s.toString();
  }

  private static String versionOf(String output) {
    Matcher m = VERSION.matcher(output);
    return m.find() ? m.group(1) : output.trim();
  }

  private static Path which(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/sbin:/sbin";
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path candidate = Path.of(entry, program);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Ceph", e);
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp folder
    }
  }

  /** Options of a new cluster. */
  public static final class Builder {
    private long memstoreBytes = 4L << 30;
    private Path parent;
    private Duration timeout = Duration.ofSeconds(180);

    private Builder() {}

    /**
     * The OSD's capacity (default 4 GiB). memstore keeps the data in memory, so this bounds what
     * the OSD may hold, not what it allocates up front.
     */
    public Builder memstoreBytes(long bytes) {
      this.memstoreBytes = bytes;
      return this;
    }

    /** Where the cluster's temp folder is made (default {@code java.io.tmpdir}). */
    public Builder parent(Path parent) {
      this.parent = parent;
      return this;
    }

    /** How long each step of the start may take (default 180 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Starts the cluster and returns once S3 is served on both endpoints and every placement group
     * is active and clean.
     *
     * @throws IllegalStateException if Ceph is not installed (naming the install command) or does
     *     not start (with the end of the daemons' logs)
     */
    public CephRgwServer start() {
      Path dir;
      try {
        dir = parent == null ? Files.createTempDirectory("storagekit-ceph-")
            : Files.createTempDirectory(Files.createDirectories(parent), "storagekit-ceph-");
      } catch (IOException e) {
        throw new UncheckedIOException("no temp folder for Ceph", e);
      }
      CephRgwServer server = new CephRgwServer(dir);
      server.start(memstoreBytes, timeout);
      return server;
    }
  }
}

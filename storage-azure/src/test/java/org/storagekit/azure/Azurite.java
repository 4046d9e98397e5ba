package org.storagekit.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microsoft's Azure Storage emulator, Azurite, run from the npm registry for the tests: the pinned
 * version is installed with {@code npm} into a cache folder on first use (set
 * {@code -Dstoragekit.azurite.home=DIR} to choose it; default {@code ~/.cache/storagekit/azurite-VERSION}),
 * then {@code azurite-blob} is started on a free loopback port with in-memory persistence and
 * telemetry off, and stopped when the test JVM exits. Missing Node.js or npm is an error, never a
 * reason to skip.
 */
final class Azurite {
  /** The Azurite release the tests run against. */
  static final String VERSION = "3.37.0";
  /** The emulator's well-known development account. */
  static final String ACCOUNT = "devstoreaccount1";
  /** The development account's well-known key (public; documented by Microsoft). */
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final long INSTALL_TIMEOUT_MINUTES = 10;
  private static final long START_TIMEOUT_MILLIS = 60_000;
  private static Azurite shared;
  private static RuntimeException failure;

  private final Process process;
  private final int port;
  private final Path log;

  private Azurite(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The emulator shared by every test in this JVM, installed and started on first use. */
  static synchronized Azurite shared() {
    if (failure != null) {
      throw new IllegalStateException("Azurite could not be provisioned earlier in this run", failure);
    }
    if (shared == null) {
      try {
        shared = start(install(home()));
      } catch (RuntimeException e) {
        failure = e; // fail every later test at once instead of installing again
        throw e;
      }
      Azurite started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "azurite-stop"));
    }
    return shared;
  }

  /** The blob endpoint, path-style: {@code http://127.0.0.1:PORT/devstoreaccount1}. */
  String endpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** A connection string for the development account on this emulator. */
  String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
        + endpoint() + ";";
  }

  /** The container {@code name}, created if missing, through the SDK directly. */
  BlobContainerClient container(String name) {
    BlobContainerClient client = new BlobServiceClientBuilder().connectionString(connectionString()).buildClient()
        .getBlobContainerClient(name);
    client.createIfNotExists();
    return client;
  }

  /** A configuration for {@code container} on this emulator with the development account's key. */
  AzureStorageConfig.Builder config(String container) {
    return AzureStorageConfig.builder(container).connectionString(connectionString());
  }

  /** The loopback port. */
  int port() {
    return port;
  }

  private void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Path home() {
    String configured = System.getProperty("storagekit.azurite.home");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    String userHome = System.getProperty("user.home");
    if (userHome == null || userHome.isBlank() || !Files.isWritable(Path.of(userHome))) {
      return Path.of("target", "azurite-" + VERSION).toAbsolutePath();
    }
    return Path.of(userHome, ".cache", "storagekit", "azurite-" + VERSION);
  }

  /** Installs the pinned Azurite under {@code home} unless a finished install is there; returns its blob entry point. */
  private static Path install(Path home) {
    Path main = home.resolve("node_modules/azurite/dist/src/blob/main.js");
    Path done = home.resolve(".installed-" + VERSION);
    try {
      Files.createDirectories(home);
      try (FileChannel lockFile = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        lockFile.lock(); // released when the channel closes; keeps concurrent test JVMs from installing twice
        if (Files.exists(done) && Files.isRegularFile(main)) {
          return main;
        }
        Path output = home.resolve("npm-install.log");
        int exit = npmInstall(home, output);
        if (exit != 0) {
          exit = npmInstall(home, output); // one more try: a registry hiccup should not fail the build
        }
        if (exit != 0 || !Files.isRegularFile(main)) {
          throw new IllegalStateException("npm install azurite@" + VERSION + " into " + home
              + " failed with exit code " + exit + ":\n" + tail(output));
        }
        Files.writeString(done, VERSION + "\n", StandardCharsets.UTF_8);
        return main;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install Azurite into " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing Azurite", e);
    }
  }

  private static int npmInstall(Path home, Path output) throws IOException, InterruptedException {
    List<String> command = List.of("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
        "--no-update-notifier", "--loglevel=error", "azurite@" + VERSION);
    Process npm;
    try {
      npm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("the Azure tests install Azurite " + VERSION
          + " with npm, but npm could not be started; install Node.js (20 or later) and npm", e);
    }
    if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm install azurite@" + VERSION + " did not finish in "
          + INSTALL_TIMEOUT_MINUTES + " minutes; see " + output);
    }
    return npm.exitValue();
  }

  private static Azurite start(Path main) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path dir = Path.of("target", "azurite").toAbsolutePath();
      Path log = dir.resolve("azurite-" + port + ".log");
      Process process;
      try {
        Files.createDirectories(dir);
        process = new ProcessBuilder("node", main.toString(),
            "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
            "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start Azurite with node; install Node.js (20 or later)", e);
      }
      Azurite azurite = new Azurite(process, port, log);
      try {
        azurite.awaitPort();
        return azurite;
      } catch (IllegalStateException e) {
        azurite.stop();
        last = e;
        if (!tail(log).contains("EADDRINUSE")) {
          break; // only a port taken between probing and binding is worth another try
        }
      }
    }
    throw last;
  }

  /** Waits until the port accepts connections, or fails if the process exits or the deadline passes. */
  private void awaitPort() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("Azurite exited with code " + process.exitValue() + " before listening on "
              + port + ":\n" + tail(log));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting Azurite", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Azurite did not listen on port " + port + " within " + START_TIMEOUT_MILLIS
            + " ms:\n" + tail(log));
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}

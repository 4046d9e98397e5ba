package org.storagekit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microsoft's Azure Storage emulator, Azurite, from the npm registry: the pinned {@link #VERSION}
 * is installed with {@code npm} into a cache folder on first use ({@link #defaultHome()}), then
 * {@code azurite-blob} is started with {@code node} on a free loopback port, telemetry off.
 *
 * <p>Missing Node.js or npm is an error naming what to install, never a reason to skip.
 *
 * <pre>{@code
 * AzuriteServer.shared().connectionString()          // one in-memory emulator for the test JVM
 * try (AzuriteServer a = AzuriteServer.builder().location(dir).start()) { ... }  // on disk, stopped by close
 * }</pre>
 */
public final class AzuriteServer implements AutoCloseable {
  /** The Azurite release the tests and the bench run against. */
  public static final String VERSION = "3.37.0";
  /** The emulator's well-known development account. */
  public static final String ACCOUNT = "devstoreaccount1";
  /** The development account's well-known key (public; documented by Microsoft). */
  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  /** The system property that chooses the install folder. */
  public static final String HOME_PROPERTY = "storagekit.azurite.home";

  private static final long INSTALL_TIMEOUT_MINUTES = 10;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;
  private static AzuriteServer shared;
  private static RuntimeException sharedFailure;

  private final ServerProcess process;

  private AzuriteServer(ServerProcess process) {
    this.process = process;
  }

  /**
   * The in-memory emulator shared by the whole JVM, installed and started on first use, stopped
   * when the JVM exits. If provisioning fails, every later call fails at once with that cause.
   */
  public static synchronized AzuriteServer shared() {
    if (sharedFailure != null) {
      throw new IllegalStateException("Azurite could not be provisioned earlier in this run", sharedFailure);
    }
    if (shared == null) {
      try {
        shared = builder().start();
      } catch (RuntimeException e) {
        sharedFailure = e; // fail every later test at once instead of installing again
        throw e;
      }
    }
    return shared;
  }

  /** Options for a new emulator; {@link Builder#start()} starts it, and the caller closes it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where Azurite is installed unless told otherwise: the folder of {@value #HOME_PROPERTY} if
   * set, else {@code ~/.cache/storagekit/azurite-VERSION}, else (no writable home)
   * {@code target/azurite-VERSION}.
   */
  public static Path defaultHome() {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    String userHome = System.getProperty("user.home");
    if (userHome == null || userHome.isBlank() || !Files.isWritable(Path.of(userHome))) {
      return Path.of("target", "azurite-" + VERSION).toAbsolutePath();
    }
    return Path.of(userHome, ".cache", "storagekit", "azurite-" + VERSION);
  }

  /**
   * Installs the pinned Azurite under {@code folder} unless a finished install is there; returns the
   * blob service's entry point (an absolute path). Concurrent JVMs wait for each other on a lock
   * file in the folder.
   *
   * @throws IllegalStateException if npm is missing or the install fails (with npm's output)
   */
  public static Path install(Path folder) {
    Path home = folder.toAbsolutePath();
    Path main = home.resolve("node_modules/azurite/dist/src/blob/main.js");
    Path done = home.resolve(".installed-" + VERSION);
    try {
      Files.createDirectories(home);
      try (FileChannel lockFile = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        lockFile.lock(); // released when the channel closes
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
              + " failed with exit code " + exit + ":\n" + ServerProcess.tail(output));
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

  /** The blob endpoint, path-style: {@code http://127.0.0.1:PORT/devstoreaccount1}. */
  public String endpoint() {
    return "http://127.0.0.1:" + process.port() + "/" + ACCOUNT;
  }

  /** A connection string for the development account on this emulator. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
        + endpoint() + ";";
  }

  /** The loopback port. */
  public int port() {
    return process.port();
  }

  /** The node process's id. */
  public long pid() {
    return process.pid();
  }

  /** Stops the emulator (an in-memory one loses its data). */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "Azurite " + VERSION + ": " + process;
  }

  private static int npmInstall(Path home, Path output) throws IOException, InterruptedException {
    List<String> command = List.of("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
        "--no-update-notifier", "--loglevel=error", "azurite@" + VERSION);
    Process npm;
    try {
      npm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("Azurite " + VERSION + " is installed with npm, but npm could not be"
          + " started; install Node.js (20 or later) and npm", e);
    }
    if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm install azurite@" + VERSION + " did not finish in "
          + INSTALL_TIMEOUT_MINUTES + " minutes; see " + output);
    }
    return npm.exitValue();
  }

  /** Options of a new emulator. */
  public static final class Builder {
    private Path home;
    private Path location;
    private boolean loose;

    private Builder() {}

    /** Where Azurite is (installed there if missing); default {@link AzuriteServer#defaultHome()}. */
    public Builder home(Path home) {
      this.home = home;
      return this;
    }

    /**
     * Keeps the blobs on disk under {@code location}, with the log there too; default: in memory,
     * the log in {@code target/azurite}.
     */
    public Builder location(Path location) {
      this.location = location;
      return this;
    }

    /** Azurite's {@code --loose}: ignores the headers and parameters it does not support. */
    public Builder loose(boolean loose) {
      this.loose = loose;
      return this;
    }

    /**
     * Installs Azurite if needed and starts it on a free loopback port; a port taken between
     * choosing and binding it is retried with another.
     *
     * @throws IllegalStateException if npm or node is missing, the install fails, or the emulator
     *     does not come up (with its output)
     */
    public AzuriteServer start() {
      Path main = install(home != null ? home : defaultHome());
      Path persisted = location != null ? location.toAbsolutePath() : null;
      IllegalStateException last = null;
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        int port = ServerProcess.freePort();
        Path log = persisted != null ? persisted.resolve("azurite.log")
            : Path.of("target", "azurite", "azurite-" + port + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("node", main.toString(),
            "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port)));
        if (persisted != null) {
          command.addAll(List.of("--location", persisted.toString()));
        } else {
          command.add("--inMemoryPersistence");
        }
        if (loose) {
          command.add("--loose");
        }
        command.addAll(List.of("--disableTelemetry", "--skipApiVersionCheck", "--silent"));
        try {
          return new AzuriteServer(ServerProcess.start("Azurite", command, port, log, START_TIMEOUT));
        } catch (IOException e) {
          throw new IllegalStateException("cannot start Azurite with node; install Node.js (20 or later)", e);
        } catch (IllegalStateException e) {
          last = e;
          if (!ServerProcess.tail(log).contains("EADDRINUSE")) {
            break; // only a port taken between probing and binding is worth another try
          }
        }
      }
      throw last;
    }
  }
}

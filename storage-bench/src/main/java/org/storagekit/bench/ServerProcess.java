package org.storagekit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server the bench starts on loopback for its own use (S3Proxy, Azurite) and stops at the end. */
final class ServerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The loopback port it listens on. */
  int port() {
    return port;
  }

  /** The server's process id, to read its memory from /proc. */
  long pid() {
    return process.pid();
  }

  /** A free loopback port. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts S3Proxy 2.7.0 from its standalone jar with the given jclouds provider ({@code filesystem}
   * or {@code transient}) and waits until it accepts connections.
   */
  static ServerProcess s3proxy(Path jar, String provider, Path dir, String identity, String credential)
      throws IOException {
    int port = freePort();
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + identity,
        "s3proxy.credential=" + credential,
        "jclouds.provider=" + provider,
        "jclouds.identity=" + identity,
        "jclouds.credential=" + credential,
        "jclouds.filesystem.basedir=" + data,
        ""), StandardCharsets.UTF_8);
    List<String> command = List.of(javaBin().toString(), "-Xmx4g", "-jar", jar.toString(),
        "--properties", conf.toString());
    return start("S3Proxy (" + provider + ")", command, port, dir.resolve("s3proxy.log"));
  }

  /** Starts Azurite's blob service from an npm install folder, persisting under {@code dir}. */
  static ServerProcess azurite(Path home, Path dir) throws IOException {
    int port = freePort();
    Files.createDirectories(dir);
    Path main = home.resolve("node_modules/azurite/dist/src/blob/main.js");
    if (!Files.isRegularFile(main)) {
      throw new IOException("Azurite is not installed in " + home + " (run.sh installs it with npm)");
    }
    Path node = Processes.find("node", "/usr/bin/node");
    if (node == null) {
      throw new IOException("node is not on the PATH; install Node.js");
    }
    List<String> command = new ArrayList<>(List.of(node.toString(), main.toString(),
        "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location", dir.toString(),
        "--silent", "--loose", "--skipApiVersionCheck", "--disableTelemetry"));
    return start("Azurite", command, port, dir.resolve("azurite.log"));
  }

  private static ServerProcess start(String name, List<String> command, int port, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    ServerProcess server = new ServerProcess(name, pb.start(), port, log);
    Process started = server.process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop-" + port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!server.process.isAlive()) {
        throw new IOException(name + " exited at start: " + Processes.tail(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        try {
          server.process.waitFor(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    server.close();
    throw new IOException(name + " did not open port " + port + " within 60 s: " + Processes.tail(log));
  }

  static Path javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  public void close() {
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

  @Override
  public String toString() {
    return name + " on 127.0.0.1:" + port + " (log " + log + ")";
  }
}

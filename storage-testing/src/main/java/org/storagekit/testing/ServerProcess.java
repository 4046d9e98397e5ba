package org.storagekit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server in a child process on a loopback port: started, awaited until the port accepts
 * connections, and stopped with its child processes on {@link #close()} or when this JVM exits.
 * {@link AzuriteServer}, {@link S3ProxyProcess} and {@link CephRgwServer} run on it.
 */
public final class ServerProcess implements AutoCloseable {
  private static final int TAIL_LINES = 30;

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final Thread stopAtExit;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.stopAtExit = new Thread(this::stop, "stop-" + name + "-" + port);
  }

  /**
   * Starts {@code command} in the folder of {@code log} (relative paths in the command resolve
   * there), its output (both streams) written to {@code log}, and waits until
   * {@code 127.0.0.1:port} accepts connections.
   *
   * @throws IOException if the command cannot be started at all (its program is missing)
   * @throws IllegalStateException if the server exits before listening, or does not listen within
   *     {@code timeout}; the message carries the end of its log
   */
  public static ServerProcess start(String name, List<String> command, int port, Path log, Duration timeout)
      throws IOException {
    return start(name, command, port, log, timeout, () -> accepts(port), "listening on port " + port);
  }

  /**
   * Starts {@code command} as {@link #start(String, List, int, Path, Duration)} does, but waits
   * until {@code ready} answers true (polled every 50 ms) rather than for a port: for daemons whose
   * port is chosen by the daemon itself. {@code what} describes the awaited state in errors.
   */
  public static ServerProcess start(String name, List<String> command, Path log, Duration timeout,
      BooleanSupplier ready, String what) throws IOException {
    return start(name, command, -1, log, timeout, ready, what);
  }

  private static ServerProcess start(String name, List<String> command, int port, Path log, Duration timeout,
      BooleanSupplier ready, String what) throws IOException {
    Path dir = log.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    ServerProcess server = new ServerProcess(name, process, port, log);
    Runtime.getRuntime().addShutdownHook(server.stopAtExit);
    try {
      server.await(timeout, ready, what);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** A loopback port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** The last lines of {@code file}, for error messages. */
  public static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** The loopback port it listens on; -1 if it was started without one. */
  public int port() {
    return port;
  }

  /** The server's process id (to read its CPU time or memory from /proc). */
  public long pid() {
    return process.pid();
  }

  /** The file its output goes to. */
  public Path log() {
    return log;
  }

  /** Stops the server and its child processes: politely, then by force after 10 seconds. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down; the hook stops it again, which does nothing
    }
  }

  /** Kills the server and its child processes at once (SIGKILL), for throwaway servers. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down; the hook stops it again, which does nothing
    }
  }

  @Override
  public String toString() {
    return name + (port < 0 ? "" : " on 127.0.0.1:" + port) + " (log " + log + ")";
  }

  private void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@code 127.0.0.1:port} accepts connections now. */
  public static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code ready}; fails if the process exits or the deadline passes. */
  private void await(Duration timeout, BooleanSupplier ready, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (ready.getAsBoolean()) {
        return;
      }
      try {
        if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(name + " exited with code " + process.exitValue()
              + " before " + what + ":\n" + tail(log));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + name, e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " still not " + what + " after "
            + timeout.toSeconds() + " s:\n" + tail(log));
      }
    }
  }
}

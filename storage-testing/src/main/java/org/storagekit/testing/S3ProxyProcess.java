package org.storagekit.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * S3Proxy from its standalone jar ({@code org.gaul:s3proxy:VERSION:jar:jar-with-dependencies}) in
 * a JVM of its own on a free loopback port, for measurements that need the server's CPU time apart
 * from the client's. {@link S3ProxyServer} is the embedded one the tests use.
 */
public final class S3ProxyProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ServerProcess process;
  private final Path data;

  private S3ProxyProcess(ServerProcess process, Path data) {
    this.process = process;
    this.data = data;
  }

  /**
   * Writes an S3Proxy configuration into {@code dir} and starts the jar with it (at {@code -Xmx4g}),
   * checking AWS V2 and V4 signatures made with {@code identity} and {@code credential}. Like the
   * tests' embedded {@link S3ProxyServer}, it ignores request headers it does not know (the AWS
   * SDK's {@code x-amz-checksum-*}), so DeleteObjects is measured as S3 serves it; strict servers
   * are the subject of {@link S3ProxyServer#startStrict()}.
   *
   * @param provider the jclouds store behind it: {@code filesystem} (objects as files under
   *     {@link #dataDirectory()}) or {@code transient} (in memory)
   * @throws IOException if the folder cannot be written or java cannot be started
   * @throws IllegalStateException if the server exits or does not listen within 60 seconds
   */
  public static S3ProxyProcess start(Path jar, String provider, Path dir, String identity, String credential)
      throws IOException {
    int port = ServerProcess.freePort();
    Path folder = dir.toAbsolutePath();
    Path data = Files.createDirectories(folder.resolve("data"));
    Path conf = folder.resolve("s3proxy.conf");
    Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + identity,
        "s3proxy.credential=" + credential,
        "s3proxy.ignore-unknown-headers=true",
        "jclouds.provider=" + provider,
        "jclouds.identity=" + identity,
        "jclouds.credential=" + credential,
        "jclouds.filesystem.basedir=" + data,
        ""), StandardCharsets.UTF_8);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-Xmx4g", "-jar", jar.toAbsolutePath().toString(),
        "--properties", conf.toString());
    ServerProcess process = ServerProcess.start("S3Proxy (" + provider + ")", command, port,
        folder.resolve("s3proxy.log"), START_TIMEOUT);
    return new S3ProxyProcess(process, data);
  }

  /** The endpoint, {@code http://127.0.0.1:PORT}; use path-style requests. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + process.port());
  }

  /** The loopback port. */
  public int port() {
    return process.port();
  }

  /** The server JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** Where the {@code filesystem} store keeps its buckets, one folder each. */
  public Path dataDirectory() {
    return data;
  }

  /** Stops the server JVM. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return process.toString();
  }
}

package org.storagekit.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.storagekit.testing.S3ProxyServer;

/**
 * The CLI's side of the shared {@link S3ProxyServer} (embedded, one for the test JVM, started on
 * first use; if it cannot start, the test fails): fresh buckets and the {@code -D} options that
 * point the CLI at the server.
 */
final class S3ProxyFixture {
  static final String ACCESS_KEY = S3ProxyServer.ACCESS_KEY;
  static final String SECRET_KEY = S3ProxyServer.SECRET_KEY;

  private final S3ProxyServer server;

  private S3ProxyFixture(S3ProxyServer server) {
    this.server = server;
  }

  static S3ProxyFixture get() {
    return new S3ProxyFixture(S3ProxyServer.shared());
  }

  /** Creates a fresh, empty bucket and returns its name. */
  String newBucket(String name) {
    return server.createBucket(name);
  }

  /** Writes an object straight into the server's store, for raw keys such as {@code ../x}. */
  void writeDirect(String bucket, String key, byte[] content) {
    server.writeDirect(bucket, key, content);
  }

  /** The {@code -D} options that point the CLI at this server with valid credentials. */
  List<String> options() {
    return options(SECRET_KEY);
  }

  /** As {@link #options()}, with the given secret key. */
  List<String> options(String secret) {
    List<String> o = new ArrayList<>();
    for (String p : new String[] {"s3.endpoint=" + endpoint(), "s3.path-style=true", "s3.region=us-east-1",
        "s3.access-key=" + ACCESS_KEY, "s3.secret-key=" + secret, "retry.max-attempts=1"}) {
      o.add("-D");
      o.add(p);
    }
    return o;
  }

  URI endpoint() {
    return server.endpoint();
  }
}

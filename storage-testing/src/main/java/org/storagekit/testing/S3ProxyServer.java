package org.storagekit.testing;

import java.net.URI;
import java.util.Set;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

/**
 * S3Proxy embedded in this JVM on a free loopback port, checking AWS V2 and V4 signatures made
 * with {@link #ACCESS_KEY} and {@link #SECRET_KEY}, over jclouds' in-memory {@code transient}
 * blob store. Every server starts with the bucket {@link #BUCKET}.
 *
 * <p>The store is the in-memory one because jclouds' {@code filesystem} store maps keys to files:
 * it cannot hold both {@code a} and {@code a/b}, lists folders as {@code a/} markers, and refuses
 * keys with {@code ..} segments (HTTP 400), which S3 itself stores happily. The in-memory store
 * keeps S3's flat key space, and its multipart ETags have S3's {@code <md5>-<parts>} form.
 *
 * <pre>{@code
 * S3ProxyServer.shared().endpoint()                      // one server for the test JVM
 * try (S3ProxyServer s3 = S3ProxyServer.start()) { ... } // a server of one's own, stopped by close
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
  /** The access key (identity) the servers accept. */
  public static final String ACCESS_KEY = "storagekit-access-key";
  /** The secret key the servers accept; tests check that it is never printed. */
  public static final String SECRET_KEY = "storagekit-secret-key-never-printed";
  /** The bucket every server starts with. */
  public static final String BUCKET = "storagekit-test";

  private static S3ProxyServer shared;

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The server shared by the whole JVM, started on first use and stopped when the JVM exits. */
  public static synchronized S3ProxyServer shared() {
    if (shared == null) {
      shared = start();
      S3ProxyServer started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (RuntimeException e) {
          // the JVM is exiting; nothing is left on disk
        }
      }, "s3proxy-stop"));
    }
    return shared;
  }

  /**
   * Starts a new server; the caller closes it.
   *
   * @throws IllegalStateException if it cannot start
   */
  public static S3ProxyServer start() {
    return start(false);
  }

  /**
   * Starts a new server that answers 501 Not Implemented to any {@code x-amz-} request header it
   * does not know, as S3Proxy does by default and as stricter S3-compatible servers do: among
   * them {@code x-amz-checksum-mode} and the {@code x-amz-checksum-crc32} the AWS SDK adds to
   * DeleteObjects. The other servers ignore such headers.
   */
  public static S3ProxyServer startStrict() {
    return start(true);
  }

  private static S3ProxyServer start(boolean strict) {
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .modules(Set.of(new SLF4JLoggingModule()))
        .buildView(BlobStoreContext.class);
    S3Proxy proxy;
    try {
      proxy = S3Proxy.builder()
          .blobStore(context.getBlobStore())
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
          .ignoreUnknownHeaders(!strict)
          .build();
      proxy.start(); // returns once Jetty listens
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("S3Proxy could not start on loopback", e);
    }
    S3ProxyServer server = new S3ProxyServer(context, proxy);
    server.createBucket(BUCKET);
    return server;
  }

  /** The endpoint, {@code http://127.0.0.1:PORT}; use path-style requests. */
  public URI endpoint() {
    return endpoint;
  }

  /** Creates the bucket {@code name} if missing and returns its name. */
  public String createBucket(String name) {
    context.getBlobStore().createContainerInLocation(null, name);
    return name;
  }

  /**
   * The in-memory blob store behind the server, for writes that HTTP cannot carry to S3Proxy and for
   * inspecting what a test left behind.
   */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  /**
   * Writes an object straight into the blob store, for keys HTTP cannot carry to S3Proxy (its Jetty
   * collapses {@code //} in request paths before the signature is checked).
   */
  public void writeDirect(String bucket, String key, byte[] content) {
    BlobStore store = context.getBlobStore();
    store.putBlob(bucket, store.blobBuilder(key).payload(content).contentLength(content.length).build());
  }

  /** Removes an object straight from the blob store (the twin of {@link #writeDirect}). */
  public void deleteDirect(String bucket, String key) {
    context.getBlobStore().removeBlob(bucket, key);
  }

  /** Stops the server; its objects are gone. */
  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      context.close();
    }
  }

  @Override
  public String toString() {
    return "S3Proxy on " + endpoint;
  }
}

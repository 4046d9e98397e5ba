package org.storagekit.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

/**
 * One embedded S3Proxy for the test JVM, on a free loopback port, checking AWS signatures, over
 * jclouds' in-memory blob store. Started on first use; if it cannot start, the test fails.
 */
final class S3ProxyFixture {
  static final String ACCESS_KEY = "cli-access-key";
  static final String SECRET_KEY = "cli-secret-never-printed";

  private static S3ProxyFixture shared;

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;

  private S3ProxyFixture() throws Exception {
    context = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .modules(List.of(new SLF4JLoggingModule()))
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  static synchronized S3ProxyFixture get() {
    if (shared == null) {
      try {
        shared = new S3ProxyFixture();
      } catch (Exception e) {
        throw new IllegalStateException("S3Proxy could not start on loopback", e);
      }
      S3ProxyFixture started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "s3proxy-stop"));
    }
    return shared;
  }

  /** Creates a fresh, empty bucket and returns its name. */
  String newBucket(String name) {
    context.getBlobStore().createContainerInLocation(null, name);
    return name;
  }

  /** The {@code -D} options that point the CLI at this server with valid credentials. */
  List<String> options() {
    return options(SECRET_KEY);
  }

  /** As {@link #options()}, with the given secret key. */
  List<String> options(String secret) {
    List<String> o = new ArrayList<>();
    for (String p : new String[] {"s3.endpoint=" + endpoint, "s3.path-style=true", "s3.region=us-east-1",
        "s3.access-key=" + ACCESS_KEY, "s3.secret-key=" + secret, "s3.max-attempts=1"}) {
      o.add("-D");
      o.add(p);
    }
    return o;
  }

  URI endpoint() {
    return endpoint;
  }

  private void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // the JVM is exiting
    }
    context.close();
  }
}

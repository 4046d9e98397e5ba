package org.storagekit.s3;

import java.net.URI;
import java.util.List;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3Proxy for the whole test JVM, embedded, on a free loopback port, with AWS V2/V4 signatures
 * checked. Started on first use; a server that cannot start fails the test that asked for it.
 *
 * <p>The blob store is jclouds' {@code transient} one (in memory). jclouds' {@code filesystem}
 * store maps keys to files, so it cannot hold both {@code a} and {@code a/b}, lists folders as
 * {@code a/} markers, and refuses keys with {@code ..} segments (HTTP 400), which S3 itself stores
 * happily; the in-memory store keeps S3's flat key space, and its multipart ETags have S3's
 * {@code <md5>-<parts>} form.
 */
final class S3ProxyServer {
  static final String BUCKET = "storagekit-test";
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key-do-not-print";

  private static S3ProxyServer shared;

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final URI endpoint;
  private final S3Client client;

  private S3ProxyServer() throws Exception {
    context = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .modules(List.of(new SLF4JLoggingModule()))
        .build(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, BUCKET);
    proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    client = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** The shared, started server. */
  static synchronized S3ProxyServer get() {
    if (shared == null) {
      try {
        shared = new S3ProxyServer();
      } catch (Exception e) {
        throw new IllegalStateException("S3Proxy could not start on loopback", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "s3proxy-stop"));
    }
    return shared;
  }

  /** The endpoint, {@code http://127.0.0.1:port}. */
  URI endpoint() {
    return endpoint;
  }

  /** A plain SDK client on the server, for fixtures and for inspecting what the storage left behind. */
  S3Client client() {
    return client;
  }

  /**
   * Writes an object straight into the server's blob store, for keys HTTP cannot carry to S3Proxy
   * (its Jetty collapses {@code //} in request paths before the signature is checked).
   */
  void writeDirect(String key, byte[] content) {
    var store = context.getBlobStore();
    store.putBlob(BUCKET, store.blobBuilder(key).payload(content).contentLength(content.length).build());
  }

  /** Removes an object straight from the server's blob store (the twin of {@link #writeDirect}). */
  void deleteDirect(String key) {
    context.getBlobStore().removeBlob(BUCKET, key);
  }

  /** A configuration for {@code prefix} in the test bucket, with the smallest parts S3 allows. */
  S3StorageConfig.Builder config(String prefix) {
    return S3StorageConfig.builder(BUCKET)
        .prefix(prefix)
        .endpoint(endpoint)
        .pathStyle(true)
        .region("us-east-1")
        .credentials(ACCESS_KEY, SECRET_KEY)
        .multipartThreshold(S3StorageConfig.MIN_PART_SIZE)
        .partSize(S3StorageConfig.MIN_PART_SIZE)
        .maxAttempts(2);
  }

  private void stop() {
    try {
      client.close();
      proxy.stop();
      context.close();
    } catch (Exception e) {
      // the JVM is exiting; nothing is left on disk
    }
  }
}

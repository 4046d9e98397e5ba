package org.storagekit.s3;

import java.net.URI;
import org.storagekit.RetryOptions;
import org.storagekit.testing.CephRgwServer;
import org.storagekit.testing.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * One S3 server the tests run against, started on first use and shared by the test JVM: S3Proxy
 * (embedded, {@link #s3proxy()}) or Ceph's RADOS Gateway over http ({@link #rgwHttp()}) or https
 * ({@link #rgwHttps()}), both endpoints of one {@link CephRgwServer}. Each gives configurations for
 * its test bucket and a plain SDK client on it.
 */
class S3Fixture {
  /** The test bucket on every server. */
  static final String BUCKET = S3ProxyServer.BUCKET;

  private static S3Fixture s3proxy;
  private static S3Fixture s3proxyStrict;
  private static S3Fixture rgwHttp;
  private static S3Fixture rgwHttps;

  private final String name;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final S3Client client;

  private S3Fixture(String name, URI endpoint, String accessKey, String secretKey) {
    this.name = name;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.client = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        // the fixture's own writes, empty ones included, must not depend on the fix under test
        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
        .build();
  }

  /** The embedded S3Proxy over jclouds' in-memory store. */
  static synchronized S3Fixture s3proxy() {
    if (s3proxy == null) {
      s3proxy = s3proxy("S3Proxy", S3ProxyServer.shared());
    }
    return s3proxy;
  }

  /**
   * An S3Proxy of its own that answers 501 to request headers it does not know
   * ({@link S3ProxyServer#startStrict()}), as stricter S3-compatible servers do; stopped at exit.
   */
  static synchronized S3Fixture s3proxyStrict() {
    if (s3proxyStrict == null) {
      S3ProxyServer server = S3ProxyServer.startStrict();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3proxy-strict-stop"));
      s3proxyStrict = s3proxy("strict S3Proxy", server);
    }
    return s3proxyStrict;
  }

  private static S3Fixture s3proxy(String name, S3ProxyServer server) {
    return new S3Fixture(name, server.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY) {
      @Override
      void writeRaw(String name, byte[] content) {
        if (name.contains("//")) {
          // S3Proxy's Jetty collapses // in request paths; S3 itself stores such keys
          server.writeDirect(BUCKET, name, content);
          return;
        }
        super.writeRaw(name, content);
      }

      @Override
      void deleteRaw(String name) {
        if (name.contains("//")) {
          server.deleteDirect(BUCKET, name);
          return;
        }
        super.deleteRaw(name);
      }
    };
  }

  /** Ceph's RADOS Gateway over http: the SDK signs bodies in chunks (aws-chunked). */
  static synchronized S3Fixture rgwHttp() {
    if (rgwHttp == null) {
      CephRgwServer rgw = CephRgwServer.shared();
      rgwHttp = new S3Fixture("Ceph RGW " + rgw.version() + " over http", rgw.httpEndpoint(),
          CephRgwServer.ACCESS_KEY, CephRgwServer.SECRET_KEY).withBucket();
    }
    return rgwHttp;
  }

  /** Ceph's RADOS Gateway over https (self-signed; {@link CephRgwServer#shared()} makes this JVM trust it). */
  static synchronized S3Fixture rgwHttps() {
    if (rgwHttps == null) {
      CephRgwServer rgw = CephRgwServer.shared();
      rgwHttps = new S3Fixture("Ceph RGW " + rgw.version() + " over https", rgw.httpsEndpoint(),
          CephRgwServer.ACCESS_KEY, CephRgwServer.SECRET_KEY).withBucket();
    }
    return rgwHttps;
  }

  private S3Fixture withBucket() {
    try {
      client.createBucket(r -> r.bucket(BUCKET));
    } catch (BucketAlreadyOwnedByYouException exists) {
      // the other endpoint of the same gateway made it
    }
    return this;
  }

  /** A plain SDK client on the server, for fixtures and for inspecting what the storage left behind. */
  S3Client client() {
    return client;
  }

  URI endpoint() {
    return endpoint;
  }

  String accessKey() {
    return accessKey;
  }

  /** A configuration for {@code prefix} in the test bucket, with the smallest parts S3 allows (5 MiB). */
  S3StorageConfig.Builder config(String prefix) {
    return S3StorageConfig.builder(BUCKET)
        .prefix(prefix)
        .endpoint(endpoint)
        .pathStyle(true)
        .region("us-east-1")
        .credentials(accessKey, secretKey)
        .multipartThreshold(S3StorageConfig.MIN_PART_SIZE)
        .partSize(S3StorageConfig.MIN_PART_SIZE)
        .retries(RetryOptions.builder().maxAttempts(2).build());
  }

  /** A configuration for a bucket that does not exist on this server. */
  S3StorageConfig.Builder missingBucket() {
    return S3StorageConfig.builder("no-such-bucket").endpoint(endpoint).pathStyle(true).region("us-east-1")
        .credentials(accessKey, secretKey);
  }

  /** Writes an object with the plain client, as any other tool would. */
  void writeRaw(String name, byte[] content) {
    client.putObject(r -> r.bucket(BUCKET).key(name), RequestBody.fromBytes(content));
  }

  /** Removes an object with the plain client. */
  void deleteRaw(String name) {
    client.deleteObject(r -> r.bucket(BUCKET).key(name));
  }

  @Override
  public String toString() {
    return name + " at " + endpoint;
  }
}

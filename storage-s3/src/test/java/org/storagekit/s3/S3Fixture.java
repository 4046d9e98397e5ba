package org.storagekit.s3;

import org.storagekit.testing.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 side of the shared {@link S3ProxyServer} (embedded, one for the test JVM, started on first
 * use): configurations for its bucket {@link S3ProxyServer#BUCKET} and a plain SDK client on it.
 */
final class S3Fixture {
  private static S3Client client;

  private S3Fixture() {}

  /** A plain SDK client on the server, for fixtures and for inspecting what the storage left behind. */
  static synchronized S3Client client() {
    if (client == null) {
      client = S3Client.builder()
          .httpClientBuilder(Apache5HttpClient.builder())
          .endpointOverride(S3ProxyServer.shared().endpoint())
          .forcePathStyle(true)
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .build();
    }
    return client;
  }

  /** A configuration for {@code prefix} in the test bucket, with the smallest parts S3 allows. */
  static S3StorageConfig.Builder config(String prefix) {
    return S3StorageConfig.builder(S3ProxyServer.BUCKET)
        .prefix(prefix)
        .endpoint(S3ProxyServer.shared().endpoint())
        .pathStyle(true)
        .region("us-east-1")
        .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
        .multipartThreshold(S3StorageConfig.MIN_PART_SIZE)
        .partSize(S3StorageConfig.MIN_PART_SIZE)
        .maxAttempts(2);
  }
}

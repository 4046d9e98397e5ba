package org.storagekit.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS SDK for Java v2 used directly, the way a plain program would: one {@code PutObject} of the
 * whole file and one {@code GetObject} into a file, on the same HTTP client StorageKit's S3 backend
 * uses. The baseline of the "overhead against the raw SDK" ratio; it also seeds the listing.
 */
final class AwsSdkTool implements Tool {
  private final S3Client s3;
  private final S3Client unchunked;
  private final String bucket;

  AwsSdkTool(String endpoint, String bucket, String accessKey, String secretKey) {
    this.bucket = bucket;
    this.s3 = client(endpoint, accessKey, secretKey, true);
    // for the empty objects of the seed: Ceph RGW 16.2 cannot read an empty aws-chunked body over http
    this.unchunked = client(endpoint, accessKey, secretKey, false);
  }

  private static S3Client client(String endpoint, String accessKey, String secretKey, boolean chunked) {
    return S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(64))
        .endpointOverride(URI.create(endpoint))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .serviceConfiguration(c -> c.chunkedEncodingEnabled(chunked))
        .build();
  }

  @Override
  public String name() {
    return "AWS SDK";
  }

  /** Creates the bucket if it is missing. */
  void createBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** Stores {@code count} empty objects named {@code prefix/k000000...}, {@code threads} at a time. */
  void seed(String prefix, int count, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int slice = (count + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        int from = t * slice;
        int to = Math.min(count, from + slice);
        futures.add(pool.submit(() -> {
          for (int i = from; i < to; i++) {
            String key = String.format("%s/k%06d", prefix, i);
            unchunked.putObject(b -> b.bucket(bucket).key(key), RequestBody.empty());
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Deletes every object under {@code prefix/}, {@code threads} at a time. */
  void deletePrefix(String prefix, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents()) {
        futures.add(pool.submit(() -> s3.deleteObject(b -> b.bucket(bucket).key(o.key()))));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void upload(Path file, String key) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  @Override
  public void download(String key, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file);
    s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
  }

  @Override
  public void uploadDir(Path dir, String prefix) {
    throw new UnsupportedOperationException("not measured");
  }

  @Override
  public void downloadDir(String prefix, Path dir) {
    throw new UnsupportedOperationException("not measured");
  }

  @Override
  public long list(String prefix) {
    long n = 0;
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents()) {
      if (o.key() != null) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    s3.close();
    unchunked.close();
  }
}

package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.WriteOptions;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The TCK against an S3Proxy that answers 501 Not Implemented to every {@code x-amz-} request
 * header it does not know, S3Proxy's own default and the way stricter S3-compatible servers
 * behave. It refuses {@code x-amz-checksum-mode} on HEAD and the {@code x-amz-checksum-crc32} the
 * AWS SDK adds to DeleteObjects; the storage learns that from the first 501 and goes on without
 * them ({@link S3Heads}, {@link S3Backend#deleteBatch}), so every rule still holds.
 */
class S3StrictServerTckTest extends S3StorageTckTest {
  @Override
  S3Fixture s3() {
    return S3Fixture.s3proxyStrict();
  }

  /** Each refused header costs one request once per storage, not once per call. */
  @Test
  void aRefusedHeader_isLearntFromTheFirst501_andNeverSentAgain() {
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    S3StorageConfig config = s3().config("strict-" + UUID.randomUUID())
        .options(StorageOptions.builder().metadataCache(false).build()).build();
    StorageContext context = config.context();
    try (Storage storage = StorageEngine.open(context, new S3Backend(context, config,
        S3Backend.COPY_MULTIPART_THRESHOLD, o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void afterTransmission(Context.AfterTransmission c, ExecutionAttributes attributes) {
            sent.add(c.request().getClass().getSimpleName().replace("Request", "") + " "
                + c.httpResponse().statusCode());
          }
        })))) {
      for (String key : List.of("a", "b", "c")) {
        storage.put(key, new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)), WriteOptions.defaults(),
            org.storagekit.ProgressListener.none());
      }
      sent.clear();
      assertThat(storage.get("a")).hasValueSatisfying(f -> assertThat(f.size()).isEqualTo(1));
      assertThat(storage.get("b")).isPresent();
      assertThat(sent).containsExactly("HeadObject 501", "HeadObject 200", "HeadObject 200");

      sent.clear();
      assertThat(storage.deleteAll(List.of("a", "b")).isComplete()).isTrue();
      assertThat(storage.deleteAll(List.of("c")).isComplete()).isTrue();
      assertThat(sent).containsExactly("DeleteObjects 501", "DeleteObject 204", "DeleteObject 204",
          "DeleteObject 204");
      assertThat(storage.list()).isEmpty();
    }
  }
}

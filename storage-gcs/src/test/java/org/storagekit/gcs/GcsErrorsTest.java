package org.storagekit.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.TransientException;
import org.storagekit.spi.RangeNotSatisfiableException;

/** How client failures become StorageKit's: {@link GcsErrors}, and through the engine. */
class GcsErrorsTest {
  private static final URI STORAGE = URI.create("gs://the-bucket/p/");

  private static StorageException translated(Throwable error, String key) {
    return GcsErrors.translate(STORAGE, "the-bucket", error, key).orElseThrow();
  }

  private static com.google.cloud.storage.StorageException gcs(int code, String message) {
    return new com.google.cloud.storage.StorageException(code, message);
  }

  @Test
  void translate_statuses_mapAsHttpErrorsDo_withTheVendorExceptionAsCause() {
    com.google.cloud.storage.StorageException missing = gcs(404, "No such object: the-bucket/p/k");
    assertThat(translated(missing, "k")).isInstanceOf(NotFoundException.class).hasCause(missing)
        .satisfies(e -> assertThat(e.key()).contains("k"));
    assertThat(translated(gcs(403, "denied"), "k")).isInstanceOf(AccessDeniedException.class);
    assertThat(translated(gcs(412, "Precondition Failed"), "k")).isInstanceOf(PreconditionFailedException.class);
    assertThat(translated(gcs(416, "Requested range not satisfiable"), "k"))
        .isInstanceOf(RangeNotSatisfiableException.class);
    assertThat(translated(gcs(503, "backend error"), "k")).isInstanceOf(TransientException.class)
        .hasMessageContaining("503").hasMessageContaining("'k'");
    assertThat(translated(gcs(400, "bad request"), "k")).isExactlyInstanceOf(StorageException.class);
  }

  @Test
  void translate_missingBucket_isNotFoundWithoutAKey_namingTheBucket() {
    assertThat(translated(gcs(404, "The specified bucket does not exist."), "k"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("the-bucket")
        .satisfies(e -> assertThat(e.key()).isEmpty());
    assertThat(translated(gcs(404, "Not Found"), null)).as("a listing's 404 is the bucket's")
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no such bucket 'the-bucket'");
  }

  @Test
  void translate_networkFailureWrappedByTheClient_isTransient() {
    assertThat(translated(new com.google.cloud.storage.StorageException(new ConnectException("refused")), "k"))
        .isInstanceOf(TransientException.class);
  }

  @Test
  void translate_replyCutShortWithinItsHeaders_isTransient_namingTheKey() {
    // "HTTP/1.1 2" parsed as a whole status line; a session opened with no Location; a chunk's Range cut
    com.google.cloud.storage.StorageException missingLocation = new com.google.cloud.storage.StorageException(
        0, "no URL", new IllegalArgumentException(new java.net.MalformedURLException("no URL")));
    assertThat(translated(gcs(2, "2"), "k")).isInstanceOf(TransientException.class).hasMessageContaining("'k'")
        .hasMessageContaining("cut short");
    assertThat(translated(missingLocation, "k")).isInstanceOf(TransientException.class).hasCause(missingLocation);
    assertThat(translated(gcs(0, "malformed Range header value: by"), "k")).isInstanceOf(TransientException.class);
    NullPointerException noBody = new NullPointerException();
    noBody.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("com.google.api.client.json.JsonObjectParser", "parseAndClose", null, 77)});
    assertThat(translated(new com.google.cloud.storage.StorageException(0, null, noBody), "k"))
        .as("a reply with no JSON body").isInstanceOf(TransientException.class);
    assertThat(translated(new com.google.cloud.storage.StorageException(0, null, new NullPointerException()), "k"))
        .as("any other NullPointerException is not").isExactlyInstanceOf(StorageException.class);
  }

  @Test
  void translate_channelIOExceptionWrappingAClientFailure_isTranslatedByTheClientFailure() {
    assertThat(translated(new IOException("read failed", gcs(403, "denied")), "k"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void translate_otherFailures_areLeftToTheEngine() {
    assertThat(GcsErrors.translate(STORAGE, "the-bucket", new IOException("reset"), "k")).isEmpty();
    assertThat(GcsErrors.translate(STORAGE, "the-bucket", new IllegalStateException("x"), "k")).isEmpty();
  }

  /** A client whose every call fails as GCS does for a bucket that does not exist; calls are recorded. */
  private static com.google.cloud.storage.Storage missingBucketClient(List<String> calls) {
    return (com.google.cloud.storage.Storage) Proxy.newProxyInstance(GcsErrorsTest.class.getClassLoader(),
        new Class<?>[] {com.google.cloud.storage.Storage.class}, (proxy, method, args) -> {
          calls.add(method.getName());
          throw gcs(404, "The specified bucket does not exist.");
        });
  }

  @Test
  void open_makesNoCall_andOperationsOnAMissingBucket_throwNotFoundNamingIt() {
    List<String> calls = new CopyOnWriteArrayList<>();
    try (Storage storage = GcsStorageConfig.builder("the-bucket").prefix("p").client(missingBucketClient(calls))
        .build().open()) {
      assertThat(calls).as("open makes no call").isEmpty();
      assertThatThrownBy(() -> {
        try (Stream<StorageFile> files = storage.list()) {
          files.count();
        }
      }).isInstanceOf(NotFoundException.class).hasMessageContaining("the-bucket")
          .satisfies(e -> assertThat(((NotFoundException) e).key()).isEmpty());
      assertThatThrownBy(() -> storage.put("k", new ByteArrayInputStream(new byte[1])))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("no such bucket 'the-bucket'");
      assertThatThrownBy(() -> storage.copy("a", "b"))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("no such bucket 'the-bucket'")
          .satisfies(e -> assertThat(((NotFoundException) e).key()).isEmpty());
    }
    assertThat(calls).as("a given client is not closed").doesNotContain("close");
  }
}

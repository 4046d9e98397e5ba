package org.storagekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageExceptionTest {
  private static final URI S = URI.create("s3://bucket/prefix/");

  @Test
  void message_namesStorageKeyAndReason_andKeepsCause() {
    IOException cause = new IOException("socket closed");
    StorageException e = new TransientException(S, "a/b.txt", "read timed out", cause);
    assertThat(e).hasMessage("s3://bucket/prefix/ 'a/b.txt': read timed out").hasCause(cause);
    assertThat(e.storage()).contains(S);
    assertThat(e.key()).contains("a/b.txt");
    assertThat(e.reason()).isEqualTo("read timed out");
  }

  @Test
  void flushException_namesEveryFailedKey_andSuppressesTheRest() {
    Map<String, Throwable> failures = new LinkedHashMap<>();
    failures.put("one", new IOException("first"));
    failures.put("two", new IOException("second"));
    FlushException e = new FlushException(S, failures);
    assertThat(e.getMessage()).contains("2 background upload(s) failed").contains("one").contains("two");
    assertThat(e.failures()).containsOnlyKeys("one", "two");
    assertThat(e.getCause()).hasMessage("first");
    assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("second");
  }
}

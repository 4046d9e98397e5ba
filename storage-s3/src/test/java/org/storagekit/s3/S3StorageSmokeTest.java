package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.storagekit.Storage;

class S3StorageSmokeTest {
  @Test
  void put_smallStream_readsBack() throws Exception {
    try (Storage s = S3ProxyServer.get().config("smoke").build().open()) {
      s.put("a b/c+d%e.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
      assertThat(s.list().map(f -> f.key())).containsExactly("a b/c+d%e.txt");
      try (var in = s.open("a b/c+d%e.txt")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
      }
    }
  }
}

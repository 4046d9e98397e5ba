package org.storagekit.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.UnsafeKeyException;

/** Backend behaviour with a client of the application's own ({@link GcsStorageConfig.Builder#client}). */
class GcsStorageTest {
  private static final com.google.cloud.storage.Storage CLIENT = FakeGcs.shared().client();

  @TempDir Path local;

  private static Storage open(String prefix, int pageSize) {
    return GcsStorageConfig.builder(FakeGcs.BUCKET).prefix(prefix).client(CLIENT).pageSize(pageSize).build().open();
  }

  private static String freshPrefix() {
    return "t-" + UUID.randomUUID();
  }

  @Test
  void getAllFiles_dotDotKeyWrittenWithTheClient_isRefusedAndNothingLandsOutside() throws Exception {
    String prefix = freshPrefix();
    CLIENT.create(BlobInfo.newBuilder(FakeGcs.BUCKET, prefix + "/../escape").build(),
        "escaped!".getBytes(StandardCharsets.UTF_8));
    try (Storage storage = open(prefix, 1000)) {
      storage.put("fine.txt", new ByteArrayInputStream(new byte[] {1}));
      try (Stream<StorageFile> files = storage.list()) {
        assertThat(files.map(StorageFile::key)).contains("../escape", "fine.txt");
      }
      Path target = Files.createDirectories(local.resolve("inner/target"));
      assertThatThrownBy(() -> storage.getAllFiles(target)).isInstanceOf(UnsafeKeyException.class)
          .hasMessageContaining("../escape");
      assertThat(local.resolve("inner/escape")).doesNotExist();
      try (Stream<Path> walk = Files.walk(local)) {
        assertThat(walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(target))).isEmpty();
      }
    } finally {
      CLIENT.delete(BlobId.of(FakeGcs.BUCKET, prefix + "/../escape"));
    }
  }

  @Test
  void list_pageSmallerThanListing_returnsEveryKeyOnceInNameOrder() {
    try (Storage storage = open(freshPrefix(), 3)) {
      for (int i = 0; i < 10; i++) {
        storage.put("k" + i, new ByteArrayInputStream(new byte[] {(byte) i}));
      }
      List<String> keys;
      try (Stream<StorageFile> files = storage.list()) {
        keys = files.map(StorageFile::key).collect(Collectors.toList());
      }
      assertThat(keys).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
    }
  }

  @Test
  void put_overwrite_changesTheEtag_andTheEtagIsTheGeneration() {
    try (Storage storage = open(freshPrefix(), 1000)) {
      StorageFile first = storage.put("e.txt", new ByteArrayInputStream(new byte[] {1}));
      StorageFile second = storage.put("e.txt", new ByteArrayInputStream(new byte[] {2, 3}));
      assertThat(first.etag()).isPresent();
      assertThat(second.etag()).isPresent().isNotEqualTo(first.etag());
      Long generation = CLIENT.get(BlobId.of(FakeGcs.BUCKET, storage.uri().getPath().substring(1) + "e.txt"))
          .getGeneration();
      assertThat(second.etag()).contains(Long.toString(generation));
    }
  }

  @Test
  void config_withClientAndHost_isRefused() {
    assertThatThrownBy(() -> GcsStorageConfig.builder(FakeGcs.BUCKET).client(CLIENT).host("http://localhost:4443")
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("host");
  }

  @Test
  void close_givenClient_isLeftOpenForItsOwner() {
    Storage storage = open(freshPrefix(), 1000);
    storage.close();
    assertThat(CLIENT.get(BlobId.of(FakeGcs.BUCKET, "nothing-here"))).as("the shared client still works").isNull();
  }
}

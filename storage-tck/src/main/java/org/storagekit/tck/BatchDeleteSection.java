package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.DeleteSummary;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;

/** §20 Batch delete. */
abstract class BatchDeleteSection extends TckSection {
  @Test
  void spec20_1_deleteAll_deletesEveryKey_andAMissingKeyIsNoFailure() {
    requires(Capability.WRITE);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      keys.add("del/" + i);
      storage.addFile(new ByteArrayInputStream(new byte[] {(byte) i}), "del/" + i);
    }
    putBytes("keep.txt", utf8("k"));
    storage.flush();
    keys.add("del/never-written");
    DeleteSummary summary = storage.deleteAll(keys);
    assertThat(summary.failed()).as("§20.1").isEmpty();
    assertThat(summary.deleted()).as("§20.1: every key counts, the missing one too").isEqualTo(24);
    assertThat(keys(open())).as("§20.1: all gone, nothing else").containsExactly("keep.txt");
    assertThat(storage.contains("del/3")).as("§9.2: own deletes are visible at once").isFalse();
  }

  @Test
  void spec20_2_deleteAll_reportsEveryInvalidKey_andDeletesTheRest() {
    requires(Capability.WRITE);
    putBytes("a", utf8("a"));
    putBytes("b", utf8("b"));
    DeleteSummary summary = storage.deleteAll(List.of("a", "../escape", "b", "/abs"));
    assertThat(summary.deleted()).isEqualTo(2);
    assertThat(summary.failed().keySet()).as("§20.2: each bad key named").containsExactlyInAnyOrder("../escape", "/abs");
    assertThat(summary.failed().get("../escape")).hasMessageContaining("../escape")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(keys(open())).as("§20.2: a bad key never stops the others").isEmpty();
    assertThatThrownBy(summary::orThrow).isInstanceOf(StorageException.class).hasMessageContaining("../escape");
  }

  @Test
  void spec20_3_deleteAll_takesKeysStreamedFromAListing() {
    requires(Capability.WRITE);
    int n = fixture.pagedListingKeys();
    for (int i = 0; i < n; i++) {
      storage.addFile(new ByteArrayInputStream(new byte[] {(byte) i}), String.format("many/%05d", i));
    }
    storage.flush();
    DeleteSummary summary;
    try (Stream<StorageFile> files = open().list("many/")) {
      summary = storage.deleteAll(() -> files.map(StorageFile::key).iterator());
    }
    assertThat(summary.orThrow().deleted()).as("§20.3: keys consumed lazily, across pages").isEqualTo(n);
    assertThat(keys(open())).isEmpty();
  }

  @Test
  void spec13_3_withoutWrite_deleteAllThrowsUnsupported() {
    requiresAbsent(Capability.WRITE);
    assertThatThrownBy(() -> storage.deleteAll(List.of("preexisting.txt")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

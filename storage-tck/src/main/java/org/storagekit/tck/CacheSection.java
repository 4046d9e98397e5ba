package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageFile;

/** §9 Cache and update: {@code update}. */
abstract class CacheSection extends TckSection {
  @Test
  void spec9_2_changesThroughTheSameInstance_areVisibleAtOnce() {
    requires(Capability.WRITE);
    assertThat(storage.contains("seen.txt")).isFalse();
    putBytes("seen.txt", utf8("1"));
    assertThat(storage.contains("seen.txt")).as("§9.2: own write visible").isTrue();
    putBytes("seen.txt", utf8("22"));
    assertThat(storage.get("seen.txt")).get().extracting(StorageFile::size).as("§9.2: own overwrite visible").isEqualTo(2L);
    storage.delete("seen.txt");
    assertThat(storage.contains("seen.txt")).as("§9.2: own delete visible").isFalse();
    assertThat(keys(storage)).isEmpty();
  }

  @Test
  void spec9_3_update_makesChangesFromAnotherInstanceVisible() {
    requires(Capability.WRITE);
    Storage a = open();
    Storage b = open();
    assertThat(a.contains("other.txt")).isFalse();
    assertThat(a.get("other.txt")).isEmpty();
    b.put("other.txt", new ByteArrayInputStream(utf8("from b")));
    a.update();
    assertThat(a.contains("other.txt")).as("§9.3: visible after update").isTrue();
    assertThat(keys(a)).containsExactly("other.txt");
    assertThat(read(a, "other.txt")).isEqualTo(utf8("from b"));
    b.delete("other.txt");
    a.update();
    assertThat(a.contains("other.txt")).as("§9.3: deletes visible after update").isFalse();
    assertThat(keys(a)).isEmpty();
  }
}

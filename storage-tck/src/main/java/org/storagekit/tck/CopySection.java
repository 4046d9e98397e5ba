package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.StorageFile;

/** §7 Copying: {@code copy}. */
abstract class CopySection extends TckSection {
  @Test
  void spec7_1_copy_duplicatesContentIndependently() {
    requires(Capability.WRITE);
    requires(Capability.COPY);
    putBytes("orig.txt", utf8("original"));
    StorageFile copy = storage.copy("orig.txt", "copies/copy.txt");
    assertThat(copy.key()).isEqualTo("copies/copy.txt");
    assertThat(copy.size()).isEqualTo(8);
    putBytes("orig.txt", utf8("changed"));
    assertThat(read(open(), "copies/copy.txt")).isEqualTo(utf8("original"));
  }

  @Test
  void spec7_1_copy_overwritesTarget() {
    requires(Capability.WRITE);
    requires(Capability.COPY);
    putBytes("src.txt", utf8("source"));
    putBytes("dst.txt", utf8("old target content"));
    storage.copy("src.txt", "dst.txt");
    assertThat(read(open(), "dst.txt")).isEqualTo(utf8("source"));
  }

  @Test
  void spec7_2_copy_missingSource_throwsNotFound() {
    requires(Capability.WRITE);
    requires(Capability.COPY);
    assertThatThrownBy(() -> storage.copy("absent.txt", "dst.txt")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("absent.txt");
    assertThat(keys(storage)).isEmpty();
  }
}

package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.storagekit.Capability;

/** §8 Deleting: {@code delete} and {@code remove}. */
abstract class DeleteSection extends TckSection {
  @Test
  void spec8_1_delete_removesFile_andMissingKeyIsNotAnError() {
    requires(Capability.WRITE);
    putBytes("gone.txt", utf8("x"));
    putBytes("dir/stays.txt", utf8("y"));
    storage.delete("gone.txt");
    assertThat(storage.contains("gone.txt")).isFalse();
    assertThat(keys(open())).containsExactly("dir/stays.txt");
    assertThatCode(() -> storage.delete("gone.txt")).as("§8.1: deleting a missing key is not an error").doesNotThrowAnyException();
    assertThatCode(() -> storage.delete("never/was.txt")).doesNotThrowAnyException();
  }

  @Test
  void spec8_2_remove_saysWhetherTheFileWasThere() {
    requires(Capability.WRITE);
    putBytes("r.txt", utf8("x"));
    assertThat(storage.remove("r.txt")).isTrue();
    assertThat(storage.remove("r.txt")).isFalse();
    assertThat(open().contains("r.txt")).isFalse();
  }
}

package org.storagekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageOptionsTest {
  @Test
  void fromProperties_readsSharedKeys() {
    StorageOptions o = StorageOptions.fromProperties(Map.of("parallelism", "3", "verify", "off", "cache", "no"));
    assertThat(o.parallelism()).isEqualTo(3);
    assertThat(o.verifyChecksums()).isFalse();
    assertThat(o.metadataCache()).isFalse();
    assertThat(StorageOptions.fromProperties(Map.of())).isEqualTo(StorageOptions.defaults());
  }

  @Test
  void fromProperties_malformedValue_namesTheProperty() {
    assertThatThrownBy(() -> StorageOptions.fromProperties(Map.of("parallelism", "many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'parallelism'");
    assertThatThrownBy(() -> StorageOptions.fromProperties(Map.of("verify", "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'verify'");
    assertThatThrownBy(() -> StorageOptions.builder().parallelism(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
  }
}

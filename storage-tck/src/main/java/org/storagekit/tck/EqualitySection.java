package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.storagekit.Storage;

/** §11 Equality and normalized URIs. */
abstract class EqualitySection extends TckSection {
  @Test
  void spec11_1_sameLocation_isEqualWithSameHashCode_otherLocationIsNot() {
    Storage again = open();
    assertThat(again).isNotSameAs(storage).isEqualTo(storage);
    assertThat(again.hashCode()).isEqualTo(storage.hashCode());
    assertThat(again.uri()).isEqualTo(storage.uri());
    assertThat(storage.uri().getPath()).as("§11.2: normalized URI ends with /").endsWith("/");
    Storage elsewhere = openAt(prefix + "-other");
    assertThat(elsewhere).isNotEqualTo(storage);
    assertThat(elsewhere.uri()).isNotEqualTo(storage.uri());
  }
}

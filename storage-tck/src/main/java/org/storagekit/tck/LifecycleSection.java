package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.storagekit.Storage;

/** §16 Lifecycle: a closed storage refuses use. */
abstract class LifecycleSection extends TckSection {
  @Test
  void spec16_1_afterClose_operationsThrowIllegalState() {
    Storage s = open();
    s.close();
    assertThatThrownBy(s::list).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::flush).isInstanceOf(IllegalStateException.class);
  }
}

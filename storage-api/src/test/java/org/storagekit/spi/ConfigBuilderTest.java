package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.storagekit.StorageOptions;

/** The settings every provider's builder shares. */
class ConfigBuilderTest {
  /** A builder as providers write them. */
  static final class Sample extends ConfigBuilder<Sample> {
    String name;

    Sample name(String value) {
      this.name = value;
      return this;
    }
  }

  @Test
  void sharedSetters_chainWithTheProvidersOwn_andDefaultToNoPrefixAndDefaultOptions() {
    StorageOptions options = StorageOptions.builder().parallelism(3).build();
    Sample b = new Sample().prefix("/a/b").options(options).name("x");
    assertThat(b.prefix).isEqualTo("/a/b");
    assertThat(b.options).isSameAs(options);
    assertThat(b.name).isEqualTo("x");
    assertThat(new Sample().prefix).isEmpty();
    assertThat(new Sample().options).isEqualTo(StorageOptions.defaults());
    assertThatThrownBy(() -> new Sample().prefix(null)).isInstanceOf(NullPointerException.class);
  }
}

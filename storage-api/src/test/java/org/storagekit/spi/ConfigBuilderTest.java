package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.storagekit.RetryOptions;
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
    assertThat(b.options()).isSameAs(options);
    assertThat(b.name).isEqualTo("x");
    assertThat(new Sample().prefix).isEmpty();
    assertThat(new Sample().options()).isEqualTo(StorageOptions.defaults());
    assertThatThrownBy(() -> new Sample().prefix(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void retries_winOverTheSharedOptionsOwn_whicheverIsSetFirst() {
    RetryOptions retries = RetryOptions.builder().maxAttempts(2).build();
    StorageOptions options = StorageOptions.builder().parallelism(3).build();
    assertThat(new Sample().retries(retries).options(options).options())
        .isEqualTo(options.withRetries(retries));
    assertThat(new Sample().options(options).retries(retries).options())
        .isEqualTo(options.withRetries(retries));
    assertThat(new Sample().options(options).options().retries()).isEqualTo(RetryOptions.defaults());
  }
}

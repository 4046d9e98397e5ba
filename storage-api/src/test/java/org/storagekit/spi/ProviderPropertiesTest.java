package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One rule set for every provider's properties. */
class ProviderPropertiesTest {

  @ParameterizedTest
  @CsvSource({"8388608,8388608", "8K,8192", "8M,8388608", "8MiB,8388608", "8MB,8388608", "1G,1073741824", "16m,16777216"})
  void size_acceptsBytesAndBinaryUnits(String value, long bytes) {
    assertThat(ProviderProperties.parseSize("x.size", value)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"true,true", "YES,true", "on,true", "false,false", "no,false", "Off,false"})
  void bool_acceptsTheUsualWords(String value, boolean expected) {
    assertThat(ProviderProperties.parseBoolean("x.flag", value)).isEqualTo(expected);
  }

  @Test
  void duration_acceptsUnitsAndIso() {
    assertThat(ProviderProperties.parseDuration("x.t", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ProviderProperties.parseDuration("x.t", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ProviderProperties.parseDuration("x.t", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ProviderProperties.parseDuration("x.t", "PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(ProviderProperties.parseDuration("x.t", "45")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void malformedValues_nameTheProperty() {
    assertThatThrownBy(() -> ProviderProperties.parseSize("s3.part-size", "big")).hasMessageContaining("s3.part-size");
    assertThatThrownBy(() -> ProviderProperties.parseBoolean("s3.path-style", "maybe"))
        .hasMessageContaining("s3.path-style");
    assertThatThrownBy(() -> ProviderProperties.parseDuration("s3.timeout", "soon")).hasMessageContaining("s3.timeout");
    ProviderProperties p = ProviderProperties.of(Map.of("s3.n", "x", "s3.url", "not a url"), "s3.", Set.of("s3.n", "s3.url"));
    assertThatThrownBy(() -> p.integer("s3.n")).hasMessageContaining("s3.n");
    assertThatThrownBy(() -> p.url("s3.url")).hasMessageContaining("s3.url");
  }

  @Test
  void unknownPropertyUnderThePrefix_isRefusedListingTheKnownOnes_othersAreIgnored() {
    assertThatThrownBy(() -> ProviderProperties.of(Map.of("s3.endpiont", "x"), "s3.", Set.of("s3.endpoint")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3.endpiont").hasMessageContaining("[s3.endpoint]");
    ProviderProperties p = ProviderProperties.of(Map.of("azure.key", "x", "parallelism", "4"), "s3.", Set.of());
    assertThat(p.integer("parallelism")).contains(4);
  }

  enum Mode { WHEN_SUPPORTED, WHEN_REQUIRED }

  @Test
  void choice_matchesIgnoringCaseAndDashes() {
    ProviderProperties p = ProviderProperties.of(Map.of("x.mode", "when-required", "x.bad", "never"), "x.",
        Set.of("x.mode", "x.bad"));
    assertThat(p.choice("x.mode", Mode.class)).contains(Mode.WHEN_REQUIRED);
    assertThatThrownBy(() -> p.choice("x.bad", Mode.class)).hasMessageContaining("when-supported");
  }
}

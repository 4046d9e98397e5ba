package org.storagekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared retry and timeout settings [§14.7]: parsed once, validated once, every error naming the property. */
class RetryOptionsTest {
  @Test
  void fromProperties_allSet_readsEach() {
    RetryOptions r = RetryOptions.fromProperties(Map.of("retry.max-attempts", "3", "retry.initial-backoff", "50ms",
        "retry.max-backoff", "2s", "timeout.connect", "4s", "timeout.read", "PT5S", "timeout.operation", "2m"));
    assertThat(r).isEqualTo(new RetryOptions(3, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(5), Duration.ofMinutes(2)));
  }

  @Test
  void fromProperties_none_givesTheBatchDefaults() {
    RetryOptions r = RetryOptions.fromProperties(Map.of("s3.endpoint", "http://x"));
    assertThat(r).isEqualTo(RetryOptions.defaults());
    assertThat(r.maxAttempts()).isEqualTo(5);
    assertThat(r.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(r.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.operationTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void storageOptions_fromProperties_carriesTheRetries() {
    StorageOptions o = StorageOptions.fromProperties(Map.of("parallelism", "2", "timeout.read", "7s"));
    assertThat(o.parallelism()).isEqualTo(2);
    assertThat(o.retries().readTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(StorageOptions.defaults().retries()).isEqualTo(RetryOptions.defaults());
  }

  @Test
  void fromProperties_malformedValue_namesTheProperty() {
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("retry.max-attempts", "lots")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry.max-attempts");
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("timeout.read", "soon")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout.read");
  }

  @Test
  void fromProperties_outOfRange_namesThePropertyAndTheRange() {
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("retry.max-attempts", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retry.max-attempts must be 1..100: 0");
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("timeout.connect", "0s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout.connect must be 1ms..24h: 0ms");
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("timeout.operation", "48h")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout.operation must be 1ms..24h: 48h");
  }

  @Test
  void fromProperties_inconsistentPair_namesBoth() {
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("retry.initial-backoff", "5s",
        "retry.max-backoff", "1s"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry.max-backoff must not be shorter than retry.initial-backoff: 1s < 5s");
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("timeout.read", "2m", "timeout.operation", "1m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout.operation must not be shorter than timeout.read: 1m < 2m");
  }

  @Test
  void fromProperties_unknownUnderTheirPrefixes_isRefusedListingTheKnown() {
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("retry.attempts", "3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'retry.attempts'")
        .hasMessageContaining("retry.max-attempts");
    assertThatThrownBy(() -> RetryOptions.fromProperties(Map.of("timeout.socket", "3s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timeout.socket'")
        .hasMessageContaining("timeout.read");
  }

  @Test
  void builder_nullValue_namesTheProperty() {
    assertThatThrownBy(() -> RetryOptions.builder().readTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("timeout.read");
  }

  @Test
  void backoff_isJitteredBelowTheDoublingBound_cappedAtTheMaximum() {
    RetryOptions r = RetryOptions.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(350))
        .build();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 200; i++) {
      assertThat(r.backoff(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
      assertThat(r.backoff(2)).isBetween(Duration.ZERO, Duration.ofMillis(200));
      assertThat(r.backoff(3)).isBetween(Duration.ZERO, Duration.ofMillis(350));
      assertThat(r.backoff(99)).isBetween(Duration.ZERO, Duration.ofMillis(350));
      seen.add(r.backoff(3).toMillis());
    }
    assertThat(seen).as("jittered, not one fixed wait").hasSizeGreaterThan(10);
    assertThatThrownBy(() -> r.backoff(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilder_changesOneSetting_keepsTheOthers() {
    RetryOptions r = RetryOptions.builder().maxAttempts(2).build().toBuilder().readTimeout(Duration.ofSeconds(3))
        .build();
    assertThat(r.maxAttempts()).isEqualTo(2);
    assertThat(r.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(r.connectTimeout()).isEqualTo(RetryOptions.DEFAULT_CONNECT_TIMEOUT);
  }
}

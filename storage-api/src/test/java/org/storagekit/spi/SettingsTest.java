package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration value checks: each error names the setting. */
class SettingsTest {

  @Test
  void range_inside_returnsTheValue_outside_namesTheSettingAndRange() {
    assertThat(Settings.range("listPageSize", 1000, 1, 1000)).isEqualTo(1000);
    assertThatThrownBy(() -> Settings.range("listPageSize", 1001, 1, 1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("listPageSize must be 1..1000: 1001");
    assertThatThrownBy(() -> Settings.range("pageSize", 0, 1, Integer.MAX_VALUE))
        .hasMessage("pageSize must be at least 1: 0");
  }

  @Test
  void size_outside_showsTheRangeInBinaryUnits() {
    long mib = 1024 * 1024;
    assertThat(Settings.size("partSize", 5 * mib, 5 * mib, 5 * 1024 * mib)).isEqualTo(5 * mib);
    assertThatThrownBy(() -> Settings.size("partSize", 1024, 5 * mib, 5 * 1024 * mib))
        .hasMessage("partSize must be 5 MiB..5 GiB: 1024");
    assertThatThrownBy(() -> Settings.size("blockSize", 100, 64 * 1024, 4000 * mib))
        .hasMessage("blockSize must be 64 KiB..4000 MiB: 100");
    assertThatThrownBy(() -> Settings.size("chunkSize", 1000, 256 * 1024, Integer.MAX_VALUE))
        .hasMessage("chunkSize must be at least 256 KiB: 1000");
    assertThatThrownBy(() -> Settings.size("x", -1, 0, 1000)).hasMessage("x must be 0 B..1000 B: -1");
  }

  @Test
  void positive_zeroNegativeOrNull_isRefusedNamingTheSetting() {
    assertThat(Settings.positive("timeout", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> Settings.positive("timeout", Duration.ZERO)).hasMessageContaining("timeout");
    assertThatThrownBy(() -> Settings.positive("timeout", Duration.ofSeconds(-1))).hasMessageContaining("timeout");
    assertThatThrownBy(() -> Settings.positive("timeout", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }

  @Test
  void text_trimsAndRefusesBlank_trimToNullMakesBlankNull() {
    assertThat(Settings.text("account", " acct ")).isEqualTo("acct");
    assertThatThrownBy(() -> Settings.text("account", "  ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("account must not be empty");
    assertThatThrownBy(() -> Settings.text("account", null)).isInstanceOf(NullPointerException.class);
    assertThat(Settings.trimToNull(" eu-west-1 ")).isEqualTo("eu-west-1");
    assertThat(Settings.trimToNull(" ")).isNull();
    assertThat(Settings.trimToNull(null)).isNull();
  }

  @Test
  void httpUrl_acceptsHttpAndHttpsWithAHost() {
    assertThat(Settings.httpUrl("endpoint", URI.create("http://127.0.0.1:9000"))).hasToString("http://127.0.0.1:9000");
    assertThat(Settings.httpUrl("endpoint", " https://acct.blob.core.windows.net/?sv=1&sig=x "))
        .hasToString("https://acct.blob.core.windows.net/?sv=1&sig=x");
  }

  @Test
  void httpUrl_otherSchemeNoHostCredentialsOrMalformed_isRefusedWithoutEchoingSecrets() {
    assertThatThrownBy(() -> Settings.httpUrl("endpoint", URI.create("ftp://host"))).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> Settings.httpUrl("host", "localhost:4443")).hasMessageContaining("host")
        .hasMessageContaining("localhost:4443");
    assertThatThrownBy(() -> Settings.httpUrl("endpoint", "http://user:topsecret@host/?sig=alsosecret"))
        .hasMessageContaining("credentials").hasMessageNotContaining("topsecret").hasMessageNotContaining("alsosecret");
    assertThatThrownBy(() -> Settings.httpUrl("endpoint", "http://a b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endpoint");
  }

  @Test
  void env_firstSetAndNotBlank_trimmed() {
    Map<String, String> env = Map.of("A", " ", "B", " b-value ", "C", "c");
    assertThat(Settings.env(env, "A", "B", "C")).contains("b-value");
    assertThat(Settings.env(env, "MISSING", "A")).isEmpty();
  }
}

package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "a/b/c.txt", ".hidden", "a/..b/c..", "日本/語", "with space/and+plus", "12:00/log",
      "a/C:/b", "%2e%2e/x"})
  void validate_goodKeys_areAccepted(String key) {
    assertThat(Keys.validate(key)).isEqualTo(key);
    assertThat(Keys.isValid(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "../a", "a\\b", "C:", "c:x/y",
      "a\u0001b", "a\u007fb", "a\u0085b"})
  void validate_badKeys_throwNamingTheKey(String key) {
    assertThat(Keys.isValid(key)).isFalse();
    assertThatThrownBy(() -> Keys.validate(key)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid key '");
  }

  @ParameterizedTest
  @ValueSource(ints = {1024, 1025})
  void validate_lengthLimit_countsUtf8Bytes(int bytes) {
    String key = "é".repeat(bytes / 2) + (bytes % 2 == 1 ? "x" : "");
    assertThat(Keys.isValid(key)).isEqualTo(bytes <= Keys.MAX_KEY_BYTES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a", "a\\b", "a\nb"})
  void validatePrefix_bad_throws(String prefix) {
    assertThatThrownBy(() -> Keys.validatePrefix(prefix)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid prefix");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "a/", "a/b"})
  void validatePrefix_good_isAccepted(String prefix) {
    assertThat(Keys.validatePrefix(prefix)).isEqualTo(prefix);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "a", "/a/", "a/b//", "//a/b"})
  void storagePrefix_trimsSlashesAndEndsWithOne(String prefix) {
    String normalized = Keys.storagePrefix(prefix);
    assertThat(normalized).isIn("", "a/", "a/b/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/../b", "a//b", "x\\y", "./a"})
  void storagePrefix_invalid_throwsNamingIt(String prefix) {
    assertThatThrownBy(() -> Keys.storagePrefix(prefix)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid prefix '");
  }
}

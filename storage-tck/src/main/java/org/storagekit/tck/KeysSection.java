package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.storagekit.Capability;
import org.storagekit.TransferSummary;

/** §1 Keys: validation and round trips. */
abstract class KeysSection extends TckSection {
  @ParameterizedTest
  @ValueSource(strings = {"", "/absolute", "a//b", "trailing/", "./a", "a/./b", "a/../b", "..", "back\\slash",
      "C:drive", "tab\there", "nul\u0000", "del\u007f"})
  void spec1_1_put_invalidKey_throwsIllegalArgumentAndStoresNothing(String key) {
    requires(Capability.WRITE);
    assertThatThrownBy(() -> putBytes(key, utf8("x")))
        .as("§1.1: key '%s' must be refused before any remote call", key)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid key");
    assertThat(keys(storage)).as("§1.1: nothing stored for a refused key").isEmpty();
  }

  @Test
  void spec1_1_everyOperation_invalidKey_throwsIllegalArgumentNamingKey() {
    String bad = "a/../escape";
    List<Runnable> operations = new ArrayList<>(List.of(
        () -> storage.get(bad),
        () -> storage.contains(bad),
        () -> storage.open(bad),
        () -> storage.getFile(bad, local.resolve("x"))));
    if (declares(Capability.WRITE)) {
      operations.add(() -> storage.delete(bad));
      operations.add(() -> storage.remove(bad));
      operations.add(() -> storage.put(bad, new ByteArrayInputStream(new byte[1])));
      operations.add(() -> storage.addFile(writeLocal(local.resolve("f"), new byte[1]), bad));
    }
    for (Runnable op : operations) {
      assertThatThrownBy(op::run).as("§1.1: invalid keys are refused by every operation")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  void spec1_1_longKey_roundTrips_andOneOverTheLimit_isRefused() {
    requires(Capability.WRITE);
    // 1,000 bytes leaves room for the test's own prefix inside the 1,024-byte name limit
    StringBuilder b = new StringBuilder();
    while (b.length() < 1100) {
      b.append("s".repeat(99)).append('/');
    }
    String longKey = b.substring(0, 999) + "x";
    assertThat(longKey.getBytes(StandardCharsets.UTF_8)).hasSize(1000);
    putBytes(longKey, utf8("long"));
    assertThat(read(storage, longKey)).as("§1.1: a key of 1,000 bytes is valid").isEqualTo(utf8("long"));
    String tooLong = "t".repeat(1025);
    assertThatThrownBy(() -> putBytes(tooLong, utf8("x"))).as("§1.1: 1,025 bytes is too long")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024 bytes");
  }

  @Test
  void spec1_2_unicodeSpacesAndSpecialCharacters_roundTrip() {
    requires(Capability.WRITE);
    List<String> keys = List.of("unicode/日本語/файл-ü.txt", "spaces/a b  c.txt", "special/!$&'()*+,;=@[]{}~^`.txt",
        "percent/100%25 done #1?.txt", "emoji/😀 party.bin", "dots/.hidden/..double.txt");
    for (String key : keys) {
      putBytes(key, utf8("content of " + key));
    }
    assertThat(keys(storage)).as("§1.2: keys are listed exactly as written").containsExactlyInAnyOrderElementsOf(keys);
    for (String key : keys) {
      assertThat(read(storage, key)).as("§1.2: content of '%s'", key).isEqualTo(utf8("content of " + key));
      assertThat(storage.contains(key)).isTrue();
    }
    TransferSummary summary = storage.getAllFiles(local.resolve("all"));
    assertThat(summary.files()).isEqualTo(keys.size());
    for (String key : keys) {
      assertThat(readLocal(local.resolve("all").resolve(key))).isEqualTo(utf8("content of " + key));
    }
  }

  @Test
  void spec1_2_deepNesting_roundTrips() {
    requires(Capability.WRITE);
    String key = String.join("/", Collections.nCopies(30, "level")) + "/leaf.txt";
    putBytes(key, utf8("deep"));
    assertThat(keys(storage)).containsExactly(key);
    Path got = storage.getFile(key, local.resolve("deep.txt"));
    assertThat(readLocal(got)).isEqualTo(utf8("deep"));
    storage.getAllFiles(local.resolve("tree"));
    assertThat(readLocal(local.resolve("tree").resolve(key))).as("§4.1: hierarchy kept").isEqualTo(utf8("deep"));
  }
}

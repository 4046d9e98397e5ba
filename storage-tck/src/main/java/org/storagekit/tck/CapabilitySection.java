package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.StorageFile;

/** §13.3 and §15 Capabilities: what is declared works, what is not throws and changes nothing. */
abstract class CapabilitySection extends TckSection {
  @Test
  void spec15_1_capabilities_areExactlyThoseDeclared() {
    assertThat(storage.capabilities()).as("§15.1").isEqualTo(fixture.declaredCapabilities());
  }

  @Test
  void spec15_2_etag_everyListedFileCarriesOne_andItChangesWithContent() {
    requires(Capability.ETAG);
    requires(Capability.WRITE);
    putBytes("e.txt", utf8("one"));
    String first;
    try (Stream<StorageFile> files = storage.list()) {
      first = files.findFirst().flatMap(StorageFile::etag).orElse(null);
    }
    assertThat(first).as("§15.2: ETAG declared, so listed files carry one").isNotNull();
    assertThat(storage.get("e.txt").flatMap(StorageFile::etag)).contains(first);
    putBytes("e.txt", utf8("two, different"));
    Optional<String> second = open().get("e.txt").flatMap(StorageFile::etag);
    assertThat(second).isPresent();
    assertThat(second.get()).as("§15.2: new content, new ETag").isNotEqualTo(first);
  }

  @Test
  void spec13_3_withoutWrite_writesThrowUnsupportedAndChangeNothing() throws IOException {
    requiresAbsent(Capability.WRITE);
    Set<String> before = keys(storage);
    Path file = writeLocal(local.resolve("ro.txt"), utf8("x"));
    Path dir = Files.createDirectories(local.resolve("ro-dir"));
    List<Runnable> writes = List.of(
        () -> storage.put("ro.txt", file),
        () -> storage.put("ro.txt", new ByteArrayInputStream(utf8("x"))),
        () -> storage.addFile(file, "ro.txt"),
        () -> storage.addFile(new ByteArrayInputStream(utf8("x")), "ro.txt"),
        () -> storage.addDirectory(dir, "ro"),
        () -> storage.copy("a", "b"),
        () -> storage.delete("ro.txt"),
        () -> storage.remove("ro.txt"));
    for (Runnable w : writes) {
      assertThatThrownBy(w::run).as("§13.3: read-only storages throw, never silently ignore")
          .isInstanceOf(UnsupportedOperationException.class);
    }
    storage.flush();
    assertThat(keys(storage)).isEqualTo(before);
  }

  @Test
  void spec13_3_withoutRangedRead_openRangeThrowsUnsupported() {
    requiresAbsent(Capability.RANGED_READ);
    assertThatThrownBy(() -> storage.open("any", 0, 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void spec13_3_withoutCopy_copyThrowsUnsupportedAndChangesNothing() {
    requiresAbsent(Capability.COPY);
    Set<String> before = keys(storage);
    if (declares(Capability.WRITE)) {
      putBytes("c.txt", utf8("c"));
      before = keys(storage);
    }
    assertThatThrownBy(() -> storage.copy("c.txt", "d.txt")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(keys(storage)).isEqualTo(before);
  }
}

package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageFile;

/**
 * Base of every TCK section: each test works in its own random prefix of the fixture's location,
 * with a fresh local folder, and the prefix is emptied and every storage it opened closed at the
 * end. The fixture is that of the {@link StorageTck} the section is nested in. Every test names the
 * SPEC.md rule it checks, and its assertion messages say what the rule demands.
 */
@ExtendWith(TckSection.SuiteFixture.class)
abstract class TckSection {
  static final long MIB = 1024 * 1024;

  @TempDir Path local;

  TckFixture fixture;
  String prefix;
  Storage storage;
  private final List<Storage> opened = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  final void openTestStorage(TckFixture suiteFixture) {
    fixture = suiteFixture;
    prefix = "tck-" + UUID.randomUUID().toString().substring(0, 13);
    storage = open();
  }

  @AfterEach
  final void cleanUpTestStorage() {
    for (Storage s : opened) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // a test that provoked a failure may leave it for close(); the test already judged it
      }
    }
    if (fixture == null || !declares(Capability.WRITE)) {
      return; // nothing to empty: no fixture (set-up failed), or a read-only location
    }
    try (Storage cleaner = fixture.openStorage(prefix); Stream<StorageFile> files = cleaner.list()) {
      files.map(StorageFile::key)
          .filter(org.storagekit.spi.Keys::isValid)
          .forEach(cleaner::delete);
    }
  }

  /** A further instance on this test's location. */
  final Storage open() {
    return openAt(prefix);
  }

  /** An instance on another prefix, closed at the end of the test like the others. */
  final Storage openAt(String otherPrefix) {
    Storage s = fixture.openStorage(otherPrefix);
    opened.add(s);
    return s;
  }

  final boolean declares(Capability capability) {
    return fixture.declaredCapabilities().contains(capability);
  }

  final void requires(Capability capability) {
    assumeTrue(declares(capability), "gated: the backend does not declare " + capability);
  }

  final void requiresAbsent(Capability capability) {
    assumeFalse(declares(capability), "twin of a capability gate: the backend declares " + capability);
  }

  /**
   * Writes {@code rawKey} through the fixture, or skips the test where the backend cannot hold it;
   * {@code what} names the key in the skip.
   */
  final void writeRawKeyOrSkip(String what, String rawKey, byte[] content) {
    try {
      fixture.writeRawKey(prefix, rawKey, content);
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "gated: this backend cannot store " + what + ": " + e.getMessage());
    }
  }

  final StorageFile putBytes(String key, byte[] content) {
    return storage.put(key, new ByteArrayInputStream(content));
  }

  static byte[] read(Storage s, String key) {
    try (InputStream in = s.open(key)) {
      return in.readAllBytes(); // small test data only
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Set<String> keys(Storage s) {
    try (Stream<StorageFile> files = s.list()) {
      return files.map(StorageFile::key).collect(Collectors.toSet());
    }
  }

  static byte[] readLocal(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeLocal(Path p, byte[] content) {
    try {
      Files.createDirectories(p.toAbsolutePath().getParent());
      return Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> filesUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A listener that aborts every transfer it is given. */
  static ProgressListener failingListener() {
    return (done, total, name) -> {
      throw new IllegalStateException("TCK: listener aborts the transfer");
    };
  }

  /** Records progress reports by name. */
  static final class Recorder implements ProgressListener {
    final Map<String, List<long[]>> reports = Collections.synchronizedMap(new TreeMap<>());

    @Override
    public void onProgress(long transferred, long total, String name) {
      reports.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>()))
          .add(new long[] {transferred, total});
    }

    void assertMonotonicEndingAt(String name, long size) {
      List<long[]> r = reports.get(name);
      assertThat(r).as("§12.1: progress reported for '%s'", name).isNotNull().isNotEmpty();
      long last = -1;
      for (long[] report : r) {
        assertThat(report[0]).as("§12.2: progress of '%s' must never go back", name).isGreaterThanOrEqualTo(last);
        assertThat(report[1]).as("§12.1: total of '%s' is its size or -1", name).isIn(size, -1L);
        last = report[0];
      }
      long[] end = r.get(r.size() - 1);
      assertThat(end).as("§12.2: the last report of '%s' is (size, size)", name).containsExactly(size, size);
    }
  }

  /** Resolves a section's {@link TckFixture} from the enclosing {@link StorageTck}, before each test. */
  static final class SuiteFixture implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == TckFixture.class;
    }

    @Override
    public TckFixture resolveParameter(ParameterContext parameter, ExtensionContext context) {
      StorageTck suite = context.getRequiredTestInstances().findInstance(StorageTck.class)
          .orElseThrow(() -> new ParameterResolutionException("a TCK section runs nested in a StorageTck"));
      return Objects.requireNonNull(suite.fixture(), () -> suite.getClass().getName() + ".fixture() returned null");
    }
  }
}

package org.storagekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.storagekit.spi.StorageProvider;

/**
 * Discovery [§14]. The test class path registers: a working provider ({@code fake}), one whose
 * constructor throws, one naming a missing class, and two claiming {@code dup}.
 */
class StoragesTest {

  /** A provider that opens nothing but records what it was asked. */
  public static class FakeProvider implements StorageProvider {
    static volatile URI lastUri;

    @Override
    public String scheme() {
      return "fake";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.WRITE);
    }

    @Override
    public Storage open(URI uri, Map<String, String> properties) {
      lastUri = uri;
      throw new UnsupportedOperationException("fake provider opened " + uri + " with " + properties);
    }
  }

  /** Fails while loading. */
  public static class BrokenProvider extends FakeProvider {
    public BrokenProvider() {
      throw new IllegalStateException("broken on purpose");
    }
  }

  /** First claimant of {@code dup}. */
  public static class DupOne extends FakeProvider {
    @Override
    public String scheme() {
      return "dup";
    }
  }

  /** Second claimant of {@code dup}. */
  public static class DupTwo extends DupOne {}

  @Test
  void providers_brokenJars_areSkippedWithoutHidingOthers() {
    assertThat(Storages.providers()).extracting(p -> p.getClass().getSimpleName())
        .containsExactly("FakeProvider", "DupOne", "DupTwo");
  }

  @Test
  void open_knownScheme_reachesItsProvider() {
    assertThatThrownBy(() -> Storages.open("FAKE://bucket/p"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("fake provider opened FAKE://bucket/p");
  }

  @Test
  void open_unknownScheme_listsTheSchemesFound() {
    assertThatThrownBy(() -> Storages.open("nope://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("dup, fake");
  }

  @Test
  void open_schemeClaimedTwice_failsNamingBoth() {
    assertThatThrownBy(() -> Storages.open("dup://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DupOne.class.getName())
        .hasMessageContaining(DupTwo.class.getName());
  }

  @Test
  void open_noSchemeOrMalformed_isRefusedClearly() {
    assertThatThrownBy(() -> Storages.open("just/a/path")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a scheme");
    assertThatThrownBy(() -> Storages.open("s3://bad uri")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed storage URI 's3://bad uri'");
  }
}

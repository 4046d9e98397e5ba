package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.Storage;

/** A provider that opens through its configuration. */
class ConfigProviderTest {
  private static final Storage OPENED = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
      new Class<?>[] {Storage.class}, (proxy, method, args) -> null);

  /** Records what it was asked to read. */
  static final class Sample extends ConfigProvider {
    static final List<String> READ = new ArrayList<>();

    Sample() {
      super("sample", EnumSet.of(Capability.WRITE), (uri, properties) -> {
        BucketUri location = BucketUri.parse(uri, "sample", "bucket");
        READ.add(location.bucket() + " " + properties);
        return () -> OPENED;
      });
    }
  }

  @Test
  void schemeAndCapabilities_areTheOnesGiven() {
    Sample provider = new Sample();
    assertThat(provider.scheme()).isEqualTo("sample");
    assertThat(provider.capabilities()).containsExactly(Capability.WRITE);
  }

  @Test
  void open_readsTheConfigurationAndOpensIt() {
    Sample.READ.clear();
    assertThat(new Sample().open(URI.create("sample://b/p"), Map.of("k", "v"))).isSameAs(OPENED);
    assertThat(Sample.READ).containsExactly("b {k=v}");
  }

  @Test
  void open_malformedUri_throwsWhatTheReaderThrows() {
    assertThatThrownBy(() -> new Sample().open(URI.create("other://b"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample://bucket[/prefix]");
  }
}

package org.storagekit.examples.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.Storage;
import org.storagekit.guice.BoundStorages;
import org.storagekit.guice.StorageModule;

/** The example provider bound with the generic Guice module, by typed config and by URI. */
class MemoryStorageModuleTest {

  @Test
  void genericModule_bindsTheProviderByConfigAndByUri_andClosesBothAtShutdown() {
    Injector injector = Guice.createInjector(
        StorageModule.of(MemoryStorageConfig.of("guice").withPrefix("typed")),
        StorageModule.of(URI.create("memory://guice/typed"), Map.of()).named("by-uri"));
    Storage typed = injector.getInstance(Storage.class);
    Storage byUri = injector.getInstance(Key.get(Storage.class, Names.named("by-uri")));
    assertThat(typed).as("same location, so equal").isEqualTo(byUri).isNotSameAs(byUri);
    typed.put("k", new ByteArrayInputStream(new byte[] {7}));
    assertThat(byUri.get("k")).isPresent();
    injector.getInstance(BoundStorages.class).close();
    assertThatThrownBy(typed::list).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(byUri::list).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unknownProperty_isRefusedNamingIt() {
    assertThatThrownBy(() -> new MemoryStorageProvider().open(URI.create("memory://b"), Map.of("memory.x", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory.x");
  }
}

package org.storagekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.FlushException;
import org.storagekit.Storage;
import org.storagekit.guice.BoundStorages;
import org.storagekit.guice.StorageModule;

/** The generic Guice module with the local provider: typed configs and URIs, side by side. */
class LocalStorageModuleTest {
  @jakarta.inject.Qualifier
  @Retention(RetentionPolicy.RUNTIME)
  @interface Archive {}

  @TempDir Path tmp;

  @Test
  void modules_bindSeveralStoragesSideBySide() {
    Injector injector = Guice.createInjector(
        StorageModule.of(LocalStorageConfig.builder(tmp.resolve("default")).build()),
        StorageModule.of(LocalStorageConfig.builder(tmp.resolve("scratch")).build()).named("scratch"),
        StorageModule.of(LocalStorageConfig.builder(tmp.resolve("archive")).build()).qualifiedBy(Archive.class),
        StorageModule.of(tmp.resolve("by-uri").toUri(), Map.of()).named("by-uri"));
    Storage plain = injector.getInstance(Storage.class);
    Storage scratch = injector.getInstance(Key.get(Storage.class, Names.named("scratch")));
    Storage archive = injector.getInstance(Key.get(Storage.class, Archive.class));
    Storage byUri = injector.getInstance(Key.get(Storage.class, Names.named("by-uri")));
    assertThat(plain.uri().getPath()).endsWith("/default/");
    assertThat(scratch.uri().getPath()).endsWith("/scratch/");
    assertThat(archive.uri().getPath()).endsWith("/archive/");
    assertThat(byUri.uri().getPath()).endsWith("/by-uri/");
    assertThat(injector.getInstance(Storage.class)).as("singleton").isSameAs(plain);
    scratch.put("k", new ByteArrayInputStream(new byte[] {1}));
    assertThat(tmp.resolve("scratch/k")).exists();
    assertThat(plain.contains("k")).isFalse();
    BoundStorages bound = injector.getInstance(BoundStorages.class);
    assertThat(bound.opened()).containsExactly(plain, scratch, archive, byUri);
    bound.close();
    assertThatThrownBy(plain::list).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(byUri::list).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void boundStorages_close_reportsTheBackgroundFailureOfEveryStorage_andClosesThemAll() {
    Injector injector = Guice.createInjector(
        StorageModule.of(LocalStorageConfig.builder(tmp.resolve("a")).build()).named("a"),
        StorageModule.of(LocalStorageConfig.builder(tmp.resolve("b")).build()).named("b"));
    Storage a = injector.getInstance(Key.get(Storage.class, Names.named("a")));
    Storage b = injector.getInstance(Key.get(Storage.class, Names.named("b")));
    a.addFile(failing(), "lost-a.bin");
    b.addFile(failing(), "lost-b.bin");
    BoundStorages bound = injector.getInstance(BoundStorages.class);
    assertThatThrownBy(bound::close)
        .hasMessageContaining("2 storages failed to close")
        .satisfies(e -> {
          assertThat(e.getCause()).isInstanceOf(FlushException.class);
          assertThat(e.getSuppressed()).hasSize(1).allMatch(s -> s instanceof FlushException);
        });
    assertThatThrownBy(a::list).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::list).isInstanceOf(IllegalStateException.class);
  }

  private static InputStream failing() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("the source broke");
      }
    };
  }
}

package org.storagekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.io.ByteArrayInputStream;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Storage;

class LocalStorageModuleTest {
  @jakarta.inject.Qualifier
  @Retention(RetentionPolicy.RUNTIME)
  @interface Archive {}

  @TempDir Path tmp;

  @Test
  void modules_bindSeveralStoragesSideBySide() {
    Injector injector = Guice.createInjector(
        new LocalStorageModule(LocalStorageConfig.builder(tmp.resolve("default")).build()),
        new LocalStorageModule("scratch", LocalStorageConfig.builder(tmp.resolve("scratch")).build()),
        new LocalStorageModule(Archive.class, LocalStorageConfig.builder(tmp.resolve("archive")).build()));
    Storage plain = injector.getInstance(Storage.class);
    Storage scratch = injector.getInstance(Key.get(Storage.class, Names.named("scratch")));
    Storage archive = injector.getInstance(Key.get(Storage.class, Archive.class));
    assertThat(plain.uri().getPath()).endsWith("/default/");
    assertThat(scratch.uri().getPath()).endsWith("/scratch/");
    assertThat(archive.uri().getPath()).endsWith("/archive/");
    assertThat(injector.getInstance(Storage.class)).as("singleton").isSameAs(plain);
    scratch.put("k", new ByteArrayInputStream(new byte[] {1}));
    assertThat(tmp.resolve("scratch/k")).exists();
    assertThat(plain.contains("k")).isFalse();
    plain.close();
    scratch.close();
    archive.close();
  }
}

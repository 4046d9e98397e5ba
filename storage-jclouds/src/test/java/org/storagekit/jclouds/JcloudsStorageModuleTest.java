package org.storagekit.jclouds;

import org.storagekit.guice.StorageModule;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Storage;

/** The Guice module: jclouds' own Guice 7 injector lives inside the storage, beside the application's. */
class JcloudsStorageModuleTest {
  @TempDir
  Path basedir;

  @Test
  void module_namedAndUnqualified_bindSeparateSingletonStorages() throws Exception {
    Injector injector = Guice.createInjector(
        StorageModule.of(JcloudsStorageConfig.builder("transient", "main").build()),
        StorageModule.of(
            JcloudsStorageConfig.builder("filesystem", "archive").baseDirectory(basedir).prefix("old").build())
            .named("archive"));
    Storage main = injector.getInstance(Storage.class);
    Storage archive = injector.getInstance(Key.get(Storage.class, Names.named("archive")));
    try {
      assertThat(injector.getInstance(Storage.class)).isSameAs(main);
      assertThat(main.uri().toString()).isEqualTo("jclouds://transient/main/");
      assertThat(archive.uri().getPath()).isEqualTo("/archive/old/");
      archive.put("a.txt", new ByteArrayInputStream(JcloudsFixture.utf8("archived")));
      assertThat(basedir.resolve("archive/old/a.txt")).hasContent("archived");
      try (InputStream in = archive.open("a.txt")) {
        assertThat(in.readAllBytes()).isEqualTo(JcloudsFixture.utf8("archived"));
      }
      assertThat(main.get("a.txt")).isEmpty();
    } finally {
      main.close();
      archive.close();
    }
  }
}

package org.storagekit.gcs;

import org.storagekit.guice.StorageModule;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import org.junit.jupiter.api.Test;
import org.storagekit.Storage;

class GcsStorageModuleTest {

  @Test
  void namedModules_bindSeveralStoragesSideBySide_asSingletons() {
    com.google.cloud.storage.Storage client = FakeGcs.shared().client();
    GcsStorageConfig archive = GcsStorageConfig.builder(FakeGcs.BUCKET).prefix("archive").client(client).build();
    GcsStorageConfig scratch = GcsStorageConfig.builder(FakeGcs.BUCKET).prefix("scratch").client(client).build();
    Injector injector = Guice.createInjector(StorageModule.of(archive).named("archive"),
        StorageModule.of(scratch).named("scratch"));
    Storage a = injector.getInstance(Key.get(Storage.class, Names.named("archive")));
    Storage s = injector.getInstance(Key.get(Storage.class, Names.named("scratch")));
    try {
      assertThat(a.uri()).hasToString("gs://" + FakeGcs.BUCKET + "/archive/");
      assertThat(s.uri()).hasToString("gs://" + FakeGcs.BUCKET + "/scratch/");
      assertThat(injector.getInstance(Key.get(Storage.class, Names.named("archive")))).isSameAs(a);
    } finally {
      a.close();
      s.close();
    }
  }
}

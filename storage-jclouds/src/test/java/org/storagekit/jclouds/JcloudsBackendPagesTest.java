package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Set;
import java.util.stream.Stream;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;

/** The backend on its own, beside the engine that wraps it: one vendor page per list call, the container check. */
class JcloudsBackendPagesTest {
  private final BlobStoreContext jclouds = ContextBuilder.newBuilder("transient")
      .modules(Set.of(new SLF4JLoggingModule())).buildView(BlobStoreContext.class);
  private final StorageContext context =
      StorageContext.of(URI.create("jclouds://transient/box/p/"), "p/", StorageOptions.defaults());

  @AfterEach
  void close() {
    jclouds.close();
  }

  @Test
  void list_onePagePerCall_withTheMarkerAsThePageToken() {
    JcloudsBackend backend = new JcloudsBackend(context, jclouds, false, "box", true);
    try (Storage storage = StorageEngine.open(context, backend)) {
      for (int i = 0; i < 5; i++) {
        storage.put("k" + i, new ByteArrayInputStream(JcloudsFixture.utf8("v" + i)));
      }
      jclouds.getBlobStore().putBlob("box", jclouds.getBlobStore().blobBuilder("other").payload("x").build());
      Page first = backend.list(ListRequest.first("p/", 2));
      assertThat(first.files()).extracting(StorageFile::key).containsExactly("p/k0", "p/k1");
      assertThat(first.nextToken()).isPresent();
      Page second = backend.list(ListRequest.first("p/", 2).next(first.nextToken().orElseThrow()));
      assertThat(second.files()).extracting(StorageFile::key).containsExactly("p/k2", "p/k3");
      Page third = backend.list(ListRequest.first("p/", 2).next(second.nextToken().orElseThrow()));
      assertThat(third.files()).extracting(StorageFile::key).containsExactly("p/k4");
      assertThat(third.nextToken()).isEmpty();
      try (Stream<StorageFile> all = storage.list()) {
        assertThat(all).extracting(StorageFile::key).containsExactly("k0", "k1", "k2", "k3", "k4");
      }
    }
    assertThat(jclouds.getBlobStore().containerExists("box")).as("a supplied context stays open").isTrue();
  }

  @Test
  void firstOperation_missingContainerThatMayNotBeCreated_isNotFoundWithoutAKey() {
    JcloudsBackend backend = new JcloudsBackend(context, jclouds, false, "box", false);
    try (Storage storage = StorageEngine.open(context, backend)) {
      assertThatThrownBy(() -> storage.get("k")).isInstanceOfSatisfying(NotFoundException.class,
          e -> assertThat(e.key()).isEmpty()).hasMessageContaining("container 'box'");
      jclouds.getBlobStore().createContainerInLocation(null, "box");
      assertThat(storage.get("k")).isEmpty();
      storage.put("k", new ByteArrayInputStream(JcloudsFixture.utf8("v")));
      assertThat(storage.get("k")).isPresent();
    }
  }
}

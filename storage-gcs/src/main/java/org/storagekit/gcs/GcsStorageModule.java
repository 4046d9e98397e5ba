package org.storagekit.gcs;

import java.lang.annotation.Annotation;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.guice.StorageModule;

/**
 * Guice module binding a Google Cloud Storage {@link Storage} from a {@link GcsStorageConfig}:
 * unqualified, {@code @Named}, or under a qualifier annotation, so several can be bound side by
 * side. The storage is opened on first injection; the application closes it on shutdown.
 */
public final class GcsStorageModule extends StorageModule {
  private final GcsStorageConfig config;

  /** Binds {@code Storage}. */
  public GcsStorageModule(GcsStorageConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Named(name) Storage}. */
  public GcsStorageModule(String name, GcsStorageConfig config) {
    super(name);
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Qualifier Storage}. */
  public GcsStorageModule(Class<? extends Annotation> qualifier, GcsStorageConfig config) {
    super(qualifier);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected Storage openStorage() {
    return config.open();
  }
}

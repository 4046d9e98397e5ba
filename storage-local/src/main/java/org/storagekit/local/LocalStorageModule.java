package org.storagekit.local;

import java.lang.annotation.Annotation;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.guice.StorageModule;

/**
 * Guice module binding a local-disk {@link Storage} from a {@link LocalStorageConfig}: unqualified,
 * {@code @Named}, or under a qualifier annotation, so several can be bound side by side.
 */
public final class LocalStorageModule extends StorageModule {
  private final LocalStorageConfig config;

  /** Binds {@code Storage}. */
  public LocalStorageModule(LocalStorageConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Named(name) Storage}. */
  public LocalStorageModule(String name, LocalStorageConfig config) {
    super(name);
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Qualifier Storage}. */
  public LocalStorageModule(Class<? extends Annotation> qualifier, LocalStorageConfig config) {
    super(qualifier);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected Storage openStorage() {
    return config.open();
  }
}

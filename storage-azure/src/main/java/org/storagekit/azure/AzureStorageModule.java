package org.storagekit.azure;

import java.lang.annotation.Annotation;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.guice.StorageModule;

/**
 * Guice module binding an Azure Blob Storage {@link Storage} from an {@link AzureStorageConfig}:
 * unqualified, {@code @Named}, or under a qualifier annotation, so several can be bound side by
 * side. The storage is opened lazily, once; the application MUST close it.
 */
public final class AzureStorageModule extends StorageModule {
  private final AzureStorageConfig config;

  /** Binds {@code Storage}. */
  public AzureStorageModule(AzureStorageConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Named(name) Storage}. */
  public AzureStorageModule(String name, AzureStorageConfig config) {
    super(name);
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Qualifier Storage}. */
  public AzureStorageModule(Class<? extends Annotation> qualifier, AzureStorageConfig config) {
    super(qualifier);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected Storage openStorage() {
    return config.open();
  }
}

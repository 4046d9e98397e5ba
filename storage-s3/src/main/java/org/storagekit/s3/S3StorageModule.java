package org.storagekit.s3;

import java.lang.annotation.Annotation;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.guice.StorageModule;

/**
 * Guice module binding an S3 {@link Storage} from an {@link S3StorageConfig}: unqualified,
 * {@code @Named}, or under a qualifier annotation, so several can be bound side by side.
 */
public final class S3StorageModule extends StorageModule {
  private final S3StorageConfig config;

  /** Binds {@code Storage}. */
  public S3StorageModule(S3StorageConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Named(name) Storage}. */
  public S3StorageModule(String name, S3StorageConfig config) {
    super(name);
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Qualifier Storage}. */
  public S3StorageModule(Class<? extends Annotation> qualifier, S3StorageConfig config) {
    super(qualifier);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected Storage openStorage() {
    return config.open();
  }
}

package org.storagekit.jclouds;

import java.lang.annotation.Annotation;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.guice.StorageModule;

/**
 * Guice module binding a jclouds-backed {@link Storage} from a {@link JcloudsStorageConfig}:
 * unqualified, {@code @Named}, or under a qualifier annotation, so several can be bound side by
 * side. jclouds builds its own, separate Guice 7 injector inside the storage; nothing of it leaks
 * into the application's injector.
 */
public final class JcloudsStorageModule extends StorageModule {
  private final JcloudsStorageConfig config;

  /** Binds {@code Storage}. */
  public JcloudsStorageModule(JcloudsStorageConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Named(name) Storage}. */
  public JcloudsStorageModule(String name, JcloudsStorageConfig config) {
    super(name);
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Binds {@code @Qualifier Storage}. */
  public JcloudsStorageModule(Class<? extends Annotation> qualifier, JcloudsStorageConfig config) {
    super(qualifier);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected Storage openStorage() {
    return config.open();
  }
}

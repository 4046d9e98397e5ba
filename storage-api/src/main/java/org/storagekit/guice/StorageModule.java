package org.storagekit.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.name.Names;
import java.lang.annotation.Annotation;
import java.util.Objects;
import org.storagekit.Storage;

/**
 * Base of every provider's Guice module: binds one {@link Storage}, as a lazily opened singleton,
 * either unqualified, under a name ({@code @Named("archive")}) or under a qualifier annotation, so
 * several storages can be bound side by side. The injector does not close storages; the
 * application MUST close them on shutdown.
 */
public abstract class StorageModule extends AbstractModule {
  private final Key<Storage> key;

  /** Binds {@code Storage} without a qualifier. */
  protected StorageModule() {
    this.key = Key.get(Storage.class);
  }

  /** Binds {@code @Named(name) Storage}. */
  protected StorageModule(String name) {
    this.key = Key.get(Storage.class, Names.named(Objects.requireNonNull(name, "name")));
  }

  /** Binds {@code Storage} under a qualifier annotation type. */
  protected StorageModule(Class<? extends Annotation> qualifier) {
    this.key = Key.get(Storage.class, Objects.requireNonNull(qualifier, "qualifier"));
  }

  /** The key this module binds. */
  public final Key<Storage> key() {
    return key;
  }

  /** Opens the storage from the module's typed configuration. */
  protected abstract Storage openStorage();

  @Override
  protected final void configure() {
    Provider<Storage> provider = this::openStorage;
    bind(key).toProvider(provider).in(Singleton.class);
  }
}

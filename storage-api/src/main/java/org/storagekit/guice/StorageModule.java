package org.storagekit.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.name.Names;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;
import org.storagekit.Storages;

/**
 * Binds one {@link Storage}, for any provider, as a lazily opened singleton: from a provider's
 * typed configuration ({@link #of(StorageConfig)}) or from a URI and properties found through
 * {@link java.util.ServiceLoader} ({@link #of(URI, Map)}); unqualified, under a name
 * ({@link #named}) or under a qualifier annotation ({@link #qualifiedBy}), so several storages can
 * be bound side by side:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     StorageModule.of(S3StorageConfig.builder("reports").build()),
 *     StorageModule.of(URI.create("file:/var/scratch"), Map.of()).named("scratch"));
 * ...
 * injector.getInstance(BoundStorages.class).close(); // at shutdown: flush and close every one
 * }</pre>
 *
 * <p>Every storage a module opens is recorded in the injector's {@link BoundStorages}, which
 * flushes and closes them all at shutdown and reports every background failure.
 */
public final class StorageModule extends AbstractModule {
  private final Key<Storage> key;
  private final String description;
  private final Supplier<Storage> opener;

  private StorageModule(Key<Storage> key, String description, Supplier<Storage> opener) {
    this.key = key;
    this.description = description;
    this.opener = opener;
  }

  /** Binds {@code Storage} to the storage {@code config} opens. */
  public static StorageModule of(StorageConfig config) {
    Objects.requireNonNull(config, "config");
    return new StorageModule(Key.get(Storage.class), config.toString(), config::open);
  }

  /**
   * Binds {@code Storage} to the storage a URI names, opened through its provider with
   * {@code properties} (see {@link Storages#open(URI, Map)}).
   */
  public static StorageModule of(URI uri, Map<String, String> properties) {
    Objects.requireNonNull(uri, "uri");
    Map<String, String> copy = Map.copyOf(properties);
    return new StorageModule(Key.get(Storage.class), uri.toString(), () -> Storages.open(uri, copy));
  }

  /** The same binding as {@code @Named(name) Storage}. */
  public StorageModule named(String name) {
    return new StorageModule(Key.get(Storage.class, Names.named(Objects.requireNonNull(name, "name"))),
        description, opener);
  }

  /** The same binding under a qualifier annotation type. */
  public StorageModule qualifiedBy(Class<? extends Annotation> qualifier) {
    return new StorageModule(Key.get(Storage.class, Objects.requireNonNull(qualifier, "qualifier")),
        description, opener);
  }

  /** The key this module binds. */
  public Key<Storage> key() {
    return key;
  }

  @Override
  protected void configure() {
    bind(key).toProvider(new Opener(opener)).in(Singleton.class);
  }

  @Override
  public String toString() {
    return "StorageModule[" + key + " -> " + description + "]";
  }

  /** Opens the storage on first use and records it for shutdown. */
  private static final class Opener implements Provider<Storage> {
    private final Supplier<Storage> opener;
    @Inject private BoundStorages bound;

    Opener(Supplier<Storage> opener) {
      this.opener = opener;
    }

    @Override
    public Storage get() {
      return bound.register(opener.get());
    }
  }
}

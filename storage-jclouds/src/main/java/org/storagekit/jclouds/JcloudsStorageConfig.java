package org.storagekit.jclouds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jclouds.Constants;
import org.jclouds.ContextBuilder;
import org.jclouds.apis.Apis;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.jclouds.providers.ProviderMetadata;
import org.jclouds.providers.Providers;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;
import org.storagekit.StorageOptions;
import org.storagekit.spi.ConfigBuilder;
import org.storagekit.spi.Keys;
import org.storagekit.spi.Settings;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;

/**
 * Configuration of a storage in a jclouds blobstore. An immutable value, validated on construction;
 * build with {@link #builder(String, String)}. The credential and the override values never appear
 * in {@link #toString()}. The storage builds (and closes) its own jclouds {@link BlobStoreContext},
 * unless {@link Builder#context(BlobStoreContext)} hands one in, which it leaves open.
 *
 * @param provider the jclouds provider or API id, such as {@code transient}, {@code filesystem},
 *     {@code s3}, {@code openstack-swift} or {@code azureblob}
 * @param container the container (bucket)
 * @param prefix the key prefix inside the container: empty or ending with {@code /}
 * @param endpoint the endpoint, if one overrides the provider's default
 * @param access the identity, credential, jclouds overrides and a supplied context
 * @param createContainer whether the first operation creates a missing container
 * @param options the shared options, with the retries and timeouts ({@link RetryOptions}) a built
 *     context maps onto jclouds' retry and timeout properties
 */
public record JcloudsStorageConfig(String provider, String container, String prefix, Optional<String> endpoint,
    Access access, boolean createContainer, StorageOptions options) implements StorageConfig {

  /** What reaches jclouds beside the location; shown only as names. */
  record Access(String identity, String credential, SortedMap<String, String> overrides, BlobStoreContext context) {
    @Override
    public String toString() {
      return "identity=" + identity + ", credential=" + (credential == null ? "none" : "****")
          + ", overrides=" + overrides.keySet() + (context == null ? "" : ", context=supplied");
    }
  }

  /** Validates the configuration and normalizes the prefix; an error names the setting. */
  public JcloudsStorageConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(container, "container");
    if (!provider.matches("[a-z0-9][a-z0-9.-]*")) {
      throw new IllegalArgumentException("jclouds provider id must be lower-case letters, digits, '-' and '.': '"
          + provider + "'");
    }
    if (container.isEmpty() || container.contains("/")) {
      throw new IllegalArgumentException("container must be non-empty and hold no '/': '" + container + "'");
    }
    prefix = Keys.storagePrefix(prefix);
    Objects.requireNonNull(endpoint, "endpoint").ifPresent(e -> Settings.httpUrl("endpoint", e));
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(options, "options");
  }

  /**
   * A builder for a storage in {@code container} of the jclouds provider or API {@code provider};
   * {@link Builder#build()} refuses an empty one, or a provider id that is not lower-case letters,
   * digits, dashes and dots.
   */
  public static Builder builder(String provider, String container) {
    return new Builder(Objects.requireNonNull(provider, "provider"), container);
  }

  /** Whether a credential is set. The credential itself is not exposed. */
  public boolean hasCredential() {
    return access.credential() != null;
  }

  /**
   * Opens the storage: builds the jclouds context (unless one was handed in), creates the
   * {@code filesystem} base directory, and makes no network call: the first operation checks the
   * container, creates it where allowed, else throws {@link org.storagekit.NotFoundException} naming it.
   *
   * @throws IllegalArgumentException if the provider id is unknown to jclouds, is not a blobstore,
   *     is an archive service, or lacks a setting (the {@code filesystem} provider's base directory)
   */
  @Override
  public Storage open() {
    Properties effective = retries(options.retries());
    effective.putAll(access.overrides()); // an explicit jclouds.* override is more specific than the shared setting
    boolean owned = access.context() == null;
    String basedir = "filesystem".equals(provider) ? effective.getProperty(FilesystemConstants.PROPERTY_BASEDIR) : null;
    if ("filesystem".equals(provider) && owned) {
      basedir = baseDirectory(basedir);
      effective.setProperty(FilesystemConstants.PROPERTY_BASEDIR, basedir);
    }
    StorageContext storage = StorageContext.of(uri(basedir), prefix, options);
    BlobStoreContext jclouds = owned ? buildContext(effective) : access.context();
    try {
      return StorageEngine.open(storage, new JcloudsBackend(storage, jclouds, owned, container, createContainer));
    } catch (RuntimeException | Error e) {
      if (owned) {
        jclouds.close();
      }
      throw e;
    }
  }

  /**
   * The shared retries and timeouts as jclouds properties: retries after the first attempt, the first
   * backoff (jclouds doubles it, without jitter or a cap of its own), and the connect and socket
   * timeouts. jclouds has no deadline per request, so {@code timeout.operation} does not apply.
   */
  static Properties retries(RetryOptions r) {
    Properties p = new Properties();
    p.setProperty(Constants.PROPERTY_MAX_RETRIES, Integer.toString(r.maxAttempts() - 1));
    p.setProperty(Constants.PROPERTY_RETRY_DELAY_START, Long.toString(r.initialBackoff().toMillis()));
    p.setProperty(Constants.PROPERTY_CONNECTION_TIMEOUT, Long.toString(r.connectTimeout().toMillis()));
    p.setProperty(Constants.PROPERTY_SO_TIMEOUT, Long.toString(r.readTimeout().toMillis()));
    return p;
  }

  private static String baseDirectory(String basedir) {
    if (basedir == null || basedir.isBlank()) {
      throw new IllegalArgumentException("the jclouds filesystem provider needs a base directory: set 'basedir' "
          + "(or the override " + FilesystemConstants.PROPERTY_BASEDIR + ")");
    }
    Path dir = Path.of(basedir).toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      return dir.toRealPath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the jclouds filesystem base directory " + dir, e);
    }
  }

  /** The one place the jclouds client is built. */
  private BlobStoreContext buildContext(Properties effective) {
    ContextBuilder builder;
    try {
      builder = ContextBuilder.newBuilder(provider);
    } catch (NoSuchElementException e) {
      throw new IllegalArgumentException("unknown jclouds provider or API '" + provider
          + "'; blobstores on the class path: " + blobstoreIds(), e);
    }
    if (builder.getApiMetadata().getViews().stream().noneMatch(v -> v.isSubtypeOf(BlobStoreContext.class))) {
      throw new IllegalArgumentException("jclouds provider '" + provider + "' is not a blobstore; blobstores on "
          + "the class path: " + blobstoreIds());
    }
    if (access.identity() != null) {
      builder.credentials(access.identity(), access.credential());
    }
    endpoint.ifPresent(builder::endpoint);
    try {
      return builder.overrides(effective).modules(Set.of(new SLF4JLoggingModule())).buildView(BlobStoreContext.class);
    } catch (NoSuchElementException e) {
      // jclouds names the missing setting, such as "property s3.identity not present in properties"
      String message = e.getMessage() == null ? "" : e.getMessage();
      int cut = message.indexOf(" in properties");
      throw new IllegalArgumentException("jclouds provider '" + provider + "' is missing a setting: "
          + (cut > 0 ? message.substring(0, cut) : message)
          + (message.contains("identity") ? " (set 'identity' and 'credential')" : ""), e);
    }
  }

  /** Ids of every jclouds provider and API on the class path that offers a blobstore. */
  private static Set<String> blobstoreIds() {
    Set<String> ids = new TreeSet<>();
    Providers.viewableAs(BlobStoreContext.class).forEach(p -> ids.add(p.getId()));
    Apis.viewableAs(BlobStoreContext.class).forEach(a -> ids.add(a.getId()));
    return ids;
  }

  /** {@code jclouds://<provider>/<container>/<prefix>}, then what decides the store: basedir, endpoint. */
  private URI uri(String basedir) {
    StringBuilder b = new StringBuilder(JcloudsStorageProvider.SCHEME).append("://").append(provider).append('/')
        .append(encode(container, false)).append('/').append(encode(prefix, true));
    if (basedir != null) {
      b.append("?basedir=").append(encode(basedir, false));
    }
    endpoint.ifPresent(e -> b.append(basedir == null ? "?" : "&").append("endpoint=").append(encode(e, false)));
    return URI.create(b.toString());
  }

  /** Percent-encodes UTF-8, everything but unreserved characters (and {@code /} where allowed). */
  private static String encode(String s, boolean keepSlash) {
    String e = URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    return keepSlash ? e.replace("%2F", "/") : e;
  }

  /** Builds {@link JcloudsStorageConfig}; {@link #build()} checks the values, naming the setting. */
  public static final class Builder extends ConfigBuilder<Builder> {
    private final String provider;
    private final String container;
    private String endpoint;
    private String identity;
    private String credential;
    private final SortedMap<String, String> overrides = new TreeMap<>();
    private boolean createContainer = true;
    private BlobStoreContext context;

    private Builder(String provider, String container) {
      this.provider = provider;
      this.container = container;
    }

    /**
     * The endpoint URL, an http or https URL without credentials, overriding the provider's default
     * (for example an S3-compatible server).
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The identity (access key id, user or account) and credential (secret); the credential may be null. */
    public Builder credentials(String identity, String credential) {
      this.identity = Objects.requireNonNull(identity, "identity");
      this.credential = credential;
      return this;
    }

    /** A jclouds override property, such as {@code jclouds.s3.virtual-host-buckets=false}. */
    public Builder override(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The {@code filesystem} provider's base directory; each container is a folder in it. */
    public Builder baseDirectory(Path directory) {
      return override(FilesystemConstants.PROPERTY_BASEDIR, directory.toAbsolutePath().normalize().toString());
    }

    /** Whether the first operation creates a missing container (default true). */
    public Builder createContainer(boolean create) {
      this.createContainer = create;
      return this;
    }

    /**
     * Uses an existing jclouds context of the same provider, which the storage leaves open; endpoint,
     * credentials and overrides then only name the location (endpoint, filesystem base directory).
     *
     * @throws IllegalArgumentException if the context's provider or API id differs
     */
    public Builder context(BlobStoreContext context) {
      ProviderMetadata metadata = context.unwrap().getProviderMetadata();
      if (!provider.equals(metadata.getId()) && !provider.equals(metadata.getApiMetadata().getId())) {
        throw new IllegalArgumentException("the context is for jclouds provider '" + metadata.getId()
            + "', not '" + provider + "'");
      }
      this.context = context;
      return this;
    }

    /** Builds the configuration. */
    public JcloudsStorageConfig build() {
      return new JcloudsStorageConfig(provider, container, prefix, Optional.ofNullable(endpoint),
          new Access(identity, credential, Collections.unmodifiableSortedMap(new TreeMap<>(overrides)), context),
          createContainer, options());
    }
  }
}

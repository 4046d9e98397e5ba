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
import org.jclouds.ContextBuilder;
import org.jclouds.apis.ApiMetadata;
import org.jclouds.apis.Apis;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.jclouds.providers.ProviderMetadata;
import org.jclouds.providers.Providers;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;
import org.storagekit.StorageOptions;
import org.storagekit.spi.Keys;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;

/**
 * Configuration of a storage in a jclouds blobstore: the jclouds provider or API id (such as
 * {@code transient}, {@code filesystem}, {@code s3}, {@code openstack-swift}, {@code azureblob}),
 * the container, an optional key prefix, the endpoint, identity and credential, jclouds override
 * properties, whether to create a missing container, and the shared {@link StorageOptions}.
 * Immutable and compared by value; the credential and override values never appear in
 * {@link #toString()}.
 *
 * <p>The storage normally builds (and closes) its own jclouds {@link BlobStoreContext}. Where the
 * application already holds one, {@link Builder#context(BlobStoreContext)} hands it in; the
 * storage then uses it and leaves it open.
 */
public final class JcloudsStorageConfig implements StorageConfig {
  private final Settings settings;
  private final BlobStoreContext context;

  /** What the configuration is made of, except a supplied context (which compares by identity). */
  private record Settings(String provider, String container, String prefix, String endpoint, String identity,
      Secret credential, SortedMap<String, Secret> overrides, boolean createContainer, StorageOptions options) {}

  /** A value that never shows in {@code toString}. */
  private record Secret(String value) {
    @Override
    public String toString() {
      return "****";
    }
  }

  private JcloudsStorageConfig(Settings settings, BlobStoreContext context) {
    this.settings = settings;
    this.context = context;
  }

  /**
   * A builder for a storage in {@code container} of the jclouds provider or API {@code provider}.
   *
   * @throws IllegalArgumentException if either is empty, or the provider id is not lower case
   *     letters, digits, dashes and dots
   */
  public static Builder builder(String provider, String container) {
    return new Builder(provider, container);
  }

  /** The jclouds provider or API id, such as {@code s3} or {@code transient}. */
  public String provider() {
    return settings.provider();
  }

  /** The container (bucket). */
  public String container() {
    return settings.container();
  }

  /** The key prefix inside the container: empty or ending with {@code /}. */
  public String prefix() {
    return settings.prefix();
  }

  /** The endpoint, if one overrides the provider's default. */
  public Optional<String> endpoint() {
    return Optional.ofNullable(settings.endpoint());
  }

  /** The identity (access key, user or account name), if set. */
  public Optional<String> identity() {
    return Optional.ofNullable(settings.identity());
  }

  /** Whether a credential is set. The credential itself is not exposed. */
  public boolean hasCredential() {
    return settings.credential() != null;
  }

  /** A copy of the jclouds override properties. */
  public Properties overrides() {
    Properties p = new Properties();
    settings.overrides().forEach((k, v) -> p.setProperty(k, v.value()));
    return p;
  }

  /** Whether the first operation creates a missing container. */
  public boolean createContainer() {
    return settings.createContainer();
  }

  /** The shared options. */
  public StorageOptions options() {
    return settings.options();
  }

  /**
   * Opens the storage: builds the jclouds context (unless one was handed in) and, for the
   * {@code filesystem} provider, creates the base directory. Makes no network call: the container
   * is checked on the first operation, created there if it is missing and {@link #createContainer()}
   * allows it, else that operation throws {@link org.storagekit.NotFoundException} naming it.
   *
   * @throws IllegalArgumentException if the provider id is unknown to jclouds, is not a blobstore,
   *     is an archive service, or needs a setting that is missing (the {@code filesystem} provider
   *     needs a base directory)
   */
  @Override
  public Storage open() {
    Properties effective = overrides();
    String basedir = "filesystem".equals(provider()) ? effective.getProperty(FilesystemConstants.PROPERTY_BASEDIR) : null;
    if ("filesystem".equals(provider()) && context == null) {
      basedir = baseDirectory(basedir);
      effective.setProperty(FilesystemConstants.PROPERTY_BASEDIR, basedir);
    }
    StorageContext storage = StorageContext.of(uri(basedir), prefix(), options());
    boolean owned = context == null;
    BlobStoreContext jclouds = owned ? buildContext(effective) : context;
    try {
      return StorageEngine.open(storage, new JcloudsBackend(storage, jclouds, owned, container(), createContainer()));
    } catch (RuntimeException | Error e) {
      if (owned) {
        jclouds.close();
      }
      throw e;
    }
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
      builder = ContextBuilder.newBuilder(provider());
    } catch (NoSuchElementException e) {
      throw new IllegalArgumentException("unknown jclouds provider or API '" + provider()
          + "'; blobstores on the class path: " + blobstoreIds(), e);
    }
    if (builder.getApiMetadata().getViews().stream().noneMatch(v -> v.isSubtypeOf(BlobStoreContext.class))) {
      throw new IllegalArgumentException("jclouds provider '" + provider() + "' is not a blobstore; blobstores on "
          + "the class path: " + blobstoreIds());
    }
    if (settings.identity() != null) {
      builder.credentials(settings.identity(), settings.credential() == null ? null : settings.credential().value());
    }
    if (settings.endpoint() != null) {
      builder.endpoint(settings.endpoint());
    }
    try {
      return builder.overrides(effective).modules(Set.of(new SLF4JLoggingModule())).buildView(BlobStoreContext.class);
    } catch (NoSuchElementException e) {
      // jclouds names the missing setting, such as "property s3.identity not present in properties"
      String message = e.getMessage() == null ? "" : e.getMessage();
      int cut = message.indexOf(" in properties");
      throw new IllegalArgumentException("jclouds provider '" + provider() + "' is missing a setting: "
          + (cut > 0 ? message.substring(0, cut) : message)
          + (message.contains("identity") ? " (set 'identity' and 'credential')" : ""), e);
    }
  }

  /** Ids of every jclouds provider and API on the class path that offers a blobstore. */
  private static Set<String> blobstoreIds() {
    Set<String> ids = new TreeSet<>();
    for (ProviderMetadata p : Providers.viewableAs(BlobStoreContext.class)) {
      ids.add(p.getId());
    }
    for (ApiMetadata a : Apis.viewableAs(BlobStoreContext.class)) {
      ids.add(a.getId());
    }
    return ids;
  }

  /**
   * The normalized location: {@code jclouds://<provider>/<container>/<prefix>}, followed by
   * {@code ?basedir=...} for the filesystem provider and {@code endpoint=...} when one is set, since
   * those decide which store the name refers to. The path always ends with {@code /}.
   */
  private URI uri(String basedir) {
    StringBuilder b = new StringBuilder(JcloudsStorageProvider.SCHEME).append("://").append(provider()).append('/')
        .append(encode(container(), false)).append('/').append(encode(prefix(), true));
    String separator = "?";
    if (basedir != null) {
      b.append(separator).append("basedir=").append(encode(basedir, false));
      separator = "&";
    }
    if (settings.endpoint() != null) {
      b.append(separator).append("endpoint=").append(encode(settings.endpoint(), false));
    }
    return URI.create(b.toString());
  }

  /** Percent-encodes UTF-8, everything but unreserved characters (and {@code /} where allowed). */
  private static String encode(String s, boolean keepSlash) {
    String e = URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    return keepSlash ? e.replace("%2F", "/") : e;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JcloudsStorageConfig && settings.equals(((JcloudsStorageConfig) o).settings)
        && context == ((JcloudsStorageConfig) o).context;
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /** Names the location and settings; never the credential or override values. */
  @Override
  public String toString() {
    String s = settings.toString();
    return "JcloudsStorageConfig" + s.substring("Settings".length(), s.length() - 1)
        + (context == null ? "" : ", context=supplied") + "]";
  }

  /** Builds {@link JcloudsStorageConfig}. */
  public static final class Builder {
    private final String provider;
    private final String container;
    private String prefix = "";
    private String endpoint;
    private String identity;
    private String credential;
    private final SortedMap<String, Secret> overrides = new TreeMap<>();
    private boolean createContainer = true;
    private BlobStoreContext context;
    private StorageOptions options = StorageOptions.defaults();

    private Builder(String provider, String container) {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(container, "container");
      if (!provider.matches("[a-z0-9][a-z0-9.-]*")) {
        throw new IllegalArgumentException("jclouds provider id must be lower-case letters, digits, '-' and '.': '"
            + provider + "'");
      }
      if (container.isEmpty() || container.contains("/")) {
        throw new IllegalArgumentException("container must be non-empty and hold no '/': '" + container + "'");
      }
      this.provider = provider;
      this.container = container;
    }

    /**
     * The key prefix inside the container (default none): every key of the storage lives below it.
     * A trailing {@code /} is added when missing.
     *
     * @throws IllegalArgumentException if the prefix is not a valid key (absolute, {@code ..}
     *     segments, control characters)
     */
    public Builder prefix(String prefix) {
      this.prefix = Keys.storagePrefix(prefix);
      return this;
    }

    /** The endpoint URL, overriding the provider's default (for example an S3-compatible server). */
    public Builder endpoint(String endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (URI.create(endpoint).getUserInfo() != null) {
        throw new IllegalArgumentException("endpoint must not carry credentials; use identity and credential");
      }
      this.endpoint = endpoint;
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
      overrides.put(Objects.requireNonNull(key, "key"), new Secret(Objects.requireNonNull(value, "value")));
      return this;
    }

    /** Adds every entry of {@code properties} as a jclouds override. */
    public Builder overrides(Properties properties) {
      for (String key : properties.stringPropertyNames()) {
        override(key, properties.getProperty(key));
      }
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
     * Uses an existing jclouds context instead of building one; the storage does not close it. Its
     * provider MUST be the one named in {@link JcloudsStorageConfig#builder}; endpoint, credentials
     * and overrides set here are then ignored, except that the endpoint and the filesystem base
     * directory still name the location in the storage's URI.
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

    /** The shared options (default {@link StorageOptions#defaults()}). */
    public Builder options(StorageOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Builds the configuration. */
    public JcloudsStorageConfig build() {
      return new JcloudsStorageConfig(new Settings(provider, container, prefix, endpoint, identity,
          credential == null ? null : new Secret(credential), Collections.unmodifiableSortedMap(new TreeMap<>(overrides)),
          createContainer, options), context);
    }
  }
}

package org.storagekit.jclouds;

import org.storagekit.StorageConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.jclouds.ContextBuilder;
import org.jclouds.apis.ApiMetadata;
import org.jclouds.apis.Apis;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.jclouds.providers.ProviderMetadata;
import org.jclouds.providers.Providers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageOptions;
import org.storagekit.spi.Keys;

/**
 * Configuration of a storage in a jclouds blobstore: the jclouds provider or API id (such as
 * {@code transient}, {@code filesystem}, {@code s3}, {@code openstack-swift}, {@code azureblob}),
 * the container, an optional key prefix, the endpoint, identity and credential, jclouds override
 * properties, whether to create a missing container, and the shared {@link StorageOptions}.
 * Immutable; the credential and override values never appear in {@link #toString()}.
 *
 * <p>The storage normally builds (and closes) its own jclouds {@link BlobStoreContext}. Where the
 * application already holds one, {@link Builder#context(BlobStoreContext)} hands it in; the
 * storage then uses it and leaves it open.
 */
public final class JcloudsStorageConfig implements StorageConfig {
  private static final Logger LOG = LoggerFactory.getLogger(JcloudsStorageConfig.class);

  private final String provider;
  private final String container;
  private final String prefix;
  private final String endpoint;
  private final String identity;
  private final String credential;
  private final Properties overrides;
  private final boolean createContainer;
  private final BlobStoreContext context;
  private final StorageOptions options;

  private JcloudsStorageConfig(Builder b) {
    this.provider = b.provider;
    this.container = b.container;
    this.prefix = b.prefix;
    this.endpoint = b.endpoint;
    this.identity = b.identity;
    this.credential = b.credential;
    this.overrides = copy(b.overrides);
    this.createContainer = b.createContainer;
    this.context = b.context;
    this.options = b.options;
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
    return provider;
  }

  /** The container (bucket). */
  public String container() {
    return container;
  }

  /** The key prefix inside the container: empty or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  /** The endpoint, if one overrides the provider's default. */
  public java.util.Optional<String> endpoint() {
    return java.util.Optional.ofNullable(endpoint);
  }

  /** The identity (access key, user or account name), if set. */
  public java.util.Optional<String> identity() {
    return java.util.Optional.ofNullable(identity);
  }

  /** Whether a credential is set. The credential itself is not exposed. */
  public boolean hasCredential() {
    return credential != null;
  }

  /** A copy of the jclouds override properties. */
  public Properties overrides() {
    return copy(overrides);
  }

  /** Whether {@link #open()} creates a missing container. */
  public boolean createContainer() {
    return createContainer;
  }

  /** The shared options. */
  public StorageOptions options() {
    return options;
  }

  /**
   * Opens the storage: builds the jclouds context (unless one was handed in), checks the container
   * and creates it if it is missing and {@link #createContainer()} allows it.
   *
   * @throws IllegalArgumentException if the provider id is unknown to jclouds, is not a blobstore,
   *     or needs a setting that is missing (the {@code filesystem} provider needs a base directory)
   * @throws NotFoundException if the container does not exist and may not be created
   * @throws StorageException if the provider cannot be reached or refuses access
   */
  @Override
  public Storage open() {
    Properties effective = copy(overrides);
    String basedir = null;
    if ("filesystem".equals(provider) && context == null) {
      basedir = effective.getProperty(FilesystemConstants.PROPERTY_BASEDIR);
      if (basedir == null || basedir.isBlank()) {
        throw new IllegalArgumentException("the jclouds filesystem provider needs a base directory: set 'basedir' "
            + "(or the override " + FilesystemConstants.PROPERTY_BASEDIR + ")");
      }
      Path dir = Path.of(basedir).toAbsolutePath().normalize();
      try {
        Files.createDirectories(dir);
        dir = dir.toRealPath();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the jclouds filesystem base directory " + dir, e);
      }
      basedir = dir.toString();
      effective.setProperty(FilesystemConstants.PROPERTY_BASEDIR, basedir);
    } else if ("filesystem".equals(provider)) {
      basedir = effective.getProperty(FilesystemConstants.PROPERTY_BASEDIR);
    }
    boolean owned = context == null;
    BlobStoreContext ctx = owned ? buildContext(effective) : context;
    try {
      ProviderMetadata metadata = ctx.unwrap().getProviderMetadata();
      String apiId = metadata.getApiMetadata().getId();
      if ("glacier".equals(apiId) || "glacier".equals(metadata.getId())) {
        throw new IllegalArgumentException("jclouds provider '" + provider
            + "' is an archive service whose reads take hours; it is not supported");
      }
      URI uri = uri(basedir);
      BlobStore blobStore = ctx.getBlobStore();
      boolean exists;
      try {
        exists = blobStore.containerExists(container);
      } catch (RuntimeException e) {
        StorageException translated = JcloudsErrors.translate(uri, null, e);
        if (!(translated instanceof AccessDeniedException)) {
          throw translated;
        }
        // credentials limited to objects may not look at the container itself: go on, and let
        // the first object operation report what is really wrong
        LOG.debug("{}: may not check the container; assuming it exists", uri, e);
        exists = true;
      }
      if (!exists) {
        if (!createContainer) {
          throw new NotFoundException(uri, null, "container '" + container + "' does not exist");
        }
        try {
          blobStore.createContainerInLocation(null, container);
        } catch (RuntimeException e) {
          throw JcloudsErrors.translate(uri, null, e);
        }
      }
      return new JcloudsStorage(uri, prefix, JcloudsStorage.capabilitiesOf(metadata.getId(), apiId), options,
          ctx, owned, container, metadata.getId(), apiId);
    } catch (RuntimeException | Error e) {
      if (owned) {
        ctx.close();
      }
      throw e;
    }
  }

  private BlobStoreContext buildContext(Properties effective) {
    ContextBuilder builder;
    try {
      builder = ContextBuilder.newBuilder(provider);
    } catch (NoSuchElementException e) {
      throw new IllegalArgumentException("unknown jclouds provider or API '" + provider
          + "'; blobstores on the class path: " + blobstoreIds(), e);
    }
    if (!builder.getApiMetadata().getViews().stream().anyMatch(v -> v.isSubtypeOf(BlobStoreContext.class))) {
      throw new IllegalArgumentException("jclouds provider '" + provider + "' is not a blobstore; blobstores on "
          + "the class path: " + blobstoreIds());
    }
    if (identity != null) {
      builder.credentials(identity, credential);
    }
    if (endpoint != null) {
      builder.endpoint(endpoint);
    }
    try {
      return builder.overrides(effective)
          .modules(Set.of(new SLF4JLoggingModule()))
          .buildView(BlobStoreContext.class);
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
  static Set<String> blobstoreIds() {
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
    StringBuilder b = new StringBuilder(JcloudsStorageProvider.SCHEME).append("://").append(provider).append('/')
        .append(encode(container, false)).append('/').append(encode(prefix, true));
    String separator = "?";
    if (basedir != null) {
      b.append(separator).append("basedir=").append(encode(basedir, false));
      separator = "&";
    }
    if (endpoint != null) {
      b.append(separator).append("endpoint=").append(encode(endpoint, false));
    }
    return URI.create(b.toString());
  }

  /** Percent-encodes everything but unreserved characters (and {@code /} where allowed). */
  static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static Properties copy(Properties p) {
    Properties c = new Properties();
    c.putAll(p);
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JcloudsStorageConfig)) {
      return false;
    }
    JcloudsStorageConfig other = (JcloudsStorageConfig) o;
    return provider.equals(other.provider)
        && container.equals(other.container)
        && prefix.equals(other.prefix)
        && Objects.equals(endpoint, other.endpoint)
        && Objects.equals(identity, other.identity)
        && Objects.equals(credential, other.credential)
        && overrides.equals(other.overrides)
        && createContainer == other.createContainer
        && context == other.context
        && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, container, prefix, endpoint, identity, overrides.keySet(), createContainer,
        options);
  }

  /** Names the location and settings; never the credential or override values. */
  @Override
  public String toString() {
    return "JcloudsStorageConfig{provider=" + provider + ", container=" + container + ", prefix=" + prefix
        + (endpoint == null ? "" : ", endpoint=" + endpoint)
        + (identity == null ? "" : ", identity=" + identity)
        + ", credential=" + (credential == null ? "none" : "****")
        + ", overrides=" + new TreeSet<>(overrides.stringPropertyNames())
        + ", createContainer=" + createContainer
        + (context == null ? "" : ", context=supplied")
        + ", " + options + "}";
  }

  /** Builds {@link JcloudsStorageConfig}. */
  public static final class Builder {
    private final String provider;
    private final String container;
    private String prefix = "";
    private String endpoint;
    private String identity;
    private String credential;
    private final Properties overrides = new Properties();
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
      URI parsed = URI.create(endpoint);
      if (parsed.getUserInfo() != null) {
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
      overrides.setProperty(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
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

    /** Whether to create a missing container (default true). */
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
      return new JcloudsStorageConfig(this);
    }
  }
}

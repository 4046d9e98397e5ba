package org.storagekit.gcs;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigProvider;
import org.storagekit.spi.ProviderProperties;

/**
 * The {@code gs} scheme: {@code gs://bucket} or {@code gs://bucket/prefix}. Properties, parsed by
 * the rules every provider shares ({@link ProviderProperties}):
 *
 * <ul>
 *   <li>{@code gcs.project}: the project (default: from the credentials or environment);
 *   <li>{@code gcs.credentials-file}: a service-account JSON key file;
 *   <li>{@code gcs.credentials}: {@code default} (Application Default Credentials, the default) or
 *       {@code none} (anonymous, for an emulator or a public bucket);
 *   <li>{@code gcs.host}: the JSON API endpoint, for example {@code http://localhost:4443};
 *   <li>{@code gcs.chunk-size}: bytes per resumable-upload request, such as {@code 262144} or
 *       {@code 8M} (default 16 MiB, at least 256 KiB);
 *   <li>{@code gcs.page-size}: objects per listing page (default 1,000);
 * </ul>
 *
 * <p>plus the shared {@link StorageOptions} keys, retries and timeouts among them
 * ({@code retry.max-attempts}, {@code timeout.read}, ...: {@link org.storagekit.RetryOptions}). An unknown {@code gcs.} key is an error, so a
 * misspelling does not go unnoticed.
 */
public final class GcsStorageProvider extends ConfigProvider {
  /** The scheme, {@code gs}. */
  public static final String SCHEME = "gs";
  /** Property: the project. */
  public static final String PROJECT = "gcs.project";
  /** Property: a service-account JSON key file. */
  public static final String CREDENTIALS_FILE = "gcs.credentials-file";
  /** Property: {@code default} or {@code none}. */
  public static final String CREDENTIALS = "gcs.credentials";
  /** Property: the JSON API endpoint. */
  public static final String HOST = "gcs.host";
  /** Property: bytes per resumable-upload request. */
  public static final String CHUNK_SIZE = "gcs.chunk-size";
  /** Property: objects per listing page. */
  public static final String PAGE_SIZE = "gcs.page-size";

  private static final Set<String> KEYS =
      Set.of(PROJECT, CREDENTIALS_FILE, CREDENTIALS, HOST, CHUNK_SIZE, PAGE_SIZE);

  /** The values of {@link #CREDENTIALS}. */
  private enum CredentialsMode {
    DEFAULT,
    NONE
  }

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public GcsStorageProvider() {
    super(SCHEME, GcsBackend.CAPABILITIES, GcsStorageProvider::config);
  }

  /**
   * The configuration a URI and properties describe.
   *
   * @throws IllegalArgumentException naming the part of the URI or the property that is malformed
   */
  static GcsStorageConfig config(URI uri, Map<String, String> properties) {
    BucketUri location = BucketUri.parse(uri, SCHEME, "bucket");
    ProviderProperties p = ProviderProperties.of(properties, "gcs.", KEYS);
    GcsStorageConfig.Builder b = GcsStorageConfig.builder(location.bucket()).prefix(location.prefix());
    p.string(PROJECT).ifPresent(b::project);
    Optional<String> file = p.string(CREDENTIALS_FILE);
    Optional<CredentialsMode> mode = p.choice(CREDENTIALS, CredentialsMode.class);
    if (file.isPresent() && mode.isPresent()) {
      throw new IllegalArgumentException("set either '" + CREDENTIALS_FILE + "' or '" + CREDENTIALS + "', not both");
    }
    file.ifPresent(f -> b.serviceAccountKey(Path.of(f)));
    mode.ifPresent(m -> {
      if (m == CredentialsMode.NONE) {
        b.noCredentials();
      } else {
        b.applicationDefaultCredentials();
      }
    });
    p.url(HOST).ifPresent(host -> b.host(host.toString()));
    p.size(CHUNK_SIZE).ifPresent(size -> {
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("property '" + CHUNK_SIZE + "' must be below 2G: " + size);
      }
      b.chunkSize(size.intValue());
    });
    p.integer(PAGE_SIZE).ifPresent(b::pageSize);
    return b.options(StorageOptions.fromProperties(properties)).build();
  }
}

package org.storagekit.jclouds;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.providers.ProviderMetadata;
import org.storagekit.AccessDeniedException;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.Checksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.Lazy;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.WriteRequest;

/**
 * A container (optionally under a key prefix) in a jclouds blobstore, through the portable
 * {@link BlobStore} view, so every jclouds blobstore provider works; what differs per provider is in
 * {@link #capabilitiesOf}. The container is checked (or created) by the first operation, not at open.
 */
final class JcloudsBackend implements StorageBackend {
  /** What every jclouds blobstore supports through the portable API (ETags may be synthetic). */
  static final Set<Capability> COMMON = Set.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG);
  /** Providers and APIs whose {@code copyBlob} is a server-side copy and that have native multipart. */
  private static final Set<String> NATIVE_COPY_AND_MULTIPART = Set.of("s3", "aws-s3", "openstack-swift",
      "rackspace-cloudfiles", "rackspace-cloudfiles-us", "rackspace-cloudfiles-uk", "azureblob", "google-cloud-storage");
  /** Providers with native multipart whose {@code copyBlob} streams the bytes through the client. */
  private static final Set<String> NATIVE_MULTIPART_ONLY = Set.of("b2");
  /** The in-process stores, which take streams of unknown length directly. */
  private static final Set<String> IN_PROCESS = Set.of("transient", "filesystem");
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

  private final StorageContext context;
  private final BlobStoreContext jclouds;
  private final boolean ownsContext;
  private final BlobStore blobStore;
  private final String container;
  private final boolean createContainer;
  private final Set<Capability> capabilities;
  private final boolean inProcess;
  private final boolean filesystem;
  private final JcloudsErrors errors;
  private final JcloudsUploads uploads;
  /** The container's name, once checked (or created); a missing one is a not-found without a key. */
  private final Lazy<String> checked;

  /** Serves {@code container}; closes {@code jclouds} on close if it {@code ownsContext}. */
  JcloudsBackend(StorageContext context, BlobStoreContext jclouds, boolean ownsContext, String container,
      boolean createContainer) {
    ProviderMetadata metadata = jclouds.unwrap().getProviderMetadata();
    String provider = metadata.getId();
    String api = metadata.getApiMetadata().getId();
    if ("glacier".equals(api) || "glacier".equals(provider)) {
      throw new IllegalArgumentException("jclouds provider '" + provider
          + "' is an archive service whose reads take hours; it is not supported");
    }
    this.context = context;
    this.jclouds = jclouds;
    this.ownsContext = ownsContext;
    this.blobStore = jclouds.getBlobStore();
    this.container = container;
    this.createContainer = createContainer;
    this.capabilities = capabilitiesOf(provider, api);
    this.inProcess = IN_PROCESS.contains(provider) || IN_PROCESS.contains(api);
    this.filesystem = "filesystem".equals(api);
    this.errors = new JcloudsErrors(context.uri(), container);
    this.uploads = new JcloudsUploads(context, blobStore, container, inProcess,
        capabilities.contains(Capability.MULTIPART_UPLOAD));
    this.checked = new Lazy<>(() -> {
      checkContainer();
      return container;
    });
  }

  /**
   * What a storage of jclouds provider {@code provider} (implementing API {@code api}) supports:
   * {@link #COMMON}, plus server-side copy and multipart where its jclouds blobstore implements them
   * natively (elsewhere jclouds' generic {@code copyBlob} streams the object through this process).
   */
  static Set<Capability> capabilitiesOf(String provider, String api) {
    EnumSet<Capability> caps = EnumSet.copyOf(COMMON);
    if (NATIVE_COPY_AND_MULTIPART.contains(provider) || NATIVE_COPY_AND_MULTIPART.contains(api)) {
      caps.add(Capability.SERVER_SIDE_COPY);
      caps.add(Capability.MULTIPART_UPLOAD);
    } else if (NATIVE_MULTIPART_ONLY.contains(provider) || NATIVE_MULTIPART_ONLY.contains(api)) {
      caps.add(Capability.MULTIPART_UPLOAD);
    }
    return caps;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** One page of the recursive listing, paged by jclouds' marker; only {@code BLOB} entries. */
  @Override
  public Page list(ListRequest request) {
    ListContainerOptions options = ListContainerOptions.Builder.recursive().maxResults(request.pageSize());
    if (!request.prefix().isEmpty()) {
      options.prefix(request.prefix());
    }
    request.token().ifPresent(options::afterMarker);
    PageSet<? extends StorageMetadata> set = blobStore.list(container(), options);
    List<StorageFile> files = new ArrayList<>();
    for (StorageMetadata m : set) {
      // only objects: no folders or common prefixes (the engine drops "dir/" markers)
      if (m.getType() == StorageType.BLOB && m.getName() != null && m.getName().startsWith(request.prefix())) {
        files.add(describe(m.getName(), m));
      }
    }
    String next = set.getNextMarker();
    return Page.of(files, next == null || next.equals(request.pageToken()) ? null : next);
  }

  @Override
  public Optional<StorageFile> stat(String name) {
    BlobMetadata m = blobStore.blobMetadata(container(), name);
    if (m == null || (m.getType() != null && m.getType() != StorageType.BLOB)) {
      return Optional.empty();
    }
    return Optional.of(describe(name, m));
  }

  private static StorageFile describe(String name, StorageMetadata m) {
    Long size = m.getSize();
    if (size == null && m instanceof BlobMetadata) {
      size = ((BlobMetadata) m).getContentMetadata().getContentLength();
    }
    long bytes = size == null ? 0 : size;
    Instant modified = m.getLastModified() == null ? Instant.EPOCH : m.getLastModified().toInstant();
    String etag = Etags.unquote(m.getETag());
    if (etag == null || etag.isEmpty()) {
      // some stores (filesystem without extended attributes) have none: size and time stand in
      etag = Long.toHexString(modified.toEpochMilli()) + "-" + Long.toHexString(bytes);
    }
    return StorageFile.of(name, bytes, modified, etag);
  }

  /** Streams the bytes; a range at or past the end fails with 416, which the engine reads as empty. */
  @Override
  public InputStream read(ReadRequest request) throws IOException {
    long offset = request.offset();
    long end = offset + request.length() - 1;
    GetOptions options = request.isWhole() ? GetOptions.NONE
        : request.length() < 0 || end < offset ? new GetOptions().startAt(offset) : new GetOptions().range(offset, end);
    Blob blob = blobStore.getBlob(container(), request.name(), options);
    if (blob == null || blob.getPayload() == null) {
      throw context.notFound(request.name(), null);
    }
    return blob.getPayload().openStream();
  }

  /**
   * The in-process stores' MD5 taken at write time (filesystem keeps it in an extended attribute).
   * Remote ETags are not reliably a content MD5 (S3 SSE-KMS/SSE-C, Swift large objects, composites).
   */
  @Override
  public Optional<Checksum> expectedChecksum(StorageFile file) {
    if (!inProcess) {
      return Optional.empty();
    }
    return file.etag().filter(e -> MD5_HEX.matcher(e).matches())
        .map(e -> Checksum.ofHex(Checksum.Algorithm.MD5, e));
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    container();
    if (request.file().isPresent()) {
      uploads.putFile(request.name(), request.file().get(), request.size(), request.progress());
    } else {
      uploads.putStream(request.name(), request.stream().get(), request.progress());
    }
    return stored(request.name());
  }

  @Override
  public StorageFile copy(CopyRequest request) {
    blobStore.copyBlob(container(), request.source(), container, request.target(), CopyOptions.NONE);
    return stored(request.target());
  }

  @Override
  public void delete(String name) {
    if (filesystem && stat(name).isEmpty()) {
      // jclouds filesystem would try to delete a folder of that name, retrying for seconds
      return;
    }
    blobStore.removeBlob(container(), name);
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return errors.translate(error, key);
  }

  @Override
  public void close() {
    if (ownsContext) {
      jclouds.close();
    }
  }

  private StorageFile stored(String name) {
    return stat(name).orElseThrow(() -> new StorageException(context.uri(), context.keyOf(name),
        "the provider accepted the write but does not list the object"));
  }

  private String container() {
    return checked.get();
  }

  private void checkContainer() {
    boolean exists;
    try {
      exists = blobStore.containerExists(container);
    } catch (RuntimeException e) {
      if (!(errors.translate(e, null).orElse(null) instanceof AccessDeniedException)) {
        throw e;
      }
      exists = true; // credentials limited to objects may not look at the container: let the operation say
    }
    if (!exists) {
      if (!createContainer) {
        throw new NotFoundException(context.uri(), null, "container '" + container + "' does not exist");
      }
      blobStore.createContainerInLocation(null, container);
    }
  }
}

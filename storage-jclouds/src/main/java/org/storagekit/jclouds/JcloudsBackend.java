package org.storagekit.jclouds;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobBuilder;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.http.HttpRequest;
import org.jclouds.providers.ProviderMetadata;
import org.storagekit.AccessDeniedException;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.Checksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.Lazy;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.PresignRequest;
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
  static final Set<Capability> COMMON = Set.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG,
      Capability.METADATA);
  /**
   * Providers whose {@link org.jclouds.blobstore.BlobRequestSigner} makes query-string signed URLs
   * that are tested to work without credentials: the generic {@code s3} API (AWS signature V2).
   */
  private static final Set<String> SIGNED_URLS = Set.of("s3");
  /** Providers and APIs whose {@code copyBlob} is a server-side copy and that have native multipart. */
  private static final Set<String> NATIVE_COPY_AND_MULTIPART = Set.of("s3", "aws-s3", "openstack-swift",
      "rackspace-cloudfiles", "rackspace-cloudfiles-us", "rackspace-cloudfiles-uk", "azureblob", "google-cloud-storage");
  /** Providers with native multipart whose {@code copyBlob} streams the bytes through the client. */
  private static final Set<String> NATIVE_MULTIPART_ONLY = Set.of("b2");
  /** The in-process stores, which take streams of unknown length directly. */
  private static final Set<String> IN_PROCESS = Set.of("transient", "filesystem");
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");
  /** Objects per batch delete: S3's DeleteObjects limit. */
  static final int BATCH_SIZE = 1000;

  private final StorageContext context;
  private final BlobStoreContext jclouds;
  private final boolean ownsContext;
  private final BlobStore blobStore;
  private final String container;
  private final boolean createContainer;
  private final Set<Capability> capabilities;
  private final boolean inProcess;
  private final boolean filesystem;
  /** The generic S3 API (also AWS S3 and other S3 providers): DeleteObjects reports per-key errors. */
  private final boolean s3;
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
    this.s3 = "s3".equals(api);
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
    if (SIGNED_URLS.contains(provider)) {
      caps.add(Capability.PRESIGN);
    }
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

  /**
   * One page of the listing, paged by jclouds' marker; {@code startAfter} is the first marker. A
   * folder listing asks with the delimiter {@code /}: sub-folders come back as {@code RELATIVE_PATH}
   * (remote stores' common prefixes) or {@code FOLDER} entries (the in-process stores).
   */
  @Override
  public Page list(ListRequest request) {
    ListContainerOptions options = new ListContainerOptions().maxResults(request.pageSize());
    if (request.folders()) {
      options.delimiter("/");
    } else {
      options.recursive();
    }
    if (!request.prefix().isEmpty()) {
      options.prefix(request.prefix());
    }
    request.token().or(request::after).ifPresent(options::afterMarker);
    PageSet<? extends StorageMetadata> set = blobStore.list(container(), options);
    List<StorageFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    for (StorageMetadata m : set) {
      String name = m.getName();
      if (name == null || !name.startsWith(request.prefix())) {
        continue;
      }
      if (m.getType() == StorageType.BLOB && !(request.folders() && name.endsWith("/"))) {
        files.add(JcloudsObjects.describe(name, m, inProcess));
      } else if (request.folders() && m.getType() != StorageType.CONTAINER) {
        String folder = name.endsWith("/") ? name : name + "/";
        if (folder.length() > request.prefix().length() + 1 && !folders.contains(folder)) {
          folders.add(folder);
        }
      }
    }
    String next = set.getNextMarker();
    return Page.withFolders(files, folders, next == null || next.equals(request.pageToken()) ? null : next);
  }

  @Override
  public Optional<StorageFile> stat(String name) {
    BlobMetadata m = blobStore.blobMetadata(container(), name);
    if (m == null || (m.getType() != null && m.getType() != StorageType.BLOB)) {
      return Optional.empty();
    }
    return Optional.of(JcloudsObjects.describe(name, m, inProcess));
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
      uploads.putFile(request);
    } else {
      uploads.putStream(request);
    }
    return stored(request.name());
  }

  /** A copy that keeps the source's metadata, unless the options set content: then all of it is replaced. */
  @Override
  public StorageFile copy(CopyRequest request) {
    blobStore.copyBlob(container(), request.source(), container, request.target(),
        JcloudsObjects.copyOptions(request));
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

  /** jclouds {@code filesystem} deletes one at a time (see {@link #delete}); every other store in batches. */
  @Override
  public int deleteBatchSize() {
    return filesystem ? 0 : BATCH_SIZE;
  }

  /**
   * The generic S3 API's DeleteObjects, whose per-key errors jclouds' portable
   * {@code removeBlobs} drops; elsewhere {@code removeBlobs}, and if it fails, each key on its own
   * to find which ones fail.
   */
  @Override
  public Map<String, Throwable> deleteBatch(List<String> names) {
    if (s3) {
      return JcloudsObjects.deleteS3(jclouds, context, container(), names);
    }
    try {
      blobStore.removeBlobs(container(), names);
      return Map.of();
    } catch (RuntimeException batch) {
      Map<String, Throwable> failed = new LinkedHashMap<>();
      for (String name : names) {
        try {
          blobStore.removeBlob(container, name);
        } catch (RuntimeException e) {
          failed.put(name, e);
        }
      }
      return failed;
    }
  }

  /** A query-string signed URL from jclouds' request signer; only the generic S3 API declares it. */
  @Override
  public URI presign(PresignRequest request) {
    long seconds = request.expiry().toSeconds();
    HttpRequest signed;
    if (request.method() == PresignRequest.Method.GET) {
      signed = jclouds.getSigner().signGetBlob(container(), request.name(), seconds);
    } else {
      BlobBuilder.PayloadBlobBuilder blob = blobStore.blobBuilder(request.name()).forSigning().contentLength(0L);
      // signed as given: none is an empty Content-Type in the signature, as a client sending none has
      blob.contentType(request.contentType() == null ? "" : request.contentType());
      signed = jclouds.getSigner().signPutBlob(container(), blob.build(), seconds);
    }
    return signed.getEndpoint();
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

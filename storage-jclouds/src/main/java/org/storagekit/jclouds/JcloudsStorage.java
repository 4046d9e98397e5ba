package org.storagekit.jclouds;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.io.ByteSource;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.spi.AbstractStorage;
import org.storagekit.spi.BoundedInputStream;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.TransferProgress;

/**
 * A container (optionally under a key prefix) in a jclouds blobstore. All object operations go
 * through the portable {@link BlobStore} view, so every jclouds blobstore provider works; what
 * differs per provider is declared in {@link #capabilitiesOf}.
 *
 * <ul>
 *   <li>Files are uploaded from a repeatable file payload whose length is known; at or above
 *       {@link #MULTIPART_THRESHOLD} they go through jclouds multipart ({@code PutOptions.multipart})
 *       with parts sent in parallel, where the provider has a native multipart API.
 *   <li>Streams of unknown length go straight into the in-process stores ({@code transient},
 *       {@code filesystem}); to remote providers with multipart they stream as a multipart upload
 *       of bounded part buffers; elsewhere (no multipart, or too few parts allowed) they are first
 *       spooled to a temporary file, never held in memory.
 *   <li>Reads are streaming; ranges use {@code GetOptions.range}/{@code startAt}.
 *   <li>Copy is {@code BlobStore.copyBlob}: on the server where the provider implements it.
 * </ul>
 */
final class JcloudsStorage extends AbstractStorage {
  private static final Logger LOG = LoggerFactory.getLogger(JcloudsStorage.class);

  /** Files this large or larger are uploaded with multipart where the provider supports it. */
  static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;

  /** Capabilities every jclouds blobstore provider supports through the portable API. */
  static final Set<Capability> COMMON =
      Collections.unmodifiableSet(EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG));

  /** Providers and APIs whose {@code copyBlob} is a server-side copy and that have native multipart. */
  private static final Set<String> NATIVE_COPY_AND_MULTIPART = Set.of(
      "s3", "aws-s3", "openstack-swift", "rackspace-cloudfiles", "rackspace-cloudfiles-us",
      "rackspace-cloudfiles-uk", "azureblob", "google-cloud-storage");

  /** Providers with native multipart whose {@code copyBlob} streams the bytes through the client. */
  private static final Set<String> NATIVE_MULTIPART_ONLY = Set.of("b2");

  /** The in-process stores, which take streams of unknown length directly. */
  private static final Set<String> IN_PROCESS = Set.of("transient", "filesystem");

  /** First part size for streams of unknown length. */
  static final int STREAM_PART_SIZE = 8 * 1024 * 1024;

  /** Streams go multipart only where the provider allows at least this many parts. */
  static final int MIN_STREAM_PARTS = 1000;

  private static final int MAX_STREAM_PART_SIZE = 512 * 1024 * 1024;
  private static final int MIB = 1024 * 1024;
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

  private final BlobStoreContext context;
  private final boolean ownsContext;
  private final BlobStore blobStore;
  private final String container;
  private final String provider;
  private final boolean inProcess;
  private final boolean filesystem;
  private final boolean multipart;
  private final ListeningExecutorService parts;
  private final int budgetMiB;
  private final Semaphore budget;

  JcloudsStorage(URI uri, String prefix, Set<Capability> capabilities, StorageOptions options,
      BlobStoreContext context, boolean ownsContext, String container, String provider, String api) {
    super(uri, prefix, capabilities, options);
    this.context = context;
    this.ownsContext = ownsContext;
    this.blobStore = context.getBlobStore();
    this.container = container;
    this.provider = provider;
    this.inProcess = IN_PROCESS.contains(provider) || IN_PROCESS.contains(api);
    this.filesystem = "filesystem".equals(api);
    this.multipart = capabilities.contains(Capability.MULTIPART_UPLOAD);
    if (multipart) {
      int pool = POOLS.incrementAndGet();
      AtomicInteger threads = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "storagekit-jclouds-" + pool + "-part-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      ExecutorService executor = Executors.newFixedThreadPool(options.parallelism(), factory);
      this.parts = MoreExecutors.listeningDecorator(executor);
    } else {
      this.parts = null;
    }
    this.budgetMiB = options.parallelism() * (STREAM_PART_SIZE / MIB);
    this.budget = new Semaphore(budgetMiB);
  }

  /**
   * What a storage of jclouds provider {@code provider} (implementing API {@code api}) supports.
   * Every blobstore writes, reads ranges ({@code GetOptions.range}), copies ({@code copyBlob}) and
   * reports ETags (listings without one get a synthetic one from size and time). Server-side copy
   * and multipart are declared only for providers whose jclouds blobstore implements them natively:
   * the in-process stores and unknown providers fall back to jclouds' generic copy, which streams
   * the object through this process.
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

  // ---------------------------------------------------------------- listing and metadata

  @Override
  protected Iterator<StorageFile> listObjects(String namePrefix) {
    return new Pages(namePrefix);
  }

  /** A lazy walk over the listing's pages; one page is held at a time. */
  private final class Pages implements Iterator<StorageFile> {
    private final String namePrefix;
    private Iterator<? extends StorageMetadata> page = Collections.emptyIterator();
    private String marker;
    private boolean last;
    private StorageFile next;

    Pages(String namePrefix) {
      this.namePrefix = namePrefix;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (page.hasNext()) {
          StorageMetadata m = page.next();
          // only objects: no directory markers (filesystem "dir/"), folders or common prefixes
          if (m.getType() == StorageType.BLOB && m.getName() != null && !m.getName().endsWith("/")
              && m.getName().startsWith(namePrefix)) {
            next = describe(m.getName(), m);
          }
          continue;
        }
        if (last) {
          return false;
        }
        fetch();
      }
      return true;
    }

    private void fetch() {
      ListContainerOptions options = ListContainerOptions.Builder.recursive();
      if (!namePrefix.isEmpty()) {
        options.prefix(namePrefix);
      }
      if (marker != null) {
        options.afterMarker(marker);
      }
      PageSet<? extends StorageMetadata> set;
      try {
        set = blobStore.list(container, options);
      } catch (RuntimeException e) {
        throw JcloudsErrors.translate(uri(), null, e);
      }
      page = set.iterator();
      String nextMarker = set.getNextMarker();
      last = nextMarker == null || nextMarker.equals(marker);
      marker = nextMarker;
    }

    @Override
    public StorageFile next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StorageFile f = next;
      next = null;
      return f;
    }
  }

  @Override
  protected Optional<StorageFile> statObject(String name) {
    BlobMetadata m;
    try {
      m = blobStore.blobMetadata(container, name);
    } catch (RuntimeException e) {
      if (JcloudsErrors.statusCode(e) == 404) {
        return Optional.empty();
      }
      throw JcloudsErrors.translate(uri(), keyOf(name), e);
    }
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
    String etag = m.getETag();
    if (etag != null) {
      etag = etag.replace("\"", "");
    }
    if (etag == null || etag.isEmpty()) {
      // some stores (filesystem without extended attributes) have none: size and time stand in
      etag = Long.toHexString(modified.toEpochMilli()) + "-" + Long.toHexString(bytes);
    }
    return StorageFile.of(name, bytes, modified, etag);
  }

  // ---------------------------------------------------------------- reading

  @Override
  protected InputStream openObject(String name, long offset, long length) throws IOException {
    GetOptions options = null;
    if (length >= 0) {
      long end = offset + length - 1;
      options = end < offset ? new GetOptions().startAt(offset) : new GetOptions().range(offset, end);
    } else if (offset > 0) {
      options = new GetOptions().startAt(offset);
    }
    Blob blob;
    try {
      blob = options == null ? blobStore.getBlob(container, name) : blobStore.getBlob(container, name, options);
    } catch (RuntimeException e) {
      if (JcloudsErrors.statusCode(e) == 416) {
        // the range starts at or past the end: an empty read if the object exists [§3.6]
        if (statObject(name).isPresent()) {
          return InputStream.nullInputStream();
        }
        throw notFound(name, e);
      }
      throw JcloudsErrors.translate(uri(), keyOf(name), e);
    }
    if (blob == null || blob.getPayload() == null) {
      throw notFound(name, null);
    }
    return blob.getPayload().openStream();
  }

  /**
   * The in-process stores report the content MD5 taken when the object was written (the
   * filesystem store keeps it in an extended attribute), so a download is checked against it. Remote
   * providers are not: their ETags are not reliably an MD5 of the content (S3 with SSE-KMS or SSE-C,
   * Swift large objects, Azure, GCS and B2 composites), and jclouds derives its content MD5 from them.
   */
  @Override
  protected Optional<ContentChecksum> expectedChecksum(StorageFile meta) {
    if (!inProcess) {
      return Optional.empty();
    }
    return meta.etag().filter(e -> MD5_HEX.matcher(e).matches())
        .map(e -> ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, e));
  }

  // ---------------------------------------------------------------- writing

  @Override
  protected StorageFile putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    boolean useMultipart = multipart && size >= MULTIPART_THRESHOLD;
    HashCode md5 = null;
    if (!useMultipart && !inProcess && options().verifyChecksums()) {
      md5 = md5(file); // the server checks Content-MD5 and refuses a corrupted body
    }
    Blob blob = blobStore.blobBuilder(name)
        .payload(Payloads.newByteSourcePayload(new FileSlice(file, 0, size, progress)))
        .contentLength(size)
        .contentType("application/octet-stream")
        .contentMD5(md5)
        .build();
    PutOptions put = useMultipart ? new PutOptions().multipart(parts) : PutOptions.NONE;
    try {
      blobStore.putBlob(container, blob, put);
    } catch (RuntimeException e) {
      throw JcloudsErrors.translate(uri(), keyOf(name), e);
    }
    return stored(name);
  }

  @Override
  protected StorageFile putStream(String name, InputStream content, TransferProgress progress) throws IOException {
    if (!inProcess && multipart && blobStore.getMaximumNumberOfParts() >= MIN_STREAM_PARTS) {
      return putStreamMultipart(name, content, progress);
    }
    if (!inProcess) {
      // no multipart, or too few parts for a stream of unknown size (GCS composes at most 32):
      // spool to disk, never to memory, and upload the file with its length known
      Path spool = Files.createTempFile("storagekit-jclouds-", ".upload");
      try {
        long size;
        try (OutputStream out = Files.newOutputStream(spool)) {
          size = content.transferTo(out);
        }
        return putFile(name, spool, size, progress);
      } finally {
        Files.deleteIfExists(spool);
      }
    }
    InputStream counted = progress.counting(new FilterInputStream(content) {
      @Override
      public void close() {
        // the caller owns the stream
      }
    });
    Payload payload = Payloads.newInputStreamPayload(counted);
    payload.getContentMetadata().setContentType("application/octet-stream");
    Blob blob = blobStore.blobBuilder(name).payload(payload).build();
    try {
      blobStore.putBlob(container, blob);
    } catch (RuntimeException e) {
      throw JcloudsErrors.translate(uri(), keyOf(name), e);
    }
    return stored(name);
  }

  /**
   * Streams a body of unknown length as a multipart upload: parts are read one after another into
   * bounded buffers and sent in parallel on the part pool, so memory stays within the storage-wide
   * budget of {@code parallelism} parts. A body shorter than one part becomes a plain put. Parts
   * start at {@link #STREAM_PART_SIZE} and double every {@link #MIN_STREAM_PARTS} / 10 parts, so
   * the provider's part-count limit is never the limit on the body's size. Any failure aborts the
   * upload: no partial object is left [§5.3].
   */
  private StorageFile putStreamMultipart(String name, InputStream content, TransferProgress progress)
      throws IOException {
    long min = blobStore.getMinimumMultipartPartSize();
    long max = blobStore.getMaximumMultipartPartSize();
    int partSize = (int) Math.min(Math.min(Math.max(min, STREAM_PART_SIZE), max), MAX_STREAM_PART_SIZE);
    int step = Math.min(blobStore.getMaximumNumberOfParts(), 10 * MIN_STREAM_PARTS) / 10;

    int firstPermits = acquire(partSize);
    byte[] first;
    int firstLength;
    try {
      first = new byte[partSize];
      firstLength = content.readNBytes(first, 0, partSize);
    } catch (IOException | RuntimeException e) {
      budget.release(firstPermits);
      throw e;
    }
    if (firstLength < partSize) {
      try {
        Blob blob = blobStore.blobBuilder(name)
            .payload(Payloads.newByteSourcePayload(new Counted(ByteSource.wrap(first).slice(0, firstLength), progress)))
            .contentLength(firstLength)
            .contentType("application/octet-stream")
            .contentMD5(options().verifyChecksums() ? md5(first, firstLength) : null)
            .build();
        blobStore.putBlob(container, blob);
      } catch (RuntimeException e) {
        throw JcloudsErrors.translate(uri(), keyOf(name), e);
      } finally {
        budget.release(firstPermits);
      }
      return stored(name);
    }

    MultipartUpload mpu;
    try {
      BlobMetadata metadata = blobStore.blobBuilder(name).payload(new byte[0])
          .contentType("application/octet-stream").build().getMetadata();
      mpu = blobStore.initiateMultipartUpload(container, metadata, new PutOptions());
    } catch (RuntimeException e) {
      budget.release(firstPermits);
      throw JcloudsErrors.translate(uri(), keyOf(name), e);
    }
    List<ListenableFuture<MultipartPart>> sent = new ArrayList<>();
    try {
      byte[] buffer = first;
      int length = firstLength;
      int permits = firstPermits;
      int number = 1;
      while (true) {
        sent.add(uploadPart(mpu, number, buffer, length, permits, progress));
        if (length < buffer.length) {
          break; // a short read is the end of the body
        }
        number++;
        if ((number - 1) % step == 0) {
          partSize = (int) Math.min(Math.min((long) partSize * 2, max), MAX_STREAM_PART_SIZE);
        }
        permits = acquire(partSize);
        try {
          buffer = new byte[partSize];
          length = content.readNBytes(buffer, 0, partSize);
        } catch (IOException | RuntimeException e) {
          budget.release(permits);
          throw e;
        }
        if (length == 0) {
          budget.release(permits);
          break;
        }
      }
      List<MultipartPart> parts = new ArrayList<>();
      for (ListenableFuture<MultipartPart> f : sent) {
        parts.add(Futures.getUnchecked(f));
      }
      blobStore.completeMultipartUpload(mpu, parts);
    } catch (IOException | RuntimeException | Error e) {
      // let parts in flight finish (each releases its buffer), then abort so none outlives the upload
      for (ListenableFuture<MultipartPart> f : sent) {
        try {
          f.get();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        } catch (java.util.concurrent.ExecutionException | RuntimeException ignored) {
          // the first failure is the one reported
        }
      }
      try {
        blobStore.abortMultipartUpload(mpu);
      } catch (RuntimeException abort) {
        e.addSuppressed(abort);
      }
      if (e instanceof RuntimeException) {
        throw JcloudsErrors.translate(uri(), keyOf(name), e);
      }
      throw e;
    }
    return stored(name);
  }

  private ListenableFuture<MultipartPart> uploadPart(MultipartUpload mpu, int number, byte[] buffer, int length,
      int permits, TransferProgress progress) {
    try {
      return parts.submit(() -> {
        try {
          Payload payload = Payloads.newByteSourcePayload(ByteSource.wrap(buffer).slice(0, length));
          payload.getContentMetadata().setContentLength((long) length);
          MultipartPart part = blobStore.uploadMultipartPart(mpu, number, payload);
          progress.add(length);
          return part;
        } finally {
          budget.release(permits);
        }
      });
    } catch (RuntimeException e) {
      budget.release(permits);
      throw e;
    }
  }

  /** Takes room for one part buffer from the storage-wide budget, in MiB. */
  private int acquire(int partSize) throws IOException {
    int permits = Math.min(budgetMiB, (partSize + MIB - 1) / MIB);
    try {
      budget.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for upload buffer room");
    }
    return permits;
  }

  @Override
  protected StorageFile copyObject(String source, String target) {
    try {
      blobStore.copyBlob(container, source, container, target, CopyOptions.NONE);
    } catch (RuntimeException e) {
      StorageException translated = JcloudsErrors.translate(uri(), keyOf(source), e);
      // a missing source is the one not-found a copy can meet; anything else concerns the target
      throw translated instanceof NotFoundException ? translated : JcloudsErrors.translate(uri(), keyOf(target), e);
    }
    return stored(target);
  }

  @Override
  protected void deleteObject(String name) {
    if (filesystem && statObject(name).isEmpty()) {
      // jclouds filesystem would try to delete a folder of that name, retrying for seconds
      return;
    }
    try {
      blobStore.removeBlob(container, name);
    } catch (RuntimeException e) {
      if (JcloudsErrors.statusCode(e) == 404) {
        return; // already gone [§8.1]
      }
      throw JcloudsErrors.translate(uri(), keyOf(name), e);
    }
  }

  @Override
  protected void closeResources() {
    if (parts != null) {
      parts.shutdown();
      try {
        if (!parts.awaitTermination(10, TimeUnit.SECONDS)) {
          parts.shutdownNow();
        }
      } catch (InterruptedException e) {
        parts.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (ownsContext) {
      context.close();
    }
    LOG.debug("{}: closed jclouds {} storage", uri(), provider);
  }

  /** The metadata of an object just written. */
  private StorageFile stored(String name) {
    return statObject(name).orElseThrow(() -> new StorageException(uri(), keyOf(name),
        "the provider accepted the write but does not list the object"));
  }

  @SuppressWarnings("deprecation") // MD5 is what Content-MD5 needs, not a security hash here
  private static HashCode md5(byte[] bytes, int length) {
    return Hashing.md5().hashBytes(bytes, 0, length);
  }

  private static HashCode md5(Path file) throws IOException {
    @SuppressWarnings("deprecation") // MD5 is what Content-MD5 needs, not a security hash here
    Hasher hasher = Hashing.md5().newHasher();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        hasher.putBytes(buffer, 0, n);
      }
    }
    return hasher.hash();
  }

  /** A repeatable source whose reads are counted on a transfer's progress, as the body is sent. */
  private static final class Counted extends ByteSource {
    private final ByteSource source;
    private final TransferProgress progress;

    Counted(ByteSource source, TransferProgress progress) {
      this.source = source;
      this.progress = progress;
    }

    private final java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public InputStream openStream() throws IOException {
      if (opened.getAndSet(true)) {
        progress.restart(); // a retried request sends the body again
      }
      return progress.counting(source.openStream());
    }

    @Override
    public com.google.common.base.Optional<Long> sizeIfKnown() {
      return source.sizeIfKnown();
    }

    @Override
    public long size() throws IOException {
      return source.size();
    }
  }

  /**
   * A byte range of a local file as a repeatable {@link ByteSource}. jclouds slices it into parts
   * for multipart uploads ({@link #slice}), each of which opens its own channel at its offset, so
   * parts upload in parallel; bytes read are counted on the transfer's progress.
   */
  private static final class FileSlice extends ByteSource {
    private final Path file;
    private final long offset;
    private final long length;
    private final TransferProgress progress;

    FileSlice(Path file, long offset, long length, TransferProgress progress) {
      this.file = file;
      this.offset = offset;
      this.length = length;
      this.progress = progress;
    }

    @Override
    public InputStream openStream() throws IOException {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      try {
        channel.position(offset);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      InputStream in = Channels.newInputStream(channel);
      return new BoundedInputStream(in, length) {
        @Override
        protected void bytesRead(int count) {
          progress.add(count);
        }
      };
    }

    @Override
    public com.google.common.base.Optional<Long> sizeIfKnown() {
      return com.google.common.base.Optional.of(length);
    }

    @Override
    public long size() {
      return length;
    }

    @Override
    public ByteSource slice(long sliceOffset, long sliceLength) {
      if (sliceOffset < 0 || sliceLength < 0) {
        throw new IllegalArgumentException("negative slice: " + sliceOffset + ", " + sliceLength);
      }
      long start = Math.min(length, sliceOffset);
      return new FileSlice(file, offset + start, Math.min(sliceLength, length - start), progress);
    }
  }
}

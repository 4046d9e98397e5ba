package org.storagekit.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.CopyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Checksum;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import org.storagekit.spi.ContentTypes;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;

/**
 * Uploads and copies. Content of at most one chunk goes in one request (a multipart insert, which
 * the client sends with its MD5 and CRC32C for GCS to check); anything larger through a resumable
 * upload session, one chunk buffered at a time, finalized only when the whole source was sent. The
 * object resource carries the content type, headers and metadata; a precondition becomes
 * {@code ifGenerationMatch} (0 for create-only), given on the insert, or when the session is
 * opened, and GCS checks it again at finalize. Every write returns the object resource GCS answered
 * with: no lookup after it.
 */
final class GcsWrites {
  private static final Logger LOG = LoggerFactory.getLogger(GcsWrites.class);
  private static final int BUFFER = 1 << 20;

  private final StorageContext context;
  private final GcsObjects objects;
  private final Supplier<com.google.cloud.storage.Storage> client;
  private final int singleRequestLimit;

  GcsWrites(StorageContext context, GcsObjects objects, Supplier<com.google.cloud.storage.Storage> client,
      int singleRequestLimit) {
    this.context = context;
    this.objects = objects;
    this.client = client;
    this.singleRequestLimit = singleRequestLimit;
  }

  StorageFile write(WriteRequest request) throws IOException {
    String name = request.name();
    BlobInfo info = objects.resource(name, request.options(), request.contentType());
    if (request.file().isPresent()) {
      if (request.size() <= singleRequestLimit) {
        try (InputStream in = request.progress().counting(Files.newInputStream(request.file().get()))) {
          return single(request, info, in.readAllBytes());
        }
      }
      try (FileChannel source = FileChannel.open(request.file().get(), StandardOpenOption.READ)) {
        return resumable(request, info, new byte[0], source);
      }
    }
    InputStream in = request.stream().orElseThrow();
    // counted as read: a listener that throws aborts the write before anything is sent
    byte[] head = request.progress().counting(in).readNBytes(singleRequestLimit + 1);
    if (head.length <= singleRequestLimit) {
      return single(request, info, head);
    }
    return resumable(request, info, head, Channels.newChannel(in));
  }

  /** One multipart insert; the client sends the content's MD5 and CRC32C and GCS refuses a mismatch. */
  private StorageFile single(WriteRequest request, BlobInfo info, byte[] content) {
    BlobInfo stored = client.get().create(info, content, objects.targetOptions(request.name(), request.precondition()));
    Checksum.Hasher sent = Checksum.hasher(Checksum.Algorithm.CRC32C);
    sent.update(content, 0, content.length);
    return verified(request.name(), stored, content.length, sent.finish());
  }

  /**
   * Sends {@code head} (already counted) and then {@code source} through a resumable upload session,
   * one chunk buffered at a time. The client's write channel retries opening the session and each
   * chunk within the retry settings, resuming a broken chunk from the offset GCS committed (it asks
   * for it) instead of starting again; {@code blobWriteSession} would not (its HTTP chunks are sent
   * once, google-cloud-storage 2.63). The session is finalized (the object appears) only when the
   * whole source was sent; on any failure it is abandoned unfinalized, which GCS discards, so no
   * partial object appears and an existing one is untouched.
   */
  private StorageFile resumable(WriteRequest request, BlobInfo info, byte[] head, ReadableByteChannel source)
      throws IOException {
    String name = request.name();
    WriteChannel writer = client.get().writer(info, objects.writeOptions(name, request.precondition()));
    writer.setChunkSize(singleRequestLimit);
    Checksum.Hasher sent = Checksum.hasher(Checksum.Algorithm.CRC32C);
    long total = head.length;
    try {
      sent.update(head, 0, head.length);
      for (ByteBuffer b = ByteBuffer.wrap(head); b.hasRemaining(); ) {
        writer.write(b);
      }
      total += Transfers.copy(source, writer, ByteBuffer.allocate(BUFFER), sent, request.progress());
    } catch (IOException | RuntimeException e) {
      // Not closed: the session stays unfinalized, GCS never shows a partial object and expires it.
      LOG.debug("{}: abandoning the upload session of '{}'", context.uri(), context.keyOf(name), e);
      throw e;
    }
    writer.close(); // sends the last chunk and finalizes the object, if the precondition still holds
    return verified(name, result(writer), total, sent.finish());
  }

  /**
   * The object resource GCS answered the finalizing chunk with. The client's write channels hold it
   * behind {@code StorageWriteChannel.getObject()}, an interface the library does not export; it is
   * reached by reflection, so no lookup (which could see another writer's object) follows the write.
   */
  private static BlobInfo result(WriteChannel writer) throws IOException {
    Object future;
    try {
      java.lang.reflect.Method getObject = writer.getClass().getMethod("getObject");
      getObject.setAccessible(true);
      future = getObject.invoke(writer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("this google-cloud-storage version's write channel does not give the "
          + "written object (" + writer.getClass().getName() + ".getObject())", e);
    }
    try {
      return (BlobInfo) ((java.util.concurrent.Future<?>) future).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw cause instanceof IOException ? (IOException) cause : new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the upload's result");
    }
  }

  /**
   * The stored object, after comparing its size and CRC32C with what was sent. A mismatch is not
   * deleted: the object found may be a concurrent writer's, not ours to remove.
   */
  private StorageFile verified(String name, BlobInfo stored, long size, Checksum sent) {
    StorageFile file = objects.describe(name, stored);
    if (file.size() != size) {
      throw context.sizeMismatch(name, size, file.size());
    }
    Checksum storedChecksum = GcsObjects.crc32c(stored);
    if (storedChecksum != null && context.options().verifyChecksums()) {
      context.verify(name, sent, storedChecksum);
    }
    return file;
  }

  /**
   * A server-side rewrite, repeated until done. Without content options the target keeps the
   * source's content type, headers and metadata (no destination resource is sent); with them the
   * destination resource sets them all. The precondition applies to the target.
   */
  StorageFile copy(CopyRequest request) {
    WriteOptions options = request.options();
    com.google.cloud.storage.Storage.CopyRequest.Builder b = com.google.cloud.storage.Storage.CopyRequest.newBuilder()
        .setSource(objects.id(request.source()));
    var preconditions = objects.targetOptions(request.target(), options.precondition());
    if (options.setsContent()) {
      b.setTarget(objects.resource(request.target(), options, options.contentType().orElse(ContentTypes.OCTET_STREAM)),
          preconditions);
    } else {
      b.setTarget(objects.id(request.target()), preconditions);
    }
    CopyWriter rewrite = client.get().copy(b.build());
    while (!rewrite.isDone()) {
      rewrite.copyChunk(); // large or cross-location objects take several rewrite calls
    }
    return objects.describe(request.target(), rewrite.getResult());
  }
}

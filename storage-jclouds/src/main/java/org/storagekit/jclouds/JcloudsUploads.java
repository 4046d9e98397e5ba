package org.storagekit.jclouds;

import com.google.common.hash.HashCode;
import com.google.common.io.ByteSource;
import com.google.common.util.concurrent.MoreExecutors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.BlobBuilder;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StreamParts;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;

/**
 * Writes to a jclouds blobstore.
 *
 * <ul>
 *   <li>Files are uploaded from a repeatable file payload whose length is known; at or above
 *       {@link #MULTIPART_THRESHOLD} they go through jclouds multipart ({@code PutOptions.multipart})
 *       with parts sent in parallel on the storage's part executor, where the provider has a native
 *       multipart API. Single-part uploads to remote providers carry {@code Content-MD5}.
 *   <li>Streams of unknown length go straight into the in-process stores ({@code transient},
 *       {@code filesystem}); to remote providers with multipart they stream as a multipart upload
 *       of bounded part buffers; elsewhere (no multipart, or too few parts allowed) they are first
 *       spooled to a temporary file, never held in memory.
 * </ul>
 */
final class JcloudsUploads {
  /** Files this large or larger are uploaded with multipart where the provider supports it. */
  static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;

  /** First part size for streams of unknown length. */
  static final int STREAM_PART_SIZE = 8 * 1024 * 1024;

  /** Streams go multipart only where the provider allows at least this many parts. */
  static final int MIN_STREAM_PARTS = 1000;

  private static final int MAX_STREAM_PART_SIZE = 512 * 1024 * 1024;
  private static final String OCTETS = "application/octet-stream";

  private final StorageContext context;
  private final BlobStore blobStore;
  private final String container;
  private final boolean inProcess;
  private final boolean multipart;

  JcloudsUploads(StorageContext context, BlobStore blobStore, String container, boolean inProcess,
      boolean multipart) {
    this.context = context;
    this.blobStore = blobStore;
    this.container = container;
    this.inProcess = inProcess;
    this.multipart = multipart;
  }

  void putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    boolean parts = multipart && size >= MULTIPART_THRESHOLD;
    BlobBuilder.PayloadBlobBuilder blob = blobStore.blobBuilder(name)
        .payload(Payloads.newByteSourcePayload(new FileBody(file, 0, size, progress)))
        .contentLength(size)
        .contentType(OCTETS);
    if (!parts && !inProcess && context.options().verifyChecksums()) {
      // the server checks Content-MD5 and refuses a corrupted body
      blob.contentMD5(HashCode.fromBytes(ContentChecksum.of(ContentChecksum.Algorithm.MD5, file, 0, size).value()));
    }
    int threads = context.options().parallelism();
    blobStore.putBlob(container, blob.build(), parts
        ? new PutOptions().multipart(MoreExecutors.listeningDecorator(context.parts(threads))) : PutOptions.NONE);
  }

  void putStream(String name, InputStream content, TransferProgress progress) throws IOException {
    if (!inProcess && multipart && blobStore.getMaximumNumberOfParts() >= MIN_STREAM_PARTS) {
      putStreamMultipart(name, content, progress);
    } else if (!inProcess) {
      // no multipart, or too few parts for a stream of unknown size (GCS composes at most 32):
      // spool to disk, never to memory, and upload the file with its length known
      Path spool = Files.createTempFile("storagekit-jclouds-", ".upload");
      try {
        long size;
        try (OutputStream out = Files.newOutputStream(spool)) {
          size = content.transferTo(out);
        }
        putFile(name, spool, size, progress);
      } finally {
        Files.deleteIfExists(spool);
      }
    } else {
      InputStream counted = progress.counting(new FilterInputStream(content) {
        @Override
        public void close() {
          // the caller owns the stream
        }
      });
      Payload payload = Payloads.newInputStreamPayload(counted);
      payload.getContentMetadata().setContentType(OCTETS);
      blobStore.putBlob(container, blobStore.blobBuilder(name).payload(payload).build());
    }
  }

  /**
   * Streams a body of unknown length as a multipart upload: parts are read one after another into
   * at most {@code parallelism} buffers and sent in parallel on the part executor. A body shorter
   * than one part becomes a plain put. Parts start at {@link #STREAM_PART_SIZE} and double every
   * {@link #MIN_STREAM_PARTS} / 10 parts, so the provider's part-count limit is never the limit on
   * the body's size. Any failure aborts the upload: no partial object is left [§5.3].
   */
  private void putStreamMultipart(String name, InputStream content, TransferProgress progress) throws IOException {
    long max = blobStore.getMaximumMultipartPartSize();
    int partSize = (int) Math.min(Math.min(Math.max(blobStore.getMinimumMultipartPartSize(), STREAM_PART_SIZE), max),
        MAX_STREAM_PART_SIZE);
    int step = Math.min(blobStore.getMaximumNumberOfParts(), 10 * MIN_STREAM_PARTS) / 10;
    int concurrency = context.options().parallelism();
    PartRunner<MultipartPart> runner = new PartRunner<>(context.parts(concurrency), concurrency);
    StreamParts parts = new StreamParts(content, partSize, concurrency);
    StreamParts.Part part = next(runner, parts).orElseThrow();
    if (part.isLast()) {
      try {
        BlobBuilder.PayloadBlobBuilder blob = blobStore.blobBuilder(name).payload(payload(part, progress))
            .contentType(OCTETS);
        if (context.options().verifyChecksums()) {
          blob.contentMD5(HashCode.fromBytes(part.checksum(ContentChecksum.Algorithm.MD5).value()));
        }
        blobStore.putBlob(container, blob.build());
      } finally {
        part.release();
        runner.unreserve();
      }
      return;
    }
    MultipartUpload upload;
    try {
      upload = blobStore.initiateMultipartUpload(container,
          blobStore.blobBuilder(name).payload(new byte[0]).contentType(OCTETS).build().getMetadata(), new PutOptions());
    } catch (RuntimeException e) {
      part.release();
      runner.unreserve();
      throw e;
    }
    try {
      for (int number = 1; part != null; number++) {
        StreamParts.Part sending = part;
        int n = number;
        runner.submitReserved(() -> {
          try {
            MultipartPart sent = blobStore.uploadMultipartPart(upload, n, payload(sending, null));
            progress.add(sending.length());
            return sent;
          } finally {
            sending.release();
          }
        });
        if (sending.isLast()) {
          break;
        }
        if (number % step == 0 && partSize < Math.min(max, MAX_STREAM_PART_SIZE)) {
          partSize = (int) Math.min(Math.min(2L * partSize, max), MAX_STREAM_PART_SIZE);
          parts = new StreamParts(content, partSize, concurrency); // the old buffers go with their parts
        }
        part = next(runner, parts).filter(p -> p.length() > 0 || release(p)).orElse(null);
        if (part == null) {
          runner.unreserve();
        }
      }
      blobStore.completeMultipartUpload(upload, runner.await());
    } catch (IOException | RuntimeException | Error e) {
      runner.drain(); // parts in flight finish first, so the abort leaves none behind
      try {
        blobStore.abortMultipartUpload(upload);
      } catch (RuntimeException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  /** The next part in a slot reserved on {@code runner}; the slot is given back if reading fails. */
  private static Optional<StreamParts.Part> next(PartRunner<?> runner, StreamParts parts) throws IOException {
    runner.reserve();
    try {
      return parts.next();
    } catch (IOException | RuntimeException e) {
      runner.unreserve();
      throw e;
    }
  }

  /** Releases an empty part (a stream that ended right at a part-size change); always false. */
  private static boolean release(StreamParts.Part part) {
    part.release();
    return false;
  }

  /**
   * A part's bytes as a repeatable body of known length; counted on {@code progress} (if not null)
   * as they are sent, afresh when a retried request sends them again.
   */
  private static Payload payload(StreamParts.Part part, TransferProgress progress) {
    AtomicBoolean opened = new AtomicBoolean();
    Payload payload = Payloads.newByteSourcePayload(new ByteSource() {
      @Override
      public InputStream openStream() {
        if (progress == null) {
          return part.stream();
        }
        if (opened.getAndSet(true)) {
          progress.restart();
        }
        return progress.counting(part.stream());
      }
    });
    payload.getContentMetadata().setContentLength((long) part.length());
    return payload;
  }

  /**
   * A byte range of a local file as a repeatable body. jclouds slices it into parts for multipart
   * uploads ({@link #slice}), each of which opens its own channel at its offset, so parts upload in
   * parallel; bytes read are counted on the transfer's progress.
   */
  private static final class FileBody extends ByteSource {
    private final Path file;
    private final long offset;
    private final long length;
    private final TransferProgress progress;

    FileBody(Path file, long offset, long length, TransferProgress progress) {
      this.file = file;
      this.offset = offset;
      this.length = length;
      this.progress = progress;
    }

    @Override
    public InputStream openStream() throws IOException {
      return progress.counting(Transfers.range(file, offset, length));
    }

    @Override
    public com.google.common.base.Optional<Long> sizeIfKnown() {
      return com.google.common.base.Optional.of(length);
    }

    @Override
    public ByteSource slice(long sliceOffset, long sliceLength) {
      if (sliceOffset < 0 || sliceLength < 0) {
        throw new IllegalArgumentException("negative slice: " + sliceOffset + ", " + sliceLength);
      }
      long start = Math.min(length, sliceOffset);
      return new FileBody(file, offset + start, Math.min(sliceLength, length - start), progress);
    }
  }
}

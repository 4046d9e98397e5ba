package org.storagekit.jclouds;

import com.google.common.hash.HashCode;
import com.google.common.io.ByteSource;
import com.google.common.util.concurrent.MoreExecutors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntUnaryOperator;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.BlobBuilder;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import org.storagekit.Checksum;
import org.storagekit.spi.Multipart;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.WriteRequest;
import org.storagekit.WriteOptions;

/**
 * Writes to a jclouds blobstore, with the request's content type, content headers and user metadata
 * on the blob (or on the multipart upload). Files go from a repeatable file payload of known length; from
 * {@link #MULTIPART_THRESHOLD}, where the provider has native multipart, through jclouds multipart
 * with parts sent in parallel on the part executor. Single-part uploads to remote providers carry
 * {@code Content-MD5}. Streams of unknown length go straight into the in-process stores; to remote
 * providers with multipart they stream as a multipart upload of bounded part buffers; elsewhere they
 * are spooled to a temporary file, never held in memory.
 */
final class JcloudsUploads {
  /** Files this large or larger are uploaded with multipart where the provider supports it. */
  static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
  /** First part size for streams of unknown length. */
  static final int STREAM_PART_SIZE = 8 * 1024 * 1024;
  /** Streams go multipart only where the provider allows at least this many parts. */
  static final int MIN_STREAM_PARTS = 1000;

  private static final int MAX_STREAM_PART_SIZE = 512 * 1024 * 1024;

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

  /**
   * The blob's content metadata and user metadata from {@code request}: the content type (always
   * set by the engine), Cache-Control, Content-Disposition, Content-Encoding and user metadata.
   */
  private static BlobBuilder.PayloadBlobBuilder dressed(BlobBuilder.PayloadBlobBuilder blob, WriteRequest request) {
    WriteOptions options = request.options();
    blob.contentType(request.contentType());
    options.cacheControl().ifPresent(blob::cacheControl);
    options.contentDisposition().ifPresent(blob::contentDisposition);
    options.contentEncoding().ifPresent(blob::contentEncoding);
    options.metadata().ifPresent(blob::userMetadata);
    return blob;
  }

  void putFile(WriteRequest request) throws IOException {
    putFile(request, request.file().orElseThrow(), request.size());
  }

  private void putFile(WriteRequest request, Path file, long size) throws IOException {
    String name = request.name();
    TransferProgress progress = request.progress();
    boolean parts = multipart && size >= MULTIPART_THRESHOLD;
    BlobBuilder.PayloadBlobBuilder blob = dressed(blobStore.blobBuilder(name)
        .payload(counted(com.google.common.io.Files.asByteSource(file.toFile()), progress))
        .contentLength(size), request);
    if (!parts && !inProcess && context.options().verifyChecksums()) {
      // the server checks Content-MD5 and refuses a corrupted body
      blob.contentMD5(HashCode.fromBytes(Checksum.of(Checksum.Algorithm.MD5, file, 0, size).value()));
    }
    int threads = context.options().parallelism();
    blobStore.putBlob(container, blob.build(), parts
        ? new PutOptions().multipart(MoreExecutors.listeningDecorator(context.parts(threads))) : PutOptions.NONE);
  }

  void putStream(WriteRequest request) throws IOException {
    String name = request.name();
    InputStream content = request.stream().orElseThrow();
    TransferProgress progress = request.progress();
    if (!inProcess && multipart && blobStore.getMaximumNumberOfParts() >= MIN_STREAM_PARTS) {
      putStreamMultipart(request, content, progress);
    } else if (!inProcess) {
      // no multipart, or too few parts for a stream of unknown size (GCS composes at most 32):
      // spool to disk, never to memory, and upload the file with its length known
      Path spool = Files.createTempFile("storagekit-jclouds-", ".upload");
      try {
        putFile(request, spool, Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING));
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
      blobStore.putBlob(container, dressed(blobStore.blobBuilder(name).payload(counted), request).build());
    }
  }

  /**
   * Streams a body as a multipart upload of parts read into at most {@code parallelism} buffers and
   * sent in parallel; a body shorter than one part is a plain put. Parts start at
   * {@link #STREAM_PART_SIZE} and double every {@link #MIN_STREAM_PARTS} / 10 parts, so the part-count
   * limit never limits the body's size. A failure aborts the upload: no partial object is left [§5.3].
   */
  private void putStreamMultipart(WriteRequest request, InputStream content, TransferProgress progress)
      throws IOException {
    String name = request.name();
    long cap = Math.min(blobStore.getMaximumMultipartPartSize(), MAX_STREAM_PART_SIZE);
    int first = (int) Math.min(Math.max(blobStore.getMinimumMultipartPartSize(), STREAM_PART_SIZE), cap);
    int step = Math.min(blobStore.getMaximumNumberOfParts(), 10 * MIN_STREAM_PARTS) / 10;
    int concurrency = context.options().parallelism();
    IntUnaryOperator partSizes = n -> (int) Math.min((long) first << Math.min((n - 1) / step, 32), cap);
    Multipart<MultipartPart, Void> upload = new Multipart<>(context, name,
        () -> new PartRunner<>(context.parts(concurrency), concurrency), blobStore.getMaximumNumberOfParts(), null,
        partSize -> upload(request, progress));
    upload.stream(content, partSizes, first - 1L, concurrency, part -> { // within one part: a plain put
      BlobBuilder.PayloadBlobBuilder blob = dressed(blobStore.blobBuilder(name).payload(counted(bytes(part), progress))
          .contentLength(part.length()), request);
      if (context.options().verifyChecksums()) {
        blob.contentMD5(HashCode.fromBytes(part.checksum(Checksum.Algorithm.MD5).value()));
      }
      blobStore.putBlob(container, blob.build());
      return null;
    });
  }

  /** A multipart upload of {@code name}, its parts counted on {@code progress} as they are sent. */
  private Multipart.Upload<MultipartPart, Void> upload(WriteRequest request, TransferProgress progress) {
    MultipartUpload upload = blobStore.initiateMultipartUpload(container,
        dressed(blobStore.blobBuilder(request.name()).payload(new byte[0]), request).build().getMetadata(),
        new PutOptions());
    return new Multipart.Upload<>() {
      @Override
      public MultipartPart part(Multipart.Part part) {
        Payload payload = Payloads.newByteSourcePayload(bytes(part));
        payload.getContentMetadata().setContentLength(part.length());
        MultipartPart sent = blobStore.uploadMultipartPart(upload, part.number(), payload);
        progress.add(part.length());
        return sent;
      }

      @Override
      public Void complete(List<MultipartPart> parts, long size, Checksum checksum) {
        blobStore.completeMultipartUpload(upload, parts);
        return null;
      }

      @Override
      public void abort() {
        blobStore.abortMultipartUpload(upload);
      }
    };
  }

  /** A part's bytes, as a body jclouds may send again on retry (its length is set on the request). */
  private static ByteSource bytes(Multipart.Part part) {
    return new ByteSource() {
      @Override
      public InputStream openStream() throws IOException {
        return part.stream();
      }
    };
  }

  /** {@code source} counted on {@code progress} as it is sent (afresh on a retry), slices as well. */
  private static ByteSource counted(ByteSource source, TransferProgress progress) {
    AtomicBoolean opened = new AtomicBoolean();
    return new ByteSource() {
      @Override
      public InputStream openStream() throws IOException {
        if (opened.getAndSet(true)) {
          progress.restart();
        }
        return progress.counting(source.openStream());
      }

      @Override
      public com.google.common.base.Optional<Long> sizeIfKnown() {
        return source.sizeIfKnown();
      }

      @Override
      public ByteSource slice(long offset, long length) {
        return counted(source.slice(offset, length), progress);
      }
    };
  }
}

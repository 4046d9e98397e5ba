package org.storagekit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Downloads into the engine's temp file, pinned to the ETag the caller saw (If-Match), so a replaced
 * object fails with a precondition failure rather than changing under the download. Objects above
 * the multipart threshold are fetched as parallel ranges, written by position; ranges follow the
 * object's own part size where {@link S3Expectation} needs per-part MD5s.
 */
final class S3Downloads {
  private final S3Client s3;
  private final StorageContext context;
  private final S3StorageConfig config;
  private final String bucket;

  S3Downloads(S3Client s3, StorageContext context, S3StorageConfig config) {
    this.s3 = s3;
    this.context = context;
    this.config = config;
    this.bucket = config.bucket();
  }

  void download(DownloadRequest request) throws IOException {
    String name = request.name();
    String etag = Etags.quote(request.file().etag().orElse(null));
    if (request.file().size() > config.multipartThreshold() && config.partConcurrency() > 1) {
      parallel(request, s3.headObject(r -> r.bucket(bucket).key(name).ifMatch(etag)));
      return;
    }
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(name).ifMatch(etag));
        FileChannel out = FileChannel.open(request.temp(), StandardOpenOption.WRITE)) {
      GetObjectResponse r = in.response();
      S3Expectation expected = S3Expectation.of(request.verifyChecksums(), r.metadata(), r.eTag(),
          r.serverSideEncryption(), r.sseCustomerAlgorithm());
      S3Expectation.Check check = expected.start(0);
      copy(in, out, 0, Long.MAX_VALUE, check, request.progress());
      expected.verify(request, List.of(check));
    }
  }

  /** Parallel ranged download; the HEAD {@code h} and every range are pinned to one ETag. */
  private void parallel(DownloadRequest request, HeadObjectResponse h) throws IOException {
    long size = h.contentLength();
    S3Expectation expected = S3Expectation.of(request.verifyChecksums(), h.metadata(), h.eTag(),
        h.serverSideEncryption(), h.sseCustomerAlgorithm());
    long rangeSize = S3Backend.partSize(expected.partSize() > 0 ? expected.partSize() : config.partSize(), size);
    List<S3Expectation.Check> checks;
    try (FileChannel out = FileChannel.open(request.temp(), StandardOpenOption.WRITE)) {
      PartRunner<S3Expectation.Check> runner = S3Backend.runner(context, config);
      try {
        S3Backend.ranges(size, rangeSize, (number, offset, length) ->
            runner.submit(() -> range(request, h.eTag(), size, offset, length, out, expected)));
        checks = runner.await();
      } catch (IOException | RuntimeException | Error e) {
        runner.drain(); // no range may still write once the temp file is closed and removed
        throw e;
      }
      out.force(false);
    }
    expected.verify(request, checks);
  }

  private S3Expectation.Check range(DownloadRequest request, String etag, long size, long offset, long length,
      FileChannel out, S3Expectation expected) throws IOException {
    S3Expectation.Check check = expected.start(offset);
    GetObjectRequest.Builder r = GetObjectRequest.builder().bucket(bucket).key(request.name())
        .range("bytes=" + offset + "-" + (offset + length - 1)).ifMatch(etag);
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r.build())) {
      long copied = copy(in, out, offset, length, check, request.progress());
      if (copied < length) {
        throw context.sizeMismatch(request.name(), size, offset + copied); // the range ended early
      }
      if (in.read() >= 0) {
        in.abort();
      }
    }
    return check;
  }

  /** Copies at most {@code limit} bytes of {@code in} to {@code out} from {@code position}; returns the count. */
  private static long copy(InputStream in, FileChannel out, long position, long limit, S3Expectation.Check check,
      TransferProgress progress) throws IOException {
    byte[] buffer = new byte[Transfers.BUFFER];
    long done = 0;
    while (done < limit) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - done));
      if (n < 0) {
        break;
      }
      ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
      while (b.hasRemaining()) {
        out.write(b, position + done + b.position());
      }
      check.update(buffer, 0, n);
      progress.add(n);
      done += n;
    }
    return done;
  }
}

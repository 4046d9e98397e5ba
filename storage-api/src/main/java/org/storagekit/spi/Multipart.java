package org.storagekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Checksum;
import org.storagekit.StorageException;

/**
 * The skeleton of an upload that may go in parts, written once for every provider. Content within
 * the threshold goes in one request ({@link Single}). Anything larger is a multipart upload
 * ({@link Start}, {@link Upload}): each part takes a slot on a {@link PartRunner} before its bytes
 * are read, so buffers stay bounded; at the end the upload is completed, or after any failure the
 * runner is drained and the upload aborted, so that nothing is stored and no part is left behind
 * [§5.3]. The provider supplies its requests and its limits. One instance drives one upload, from
 * one thread.
 *
 * @param <R> what the service answers for one part (a part ETag, a block id)
 * @param <T> what an upload yields to the provider
 */
public final class Multipart<R, T> {
  private static final Logger LOG = LoggerFactory.getLogger(Multipart.class);

  private final StorageContext context;
  private final String name;
  private final Supplier<PartRunner<R>> runners;
  private final long maxParts;
  private final Checksum.Algorithm whole;
  private final Start<R, T> start;

  /**
   * Creates the skeleton of one upload.
   *
   * @param context the storage, named by the exceptions raised here
   * @param name the object's full name
   * @param runners makes the runner of the parts, once the upload goes in parts
   * @param maxParts the service's limit of parts in one upload
   * @param whole the algorithm of the whole content's checksum given to {@link Upload#complete}
   *     (of a file: computed before its parts are sent), or {@code null} for none; never for a copy
   * @param start starts a multipart upload at the service
   */
  public Multipart(StorageContext context, String name, Supplier<PartRunner<R>> runners, long maxParts,
      Checksum.Algorithm whole, Start<R, T> start) {
    if (maxParts < 1) {
      throw new IllegalArgumentException("maxParts must be >= 1: " + maxParts);
    }
    this.context = Objects.requireNonNull(context, "context");
    this.name = Objects.requireNonNull(name, "name");
    this.runners = Objects.requireNonNull(runners, "runners");
    this.maxParts = maxParts;
    this.whole = whole;
    this.start = Objects.requireNonNull(start, "start");
  }

  /**
   * Uploads {@code size} bytes of a file: by {@code single} up to {@code threshold} bytes, else in
   * parts read by range from the file as they are sent.
   *
   * @param partSize bytes per part, raised so that there are at most {@code maxParts}
   */
  public T file(Path file, long size, long threshold, long partSize, Single<T> single) throws IOException {
    Objects.requireNonNull(file, "file");
    if (size <= threshold) {
      return single.send(new Part(1, 0, size, file, List.of(), true));
    }
    return ranges(file, size, partSize);
  }

  /**
   * A server-side copy of {@code size} bytes in parts: always multipart, and its parts carry no
   * bytes here, only the range each one copies.
   *
   * @param partSize bytes per part, raised so that there are at most {@code maxParts}
   */
  public T copy(long size, long partSize) throws IOException {
    return ranges(null, size, partSize);
  }

  /**
   * Uploads a stream of unknown length, cut by {@link StreamParts}: by {@code single} if it ends
   * within {@code threshold} bytes, else in parts, at most {@code concurrency} at once. The parts
   * read up to the threshold are held until the upload starts; once they are sent, buffers for
   * {@code concurrency + 1} parts at most.
   *
   * @param partSizes the size of part {@code n} (from 1), at most {@link StreamParts#MAX_PART_SIZE};
   *     a provider MAY let it grow, so that the part-count limit does not limit the stream
   */
  public T stream(InputStream content, IntUnaryOperator partSizes, long threshold, int concurrency, Single<T> single)
      throws IOException {
    int partSize = partSizes.applyAsInt(1);
    long buffers = Math.max(Math.min(maxParts, threshold / partSize + 1), concurrency + 1L);
    Cutter cutter = new Cutter(content, partSizes, (int) Math.min(buffers, Integer.MAX_VALUE));
    Deque<StreamParts.Part> head = new ArrayDeque<>();
    long total = 0;
    boolean ended = false;
    while (!ended && total <= threshold) {
      Optional<StreamParts.Part> p = cutter.next();
      p.ifPresent(head::add);
      total += p.map(StreamParts.Part::length).orElse(0);
      ended = p.map(StreamParts.Part::isLast).orElse(true);
    }
    if (total <= threshold) { // the stream ended within the threshold
      Part all = new Part(1, 0, total, null, List.copyOf(head), true);
      try {
        return single.send(all);
      } finally {
        all.release();
      }
    }
    Checksum.Hasher hasher = whole == null ? null : Checksum.hasher(whole);
    return parts(partSize, () -> hasher == null ? null : hasher.finish(), (number, offset) -> {
      StreamParts.Part p = head.isEmpty() ? cutter.next().orElse(null) : head.poll();
      if (p != null && hasher != null) {
        p.hashInto(hasher);
      }
      return p == null ? null : new Part(number, offset, p.length(), null, List.of(p), p.isLast());
    });
  }

  private T ranges(Path file, long size, long base) throws IOException {
    long partSize = Math.max(base, (size + maxParts - 1) / maxParts);
    Checksum checksum = whole == null || file == null ? null : Checksum.of(whole, file, 0, size);
    return parts(partSize, () -> checksum, (number, offset) -> {
      long length = Math.min(partSize, size - offset);
      return new Part(number, offset, length, file, List.of(), offset + length >= size);
    });
  }

  /** The next part of a multipart upload, or {@code null} if the content ended with the one before. */
  @FunctionalInterface
  private interface Next {
    Part take(int number, long offset) throws IOException;
  }

  /** The multipart loop: slot, part, send, until the last; then complete, or drain and abort. */
  private T parts(long partSize, Supplier<Checksum> checksum, Next next) throws IOException {
    Upload<R, T> upload = start.start(partSize);
    PartRunner<R> runner = runners.get();
    long size = 0;
    try {
      for (int number = 1; ; number++) {
        runner.reserve();
        Part part = next.take(number, size);
        if (part == null) {
          runner.unreserve();
          break;
        }
        if (number > maxParts) {
          throw new StorageException(context.uri(), context.keyOf(name), "stream too large for " + maxParts
              + " parts of " + partSize + " bytes; raise the part size");
        }
        size += part.length();
        runner.submitReserved(() -> {
          try {
            return upload.part(part);
          } finally {
            part.release();
          }
        });
        if (part.last) {
          break;
        }
      }
      return upload.complete(runner.await(), size, checksum.get());
    } catch (IOException | RuntimeException | Error e) {
      runner.drain(); // parts in flight finish first, so the abort leaves none behind
      abort(upload, e);
      throw e;
    }
  }

  /** Aborts a failed upload; a failure to abort is logged and attached to {@code cause}. */
  private void abort(Upload<R, T> upload, Throwable cause) {
    try {
      upload.abort();
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: aborting the failed multipart upload of '{}' failed; parts may remain until the service "
          + "removes them: {}", context.uri(), context.keyOf(name), e.toString());
      cause.addSuppressed(e);
    }
  }

  /** Sends the whole content in one request. */
  @FunctionalInterface
  public interface Single<T> {
    /** Sends {@code content}, all of it. */
    T send(Part content) throws IOException;
  }

  /** Starts a multipart upload at the service. */
  @FunctionalInterface
  public interface Start<R, T> {
    /** Starts an upload of parts of {@code partSize} bytes (the last one may be shorter; a stream's may grow). */
    Upload<R, T> start(long partSize) throws IOException;
  }

  /** A multipart upload started at the service. */
  public interface Upload<R, T> {
    /** Sends one part. Runs on the part executor, several parts at once: it MUST be thread-safe. */
    R part(Part part) throws IOException;

    /**
     * Completes the upload; a failure here aborts it too.
     *
     * @param parts what {@link #part} answered, in part order
     * @param size the bytes of all the parts
     * @param checksum the whole content's checksum, or {@code null} if none was asked for
     */
    T complete(List<R> parts, long size, Checksum checksum) throws IOException;

    /**
     * Aborts the upload after a failure, so that no part is left behind. By default nothing, for a
     * service that discards uncommitted parts by itself.
     */
    default void abort() throws IOException {}
  }

  /** Cuts a stream into parts of the sizes {@code partSizes} gives, each size change on fresh buffers. */
  private static final class Cutter {
    private final InputStream content;
    private final IntUnaryOperator partSizes;
    private final int buffers;
    private StreamParts parts;
    private int taken;
    private boolean ended;

    Cutter(InputStream content, IntUnaryOperator partSizes, int buffers) {
      this.content = Objects.requireNonNull(content, "content");
      this.partSizes = partSizes;
      this.buffers = buffers;
    }

    /** The next part; the first one always, then empty once the stream has ended. */
    Optional<StreamParts.Part> next() throws IOException {
      if (ended) {
        return Optional.empty();
      }
      int size = partSizes.applyAsInt(++taken);
      if (parts == null || parts.partSize() != size) {
        parts = new StreamParts(content, size, buffers); // the old buffers go with their parts
      }
      Optional<StreamParts.Part> p = parts.next().filter(q -> q.length() > 0 || taken == 1); // empty: it ended
      ended = p.map(StreamParts.Part::isLast).orElse(true);
      return p;
    }
  }

  /** One part, or the whole content of a single request: a range of a file, or buffers of a stream. */
  public static final class Part {
    private final int number;
    private final long offset;
    private final long length;
    private final Path file;
    private final List<StreamParts.Part> buffers;
    private final boolean last;

    private Part(int number, long offset, long length, Path file, List<StreamParts.Part> buffers, boolean last) {
      this.number = number;
      this.offset = offset;
      this.length = length;
      this.file = file;
      this.buffers = buffers;
      this.last = last;
    }

    /** The part's number, from 1. */
    public int number() {
      return number;
    }

    /** Where the part starts in the content. */
    public long offset() {
      return offset;
    }

    /** Its length in bytes. */
    public long length() {
      return length;
    }

    /** The file the part is a range of, for an SDK that reads a file range itself; empty for a stream. */
    public Optional<Path> file() {
      return Optional.ofNullable(file);
    }

    /**
     * The bytes, as a fresh stream each time (an SDK may read a body twice on retry); a stream's
     * single buffer as a markable stream. Empty for a part of a copy.
     */
    public InputStream stream() throws IOException {
      if (file != null) {
        return Transfers.range(file, offset, length);
      }
      if (buffers.size() == 1) {
        return buffers.get(0).stream();
      }
      return new SequenceInputStream(Collections.enumeration(buffers.stream().map(StreamParts.Part::stream).toList()));
    }

    /** The checksum of the part's bytes. */
    public Checksum checksum(Checksum.Algorithm algorithm) throws IOException {
      if (file != null) {
        return Checksum.of(algorithm, file, offset, length);
      }
      Checksum.Hasher hasher = Checksum.hasher(algorithm);
      buffers.forEach(b -> b.hashInto(hasher));
      return hasher.finish();
    }

    private void release() {
      buffers.forEach(StreamParts.Part::release);
    }
  }
}

package org.storagekit.spi;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.storagekit.Checksum;
import org.storagekit.LocalTargets;
import org.storagekit.ProgressListener;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import org.storagekit.UnsafeKeyException;

/**
 * Downloads into local files: a temp file beside the target, filled by the backend, its size and
 * checksum verified, then renamed into place atomically [§3.4, §3.5]; bulk downloads never write
 * outside their folder [§4.2].
 */
final class Downloads {
  private final StorageContext context;
  private final StorageBackend backend;
  private final Failures failures;
  private final BackgroundUploads work;

  Downloads(StorageContext context, StorageBackend backend, Failures failures, BackgroundUploads work) {
    this.context = context;
    this.backend = backend;
    this.failures = failures;
    this.work = work;
  }

  /** Downloads the file {@code file} describes (key: the caller's key) to {@code target}. */
  void download(StorageFile file, Path target, ProgressListener listener) throws IOException {
    String name = context.nameOf(file.key());
    StorageFile described = file.withKey(name);
    AtomicFiles.write(target, temp -> {
      TransferProgress progress = new TransferProgress(listener, file.key(), file.size());
      Checksum expected = context.options().verifyChecksums()
          ? backend.expectedChecksum(described).orElse(null) : null;
      backend.download(new DownloadRequest(context, name, described, temp, progress, expected, failures));
      long written = Files.size(temp);
      if (written != file.size()) {
        throw context.sizeMismatch(name, file.size(), written);
      }
      progress.complete(written);
    });
  }

  /** Downloads one file to {@code target}, creating parent folders [§3.1]. */
  void getFile(StorageFile file, Path target, ProgressListener listener) {
    failures.call(file.key(), () -> {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      download(file, target, listener);
      return null;
    });
  }

  /**
   * Downloads every listed file into {@code directory}, keeping the hierarchy [§4.1], in parallel.
   * A key that would land outside is refused and the others are still downloaded [§4.2].
   *
   * @throws UnsafeKeyException naming every refused key, after every safe file was downloaded
   */
  TransferSummary getAll(Stream<StorageFile> listing, Path directory, ProgressListener listener) {
    URI uri = context.uri();
    Path real = failures.call(null, () -> {
      Files.createDirectories(directory);
      return directory.toRealPath();
    });
    Batch batch = new Batch(uri, work, context.options().parallelism());
    try (Stream<StorageFile> files = listing) {
      Iterator<StorageFile> it = files.iterator();
      while (it.hasNext() && !batch.failed()) {
        StorageFile file = it.next();
        Path target;
        try {
          target = LocalTargets.resolveInside(uri, real, file.key());
        } catch (UnsafeKeyException e) {
          batch.refuse(e);
          continue;
        }
        batch.submit(file.key(), failures.translated(file.key(), () -> {
          LocalTargets.createParents(uri, file.key(), real, target); // refuses a path through a link
          download(file, target, listener);
          return file;
        }));
      }
    } catch (RuntimeException e) {
      batch.await(); // the listing failed: let the transfers in flight finish first
      throw e;
    }
    return batch.finish("download", List.of());
  }
}

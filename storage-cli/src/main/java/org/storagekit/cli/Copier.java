package org.storagekit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.storagekit.Capability;
import org.storagekit.LocalTargets;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.WriteOptions;

/**
 * Copies files by key from one folder to another, the one way every multi-file command ({@code sync},
 * folder {@code get} and {@code put}, {@code mv}) does it: {@link Storage#copy} on the server when both
 * folders are in one bucket and the backend copies there; an upload from the local disk; a verified
 * download to it (refusing keys unsafe as local paths); otherwise the bytes stream through this
 * process. Closes the extra storage it may open for a server-side copy.
 */
final class Copier implements AutoCloseable {
  /** Copies one key. */
  @FunctionalInterface
  private interface Step {
    long copy(String key);
  }

  private final List<Storage> opened = new ArrayList<>();
  private final Step step;
  private final boolean serverSide;

  /**
   * @param target {@code null} only when nothing will be copied (a dry run into a missing folder)
   */
  Copier(StorageCli cli, Target from, Target to, Storage source, Storage target, WriteOptions options,
      ProgressListener progress) {
    Storage shared = null;
    URI common = Target.commonParent(from, to);
    if (common != null && target != null) {
      shared = serverSide(cli, common);
    }
    serverSide = shared != null;
    if (shared != null) {
      Storage inside = shared;
      String fromPrefix = from.folderBelow(common);
      String toPrefix = to.folderBelow(common);
      step = key -> inside.copy(fromPrefix + key, toPrefix + key, options).size();
    } else if (from.isLocal()) {
      step = key -> {
        try {
          return target.addFile(from.folderPath().resolve(key), key, options, progress).join().size();
        } catch (CompletionException e) {
          throw runtime(e.getCause());
        }
      };
    } else if (to.isLocal() && target != null) {
      Path real;
      try {
        real = to.folderPath().toRealPath();
      } catch (IOException e) {
        throw new UncheckedIOException(to.folderPath() + ": cannot resolve the destination folder", e);
      }
      step = key -> {
        Path file = LocalTargets.resolveInside(target.uri(), real, key); // UnsafeKeyException: refused
        try {
          LocalTargets.createParents(target.uri(), key, real, file);
        } catch (IOException e) {
          throw new UncheckedIOException(target.uri() + " '" + key + "': " + e, e);
        }
        try {
          return java.nio.file.Files.size(source.getFile(key, file, progress));
        } catch (IOException e) {
          throw new UncheckedIOException(file + ": downloaded but cannot be read back", e);
        }
      };
    } else {
      step = key -> CpCommand.stream(source, key, target, key, options, progress).size();
    }
  }

  /**
   * Copies {@code key} (relative to both folders); returns, once the copy is complete and verified,
   * the size of the copy.
   */
  long copy(String key) {
    return step.copy(key);
  }

  /** Whether copies run on the server, inside one bucket. */
  boolean serverSide() {
    return serverSide;
  }

  static RuntimeException runtime(Throwable t) {
    return t instanceof RuntimeException ? (RuntimeException) t : new IllegalStateException(t);
  }

  /** The storage holding both folders, if the backend copies on the server; else {@code null}. */
  private Storage serverSide(StorageCli cli, URI common) {
    Storage shared;
    try {
      shared = cli.open(common, true);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (shared.capabilities().contains(Capability.SERVER_SIDE_COPY)
        && shared.capabilities().contains(Capability.COPY)) {
      opened.add(shared);
      return shared;
    }
    shared.close();
    return null;
  }

  @Override
  public void close() {
    opened.forEach(Storage::close);
  }
}

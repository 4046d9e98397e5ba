package org.storagekit.spi;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;

/**
 * Adds a local directory: walks it without following symbolic links (skipped and reported [§6.3]),
 * uploads every regular file under {@code prefix/relative/path} with bounded parallelism, and names
 * every key that failed [§6.5].
 */
final class DirectoryUpload {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryUpload.class);

  private final StorageContext context;
  private final Failures failures;
  private final BackgroundUploads work;

  DirectoryUpload(StorageContext context, Failures failures, BackgroundUploads work) {
    this.context = context;
    this.failures = failures;
    this.work = work;
  }

  /**
   * Uploads {@code local} under {@code remotePrefix} ({@code null}: the directory's own name).
   *
   * @param upload makes the (translated) task that uploads one file under one key
   */
  TransferSummary add(Path local, String remotePrefix, BiFunction<Path, String, Callable<StorageFile>> upload) {
    if (!Files.isDirectory(local)) {
      throw new IllegalArgumentException("not a directory: " + local);
    }
    Path root = local.toAbsolutePath().normalize();
    String base = base(root, local, remotePrefix);
    List<Path> skipped = new ArrayList<>();
    Batch batch = new Batch(context.uri(), work, context.options().parallelism());
    failures.call(null, () -> Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
          // symbolic links (never followed) and special files [§6.3]
          LOG.warn("{}: skipping {} ({})", context.uri(), file,
              attrs.isSymbolicLink() ? "symbolic link" : "not a regular file");
          skipped.add(file);
          return FileVisitResult.CONTINUE;
        }
        StringBuilder relative = new StringBuilder();
        for (Path segment : root.relativize(file)) {
          if (relative.length() > 0) {
            relative.append('/');
          }
          relative.append(segment);
        }
        String key = Keys.join(base, relative.toString());
        if (!Keys.isValid(key)) {
          batch.fail(key, new IllegalArgumentException("local file " + file + " cannot be stored: "
              + Keys.problem(key)));
          return FileVisitResult.CONTINUE;
        }
        batch.submit(key, upload.apply(file, key));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        batch.fail(file.toString(), e);
        return FileVisitResult.CONTINUE;
      }
    }));
    return batch.finish("upload", skipped);
  }

  private static String base(Path root, Path local, String remotePrefix) {
    String base;
    if (remotePrefix == null) {
      Path name = root.getFileName();
      if (name == null) {
        throw new IllegalArgumentException("a remote prefix is required to add the root directory " + local);
      }
      base = name.toString();
    } else {
      base = remotePrefix.endsWith("/") ? remotePrefix.substring(0, remotePrefix.length() - 1) : remotePrefix;
    }
    if (!base.isEmpty()) {
      Keys.validate(base);
    }
    return base;
  }
}

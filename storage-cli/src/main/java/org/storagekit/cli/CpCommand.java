package org.storagekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage cp SRC DST}: copies one file between any two storages. Inside one bucket the copy
 * is {@link Storage#copy}, server-side where the backend can; from the local disk it is an upload,
 * to the local disk a verified download, and otherwise the bytes stream through this process.
 */
@Command(name = "cp", description = {
    "Copy one file between any two storages (or local paths).",
    "Within one bucket the copy runs on the server where the backend can. DST may be a folder "
        + "(ending in '/', or a local directory): the file keeps its name there. Use 'sync' for folders. "
        + "A copy keeps the source's content type and metadata unless --content-type or --metadata set them "
        + "(then both are replaced); --if-not-exists leaves an existing target alone (exit code 10).",
    "Example: storage cp --if-not-exists --metadata reviewed=yes s3://b/draft.md s3://b/final.md"})
final class CpCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "SRC", description = "The file to copy.")
  private String src;

  @Parameters(index = "1", paramLabel = "DST", description = "The target file or folder.")
  private String dst;

  @Mixin
  private WriteFlags flags;

  private WriteOptions options;

  @Override
  public Integer call() {
    Target from = Target.parse(src);
    if (from.isFolder()) {
      throw new CliException(ExitCodes.USAGE, src + " is a folder; cp copies one file (use 'storage sync "
          + src + " " + dst + "' for folders)");
    }
    Target to = Target.parse(dst);
    options = flags.options();
    String key = to.isFolder() ? from.name() : to.name();
    URI toLocation = to.isFolder() ? to.folder() : to.parent();
    ProgressListener progress = cli.progress();
    String how;
    URI common = Target.commonParent(from, to);
    if (common != null) {
      how = copyInside(common, from, to, key, progress);
    } else if (from.isLocal()) {
      Path source = from.path();
      if (!Files.isRegularFile(source)) {
        throw new CliException(ExitCodes.NOT_FOUND, src + ": no such local file");
      }
      try (Storage target = cli.open(toLocation, true)) {
        WriteOptions kept = options;
        if (!options.setsContent() && target.capabilities().contains(Capability.METADATA)) {
          try (Storage local = cli.open(from.parent(), false)) { // what the local disk recorded of it, if anything
            kept = local.get(from.name()).map(meta -> keeping(meta, options, target)).orElse(options);
          }
        }
        target.addFile(source, key, kept, progress);
        target.flush();
      }
      how = "uploaded";
    } else if (to.isLocal() && options.isDefault()) {
      Path dest = to.isFolder() ? to.folderPath().resolve(key) : to.path();
      try (Storage source = cli.open(from.parent(), false)) {
        try {
          source.getFile(from.name(), dest, progress);
        } catch (NotFoundException e) {
          throw Hints.notFound(source, from, e);
        }
      }
      how = "downloaded";
    } else {
      try (Storage source = cli.open(from.parent(), false);
          Storage target = cli.open(toLocation, true)) {
        stream(source, from, target, key, progress);
      }
      how = "copied through this process";
    }
    cli.out().println(src + " -> " + toLocation + key + " (" + how + ")");
    cli.out().flush();
    return ExitCodes.OK;
  }

  private String copyInside(URI common, Target from, Target to, String key, ProgressListener progress) {
    String sourceKey = join(from.dirBelow(common), from.name());
    String targetKey = join(to.dirBelow(common), key);
    try (Storage storage = cli.open(common, true)) {
      if (storage.capabilities().contains(Capability.COPY)) {
        try {
          storage.copy(sourceKey, targetKey, options);
        } catch (NotFoundException e) {
          throw new CliException(ExitCodes.NOT_FOUND, src + ": no such file; check the name with 'storage ls'", e);
        }
        return storage.capabilities().contains(Capability.SERVER_SIDE_COPY) ? "server-side copy" : "copied";
      }
      stream(storage, sourceKey, storage, targetKey, options, progress);
      return "copied through this process";
    }
  }

  private void stream(Storage source, Target from, Storage target, String key, ProgressListener progress) {
    try {
      stream(source, from.name(), target, key, options, progress);
    } catch (NotFoundException e) {
      if (e.storage().map(source.uri()::equals).orElse(false)) {
        throw Hints.notFound(source, from, e);
      }
      throw e;
    }
  }

  /** Streams one file's bytes from one storage to another, reporting progress against its size. */
  static StorageFile stream(Storage source, String sourceKey, Storage target, String targetKey,
      WriteOptions options, ProgressListener progress) {
    StorageFile meta = source.get(sourceKey)
        .orElseThrow(() -> new NotFoundException(source.uri(), sourceKey, "no such file"));
    ProgressListener sized = (done, total, name) -> progress.onProgress(done, total < 0 ? meta.size() : total, name);
    try (InputStream in = source.open(sourceKey)) {
      return target.put(targetKey, in, keeping(meta, options, target), sized);
    } catch (IOException e) {
      throw new UncheckedIOException(source.uri() + " '" + sourceKey + "': closing failed", e);
    }
  }

  /**
   * The options for a copy between storages: as inside one storage, the source's content type,
   * headers and metadata unless {@code options} set any, where the target keeps them.
   */
  static WriteOptions keeping(StorageFile source, WriteOptions options, Storage target) {
    if (options.setsContent() || source.contentType().isEmpty()
        || !target.capabilities().contains(Capability.METADATA)) {
      return options;
    }
    return options.toBuilder().contentType(source.contentType().get())
        .cacheControl(source.cacheControl().orElse(null)).contentDisposition(source.contentDisposition().orElse(null))
        .contentEncoding(source.contentEncoding().orElse(null))
        .metadata(source.metadata().isEmpty() ? null : source.metadata()).build();
  }

  /** {@code dir/name}, or {@code name} at the top. */
  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}

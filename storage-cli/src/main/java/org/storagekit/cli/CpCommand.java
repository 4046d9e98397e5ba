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

  @picocli.CommandLine.Option(names = {"-n", "--dry-run"}, description = "Only say what would be copied; write nothing.")
  private boolean dryRun;

  private WriteOptions options;

  /** What one copy did: how, where to, and the size of the copy. */
  record Copied(String how, String where, long size) {}

  /** The copy {@code mv} makes before it deletes the source. */
  static Copied copy(StorageCli cli, String src, String dst) {
    CpCommand cp = new CpCommand();
    cp.cli = cli;
    cp.src = src;
    cp.dst = dst;
    cp.flags = new WriteFlags();
    return cp.copy();
  }

  @Override
  public Integer call() {
    if (dryRun) {
      Target from = Target.parse(src);
      if (from.isFolder()) {
        throw new CliException(ExitCodes.USAGE, src + " is a folder; cp copies one file (use 'storage sync "
            + src + " " + dst + "' for folders)");
      }
      flags.options();
      Target to = Target.parse(dst);
      long size = sizeOf(cli, from);
      cli.out().println("would copy " + src + " -> " + at(to.isFolder() ? to.folder() : to.parent(),
          to.isFolder() ? from.name() : to.name()) + " (" + size + " bytes)");
      cli.out().flush();
      return ExitCodes.OK;
    }
    Copied c = copy();
    cli.out().println(src + " -> " + c.where() + " (" + c.how() + ")");
    cli.out().flush();
    return ExitCodes.OK;
  }

  /** A key in a folder, for messages: one '/' between them. */
  static String at(URI folder, String key) {
    String f = folder.toString();
    return f.endsWith("/") ? f + key : f + "/" + key;
  }

  /** The size of the file {@code from} names; not found names it. */
  static long sizeOf(StorageCli cli, Target from) {
    if (from.isLocal()) {
      try {
        return Files.size(from.path());
      } catch (IOException e) {
        throw new CliException(ExitCodes.NOT_FOUND, from.path() + ": no such local file", e);
      }
    }
    try (Storage source = cli.open(from.parent(), false)) {
      return source.get(from.name()).orElseThrow(() -> Hints.notFound(source, from,
          new NotFoundException(source.uri(), from.name(), "no such file"))).size();
    }
  }

  private Copied copy() {
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
    long size;
    URI common = Target.commonParent(from, to);
    if (common != null) {
      StorageFile copied = copyInside(common, from, to, key, progress);
      size = copied.size();
      how = copiedHow;
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
        java.util.concurrent.CompletableFuture<StorageFile> added = target.addFile(source, key, kept, progress);
        target.flush();
        size = added.join().size();
      }
      how = "uploaded";
    } else if (to.isLocal() && options.isDefault()) {
      Path dest = to.isFolder() ? to.folderPath().resolve(key) : to.path();
      try (Storage source = cli.open(from.parent(), false)) {
        try {
          size = Files.size(source.getFile(from.name(), dest, progress));
        } catch (NotFoundException e) {
          throw Hints.notFound(source, from, e);
        } catch (IOException e) {
          throw new UncheckedIOException(dest + ": downloaded but cannot be read back", e);
        }
      }
      how = "downloaded";
    } else {
      try (Storage source = cli.open(from.parent(), false);
          Storage target = cli.open(toLocation, true)) {
        size = stream(source, from, target, key, progress).size();
      }
      how = "copied through this process";
    }
    return new Copied(how, toLocation + key, size);
  }

  private String copiedHow;

  private StorageFile copyInside(URI common, Target from, Target to, String key, ProgressListener progress) {
    String sourceKey = join(from.dirBelow(common), from.name());
    String targetKey = join(to.dirBelow(common), key);
    try (Storage storage = cli.open(common, true)) {
      if (storage.capabilities().contains(Capability.COPY)) {
        StorageFile copied;
        try {
          copied = storage.copy(sourceKey, targetKey, options);
        } catch (NotFoundException e) {
          throw new CliException(ExitCodes.NOT_FOUND, src + ": no such file; check the name with 'storage ls'", e);
        }
        copiedHow = storage.capabilities().contains(Capability.SERVER_SIDE_COPY) ? "server-side copy" : "copied";
        return copied;
      }
      copiedHow = "copied through this process";
      return stream(storage, sourceKey, storage, targetKey, options, progress);
    }
  }

  private StorageFile stream(Storage source, Target from, Storage target, String key, ProgressListener progress) {
    try {
      return stream(source, from.name(), target, key, options, progress);
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

package org.storagekit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code storage put LOCAL URI}: uploads a file or a directory's files. */
@Command(name = "put", description = {
    "Upload a local file or directory.",
    "A file goes to URI, or inside it under its own name when URI is a folder (ends in '/'). "
        + "A directory's files go below URI as a folder, keeping their relative paths; symbolic links "
        + "are skipped and listed. --content-type and --metadata apply to every file; with --if-not-exists "
        + "a file that exists is not replaced (exit code 10; for a directory, each such file fails alone, exit "
        + "code 7). The filters pick a directory's files.",
    "Example: storage put --content-type text/html --metadata owner=ann --if-not-exists index.html s3://b/site/"})
final class PutCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "LOCAL", description = "A local file or directory.")
  private Path local;

  @Parameters(index = "1", paramLabel = "URI", description = "Where to store it.")
  private String uri;

  @Mixin
  private WriteFlags flags;

  @Option(names = {"-n", "--dry-run"}, description = "Only say what would be uploaded; write nothing.")
  private boolean dryRun;

  @Mixin
  private Filter filter = new Filter();

  @Override
  public Integer call() {
    if (!Files.exists(local)) {
      throw new CliException(ExitCodes.NOT_FOUND, local + ": no such local file or directory");
    }
    Target target = Target.parse(uri);
    WriteOptions options = flags.options();
    filter.validate();
    if (Files.isDirectory(local)) {
      Target from = Target.parse(local.toAbsolutePath().normalize() + "/");
      FolderCopy.Result r;
      String where;
      try (Storage source = cli.open(from.folder(), false);
          Storage storage = dryRun ? null : cli.open(target.folder(), true);
          Copier copier = new Copier(cli, from, target, source, storage, options, cli.progress())) {
        r = FolderCopy.run(cli, source, storage, copier, filter, dryRun, false, "upload");
        where = storage == null ? target.folder().toString() : storage.uri().toString();
      }
      cli.out().println((dryRun ? "dry run: would upload " : "uploaded ") + r.files() + " file(s), " + r.bytes()
          + " bytes, from " + local + " to " + where + (r.excluded() > 0 ? ", " + r.excluded()
          + " excluded by filters" : ""));
      cli.out().flush();
      FolderCopy.reportFailures(cli, r, "put " + local);
    } else {
      boolean intoFolder = target.isFolder();
      String key = intoFolder ? local.getFileName().toString() : target.name();
      if (filter.isActive()) {
        throw new CliException(ExitCodes.USAGE, "filters (--include, --exclude, --min-size...) apply to "
            + "directories; " + local + " is one file");
      }
      if (dryRun) {
        cli.out().println("would upload " + local + " to " + CpCommand.at(intoFolder ? target.folder()
            : target.parent(), key)
            + " (" + size(local) + " bytes)");
        cli.out().flush();
        return ExitCodes.OK;
      }
      try (Storage storage = cli.open(intoFolder ? target.folder() : target.parent(), true)) {
        CompletableFuture<StorageFile> added = storage.addFile(local, key, options, cli.progress());
        storage.flush();
        StorageFile stored = added.join();
        cli.out().println("uploaded " + local + " to " + storage.uri() + key + " (" + stored.size() + " bytes)");
      }
    }
    cli.out().flush();
    return ExitCodes.OK;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(file + ": cannot read its size", e);
    }
  }
}

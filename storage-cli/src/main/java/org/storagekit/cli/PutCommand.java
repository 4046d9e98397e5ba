package org.storagekit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code storage put LOCAL URI}: uploads a file or a directory's files. */
@Command(name = "put", description = {
    "Upload a local file or directory.",
    "A file goes to URI, or inside it under its own name when URI is a folder (ends in '/'). "
        + "A directory's files go below URI as a folder, keeping their relative paths; symbolic links "
        + "are skipped and listed. --content-type and --metadata apply to every file; with --if-not-exists "
        + "a file that exists is not replaced (exit code 10; for a directory, each such file fails alone).",
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

  @Override
  public Integer call() {
    if (!Files.exists(local)) {
      throw new CliException(ExitCodes.NOT_FOUND, local + ": no such local file or directory");
    }
    Target target = Target.parse(uri);
    WriteOptions options = flags.options();
    if (Files.isDirectory(local)) {
      try (Storage storage = cli.open(target.folder(), true)) {
        TransferSummary summary = storage.addDirectory(local, "", options, cli.progress());
        cli.out().println("uploaded " + summary.files() + " file(s), " + summary.bytes() + " bytes, from "
            + local + " to " + storage.uri());
        summary.skipped().forEach(p -> cli.err().println("skipped " + p + " (not a regular file)"));
      }
    } else {
      boolean intoFolder = target.isFolder();
      String key = intoFolder ? local.getFileName().toString() : target.name();
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
}

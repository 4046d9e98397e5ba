package org.storagekit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code storage put LOCAL URI}: uploads a file or a directory's files. */
@Command(name = "put", description = {
    "Upload a local file or directory.",
    "A file goes to URI, or inside it under its own name when URI is a folder (ends in '/'). "
        + "A directory's files go below URI as a folder, keeping their relative paths; symbolic links "
        + "are skipped and listed."})
final class PutCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "LOCAL", description = "A local file or directory.")
  private Path local;

  @Parameters(index = "1", paramLabel = "URI", description = "Where to store it.")
  private String uri;

  @Override
  public Integer call() {
    if (!Files.exists(local)) {
      throw new CliException(ExitCodes.NOT_FOUND, local + ": no such local file or directory");
    }
    Target target = Target.parse(uri);
    if (Files.isDirectory(local)) {
      try (Storage storage = cli.open(target.folder(), true)) {
        TransferSummary summary = storage.addDirectory(local, "", cli.progress());
        cli.out().println("uploaded " + summary.files() + " file(s), " + summary.bytes() + " bytes, from "
            + local + " to " + storage.uri());
        summary.skipped().forEach(p -> cli.err().println("skipped " + p + " (not a regular file)"));
      }
    } else {
      boolean intoFolder = target.isFolder();
      String key = intoFolder ? local.getFileName().toString() : target.name();
      try (Storage storage = cli.open(intoFolder ? target.folder() : target.parent(), true)) {
        storage.addFile(local, key, cli.progress());
        storage.flush();
        StorageFile stored = storage.get(key).orElseThrow();
        cli.out().println("uploaded " + local + " to " + storage.uri() + key + " (" + stored.size() + " bytes)");
      }
    }
    cli.out().flush();
    return ExitCodes.OK;
  }
}

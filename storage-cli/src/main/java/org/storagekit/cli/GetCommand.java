package org.storagekit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.TransferSummary;
import org.storagekit.UnsafeKeyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage get URI [LOCAL]}: downloads a file, or a folder's files, atomically and verified.
 */
@Command(name = "get", description = {
    "Download a file (or, for a folder URI ending in '/', every file below it) to LOCAL.",
    "LOCAL defaults to the current directory; a file lands inside LOCAL when LOCAL is a directory. "
        + "Files appear only complete and verified; keys that would escape LOCAL are refused."})
final class GetCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "The file or folder to download.")
  private String uri;

  @Parameters(index = "1", paramLabel = "LOCAL", arity = "0..1", description = "Local file or directory.")
  private Path local;

  @Override
  public Integer call() {
    Target target = Target.parse(uri);
    Path dest = local != null ? local : Path.of(".");
    if (target.isFolder()) {
      try (Storage storage = cli.open(target.folder(), false)) {
        TransferSummary summary;
        UnsafeKeyException refused = null;
        try {
          summary = storage.getAllFiles(dest, cli.progress());
        } catch (UnsafeKeyException e) {
          if (e.summary().isEmpty()) {
            throw e;
          }
          refused = e;
          summary = e.summary().get();
        }
        for (String key : summary.refused()) {
          cli.err().println("refused unsafe key '" + key + "': it would land outside "
              + dest.toAbsolutePath().normalize() + "; nothing was written for it");
        }
        cli.out().println("downloaded " + summary.files() + " file(s), " + summary.bytes() + " bytes, from "
            + uri + " to " + dest.toAbsolutePath().normalize());
        cli.out().flush();
        cli.err().flush();
        if (refused != null) {
          throw new CliException(ExitCodes.PARTIAL, uri + ": " + summary.refused().size()
              + " unsafe key(s) refused, the " + summary.files() + " other file(s) downloaded", refused);
        }
      }
    } else {
      try (Storage storage = cli.open(target.parent(), false)) {
        Path written;
        try {
          written = storage.getFile(target.name(), local != null ? local : Path.of(target.name()), cli.progress());
        } catch (NotFoundException e) {
          throw Hints.notFound(storage, target, e);
        }
        cli.out().println("downloaded " + uri + " to " + written.toAbsolutePath().normalize() + " ("
            + sizeOf(written) + " bytes)");
      }
    }
    cli.out().flush();
    return ExitCodes.OK;
  }

  private static long sizeOf(Path p) {
    try {
      return java.nio.file.Files.size(p);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}

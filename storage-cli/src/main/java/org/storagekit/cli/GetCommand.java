package org.storagekit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage get URI [LOCAL]}: downloads a file, or a folder's files, atomically and verified.
 */
@Command(name = "get", description = {
    "Download a file (or, for a folder URI ending in '/', every file below it) to LOCAL.",
    "LOCAL defaults to the current directory; a file lands inside LOCAL when LOCAL is a directory. "
        + "Files appear only complete and verified; keys that would escape LOCAL are refused. A folder's "
        + "files stream from its listing, --parallel at a time; the filters pick which.",
    "Example: storage get --include '*.pdf' --dry-run s3://b/reports/ ./reports"})
final class GetCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "The file or folder to download.")
  private String uri;

  @Parameters(index = "1", paramLabel = "LOCAL", arity = "0..1", description = "Local file or directory.")
  private Path local;

  @Option(names = {"-n", "--dry-run"}, description = "Only say what would be downloaded; write nothing.")
  private boolean dryRun;

  @Mixin
  private Filter filter = new Filter();

  @Override
  public Integer call() {
    Target target = Target.parse(uri);
    Path dest = local != null ? local : Path.of(".");
    if (target.isFolder()) {
      filter.validate();
      Path absolute = dest.toAbsolutePath().normalize();
      Target to = Target.parse(absolute + "/");
      FolderCopy.Result r;
      try (Storage storage = cli.open(target.folder(), false);
          Storage local = dryRun ? null : cli.open(to.folder(), true);
          Copier copier = new Copier(cli, target, to, storage, local, WriteOptions.defaults(), cli.progress())) {
        r = FolderCopy.run(cli, storage, local, copier, filter, dryRun, false, "download");
      }
      for (String key : r.refused()) {
        cli.err().println("refused unsafe key '" + key + "': it would land outside " + absolute
            + "; nothing was written for it");
      }
      cli.out().println((dryRun ? "dry run: would download " : "downloaded ") + r.files() + " file(s), " + r.bytes()
          + " bytes, from " + uri + " to " + absolute + (r.excluded() > 0 ? ", " + r.excluded()
          + " excluded by filters" : ""));
      cli.out().flush();
      FolderCopy.reportFailures(cli, r, "get " + uri);
      if (!r.refused().isEmpty()) {
        throw new CliException(ExitCodes.PARTIAL, uri + ": " + r.refused().size()
            + " unsafe key(s) refused, the " + r.files() + " other file(s) downloaded");
      }
    } else {
      if (filter.isActive()) {
        throw new CliException(ExitCodes.USAGE, "filters (--include, --exclude, --min-size...) apply to folders; "
            + uri + " is one file");
      }
      try (Storage storage = cli.open(target.parent(), false)) {
        if (dryRun) {
          StorageFile f = storage.get(target.name()).orElseThrow(() -> Hints.notFound(storage, target,
              new NotFoundException(storage.uri(), target.name(), "no such file")));
          Path to = local != null ? local : Path.of(target.name());
          cli.out().println("would download " + uri + " to " + (java.nio.file.Files.isDirectory(to)
              ? to.resolve(target.name()) : to).toAbsolutePath().normalize() + " (" + f.size() + " bytes)");
          cli.out().flush();
          return ExitCodes.OK;
        }
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

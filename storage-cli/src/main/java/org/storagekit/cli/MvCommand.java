package org.storagekit.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.storagekit.Storage;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage mv SRC DST}: copies (as {@code cp}, or for a folder as {@code get}/{@code put}/
 * {@code sync} copy: server-side inside one bucket where the backend can) and deletes each source
 * file only once its copy is complete, verified and of the source's size. A file whose copy or
 * delete failed stays where it was; the command then exits with {@link ExitCodes#PARTIAL}.
 */
@Command(name = "mv", description = {
    "Move a file, or with --recursive every file below a folder, to DST: each file is copied (on the server "
        + "inside one bucket where the backend can), the copy verified, and only then the source deleted.",
    "A file whose copy or delete failed stays in place (exit code 7); the others are moved. With --recursive "
        + "the filters pick the files; --dry-run lists what would move and changes nothing.",
    "Example: storage mv -r --include '*.log' s3://b/incoming/ s3://b/archive/2026/"})
final class MvCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "SRC", description = "The file, or with --recursive the folder, to move.")
  private String src;

  @Parameters(index = "1", paramLabel = "DST", description = "The target file or folder.")
  private String dst;

  @Option(names = {"-r", "--recursive"}, description = "Move every file below the folder SRC into the folder DST.")
  private boolean recursive;

  @Option(names = {"-n", "--dry-run"}, description = "Only say what would be moved; change nothing.")
  private boolean dryRun;

  @Mixin
  private Filter filter = new Filter();

  @Override
  public Integer call() {
    filter.validate();
    Target from = Target.parse(src);
    if (!recursive) {
      if (from.isFolder()) {
        throw new CliException(ExitCodes.USAGE, src + " is a folder; to move every file below it use "
            + "'storage mv --recursive " + src + " " + dst + "'");
      }
      if (filter.isActive()) {
        throw new CliException(ExitCodes.USAGE, "filters (--include, --exclude, --min-size...) apply to "
            + "'mv --recursive'; mv of one file takes none");
      }
      return moveFile(from);
    }
    Target source = Target.parse(src.endsWith("/") ? src : src + "/");
    Target target = Target.parse(dst.endsWith("/") ? dst : dst + "/");
    if (source.isLocal() && !Files.isDirectory(source.folderPath())) {
      throw new CliException(ExitCodes.NOT_FOUND, src + ": no such local folder");
    }
    if (Target.overlap(source, target)) {
      throw new CliException(ExitCodes.USAGE, src + " and " + dst + " overlap; mv needs two separate folders");
    }
    FolderCopy.Result r;
    String where;
    try (Storage in = cli.open(source.folder(), false);
        Storage out = dryRun ? null : cli.open(target.folder(), true);
        Copier copier = new Copier(cli, source, target, in, out, WriteOptions.defaults(), cli.progress())) {
      r = FolderCopy.run(cli, in, out, copier, filter, dryRun, true, "move");
      where = out == null ? target.folder().toString() : out.uri().toString();
    }
    for (String key : r.refused()) {
      cli.err().println("refused unsafe key '" + key + "': it would land outside " + where + "; it was not moved");
    }
    cli.out().println((dryRun ? "dry run: would move " : "moved ") + r.files() + " file(s), " + r.bytes()
        + " bytes, from " + src + " to " + where + (r.excluded() > 0 ? ", " + r.excluded()
        + " excluded by filters" : ""));
    cli.out().flush();
    FolderCopy.reportFailures(cli, r, "mv " + src);
    if (!r.refused().isEmpty()) {
      throw new CliException(ExitCodes.PARTIAL, src + ": " + r.refused().size() + " unsafe key(s) refused and left "
          + "in place, the " + r.files() + " other file(s) moved");
    }
    return ExitCodes.OK;
  }

  private int moveFile(Target from) {
    long size = CpCommand.sizeOf(cli, from);
    if (dryRun) {
      cli.out().println("would move " + src + " -> " + dst + " (" + size + " bytes)");
      cli.out().flush();
      return ExitCodes.OK;
    }
    CpCommand.Copied copied = CpCommand.copy(cli, src, dst);
    if (copied.size() != size) {
      throw new CliException(ExitCodes.STORAGE, src + ": the copy at " + copied.where() + " has " + copied.size()
          + " bytes, the source " + size + "; the source was kept");
    }
    try (Storage storage = cli.open(from.parent(), false)) {
      if (!storage.remove(from.name())) {
        throw new CliException(ExitCodes.STORAGE, src + ": copied to " + copied.where()
            + ", but the source was gone when it was to be deleted");
      }
    }
    cli.out().println("moved " + src + " -> " + copied.where() + " (" + copied.how() + ")");
    cli.out().flush();
    return ExitCodes.OK;
  }
}

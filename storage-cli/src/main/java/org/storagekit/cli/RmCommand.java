package org.storagekit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.storagekit.DeleteSummary;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code storage rm URI} and {@code storage rm --recursive FOLDER}. */
@Command(name = "rm", description = {
    "Delete a file, or with --recursive every file below a folder.",
    "With --recursive the argument is a folder whether or not it ends in '/' (s3://b/logs/2024 deletes "
        + "logs/2024/..., never logs/2024-old). It asks for confirmation on stdin unless --yes. Keys are "
        + "streamed from the listing into batch deletes; every key that fails is reported (exit code 7). "
        + "Exit code 3 when there is nothing to delete.",
    "Example: storage rm -r --yes s3://b/tmp/"})
final class RmCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "The file, or with --recursive the folder.")
  private String uri;

  @Option(names = {"-r", "--recursive"}, description = "Delete every file below the folder URI.")
  private boolean recursive;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  private boolean yes;

  @Mixin
  private Filter filter = new Filter();

  @Option(names = {"-n", "--dry-run"}, description = "Only list what would be deleted; delete nothing, ask nothing.")
  private boolean dryRun;

  @Override
  public Integer call() {
    filter.validate();
    Target target = Target.parse(uri);
    if (!recursive && filter.isActive()) {
      throw new CliException(ExitCodes.USAGE, "filters (--include, --exclude, --min-size...) apply to 'rm "
          + "--recursive'; rm of one file takes none");
    }
    if (!recursive) {
      if (target.isFolder()) {
        throw new CliException(ExitCodes.USAGE, uri + " is a folder; to delete every file below it use "
            + "'storage rm --recursive " + uri + "'");
      }
      try (Storage storage = cli.open(target.parent(), false)) {
        if (dryRun) {
          if (storage.get(target.name()).isEmpty()) {
            throw new CliException(ExitCodes.NOT_FOUND, uri + ": no such file, nothing would be deleted");
          }
          cli.out().println("would delete " + uri);
          cli.out().flush();
          return ExitCodes.OK;
        }
        if (!storage.remove(target.name())) {
          throw new CliException(ExitCodes.NOT_FOUND, uri + ": no such file, nothing deleted"
              + (target.isLocal() ? "" : "; to delete a folder use 'storage rm --recursive'"));
        }
      }
      cli.out().println("deleted " + uri);
      cli.out().flush();
      return ExitCodes.OK;
    }
    try (Storage storage = cli.open(target.folder(), false)) {
      if (dryRun) {
        long count = 0;
        try (Stream<StorageFile> files = storage.list()) {
          java.util.Iterator<StorageFile> it = files.filter(f -> filter.test(f.key(), f)).iterator();
          while (it.hasNext()) {
            cli.out().println("would delete " + it.next().key());
            count++;
          }
        }
        cli.out().println("dry run: would delete " + count + " file(s) below " + storage.uri());
        cli.out().flush();
        return ExitCodes.OK;
      }
      if (!yes) {
        long count;
        try (Stream<StorageFile> files = storage.list()) {
          count = files.filter(f -> filter.test(f.key(), f)).count();
        }
        if (count == 0) {
          throw new CliException(ExitCodes.NOT_FOUND, uri + ": no files below " + storage.uri() + ", nothing deleted");
        }
        if (!confirm("Delete " + count + " file(s) below " + storage.uri() + "? [y/N] ")) {
          throw new CliException(ExitCodes.ABORTED, "not confirmed; nothing deleted (pass --yes to skip the question)");
        }
      }
      DeleteSummary summary;
      try (Stream<StorageFile> files = storage.list()) {
        summary = storage.deleteAll(() -> files.filter(f -> filter.test(f.key(), f)).map(StorageFile::key)
            .iterator()); // streamed, in batches
      }
      long total = summary.deleted() + summary.failed().size();
      if (total == 0) {
        throw new CliException(ExitCodes.NOT_FOUND, uri + ": no files below " + storage.uri() + ", nothing deleted");
      }
      summary.failed().forEach((key, e) -> cli.err().println("failed to delete " + key + ": " + e.getMessage()));
      cli.out().println("deleted " + summary.deleted() + " of " + total + " file(s) below " + storage.uri());
      cli.out().flush();
      if (!summary.isComplete()) {
        throw new CliException(ExitCodes.PARTIAL, uri + ": " + summary.failed().size()
            + " file(s) could not be deleted (listed above); rerun to retry them");
      }
    }
    return ExitCodes.OK;
  }

  private boolean confirm(String question) {
    cli.err().print(question);
    cli.err().flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
      if (answer == null) {
        cli.err().println();
        return false;
      }
      answer = answer.trim().toLowerCase(Locale.ROOT);
      return answer.equals("y") || answer.equals("yes");
    } catch (IOException e) {
      return false;
    }
  }
}

package org.storagekit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code storage rm URI} and {@code storage rm --recursive FOLDER}. */
@Command(name = "rm", description = {
    "Delete a file, or with --recursive every file below a folder.",
    "With --recursive the argument is a folder whether or not it ends in '/' (s3://b/logs/2024 deletes "
        + "logs/2024/..., never logs/2024-old). It asks for confirmation on stdin unless --yes. "
        + "Exit code 3 when there is nothing to delete."})
final class RmCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "The file, or with --recursive the folder.")
  private String uri;

  @Option(names = {"-r", "--recursive"}, description = "Delete every file below the folder URI.")
  private boolean recursive;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  private boolean yes;

  @Override
  public Integer call() {
    Target target = Target.parse(uri);
    if (!recursive) {
      if (target.isFolder()) {
        throw new CliException(ExitCodes.USAGE, uri + " is a folder; to delete every file below it use "
            + "'storage rm --recursive " + uri + "'");
      }
      try (Storage storage = cli.open(target.parent(), false)) {
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
      List<String> keys;
      try (Stream<StorageFile> files = storage.list()) {
        keys = files.map(StorageFile::key).sorted().collect(Collectors.toCollection(ArrayList::new));
      }
      if (keys.isEmpty()) {
        throw new CliException(ExitCodes.NOT_FOUND, uri + ": no files below " + storage.uri() + ", nothing deleted");
      }
      if (!yes && !confirm("Delete " + keys.size() + " file(s) below " + storage.uri() + "? [y/N] ")) {
        throw new CliException(ExitCodes.ABORTED, "not confirmed; nothing deleted (pass --yes to skip the question)");
      }
      Parallel.Result result = Parallel.run(keys, cli.parallelism(), key -> {
        storage.delete(key);
        return 0L;
      });
      result.done().forEach(key -> cli.out().println("deleted " + key));
      for (Map.Entry<String, RuntimeException> f : result.failures().entrySet()) {
        cli.err().println("failed to delete " + f.getKey() + ": " + f.getValue().getMessage());
      }
      cli.out().println("deleted " + result.done().size() + " of " + keys.size() + " file(s) below " + storage.uri());
      cli.out().flush();
      if (!result.failures().isEmpty()) {
        throw new CliException(ExitCodes.PARTIAL, uri + ": " + result.failures().size()
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

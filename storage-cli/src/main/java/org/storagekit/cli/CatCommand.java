package org.storagekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code storage cat URI}: writes one file's bytes to standard output, streaming. */
@Command(name = "cat", description = "Write a file's content to standard output.")
final class CatCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "The file.")
  private String uri;

  @Override
  public Integer call() {
    Target target = Target.parse(uri);
    try (Storage storage = cli.open(target.parent(), false)) {
      try (InputStream in = storage.open(target.name())) {
        in.transferTo(cli.out());
      } catch (NotFoundException e) {
        throw Hints.notFound(storage, target, e);
      } catch (IOException e) {
        throw new UncheckedIOException(uri + ": reading failed: " + e.getMessage(), e);
      }
    }
    cli.out().flush();
    return ExitCodes.OK;
  }
}

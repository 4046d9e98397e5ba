package org.storagekit.cli;

import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage du URI}: the number of files and their bytes below a folder or key prefix, summed
 * as the listing streams by ({@link Storage#list(String)}): two counters, whatever the number of keys.
 */
@Command(name = "du", description = {
    "Count the files below a folder, or starting with a key prefix (s3://b/logs/2024 counts "
        + "logs/2024-01.txt and logs/2024/...), and sum their sizes. Streamed: nothing is held in memory.",
    "Exit code 3 when a prefix matches nothing (an empty folder is 0 files).",
    "Example: storage du --json s3://b/logs/"})
final class DuCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "A folder, or a folder and a key prefix.")
  private String uri;

  @Option(names = "--json", description = "Print {uri, files, bytes}.")
  private boolean json;

  @Mixin
  private Filter filter = new Filter();

  @Override
  public Integer call() {
    filter.validate();
    Target target = Target.parse(uri);
    URI location = target.isFolder() ? target.folder() : target.parent();
    String prefix = target.isFolder() ? "" : target.name();
    long files = 0;
    long bytes = 0;
    String where;
    try (Storage storage = cli.open(location, false); Stream<StorageFile> listing = storage.list(prefix)) {
      Iterator<StorageFile> it = listing.iterator();
      while (it.hasNext()) {
        StorageFile f = it.next();
        if (filter.test(f.key(), f)) {
          files++;
          bytes += f.size();
        }
      }
      where = storage.uri() + prefix;
    }
    if (files == 0 && !prefix.isEmpty() && !filter.isActive()) {
      throw new CliException(ExitCodes.NOT_FOUND, uri + ": no files match; check the name with 'storage ls "
          + location + "'");
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("uri", where);
      m.put("files", files);
      m.put("bytes", bytes);
      cli.out().println(Json.write(m));
    } else {
      cli.out().println(files + " file(s), " + bytes + " bytes in " + where);
    }
    cli.out().flush();
    return ExitCodes.OK;
  }
}

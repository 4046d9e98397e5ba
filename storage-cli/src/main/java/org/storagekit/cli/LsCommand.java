package org.storagekit.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage ls URI}: a folder's files and sub-folders, or every key starting with the URI's
 * last segment when it names no folder ({@code s3://b/logs/2024} lists {@code 2024-01.txt} and
 * {@code 2024/}). Output is sorted by key.
 */
@Command(name = "ls", description = {
    "List files. A folder (ending in '/', or a local directory) lists what is inside it; otherwise "
        + "the last segment is a key prefix in its parent folder (s3://b/logs/2024 matches 2024-01.txt "
        + "and 2024/). Sub-folders show as NAME/ unless --recursive. Sorted by key.",
    "Exit code 3 when a prefix matches nothing."})
final class LsCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "A folder, or a folder and a key prefix.")
  private String uri;

  @Option(names = {"-r", "--recursive"}, description = "List every file below, with its full relative key.")
  private boolean recursive;

  @Option(names = {"-l", "--long"}, description = "Also show the last-modified time (UTC), size in bytes and ETag.")
  private boolean longFormat;

  @Option(names = "--json", description = "Print a JSON array of {key, type, size, lastModified, etag}.")
  private boolean json;

  @Override
  public Integer call() {
    Target target = Target.parse(uri);
    URI location = target.isFolder() ? target.folder() : target.parent();
    String prefix = target.isFolder() ? "" : target.name();
    Map<String, StorageFile> entries = new TreeMap<>();
    try (Storage storage = cli.open(location, false);
        Stream<StorageFile> files = storage.list(prefix)) {
      Iterator<StorageFile> it = files.iterator();
      while (it.hasNext()) {
        StorageFile f = it.next();
        int slash = f.key().indexOf('/', 0);
        if (!recursive && slash >= 0) {
          entries.putIfAbsent(f.key().substring(0, slash + 1), null);
        } else {
          entries.put(f.key(), f);
        }
      }
    }
    if (entries.isEmpty() && !prefix.isEmpty()) {
      throw new CliException(ExitCodes.NOT_FOUND, uri + ": no files match; check the name with 'storage ls "
          + location + "'");
    }
    PrintStream out = cli.out();
    if (json) {
      List<Object> list = new ArrayList<>();
      entries.forEach((key, f) -> list.add(describe(key, f)));
      out.println(Json.write(list));
    } else {
      entries.forEach((key, f) -> out.println(longFormat ? longLine(key, f) : key));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> describe(String key, StorageFile f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    if (f == null) {
      m.put("type", "folder");
    } else {
      m.put("type", "file");
      m.put("size", f.size());
      m.put("lastModified", f.lastModified().toString());
      m.put("etag", f.etag().orElse(null));
    }
    return m;
  }

  private static String longLine(String key, StorageFile f) {
    if (f == null) {
      return String.format("%-20s %14s  %-32s  %s", "", "DIR", "", key);
    }
    Instant time = f.lastModified().truncatedTo(ChronoUnit.SECONDS);
    return String.format("%-20s %14d  %-32s  %s", time, f.size(), f.etag().orElse("-"), key);
  }
}

package org.storagekit.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.storagekit.Storage;
import org.storagekit.StorageEntry;
import org.storagekit.StorageFile;
import org.storagekit.spi.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage ls URI}: a folder's files and sub-folders ({@link Storage#listFolder}, one level,
 * nothing read below a sub-folder), or every key starting with the URI's last segment when it names
 * no folder ({@code s3://b/logs/2024} lists {@code 2024-01.txt} and {@code 2024/}); with
 * {@code --recursive} every file below ({@link Storage#list(String)}). Entries are printed as they
 * are listed, in the storage's order (UTF-8 byte order on every shipped backend); nothing is held in
 * memory.
 */
@Command(name = "ls", description = {
    "List files. A folder (ending in '/', or a local directory) lists what is inside it; otherwise "
        + "the last segment is a key prefix in its parent folder (s3://b/logs/2024 matches 2024-01.txt "
        + "and 2024/). Sub-folders show as NAME/ unless --recursive. Printed as listed, in key order, "
        + "page by page.",
    "Exit code 3 when a prefix matches nothing.",
    "Example: storage ls -l s3://b/logs/"})
final class LsCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "A folder, or a folder and a key prefix.")
  private String uri;

  @Option(names = {"-r", "--recursive"}, description = "List every file below, with its full relative key.")
  private boolean recursive;

  @Option(names = {"-l", "--long"}, description = "Also show the last-modified time (UTC), size in bytes and ETag.")
  private boolean longFormat;

  @Option(names = "--json", description = "Print a JSON array of {key, type, size, lastModified, etag, ...}.")
  private boolean json;

  @Mixin
  private Filter filter = new Filter();

  @Override
  public Integer call() {
    filter.validate();
    Target target = Target.parse(uri);
    URI location = target.isFolder() ? target.folder() : target.parent();
    String prefix = target.isFolder() ? "" : target.name();
    PrintStream out = cli.out();
    long count = 0;
    boolean matched = false; // a key matched the prefix, though the filters left it out
    try (Storage storage = cli.open(location, false); Stream<? extends StorageEntry> entries = entries(storage, prefix)) {
      Iterator<? extends StorageEntry> it = entries.iterator();
      while (it.hasNext()) {
        StorageEntry e = it.next();
        if (!e.key().startsWith(prefix)) {
          if (count > 0 || matched || Keys.UTF8_ORDER.compare(e.key(), prefix) > 0) {
            break; // folder listings are in UTF-8 byte order: past the prefix
          }
          continue;
        }
        StorageFile f = e instanceof StorageFile ? (StorageFile) e : null;
        if (f != null ? !filter.test(e.key(), f) : filter.hidesFolder(e.key())) {
          matched = true;
          continue;
        }
        if (json) {
          out.print((count == 0 ? "[" : ",") + Json.write(describe(e.key(), f)));
        } else {
          out.println(longFormat ? longLine(e.key(), f) : e.key());
        }
        count++;
      }
    }
    if (count == 0 && !prefix.isEmpty() && !matched) {
      throw new CliException(ExitCodes.NOT_FOUND, uri + ": no files match; check the name with 'storage ls "
          + location + "'");
    }
    if (json) {
      out.println(count == 0 ? "[]" : "]");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The entries to print: below the folder, or from just before the prefix, which every key
   * starting with it sorts after (the folder listing resumes there natively).
   */
  private Stream<? extends StorageEntry> entries(Storage storage, String prefix) {
    if (recursive) {
      return storage.list(prefix);
    }
    int slash = prefix.lastIndexOf('/');
    String folder = prefix.substring(0, slash + 1);
    return storage.listFolder(folder, prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1));
  }

  private static Map<String, Object> describe(String key, StorageFile f) {
    if (f != null) {
      return StatCommand.describe(key, f);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("type", "folder");
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

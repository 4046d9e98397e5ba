package org.storagekit.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.storagekit.Checksum;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code storage stat URI}: everything the storage knows of one file. */
@Command(name = "stat", description = {
    "Describe a file: size, last-modified time (UTC), ETag, version, the checksums the storage vouches "
        + "for (by algorithm, hex), content type, content headers and user metadata. Exit code 3 if missing.",
    "Example: storage stat --json s3://b/site/index.html"})
final class StatCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "The file.")
  private String uri;

  @Option(names = "--json", description = "Print one JSON object (the fields of 'ls --json' and all of the above).")
  private boolean json;

  @Override
  public Integer call() {
    Target target = Target.parse(uri);
    StorageFile file;
    try (Storage storage = cli.open(target.parent(), false)) {
      file = storage.get(target.name()).orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND, uri
          + ": no such file; check the name with 'storage ls " + storage.uri() + "'"));
    }
    PrintStream out = cli.out();
    if (json) {
      Map<String, Object> m = describe(file.key(), file);
      m.put("uri", uri);
      out.println(Json.write(m));
    } else {
      out.println("uri:                 " + uri);
      out.println("size:                " + file.size());
      out.println("modified:            " + file.lastModified());
      line(out, "etag", file.etag());
      line(out, "version", file.version());
      file.checksums().forEach(c -> out.printf("%-20s %s%n", "checksum " + c.algorithm() + ":", c.hex()));
      line(out, "content-type", file.contentType());
      line(out, "cache-control", file.cacheControl());
      line(out, "content-disposition", file.contentDisposition());
      line(out, "content-encoding", file.contentEncoding());
      file.metadata().forEach((k, v) -> out.printf("%-20s %s%n", "metadata " + k + ":", v));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void line(PrintStream out, String name, Optional<String> value) {
    value.ifPresent(v -> out.printf("%-20s %s%n", name + ":", v));
  }

  /** A file as JSON: what {@code ls --json} prints, with the fields the storage knows. */
  static Map<String, Object> describe(String key, StorageFile f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("type", "file");
    m.put("size", f.size());
    m.put("lastModified", f.lastModified().toString());
    m.put("etag", f.etag().orElse(null));
    f.version().ifPresent(v -> m.put("version", v));
    if (!f.checksums().isEmpty()) {
      Map<String, Object> sums = new LinkedHashMap<>();
      for (Checksum c : f.checksums()) {
        sums.put(c.algorithm().name(), c.hex());
      }
      m.put("checksums", sums);
    }
    f.contentType().ifPresent(v -> m.put("contentType", v));
    f.cacheControl().ifPresent(v -> m.put("cacheControl", v));
    f.contentDisposition().ifPresent(v -> m.put("contentDisposition", v));
    f.contentEncoding().ifPresent(v -> m.put("contentEncoding", v));
    if (!f.metadata().isEmpty()) {
      m.put("metadata", new LinkedHashMap<String, Object>(f.metadata()));
    }
    return m;
  }
}

package org.storagekit.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code storage check SRC DST}: compares two folders without copying, as {@code sync} would
 * ({@link Compare}, the same flags). Both listings are merged in one pass in UTF-8 byte order, so
 * memory holds two files at a time whatever the size of the trees; each difference is printed as
 * it is found, in key order, and {@code --json} streams them as one array.
 */
@Command(name = "check", description = {
    "Compare the folders SRC and DST without copying: print 'missing KEY' (only in SRC), 'extra KEY' "
        + "(only in DST) and 'differs KEY' (what sync would copy), in key order, then a summary line.",
    "Files are compared as sync compares them (size and checksum, else time; see the flags).",
    "Exit code 11 when any difference was found, 0 when the folders match.",
    "Example: storage check --size-only ./site s3://b/site/"})
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "SRC", description = "The source folder.")
  private String src;

  @Parameters(index = "1", paramLabel = "DST", description = "The destination folder.")
  private String dst;

  @Option(names = "--json", description = "Print {source, destination, differences: [{key, status}], counts} "
      + "(status missing, extra or differs), streamed as found.")
  private boolean json;

  @Mixin
  private Compare compare = new Compare();

  @Mixin
  private Filter filter = new Filter();

  @Override
  public Integer call() {
    compare.validate();
    filter.validate();
    Target from = Target.parse(src);
    Target to = Target.parse(dst);
    for (Target t : new Target[] {from, to}) {
      if (t.isLocal() && Files.isRegularFile(t.path())) {
        throw new CliException(ExitCodes.USAGE, t.path() + " is a file; check compares folders");
      }
      if (t.isLocal() && !Files.isDirectory(t.folderPath())) {
        throw new CliException(ExitCodes.NOT_FOUND, t.path() + ": no such local folder");
      }
    }
    PrintStream out = cli.out();
    long matching = 0;
    long missing = 0;
    long extra = 0;
    long differing = 0;
    long newer = 0;
    long existing = 0;
    long excluded = 0;
    try (Storage source = cli.open(from.folder(), false); Storage target = cli.open(to.folder(), false);
        Stream<StorageFile> sourceFiles = source.list(); Stream<StorageFile> targetFiles = target.list()) {
      if (json) {
        out.print("{\"source\":" + Json.write(source.uri().toString()) + ",\"destination\":"
            + Json.write(target.uri().toString()) + ",\"differences\":[");
      }
      Merge merge = new Merge(sourceFiles.iterator(), source.uri().toString(), targetFiles.iterator(),
          target.uri().toString());
      long found = 0;
      while (merge.hasNext()) {
        Merge.Pair p = merge.next();
        if (!filter.test(p.key(), p.source() != null ? p.source() : p.destination())) {
          excluded++;
          continue;
        }
        String status;
        if (p.destination() == null) {
          status = "missing";
          missing++;
        } else if (p.source() == null) {
          status = "extra";
          extra++;
        } else {
          Compare.Verdict v = compare.verdict(p.source(), p.destination(),
              from.isLocal() ? from.folderPath().resolve(p.key()) : null,
              to.isLocal() ? to.folderPath().resolve(p.key()) : null);
          switch (v) {
            case SAME -> matching++;
            case NEWER_ON_DESTINATION -> newer++;
            case EXISTING -> existing++;
            case DIFFERENT -> differing++;
          }
          if (v != Compare.Verdict.DIFFERENT) {
            continue;
          }
          status = "differs";
        }
        if (json) {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("key", p.key());
          d.put("status", status);
          out.print((found == 0 ? "" : ",") + Json.write(d));
        } else {
          out.println(status + " " + p.key());
        }
        found++;
      }
      if (json) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("matching", matching);
        counts.put("missing", missing);
        counts.put("extra", extra);
        counts.put("differing", differing);
        counts.put("newerOnDestination", newer);
        counts.put("existingSkipped", existing);
        counts.put("excluded", excluded);
        String c = Json.write(counts);
        out.println("]," + c.substring(1));
      }
    }
    if (!json) {
      out.println("checked: " + matching + " matching, " + missing + " missing, " + extra + " extra, " + differing
          + " differing" + (newer > 0 ? ", " + newer + " newer on the destination (--update)" : "")
          + (existing > 0 ? ", " + existing + " existing not compared (--ignore-existing)" : "")
          + (excluded > 0 ? ", " + excluded + " excluded by filters" : ""));
    }
    out.flush();
    return missing + extra + differing > 0 ? ExitCodes.DIFFERENCES : ExitCodes.OK;
  }
}

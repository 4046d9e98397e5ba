package org.storagekit.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.storagekit.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code storage presign URI}: a URL that works without credentials until it expires. */
@Command(name = "presign", description = {
    "Print a URL that any HTTP client can GET the file from (or, with --put, PUT it to) without "
        + "credentials until it expires. The file need not exist yet. Exit code 8 where the backend "
        + "cannot presign (the local disk).",
    "Example: storage presign --put --expires 15m --content-type image/png s3://b/uploads/cat.png"})
final class PresignCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "URI", description = "The file.")
  private String uri;

  @Option(names = "--put", description = "A URL to upload to, instead of one to download from.")
  private boolean put;

  @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
      description = "How long the URL works: 90s, 15m, 1h or 7d; 1 second to 7 days (default: ${DEFAULT-VALUE}).")
  private Duration expires;

  @Option(names = "--content-type", paramLabel = "TYPE",
      description = "With --put: the Content-Type the upload must send.")
  private String contentType;

  @Override
  public Integer call() {
    if (contentType != null && !put) {
      throw new CliException(ExitCodes.USAGE, "--content-type applies to upload URLs; add --put");
    }
    Target target = Target.parse(uri);
    try (Storage storage = cli.open(target.parent(), false)) {
      URI url = put ? storage.presignPut(target.name(), expires, contentType)
          : storage.presignGet(target.name(), expires);
      cli.out().println(url);
    }
    cli.out().flush();
    return ExitCodes.OK;
  }

  /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})([smhd])");

    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 15m, 1h or 7d");
      }
    }

    /**
     * Parses {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT90M}, {@code P2D}).
     *
     * @throws IllegalArgumentException if it is neither
     */
    static Duration parse(String value) {
      String v = value.trim();
      if (v.startsWith("P") || v.startsWith("p")) {
        try {
          return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 duration", e);
        }
      }
      Matcher m = FORMAT.matcher(v);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + value + "' is not a duration such as 90s, 15m, 1h or 7d");
      }
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
  }
}

package org.storagekit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.storagekit.StorageFile;
import org.storagekit.spi.ProviderProperties;
import picocli.CommandLine.Option;

/**
 * Which files a multi-file command ({@code sync}, {@code check}, {@code ls}, {@code du}, folder
 * {@code get}/{@code put}, {@code rm -r}, {@code mv}) works on: the one place the filter flags are
 * declared, parsed and applied (a picocli mixin).
 *
 * <p>Globs are matched against the key relative to the command's folder or prefix. {@code *} and
 * {@code ?} never cross {@code /}, {@code **} does, {@code [abc]}, {@code [a-z]} and {@code [!a-z]}
 * match one character other than {@code /}, {@code \} quotes the next character. A glob starting
 * with {@code /} is anchored at the folder; otherwise it matches the key's last segments (so
 * {@code *.log} matches {@code a.log} and {@code x/y/a.log}); a glob ending in {@code /} matches
 * everything below such a folder. Rules are tried in the order given and the first match decides;
 * when none matches, the file is excluded if any {@code --include} was given, else included. Then
 * the size and age bounds must hold too.
 */
final class Filter {
  /** One include or exclude rule, in command-line order. */
  record Rule(boolean include, String glob, Pattern pattern) {}

  private final List<String[]> given = new ArrayList<>(); // {"include"|"exclude"|"exclude-from", value}
  private final List<Rule> rules = new ArrayList<>();
  private String minSizeText;
  private String maxSizeText;
  private String minAgeText;
  private String maxAgeText;
  private Long minSize;
  private Long maxSize;
  private Duration minAge;
  private Duration maxAge;
  private Clock clock = Clock.systemUTC();

  // picocli calls an option method with the whole list each time the option occurs; the newest
  // value is the last, so --include and --exclude keep their interleaved order in one list
  @Option(names = "--include", paramLabel = "GLOB", description = "Only files matching GLOB (unless an earlier "
      + "rule excluded them); once any --include is given, files matching no rule are left out (repeatable).")
  void include(List<String> globs) {
    if (globs != null && !globs.isEmpty()) {
      given.add(new String[] {"include", globs.get(globs.size() - 1)});
    }
  }

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out files matching GLOB (unless an "
      + "earlier rule included them) (repeatable).")
  void exclude(List<String> globs) {
    if (globs != null && !globs.isEmpty()) {
      given.add(new String[] {"exclude", globs.get(globs.size() - 1)});
    }
  }

  @Option(names = "--exclude-from", paramLabel = "FILE", description = "Exclude rules from FILE: one glob a line; "
      + "blank lines and lines starting with # are ignored (repeatable).")
  void excludeFrom(List<Path> files) {
    if (files != null && !files.isEmpty()) {
      given.add(new String[] {"exclude-from", files.get(files.size() - 1).toString()});
    }
  }

  private void readExcludes(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, file + ": cannot read the --exclude-from file: " + e, e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        try {
          rules.add(rule(false, line));
        } catch (CliException e) {
          throw new CliException(ExitCodes.USAGE, file + " line " + (i + 1) + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Option(names = "--min-size", paramLabel = "SIZE", description = "Only files of at least SIZE bytes "
      + "(10, 4k, 1M, 2G: k, M, G are 1024, 1024^2, 1024^3).")
  void minSize(String size) {
    minSizeText = size;
  }

  @Option(names = "--max-size", paramLabel = "SIZE", description = "Only files of at most SIZE bytes (as --min-size).")
  void maxSize(String size) {
    maxSizeText = size;
  }

  @Option(names = "--min-age", paramLabel = "AGE", description = "Only files modified at least AGE ago "
      + "(30s, 10m, 2h, 7d or ISO-8601 such as PT90M, P2D).")
  void minAge(String age) {
    minAgeText = age;
  }

  @Option(names = "--max-age", paramLabel = "AGE", description = "Only files modified at most AGE ago (as --min-age).")
  void maxAge(String age) {
    maxAgeText = age;
  }

  /** Whether any rule or bound was given. */
  boolean isActive() {
    return !rules.isEmpty() || minSize != null || maxSize != null || minAge != null || maxAge != null;
  }

  /** The rules in the order given (for tests and messages). */
  List<Rule> rules() {
    return List.copyOf(rules);
  }

  /** Uses {@code clock} for the age bounds (tests). */
  Filter clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Whether the file under {@code key} (relative to the command's folder) passes. */
  boolean test(String key, StorageFile file) {
    return matches(key) && sizeAndAge(file);
  }

  /** Whether {@code key} passes the include and exclude rules alone. */
  boolean matches(String key) {
    for (Rule r : rules) {
      if (r.pattern().matcher(key).matches()) {
        return r.include();
      }
    }
    return rules.stream().noneMatch(Rule::include);
  }

  /**
   * Whether a folder entry of a one-level listing (its key ends in {@code /}) is hidden: only when
   * the first rule it matches is an exclude; files below it are what the other rules are about.
   */
  boolean hidesFolder(String folderKey) {
    for (Rule r : rules) {
      if (r.pattern().matcher(folderKey).matches()) {
        return !r.include();
      }
    }
    return false;
  }

  private boolean sizeAndAge(StorageFile file) {
    if (minSize != null && file.size() < minSize || maxSize != null && file.size() > maxSize) {
      return false;
    }
    if (minAge == null && maxAge == null) {
      return true;
    }
    Instant now = clock.instant();
    Instant modified = file.lastModified();
    return (minAge == null || !modified.isAfter(now.minus(minAge)))
        && (maxAge == null || !modified.isBefore(now.minus(maxAge)));
  }

  /**
   * Compiles the rules and parses the bounds; every command calls it first.
   *
   * @throws CliException (usage) naming the bad glob, file, size or age, or bounds that cannot both hold
   */
  Filter validate() {
    rules.clear();
    for (String[] g : given) {
      switch (g[0]) {
        case "include" -> rules.add(rule(true, g[1]));
        case "exclude" -> rules.add(rule(false, g[1]));
        default -> readExcludes(Path.of(g[1]));
      }
    }
    minSize = minSizeText == null ? null : size("--min-size", minSizeText);
    maxSize = maxSizeText == null ? null : size("--max-size", maxSizeText);
    minAge = minAgeText == null ? null : age("--min-age", minAgeText);
    maxAge = maxAgeText == null ? null : age("--max-age", maxAgeText);
    if (minSize != null && maxSize != null && minSize > maxSize) {
      throw new CliException(ExitCodes.USAGE, "--min-size " + minSize + " is more than --max-size " + maxSize
          + "; no file could pass");
    }
    if (minAge != null && maxAge != null && minAge.compareTo(maxAge) > 0) {
      throw new CliException(ExitCodes.USAGE, "--min-age " + minAge + " is more than --max-age " + maxAge
          + "; no file could pass");
    }
    return this;
  }

  private static Rule rule(boolean include, String glob) {
    return new Rule(include, glob, compile(glob));
  }

  /**
   * The pattern a glob matches keys with (see the class comment).
   *
   * @throws CliException (usage) naming the glob when it is empty or a {@code [} is not closed
   */
  static Pattern compile(String glob) {
    if (glob == null || glob.isEmpty() || glob.equals("/")) {
      throw new CliException(ExitCodes.USAGE, "empty glob '" + (glob == null ? "" : glob) + "'");
    }
    StringBuilder re = new StringBuilder();
    String g = glob;
    if (g.startsWith("/")) {
      g = g.substring(1);
      re.append('^');
    } else {
      re.append("^(?:.*/)?");
    }
    if (g.endsWith("/")) {
      g = g + "**";
    }
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
            re.append(".*");
            i++;
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 == g.length()) {
            throw new CliException(ExitCodes.USAGE, "glob '" + glob + "' ends in a lone '\\'; write '\\\\' for a "
                + "backslash");
          }
          re.append(Pattern.quote(String.valueOf(g.charAt(++i))));
        }
        case '[' -> i = charClass(glob, g, i, re);
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.append('$').toString(), Pattern.DOTALL);
  }

  /** Appends the class starting at {@code g[open]}; returns the index of its {@code ]}. */
  private static int charClass(String glob, String g, int open, StringBuilder re) {
    int i = open + 1;
    StringBuilder cls = new StringBuilder("[");
    if (i < g.length() && (g.charAt(i) == '!' || g.charAt(i) == '^')) {
      cls.append('^');
      i++;
    }
    int first = i;
    for (; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == ']' && i > first) {
        return appendClass(re, cls, i);
      }
      if (c == '/') {
        throw new CliException(ExitCodes.USAGE, "glob '" + glob + "': '/' cannot be inside [...]");
      }
      if (c == '-' && i > first && i + 1 < g.length() && g.charAt(i + 1) != ']') {
        cls.append('-');
      } else if (c == '\\' && i + 1 < g.length()) {
        cls.append('\\').append(g.charAt(++i));
      } else {
        cls.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
      }
    }
    throw new CliException(ExitCodes.USAGE, "glob '" + glob + "': '[' at position " + (open + 1)
        + " is not closed by ']'");
  }

  private static int appendClass(StringBuilder re, StringBuilder cls, int close) {
    // a class never matches '/': [^a] would otherwise cross folders
    re.append("(?!/)").append(cls).append(']');
    return close;
  }

  private static long size(String option, String value) {
    try {
      return ProviderProperties.parseSize(option, value);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, option + " '" + value + "' is not a size such as 10, 4k, 1M or 2G", e);
    }
  }

  private static Duration age(String option, String value) {
    Duration d;
    try {
      d = PresignCommand.DurationConverter.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, option + " '" + value + "' is not an age such as 30s, 10m, 2h, 7d "
          + "or P2D", e);
    }
    if (d.isNegative()) {
      throw new CliException(ExitCodes.USAGE, option + " '" + value + "' is negative");
    }
    return d;
  }
}

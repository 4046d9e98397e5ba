package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.StorageFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The filter flags, one glob feature per test, parsed by picocli as the commands parse them. */
class FilterTest {
  private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");

  @TempDir
  Path tmp;

  @Command(name = "t")
  static final class Holder {
    @Mixin
    Filter filter = new Filter();
  }

  private static Filter parse(String... args) {
    Holder h = new Holder();
    new CommandLine(h).parseArgs(args);
    return h.filter.clock(Clock.fixed(NOW, ZoneOffset.UTC)).validate();
  }

  private static StorageFile file(String key, long size, Instant modified) {
    return StorageFile.of(key, size, modified, null);
  }

  @Test
  void star_doesNotCrossSlash() {
    Filter f = parse("--include", "/*.log");
    assertThat(f.matches("a.log")).isTrue();
    assertThat(f.matches("x/a.log")).isFalse();
    assertThat(f.matches("a.txt")).isFalse();
  }

  @Test
  void unanchoredGlob_matchesTheLastSegmentsAnywhere() {
    Filter f = parse("--include", "*.log");
    assertThat(f.matches("a.log")).isTrue();
    assertThat(f.matches("x/y/a.log")).isTrue();
    assertThat(f.matches("x/a.log/b")).isFalse();
    Filter g = parse("--exclude", "cache/*.tmp");
    assertThat(g.matches("cache/a.tmp")).isFalse();
    assertThat(g.matches("app/cache/a.tmp")).isFalse();
    assertThat(g.matches("mycache/a.tmp")).isTrue();
  }

  @Test
  void doubleStar_crossesSlash() {
    Filter f = parse("--include", "/logs/**");
    assertThat(f.matches("logs/a")).isTrue();
    assertThat(f.matches("logs/2026/01/a.gz")).isTrue();
    assertThat(f.matches("x/logs/a")).isFalse();
    assertThat(f.matches("logs")).isFalse();
  }

  @Test
  void trailingSlash_matchesEverythingBelowTheFolder() {
    Filter f = parse("--exclude", "node_modules/");
    assertThat(f.matches("node_modules/a/b.js")).isFalse();
    assertThat(f.matches("web/node_modules/x.js")).isFalse();
    assertThat(f.matches("node_modules.txt")).isTrue();
  }

  @Test
  void questionMark_isOneCharacterButNotSlash() {
    Filter f = parse("--include", "/a?c");
    assertThat(f.matches("abc")).isTrue();
    assertThat(f.matches("ac")).isFalse();
    assertThat(f.matches("abbc")).isFalse();
    assertThat(f.matches("a/c")).isFalse();
  }

  @Test
  void bracketClass_rangesAndNegation() {
    Filter f = parse("--include", "/f[0-9a].txt");
    assertThat(f.matches("f7.txt")).isTrue();
    assertThat(f.matches("fa.txt")).isTrue();
    assertThat(f.matches("fb.txt")).isFalse();
    Filter n = parse("--include", "/f[!0-9]");
    assertThat(n.matches("fx")).isTrue();
    assertThat(n.matches("f1")).isFalse();
    assertThat(n.matches("f/")).isFalse();
    Filter special = parse("--include", "/[.-]x");
    assertThat(special.matches(".x")).isTrue();
    assertThat(special.matches("-x")).isTrue();
    assertThat(special.matches("ax")).isFalse();
  }

  @Test
  void backslash_quotesAMetacharacter() {
    Filter f = parse("--include", "/a\\*b");
    assertThat(f.matches("a*b")).isTrue();
    assertThat(f.matches("axb")).isFalse();
  }

  @Test
  void regexCharacters_areLiteral() {
    Filter f = parse("--include", "/a.(b)+$");
    assertThat(f.matches("a.(b)+$")).isTrue();
    assertThat(f.matches("ax(b)+$")).isFalse();
  }

  @Test
  void firstMatchingRuleWins_inTheInterleavedOrderGiven() {
    Filter f = parse("--exclude", "secret/*.txt", "--include", "*.txt", "--exclude", "*");
    assertThat(f.rules()).extracting(Filter.Rule::glob).containsExactly("secret/*.txt", "*.txt", "*");
    assertThat(f.matches("secret/a.txt")).isFalse();
    assertThat(f.matches("docs/a.txt")).isTrue();
    assertThat(f.matches("docs/a.pdf")).isFalse();
    Filter reversed = parse("--include", "*.txt", "--exclude", "secret/*.txt");
    assertThat(reversed.matches("secret/a.txt")).isTrue();
  }

  @Test
  void includeGiven_fileMatchingNoRule_isExcluded() {
    Filter f = parse("--include", "*.jpg");
    assertThat(f.matches("a.png")).isFalse();
    Filter onlyExcludes = parse("--exclude", "*.jpg");
    assertThat(onlyExcludes.matches("a.png")).isTrue();
    assertThat(parse().matches("anything")).isTrue();
    assertThat(parse().isActive()).isFalse();
  }

  @Test
  void excludeFrom_readsOneGlobPerLineSkippingComments() throws Exception {
    Path rules = tmp.resolve("rules");
    Files.writeString(rules, "# build output\n*.class\n\n  target/  \n");
    Filter f = parse("--include", "keep.class", "--exclude-from", rules.toString());
    assertThat(f.rules()).extracting(Filter.Rule::glob).containsExactly("keep.class", "*.class", "target/");
    assertThat(f.matches("keep.class")).isTrue();
    assertThat(f.matches("a/B.class")).isFalse();
    assertThat(f.matches("target/x")).isFalse();
  }

  @Test
  void sizes_areBinaryUnits() {
    Filter f = parse("--min-size", "1k", "--max-size", "2M");
    assertThat(f.test("a", file("a", 1023, NOW))).isFalse();
    assertThat(f.test("a", file("a", 1024, NOW))).isTrue();
    assertThat(f.test("a", file("a", 2L << 20, NOW))).isTrue();
    assertThat(f.test("a", file("a", (2L << 20) + 1, NOW))).isFalse();
    assertThat(parse("--max-size", "10").test("a", file("a", 11, NOW))).isFalse();
    assertThat(parse("--min-size", "2G").test("a", file("a", (2L << 30) - 1, NOW))).isFalse();
  }

  @Test
  void ages_shortFormsAndIso() {
    Filter f = parse("--min-age", "1h", "--max-age", "P2D");
    assertThat(f.test("a", file("a", 1, NOW.minus(Duration.ofMinutes(59))))).isFalse();
    assertThat(f.test("a", file("a", 1, NOW.minus(Duration.ofHours(1))))).isTrue();
    assertThat(f.test("a", file("a", 1, NOW.minus(Duration.ofDays(2))))).isTrue();
    assertThat(f.test("a", file("a", 1, NOW.minus(Duration.ofDays(2)).minusSeconds(1)))).isFalse();
    assertThat(parse("--max-age", "30s").test("a", file("a", 1, NOW.minusSeconds(31)))).isFalse();
    assertThat(parse("--max-age", "10m").test("a", file("a", 1, NOW.minusSeconds(599)))).isTrue();
    assertThat(parse("--min-age", "7d").test("a", file("a", 1, NOW.minus(Duration.ofDays(6))))).isFalse();
  }

  @Test
  void badInput_usageErrorNamingIt() {
    assertThatThrownBy(() -> parse("--include", "a[bc")).isInstanceOf(CliException.class)
        .hasMessageContaining("a[bc").hasMessageContaining("not closed");
    assertThatThrownBy(() -> parse("--exclude", "")).hasMessageContaining("empty glob");
    assertThatThrownBy(() -> parse("--include", "ab\\")).hasMessageContaining("ab\\");
    assertThatThrownBy(() -> parse("--min-size", "12q")).hasMessageContaining("--min-size '12q'");
    assertThatThrownBy(() -> parse("--max-age", "soon")).hasMessageContaining("--max-age 'soon'");
    assertThatThrownBy(() -> parse("--min-size", "2M", "--max-size", "1M")).hasMessageContaining("--max-size");
    assertThatThrownBy(() -> parse("--exclude-from", tmp.resolve("none").toString()))
        .hasMessageContaining("none").hasMessageContaining("--exclude-from");
    assertThat(((CliException) org.assertj.core.api.Assertions.catchThrowable(() -> parse("--include", "[")))
        .exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void excludeFrom_badLine_namesFileAndLine() throws Exception {
    Path rules = tmp.resolve("rules");
    Files.writeString(rules, "*.ok\n[oops\n");
    assertThatThrownBy(() -> parse("--exclude-from", rules.toString()))
        .hasMessageContaining(rules + " line 2").hasMessageContaining("[oops");
  }
}

package org.storagekit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void median_evenAndOddRuns_middleValue() {
    Figures f = new Figures();
    f.add("w", "b", "odd", "bytes", 1, 3.0);
    f.add("w", "b", "odd", "bytes", 1, 1.0);
    f.add("w", "b", "odd", "bytes", 1, 2.0);
    f.add("w", "b", "even", "bytes", 1, 4.0);
    f.add("w", "b", "even", "bytes", 1, 1.0);

    assertThat(f.get("w", "b", "odd").orElseThrow().median()).isEqualTo(2.0);
    assertThat(f.get("w", "b", "even").orElseThrow().median()).isEqualTo(2.5);
  }

  @Test
  void verdict_ratioAgainstTarget_passOrFail() {
    Figures f = new Figures();
    f.add("w", "b", Figures.STORAGEKIT, "bytes", 1, 2.0);
    f.add("w", "b", "fast", "bytes", 1, 1.0);
    f.add("w", "b", "slow", "bytes", 1, 4.0);
    Figures.Comparison vsFast = new Figures.Comparison("w", "b", Figures.STORAGEKIT, "fast", 0.8, null);
    Figures.Comparison vsSlow = new Figures.Comparison("w", "b", Figures.STORAGEKIT, "slow", 1.5, null);

    assertThat(f.ratio(vsFast)).hasValue(0.5);
    assertThat(f.verdict(vsFast)).isEqualTo("FAIL");
    assertThat(f.ratio(vsSlow)).hasValue(2.0);
    assertThat(f.verdict(vsSlow)).isEqualTo("PASS");
  }

  @Test
  void verdict_peerFailed_notApplicable() {
    Figures f = new Figures();
    f.add("w", "b", Figures.STORAGEKIT, "bytes", 1, 2.0);
    f.fail("w", "b", "peer", "bytes", 1, "boom");

    assertThat(f.verdict(new Figures.Comparison("w", "b", Figures.STORAGEKIT, "peer", 1.0, null))).isEqualTo("n/a");
  }

  @Test
  void limit_medianWithinOrAbove_passOrFail_andCountsAsFailed() {
    Figures f = new Figures();
    f.add("start", "local", "fast", "runs", 1, 0.30);
    f.add("start", "local", "slow", "runs", 1, 0.40);
    f.limit("start", "local", "fast", 0.35);
    assertThat(f.verdict(new Figures.Limit("start", "local", "fast", 0.35))).isEqualTo("PASS");
    assertThat(f.anyFailed()).isFalse();

    f.limit("start", "local", "slow", 0.35);
    assertThat(f.verdict(new Figures.Limit("start", "local", "slow", 0.35))).isEqualTo("FAIL");
    assertThat(f.verdict(new Figures.Limit("start", "local", "absent", 0.35))).isEqualTo("n/a");
    assertThat(f.anyFailed()).isTrue();
    assertThat(f.render("h")).contains("| start | local | slow | 0.400 | 0.35 | FAIL |");
  }

  @Test
  void commandMemory_failure_isReportedAndCountsAsFailed() {
    Figures f = new Figures();
    f.commandMemory(new Figures.CommandMemory("sync of 10 files", "-Xmx64m", true, 200 * 1024, 1.5, null));
    assertThat(f.anyFailed()).isFalse();
    f.commandMemory(new Figures.CommandMemory("sync of 20 files", "-Xmx64m", false, -1, 0, "exit 3"));
    assertThat(f.anyFailed()).isTrue();
    assertThat(f.render("h")).contains("| sync of 10 files | -Xmx64m | PASS | 200 MiB | 1.5 |")
        .contains("| sync of 20 files | -Xmx64m | FAIL: exit 3 | - | - |");
  }

  @Test
  void forget_dropsTheWarmUpFigures() {
    Figures f = new Figures();
    f.add("warm-up", "local", "t", "runs", 1, 1.0);
    f.add("start", "local", "t", "runs", 1, 1.0);
    f.forget("warm-up");
    assertThat(f.get("warm-up", "local", "t")).isEmpty();
    assertThat(f.get("start", "local", "t")).isPresent();
  }
}

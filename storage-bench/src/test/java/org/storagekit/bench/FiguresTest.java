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
}

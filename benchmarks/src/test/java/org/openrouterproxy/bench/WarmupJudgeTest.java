package org.openrouterproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupJudgeTest {
    @Test
    void risingThroughputIsNotSteady() {
        WarmupJudge j = new WarmupJudge();
        assertThat(j.add(2_400, 10)).isFalse();
        assertThat(j.add(3_100, 10)).isFalse();
        assertThat(j.add(3_900, 10)).isFalse();
        assertThat(j.add(4_400, 10)).isFalse();
    }

    @Test
    void threeWindowsWithinFivePercentAndQuietJitAreSteady() {
        WarmupJudge j = new WarmupJudge();
        j.add(9_000, 5);
        assertThat(j.add(10_000, 5)).isFalse();
        assertThat(j.add(10_200, 5)).isFalse();
        assertThat(j.add(10_100, 5)).isTrue();
    }

    @Test
    void aBusyJitKeepsTheWarmupGoingEvenWhenThroughputIsFlat() {
        WarmupJudge j = new WarmupJudge();
        j.add(10_000, 40);
        j.add(10_000, 40);
        assertThat(j.add(10_000, 40)).isFalse();
        assertThat(j.add(10_000, 1)).as("40 + 40 + 1 ms of JIT").isFalse();
        assertThat(j.add(10_000, 1)).as("40 + 1 + 1 ms of JIT").isTrue();
    }

    @Test
    void unknownJitTimeJudgesOnThroughputAlone() {
        WarmupJudge j = new WarmupJudge();
        j.add(500, -1);
        j.add(505, -1);
        assertThat(j.add(498, -1)).isTrue();
    }

    @Test
    void jitClockReadsThisJvmsCompileTime() {
        double ms = JitClock.compileMillis(ProcessHandle.current().pid());
        assertThat(ms).isPositive();
        assertThat(JitClock.compileMillis(Long.MAX_VALUE)).isEqualTo(-1);
    }
}

package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CheckpointPacerTest {
    private long now = 1_000_000;
    private long records;
    private boolean running = true;
    private final List<CompletableFuture<Object>> checkpoints = new ArrayList<>();
    private final CheckpointPacer pacer = new CheckpointPacer(() -> records, () -> running, this::trigger, () -> now);

    private CompletableFuture<?> trigger() {
        CompletableFuture<Object> f = new CompletableFuture<>();
        checkpoints.add(f);
        return f;
    }

    /** Advances the clock by {@code millis}, ticking every half second as the embedded stack does. */
    private void run(long millis) {
        for (long t = 0; t < millis; t += 500) {
            now += 500;
            pacer.tick();
        }
    }

    private void completeAfter(long millis) {
        now += millis;
        checkpoints.get(checkpoints.size() - 1).complete(7L);
    }

    /** The checkpoint due after the start, taken and completed. */
    private void started() {
        run(5_000);
        assertThat(checkpoints).hasSize(1);
        completeAfter(100);
    }

    @Test
    void anIdleJob_isCheckpointedOnceTheMinimumPauseAfterTheStart_thenNever() {
        run(4_500);
        assertThat(checkpoints).isEmpty();
        run(500);
        assertThat(checkpoints).hasSize(1);
        completeAfter(100);

        run(600_000);

        assertThat(checkpoints).hasSize(1);
    }

    @Test
    void work_isCheckpointedOnceTheMinimumPauseHasPassed_andOnlyOnce() {
        started();
        records = 10;
        run(4_500);
        assertThat(checkpoints).hasSize(1);
        run(500);
        assertThat(checkpoints).hasSize(2);

        completeAfter(100);
        run(60_000);

        assertThat(checkpoints).hasSize(2);
    }

    @Test
    void noSecondCheckpointIsTriggered_whileOneIsInFlight() {
        records = 10;
        run(5_000);
        records = 20;
        run(60_000);

        assertThat(checkpoints).hasSize(1);
        completeAfter(0); // it took 65 s: the pause is the longest, 20 s
        run(19_500);
        assertThat(checkpoints).hasSize(1);
        run(500);
        assertThat(checkpoints).hasSize(2);
    }

    @Test
    void thePause_isTenTimesTheLastCheckpoint_atLeastFiveAndAtMostTwentySeconds() {
        records = 1;
        run(5_000);
        completeAfter(1_500);
        assertThat(pacer.pause()).isEqualTo(15_000);

        records = 2;
        run(14_500);
        assertThat(checkpoints).hasSize(1);
        run(500);
        assertThat(checkpoints).hasSize(2);
        completeAfter(6_000);
        assertThat(pacer.pause()).isEqualTo(20_000);

        records = 3;
        run(20_000);
        assertThat(checkpoints).hasSize(3);
        completeAfter(20);
        assertThat(pacer.pause()).isEqualTo(5_000);
    }

    @Test
    void workDuringACheckpoint_makesTheNextOneDue() {
        records = 1;
        run(5_000);
        records = 2; // after the barriers
        completeAfter(100);

        run(5_000);

        assertThat(checkpoints).hasSize(2);
    }

    @Test
    void aFailedCheckpoint_isTriedAgainAfterThePause_evenWithoutNewWork() {
        records = 1;
        run(5_000);
        now += 100;
        checkpoints.get(0).completeExceptionally(new IllegalStateException("job restarting"));

        run(4_500);
        assertThat(checkpoints).hasSize(1);
        run(500);
        assertThat(checkpoints).hasSize(2);
    }

    @Test
    void aDueCheckpoint_waitsUntilEveryTaskRuns() {
        running = false; // the tasks restore their state after the start
        run(60_000);
        assertThat(checkpoints).isEmpty();

        running = true;
        run(500);
        assertThat(checkpoints).hasSize(1);
        completeAfter(100);

        records = 10;
        running = false; // a restart redeploys them
        run(30_000);
        assertThat(checkpoints).hasSize(1);
        running = true;
        run(500);
        assertThat(checkpoints).hasSize(2);
    }

    @Test
    void aTriggerThatThrowsAtOnce_doesNotStopThePacing() {
        long[] attempts = new long[1];
        long[] work = {0};
        CheckpointPacer failing = new CheckpointPacer(
                () -> work[0],
                () -> true,
                () -> {
                    attempts[0]++;
                    throw new IllegalStateException("no job");
                },
                () -> now);
        work[0] = 1;
        for (int i = 0; i < 40; i++) { // 20 s
            now += 500;
            failing.tick();
        }

        assertThat(attempts[0]).isEqualTo(4);
        assertThat(failing.triggered()).isEqualTo(4);
    }
}

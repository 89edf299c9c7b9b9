package io.rapport.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class EventTimeWatermarksTest {
    private static final long MINUTE = 60_000L;
    private static final long NOW = 1_764_900_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW);
    private final EventTimeWatermarks.NotAheadOfTheClock<String> generator =
            new EventTimeWatermarks.NotAheadOfTheClock<>(5_000, clock::get);
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    private long emit() {
        generator.onPeriodicEmit(output);
        return emitted.get(emitted.size() - 1);
    }

    @Test
    void trailsTheLargestEventTimeByTheOutOfOrderness() {
        assertThat(emit()).as("before any event").isEqualTo(Long.MIN_VALUE);

        generator.onEvent("a", NOW - 10 * MINUTE, output);
        generator.onEvent("b", NOW - 20 * MINUTE, output);

        assertThat(emit()).isEqualTo(NOW - 10 * MINUTE - 5_001);
    }

    @Test
    void anEventDatedAheadOfTheClock_movesTheWatermarkOnlyAsTheClockComes() {
        generator.onEvent("fast clock", NOW + 45 * MINUTE, output);
        assertThat(emit()).as("not 45 minutes ahead").isEqualTo(NOW - 5_001);

        clock.set(NOW + 20 * MINUTE);
        assertThat(emit()).isEqualTo(NOW + 20 * MINUTE - 5_001);

        clock.set(NOW + 60 * MINUTE);
        assertThat(emit())
                .as("the event's own time, once the clock has passed it")
                .isEqualTo(NOW + 45 * MINUTE - 5_001);
    }

    @Test
    void aClockSteppingBack_neverTakesTheWatermarkBack() {
        generator.onEvent("a", NOW, output);
        long before = emit();

        clock.set(NOW - MINUTE);

        assertThat(emit()).isEqualTo(before);
    }
}

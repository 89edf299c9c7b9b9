package io.rapport.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kpi.PaneTiling.Tile;
import io.rapport.kpi.PaneTiling.Tiling;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PaneTilingTest {
    /** An hour boundary that is not a day boundary. */
    private static final long T0 = Instant.parse("2026-11-22T17:00:00Z").toEpochMilli();

    private static final long MINUTE = PaneSize.MINUTE.millis();
    private static final long HOUR = PaneSize.HOUR.millis();
    private static final long DAY = PaneSize.DAY.millis();

    @Test
    void tile_usesWholeHoursThenMinutes_exactlyWhenAllAreKept() {
        // [T0, T0 + 2h 5m) with the clock at its end: two hour panes, then five minute panes
        Tiling tiling = PaneTiling.tile(T0, T0 + 2 * HOUR + 5 * MINUTE, T0 + 2 * HOUR + 5 * MINUTE);

        assertThat(tiling.exact()).isTrue();
        assertThat(tiling.tiles())
                .containsExactly(
                        new Tile(PaneSize.HOUR, T0),
                        new Tile(PaneSize.HOUR, T0 + HOUR),
                        new Tile(PaneSize.MINUTE, T0 + 2 * HOUR),
                        new Tile(PaneSize.MINUTE, T0 + 2 * HOUR + MINUTE),
                        new Tile(PaneSize.MINUTE, T0 + 2 * HOUR + 2 * MINUTE),
                        new Tile(PaneSize.MINUTE, T0 + 2 * HOUR + 3 * MINUTE),
                        new Tile(PaneSize.MINUTE, T0 + 2 * HOUR + 4 * MINUTE));
    }

    @Test
    void tile_usesAWholeDayPaneWhereOneFits() {
        long day = PaneSize.DAY.start(T0);
        Tiling tiling = PaneTiling.tile(day, day + DAY + HOUR, day + DAY + HOUR);

        assertThat(tiling.exact()).isTrue();
        assertThat(tiling.tiles()).containsExactly(new Tile(PaneSize.DAY, day), new Tile(PaneSize.HOUR, day + DAY));
    }

    @Test
    void tile_leavesOutMinutesOlderThanTheirKeptHistory_andSaysItIsNotExact() {
        // clock 10 days later: minute panes are kept 2 days (3 days less 1 of lateness), hour panes 14;
        // the half hour [T0 + 30m, T0 + 1h) is in no kept pane, the two whole hours after it are
        Tiling tiling = PaneTiling.tile(T0 + 30 * MINUTE, T0 + 3 * HOUR, T0 + 10 * DAY);

        assertThat(tiling.exact()).isFalse();
        assertThat(tiling.tiles())
                .containsExactly(new Tile(PaneSize.HOUR, T0 + HOUR), new Tile(PaneSize.HOUR, T0 + 2 * HOUR));
    }

    @Test
    void tile_keepsAMinuteStartingExactlyAtTheEdgeOfItsHistory() {
        // the clock is exactly 2 days (the minute panes' guaranteed history) after the minute
        long minute = T0 - 2 * DAY;
        Tiling tiling = PaneTiling.tile(minute, minute + MINUTE, T0);

        assertThat(tiling.exact()).isTrue();
        assertThat(tiling.tiles()).containsExactly(new Tile(PaneSize.MINUTE, minute));
    }

    @Test
    void tile_countsAMinuteThatStartsInsideThePeriod() {
        // [T0 + 10 s, T0 + 70 s): the minute starting at T0 + 60 s starts inside; T0's does not
        Tiling tiling = PaneTiling.tile(T0 + 10_000, T0 + 70_000, T0 + HOUR);

        assertThat(tiling.tiles()).containsExactly(new Tile(PaneSize.MINUTE, T0 + MINUTE));
    }
}

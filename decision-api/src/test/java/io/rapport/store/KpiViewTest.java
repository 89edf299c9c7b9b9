package io.rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.KpiReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiViewTest {
    private static final Instant NOW = Instant.parse("2026-12-04T15:30:20Z");
    private static final long MINUTE = KpiPane.SIZE_MILLIS;
    private static final long NOW_MINUTE = Instant.parse("2026-12-04T15:30:00Z").toEpochMilli();

    private final KpiView view = new KpiView(Clock.fixed(NOW, ZoneOffset.UTC));

    private static KpiPane views(long start, long n) {
        return new KpiPane(start, Map.of("view", n), Map.of(KpiPane.VIEWS, n), Map.of());
    }

    @Test
    void beforeAnyPaneTheClockIsTheEndOfTheCurrentMinute() {
        assertEquals(NOW_MINUTE + MINUTE, view.end());
    }

    @Test
    void aReplayOfPastEventsReportsItsOwnLastHour() {
        long past = Instant.parse("2026-11-01T10:00:00Z").toEpochMilli();
        view.put(views(past, 3));

        KpiReport report = view.report("1h", Duration.ofHours(1));

        assertEquals(past + MINUTE, view.end());
        assertEquals("2026-11-01T10:01:00Z", report.to());
        assertEquals(3, report.funnel().views());
    }

    @Test
    void anEventAheadOfTheServerClockDoesNotMoveTheWindowIntoTheFuture() {
        view.put(views(NOW_MINUTE - 10 * MINUTE, 5));
        view.put(views(NOW_MINUTE, 2));
        long tomorrow = NOW_MINUTE + Duration.ofHours(23).toMillis();
        view.put(views(tomorrow, 1));

        KpiReport report = view.report("1h", Duration.ofHours(1));

        assertEquals(NOW_MINUTE + MINUTE, view.end());
        assertEquals("2026-12-04T15:31:00Z", report.to());
        assertEquals(7, report.funnel().views(), "the last hour's panes, not the future one");
        assertEquals(Map.of("view", 7L), report.events());
    }

    @Test
    void aFuturePaneCountsOnceItsTimeHasCome() {
        KpiView later = new KpiView(Clock.fixed(NOW.plus(Duration.ofHours(23)), ZoneOffset.UTC));
        later.put(views(NOW_MINUTE, 2));
        later.put(views(NOW_MINUTE + Duration.ofHours(23).toMillis(), 1));

        assertEquals(1, later.report("1h", Duration.ofHours(1)).funnel().views());
        assertEquals(3, later.report("1d", Duration.ofDays(1)).funnel().views());
    }
}

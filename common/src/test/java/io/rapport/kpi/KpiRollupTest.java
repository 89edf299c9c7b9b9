package io.rapport.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiRollupTest {
    private static final long T0 = Instant.parse("2026-11-22T17:00:00Z").toEpochMilli();
    private static final long MINUTE = KpiPane.SIZE_MILLIS;

    private static KpiPane pane(
            long start,
            long views,
            long purchases,
            long revenueMicros,
            long impressions,
            long treated,
            long treatedConverted,
            long holdout,
            long holdoutConverted) {
        return new KpiPane(
                start,
                Map.of("view", views, "purchase", purchases),
                Map.of(
                        KpiPane.VIEWS,
                        views,
                        KpiPane.PURCHASES,
                        purchases,
                        KpiPane.ORDERS,
                        purchases,
                        KpiPane.REVENUE_MICROS,
                        revenueMicros),
                Map.of(
                        "o-1",
                        Map.of(
                                KpiPane.OFFER_IMPRESSIONS,
                                impressions,
                                KpiPane.OFFER_TREATED,
                                treated,
                                KpiPane.OFFER_TREATED_CONVERTED,
                                treatedConverted,
                                KpiPane.OFFER_HOLDOUT,
                                holdout,
                                KpiPane.OFFER_HOLDOUT_CONVERTED,
                                holdoutConverted)));
    }

    @Test
    void revenuePastTheLargestSumStaysTheLargestInsteadOfTurningNegative() {
        long huge = Long.MAX_VALUE - 10;
        List<KpiPane> panes =
                List.of(pane(T0, 1, 1, huge, 0, 0, 0, 0, 0), pane(T0 + MINUTE, 1, 1, huge, 0, 0, 0, 0, 0));

        KpiReport report = KpiRollup.report("1h", T0, T0 + 60 * MINUTE, panes);

        assertThat(report.revenue()).isEqualTo(Long.MAX_VALUE / 1_000_000d);
        assertThat(report.orders()).isEqualTo(2);
        assertThat(KpiPane.sum(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(KpiPane.sum(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
        assertThat(KpiPane.sum(Long.MAX_VALUE, -1)).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(KpiPane.sum(40, 2)).isEqualTo(42);
    }

    @Test
    void sumsExactlyThePanesInsideTheWindow() {
        List<KpiPane> panes = List.of(
                pane(T0 - MINUTE, 100, 100, 100_000_000, 100, 100, 100, 100, 0), // before the window
                pane(T0, 10, 2, 5_250_000, 4, 4, 2, 2, 0),
                pane(T0 + 59 * MINUTE, 30, 1, 2_500_000, 6, 6, 1, 3, 1),
                pane(T0 + 60 * MINUTE, 100, 100, 100_000_000, 100, 0, 0, 0, 0)); // at the exclusive end

        KpiReport r = KpiRollup.report("1h", T0, T0 + 60 * MINUTE, panes);

        assertThat(r.events()).containsExactlyInAnyOrderEntriesOf(Map.of("view", 40L, "purchase", 3L));
        assertThat(r.funnel()).isEqualTo(new KpiReport.Funnel(40, 0, 3, 3 / 40.0));
        assertThat(r.revenue()).isEqualTo(7.75);
        assertThat(r.orders()).isEqualTo(3);
        assertThat(r.aov()).isEqualTo(7.75 / 3);
        KpiReport.OfferKpis offer = r.offers().get("o-1");
        assertThat(offer.impressions()).isEqualTo(10);
        assertThat(offer.ctr()).isEqualTo(0.0);
        assertThat(offer.treated()).isEqualTo(new KpiReport.Group(10, 3));
        assertThat(offer.holdout()).isEqualTo(new KpiReport.Group(5, 1));
        assertThat(offer.uplift()).isEqualTo(Uplift.newcombe(10, 3, 5, 1));
        assertThat(r.from()).isEqualTo("2026-11-22T17:00:00Z");
        assertThat(r.to()).isEqualTo("2026-11-22T18:00:00Z");
    }

    @Test
    void emptyWindow_hasNullRates_andTheProductShape() throws Exception {
        KpiReport r = KpiRollup.report("15m", T0, T0 + 15 * MINUTE, List.of());

        JsonNode json = Json.mapper().readTree(Json.encode(r));
        assertThat(json.fieldNames())
                .toIterable()
                .containsSubsequence(
                        "window", "events", "funnel", "revenue", "orders", "aov", "offers", "recommendations");
        assertThat(json.get("funnel").get("conversion").isNull()).isTrue();
        assertThat(json.get("aov").isNull()).isTrue();
        assertThat(json.get("recommendations").get("ctr").isNull()).isTrue();
        assertThat(json.get("revenue").asDouble()).isZero();
    }

    @Test
    void paneJson_roundTrips() {
        KpiPane p = pane(T0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(Json.decode(Json.encode(p), KpiPane.class)).isEqualTo(p);
    }

    @Test
    void paneStart_floorsToTheMinute_evenBefore1970() {
        assertThat(KpiPane.paneStart(T0 + 59_999)).isEqualTo(T0);
        assertThat(KpiPane.paneStart(-1)).isEqualTo(-MINUTE);
    }

    @Test
    void window_parsesMinutesHoursDays_upTo180Days_inWholePanesOfItsSize() {
        assertThat(KpiWindow.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(KpiWindow.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(KpiWindow.parse("24h")).isEqualTo(Duration.ofDays(1));
        assertThat(KpiWindow.parse("1439m")).isEqualTo(Duration.ofMinutes(1439));
        assertThat(KpiWindow.parse("1500m")).isEqualTo(Duration.ofHours(25));
        assertThat(KpiWindow.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(KpiWindow.parse("167h")).isEqualTo(Duration.ofHours(167));
        assertThat(KpiWindow.parse("192h")).isEqualTo(Duration.ofDays(8));
        assertThat(KpiWindow.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(KpiWindow.parse("180d")).isEqualTo(Duration.ofDays(180));
        assertThat(PaneSize.forWindow(Duration.ofHours(24))).isEqualTo(PaneSize.MINUTE);
        assertThat(PaneSize.forWindow(Duration.ofHours(25))).isEqualTo(PaneSize.HOUR);
        assertThat(PaneSize.forWindow(Duration.ofDays(8))).isEqualTo(PaneSize.DAY);
        for (String bad : new String[] {"181d", "0h", "1w", "", "1.5h", "-1h", "h", "1441m", "169h", "4321h"}) {
            assertThatThrownBy(() -> KpiWindow.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> KpiWindow.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KpiWindow.parse("0m"))
                .as("says why 0m is not one")
                .hasMessage("must be a whole number of minutes, hours or days from 1, such as 15m, 1h, 24h or 7d");
        for (String tooLong : new String[] {"1000d", "9999999d", "99999999999999999999d", "1000000m"}) {
            assertThatThrownBy(() -> KpiWindow.parse(tooLong))
                    .as("a whole number, too long: %s", tooLong)
                    .hasMessage("must be at most 180d");
        }
    }

    private static KpiPane buyers(long start, Map<String, Long> byPrevious) {
        return new KpiPane(start, Map.of(), Map.of(), Map.of(), byPrevious);
    }

    private static String at(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    @Test
    void retention_isTheShareOfThePreviousPeriodsBuyersWhoBoughtAgain() {
        long hour = 60 * MINUTE;
        // previous period [T0 - 1h, T0), this window [T0, T0 + 1h)
        List<KpiPane> panes = List.of(
                // before the previous period: a buyer whose next purchase is in the previous period
                buyers(T0 - 2 * hour, Map.of(KpiPane.NO_PREVIOUS_PURCHASE, 1L)),
                // previous period: 3 distinct buyers (one first-time, one returning from before it, one whose
                // earlier purchase pane lies before the window of panes held); one of them buys twice in it
                buyers(T0 - hour, Map.of(KpiPane.NO_PREVIOUS_PURCHASE, 2L, at(T0 - 2 * hour), 1L)),
                buyers(T0 - 30 * MINUTE, Map.of(at(T0 - hour), 1L)),
                // this window: 2 of them come back (one twice), and a new buyer
                buyers(T0 + MINUTE, Map.of(at(T0 - 30 * MINUTE), 1L, KpiPane.NO_PREVIOUS_PURCHASE, 1L)),
                buyers(T0 + 5 * MINUTE, Map.of(at(T0 - hour), 1L)),
                buyers(T0 + 9 * MINUTE, Map.of(at(T0 + MINUTE), 1L)));

        KpiReport.Retention r = KpiRollup.report("1h", T0, T0 + hour, panes).retention();

        assertThat(r).isEqualTo(new KpiReport.Retention(3L, 2L, 2 / 3.0));
    }

    @Test
    void retention_withoutPreviousBuyersIsNull_andLongWindowsHaveOne() {
        KpiPane newBuyer = buyers(T0, Map.of(KpiPane.NO_PREVIOUS_PURCHASE, 4L));
        assertThat(KpiRollup.report("1h", T0, T0 + 60 * MINUTE, List.of(newBuyer))
                        .retention())
                .isEqualTo(new KpiReport.Retention(0L, 0L, null));
        long day = PaneSize.DAY.millis();
        long from = PaneSize.DAY.start(T0);
        KpiPane previous = new KpiPane(
                from - 20 * day, Map.of(), Map.of(), Map.of(), Map.of(KpiPane.NO_PREVIOUS_PURCHASE, 4L), day);
        KpiPane again = new KpiPane(
                from + 3 * day,
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of(PaneSize.DAY.key(from - 20 * day).replace("/P1D", ""), 3L),
                day);
        assertThat(KpiRollup.report("30d", from, from + 30 * day, List.of(previous, again))
                        .retention())
                .isEqualTo(new KpiReport.Retention(4L, 3L, 0.75));
    }

    @Test
    void paneKeys_nameTheirSize_andOldMinuteKeysStillParse() {
        long t = Instant.parse("2026-11-22T17:00:00Z").toEpochMilli();
        assertThat(PaneSize.MINUTE.key(t)).isEqualTo("2026-11-22T17:00:00Z");
        assertThat(PaneSize.HOUR.key(t)).isEqualTo("2026-11-22T17:00:00Z/PT1H");
        assertThat(PaneSize.DAY.key(PaneSize.DAY.start(t))).isEqualTo("2026-11-22T00:00:00Z/P1D");
        for (PaneSize size : PaneSize.values()) {
            assertThat(PaneSize.ofKey(size.key(t))).isEqualTo(size);
            assertThat(PaneSize.startOfKey(size.key(t))).isEqualTo(t);
        }
        assertThat(PaneSize.HOUR.ceil(t + 1)).isEqualTo(t + PaneSize.HOUR.millis());
        assertThat(PaneSize.HOUR.ceil(t)).isEqualTo(t);
    }

    @Test
    void paneSum_addsExactly_andHoldsAtTheLimitsInsteadOfWrapping() {
        assertThat(KpiPane.sum(0, 0)).isZero();
        assertThat(KpiPane.sum(2, 3)).isEqualTo(5);
        assertThat(KpiPane.sum(-2, 3)).isEqualTo(1);
        assertThat(KpiPane.sum(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(KpiPane.sum(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
        assertThat(KpiPane.sum(Long.MAX_VALUE, -1)).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void paneHelpers_readCountsAndMicros_andMoveAPane() {
        KpiPane p = pane(T0, 3, 1, 12_340_000, 0, 0, 0, 0, 0);
        assertThat(p.count(KpiPane.VIEWS)).isEqualTo(3);
        assertThat(p.count("absent")).isZero();
        // 12.34 · 1,000,000 = 12,340,000 micros
        assertThat(KpiPane.micros(12.34)).isEqualTo(12_340_000);
        KpiPane hour = p.at(T0 + 60 * MINUTE, PaneSize.HOUR);
        assertThat(hour.start()).isEqualTo(T0 + 60 * MINUTE);
        assertThat(hour.size()).isEqualTo(PaneSize.HOUR.millis());
        assertThat(hour.counts()).isEqualTo(p.counts());
    }

    @Test
    void window_endsAtTheClocksPaneBoundary_andReadsThePreviousPeriodToo() {
        // a 1h window of minute panes with the clock at T0 + 30m + 10s: it ends at the next minute
        // boundary, T0 + 31m, and starts 1h earlier, T0 - 29m; the lookup is asked for the previous
        // period as well, from T0 - 89m.
        long clock = T0 + 30 * MINUTE + 10_000;
        java.util.List<Long> asked = new java.util.ArrayList<>();
        PaneLookup lookup = (size, start) -> {
            assertThat(size).isEqualTo(PaneSize.MINUTE);
            asked.add(start);
            return start == T0 ? pane(T0, 7, 0, 0, 0, 0, 0, 0, 0) : null;
        };

        KpiReport r = KpiRollup.window("1h", Duration.ofHours(1), clock, lookup);

        assertThat(r.from()).isEqualTo(at(T0 - 29 * MINUTE));
        assertThat(r.to()).isEqualTo(at(T0 + 31 * MINUTE));
        assertThat(r.funnel().views()).isEqualTo(7);
        assertThat(asked).hasSize(120).startsWith(T0 - 89 * MINUTE).endsWith(T0 + 30 * MINUTE);
    }

    @Test
    void report_countsPanesFromFromUpToButNotIncludingTo() {
        long hour = 60 * MINUTE;
        List<KpiPane> panes = List.of(
                pane(T0 - MINUTE, 100, 0, 0, 0, 0, 0, 0, 0),
                pane(T0, 1, 0, 0, 0, 0, 0, 0, 0),
                pane(T0 + hour - MINUTE, 10, 0, 0, 0, 0, 0, 0, 0),
                pane(T0 + hour, 1000, 0, 0, 0, 0, 0, 0, 0));
        assertThat(KpiRollup.report("1h", T0, T0 + hour, panes).funnel().views())
                .as("1 + 10: the panes at T0 and T0 + 59m")
                .isEqualTo(11);
    }

    @Test
    void retention_boundaries_previousPeriodStartsAtFromMinusTheLength_andTheWindowEndsBeforeTo() {
        long hour = 60 * MINUTE;
        // previous period P = [T0 - 1h, T0), window C = [T0, T0 + 1h)
        List<KpiPane> panes = List.of(
                // a first-time buyer two hours before: before P, counts nowhere
                buyers(T0 - 2 * hour, Map.of(KpiPane.NO_PREVIOUS_PURCHASE, 5L)),
                // in P, first purchase in P (previous purchase before P, at T0 - 2h): 1 previous buyer
                buyers(T0 - hour, Map.of(at(T0 - 2 * hour), 1L)),
                // in C, previous purchase exactly at the start of P: returned
                buyers(T0, Map.of(at(T0 - hour), 1L)),
                // at exactly to: outside C, counts nowhere
                buyers(T0 + hour, Map.of(at(T0 - hour), 1L)),
                // in C, previous purchase exactly at from (in C itself): not a return
                buyers(T0 + MINUTE, Map.of(at(T0), 1L)),
                // in C, previous purchase a minute before P: not a return
                buyers(T0 + 2 * MINUTE, Map.of(at(T0 - hour - MINUTE), 1L)));

        assertThat(KpiRollup.retention(T0, T0 + hour, panes)).isEqualTo(new KpiReport.Retention(1L, 1L, 1.0));
    }

    @Test
    void window_ofExactlySixDigitsIsRead_andTheRefusalSaysWhichUnitIsMissing() {
        // 259200 minutes = 4320 hours = 180 days, the longest window, written with six digits
        assertThat(KpiWindow.parse("259200m")).isEqualTo(Duration.ofDays(180));
        // 1441m is past 24h, served from hour panes, and no whole number of hours
        assertThatThrownBy(() -> KpiWindow.parse("1441m"))
                .hasMessage("must be a whole number of hours when longer than 24h");
        // 169h is past 7d, served from day panes, and no whole number of days
        assertThatThrownBy(() -> KpiWindow.parse("169h"))
                .hasMessage("must be a whole number of days when longer than 7d");
    }

    @Test
    void paneSizes_keepTheirDocumentedWindowsAndRetentions() {
        assertThat(PaneSize.MINUTE.maxWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(PaneSize.HOUR.maxWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(PaneSize.DAY.retention()).isEqualTo(Duration.ofDays(400));
        // keyHorizon = 2 · maxWindow: 2 · 24h for minutes
        assertThat(PaneSize.MINUTE.keyHorizon()).isEqualTo(Duration.ofHours(48).toMillis());
        // guaranteedHistory = retention - 1 day: 3d - 1d for minutes, 15d - 1d for hours
        assertThat(PaneSize.MINUTE.guaranteedHistory())
                .isEqualTo(Duration.ofDays(2).toMillis());
        assertThat(PaneSize.HOUR.guaranteedHistory())
                .isEqualTo(Duration.ofDays(14).toMillis());
        assertThat(PaneSize.ofMillis(60_000)).isEqualTo(PaneSize.MINUTE);
        assertThat(PaneSize.ofMillis(3_600_000)).isEqualTo(PaneSize.HOUR);
        assertThat(PaneSize.ofMillis(0)).as("an older record").isEqualTo(PaneSize.MINUTE);
        assertThatThrownBy(() -> PaneSize.ofMillis(1234)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paneLookupRange_asksForEveryPaneStartInTheRange_andSkipsMissingOnes() {
        long hour = PaneSize.HOUR.millis();
        List<Long> asked = new java.util.ArrayList<>();
        PaneLookup lookup = (size, start) -> {
            asked.add(start);
            return start == T0 + hour ? pane(start, 1, 0, 0, 0, 0, 0, 0, 0) : null;
        };

        List<KpiPane> found = lookup.range(PaneSize.HOUR, T0, T0 + 3 * hour);

        assertThat(asked).containsExactly(T0, T0 + hour, T0 + 2 * hour);
        assertThat(found).extracting(KpiPane::start).containsExactly(T0 + hour);
    }
}

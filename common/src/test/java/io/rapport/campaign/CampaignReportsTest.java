package io.rapport.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneLookup;
import io.rapport.kpi.PaneSize;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignReportsTest {
    private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(4));
    private static final Campaign CAMPAIGN = new Campaign(
            "c",
            "Coffee week",
            List.of("coffee", "cake"),
            FROM.toString(),
            TO.toString(),
            new Campaign.Plan(1_000, 100, 400));

    private static KpiPane pane(Instant start, String offer, long impressions, long redemptions, long revenueMicros) {
        return new KpiPane(
                start.toEpochMilli(),
                Map.of(),
                Map.of(),
                Map.of(
                        offer,
                        Map.of(
                                KpiPane.OFFER_IMPRESSIONS,
                                impressions,
                                KpiPane.OFFER_REDEMPTIONS,
                                redemptions,
                                KpiPane.OFFER_CONVERTED_REVENUE_MICROS,
                                revenueMicros,
                                KpiPane.OFFER_CLICKS,
                                99L)));
    }

    private static final List<KpiPane> PANES = List.of(
            pane(FROM.minusSeconds(60), "coffee", 1_000, 1_000, 1_000_000_000), // before the period
            pane(FROM, "coffee", 100, 10, 25_500_000),
            pane(FROM.plus(Duration.ofHours(20)), "cake", 50, 5, 14_500_000),
            pane(FROM.plus(Duration.ofHours(20)), "tea", 1_000, 1_000, 1_000_000_000), // not the campaign's
            pane(FROM.plus(Duration.ofDays(3)), "coffee", 7, 7, 7_000_000));

    /**
     * The panes the KPI job would publish for these minute panes: an hour or day pane holds the sums
     * of its minutes. Counts every lookup, so a test can see which sizes were read.
     */
    private static PaneLookup rolledUp(List<KpiPane> minutes, Map<PaneSize, Integer> reads) {
        return (size, start) -> {
            Map<String, Map<String, Long>> offers = new HashMap<>();
            boolean any = false;
            for (KpiPane m : minutes) {
                if (m.start() >= start && m.start() < start + size.millis()) {
                    any = true;
                    m.offers()
                            .forEach((offer, counts) ->
                                    counts.forEach((name, n) -> offers.computeIfAbsent(offer, o -> new HashMap<>())
                                            .merge(name, n, Long::sum)));
                }
            }
            reads.merge(size, 1, Integer::sum);
            return any ? new KpiPane(start, Map.of(), Map.of(), offers, Map.of(), size.millis()) : null;
        };
    }

    private static PaneLookup rolledUp(List<KpiPane> minutes) {
        return rolledUp(minutes, new HashMap<>());
    }

    @Test
    void actualsToDate_areExactSumsOfTheCampaignsOffers_andTheLineIsExtendedToTheEnd() {
        long oneDayIn = FROM.plus(Duration.ofDays(1)).toEpochMilli();

        CampaignReport r = CampaignReports.report(CAMPAIGN, oneDayIn, rolledUp(PANES));

        assertThat(r.asOf()).isEqualTo("2026-11-21T00:00:00Z");
        assertThat(r.elapsed()).isEqualTo(0.25);
        assertThat(r.complete()).isTrue();
        assertThat(r.actual()).isEqualTo(new Campaign.Plan(150, 15, 40.0));
        assertThat(r.projected()).isEqualTo(new CampaignReport.Figures(600, 60, 160));
        assertThat(r.projectedVsPlan().impressions()).isCloseTo(0.6, within(1e-12));
        assertThat(r.projectedVsPlan().conversions()).isCloseTo(0.6, within(1e-12));
        assertThat(r.projectedVsPlan().revenue()).isCloseTo(0.4, within(1e-12));
        assertThat(r.plan()).isEqualTo(CAMPAIGN.plan());
    }

    @Test
    void afterThePeriod_theProjectionIsTheActual() {
        CampaignReport r =
                CampaignReports.report(CAMPAIGN, TO.plus(Duration.ofDays(1)).toEpochMilli(), rolledUp(PANES));

        assertThat(r.asOf()).isEqualTo(TO.toString());
        assertThat(r.elapsed()).isEqualTo(1.0);
        assertThat(r.actual()).isEqualTo(new Campaign.Plan(157, 22, 47.0));
        assertThat(r.projected()).isEqualTo(new CampaignReport.Figures(157, 22, 47.0));
    }

    @Test
    void beforeThePeriod_thereIsNothingToProject() {
        CampaignReport r =
                CampaignReports.report(CAMPAIGN, FROM.minusSeconds(3600).toEpochMilli(), rolledUp(PANES));

        assertThat(r.asOf()).isEqualTo(FROM.toString());
        assertThat(r.elapsed()).isZero();
        assertThat(r.actual()).isEqualTo(new Campaign.Plan(0, 0, 0));
        assertThat(r.projected()).isNull();
        assertThat(r.projectedVsPlan()).isEqualTo(new CampaignReport.Ratios(null, null, null));
    }

    @Test
    void aThirtyDayCampaign_isCompleteAndExact_fromDayHourAndMinutePanes() {
        Instant start = FROM.minus(Duration.ofDays(30));
        Campaign month = new Campaign(
                "m",
                "Month",
                List.of("coffee"),
                start.toString(),
                FROM.plus(Duration.ofDays(1)).toString(),
                new Campaign.Plan(0, 10, 0));
        List<KpiPane> minutes = List.of(
                pane(start.minusSeconds(60), "coffee", 1_000, 0, 0), // before
                pane(start, "coffee", 1, 1, 1_000_000),
                pane(start.plus(Duration.ofDays(12)).plusSeconds(3 * 3600 + 59 * 60), "coffee", 2, 0, 0),
                pane(FROM.minus(Duration.ofHours(30)), "coffee", 4, 0, 0),
                pane(FROM.plusSeconds(10 * 3600 + 17 * 60), "coffee", 8, 0, 0),
                pane(FROM.plusSeconds(10 * 3600 + 18 * 60), "coffee", 16, 0, 0)); // at the clock: not yet
        Map<PaneSize, Integer> reads = new HashMap<>();

        CampaignReport r = CampaignReports.report(
                month, FROM.plusSeconds(10 * 3600 + 18 * 60).toEpochMilli(), rolledUp(minutes, reads));

        assertThat(r.complete()).isTrue();
        assertThat(r.actual()).isEqualTo(new Campaign.Plan(15, 1, 1.0));
        // 30 whole days, then 10 hours of today, then 18 minutes
        assertThat(reads).isEqualTo(Map.of(PaneSize.DAY, 30, PaneSize.HOUR, 10, PaneSize.MINUTE, 18));
    }

    @Test
    void aZeroPlan_hasNoRatio_andAStartNoKeptPaneCanResolveIsIncomplete() {
        // 10:30 thirty days ago: hour and minute panes of that day are gone, its day pane holds 00:00-10:30 too
        Campaign month = new Campaign(
                "m",
                "Month",
                List.of("coffee"),
                FROM.minus(Duration.ofDays(30)).plusSeconds(10 * 3600 + 30 * 60).toString(),
                TO.toString(),
                new Campaign.Plan(0, 10, 0));

        CampaignReport r =
                CampaignReports.report(month, FROM.plus(Duration.ofDays(1)).toEpochMilli(), rolledUp(PANES));

        assertThat(r.complete()).isFalse();
        assertThat(r.projectedVsPlan().impressions()).isNull();
        assertThat(r.projectedVsPlan().conversions()).isNotNull();
        assertThat(r.projectedVsPlan().revenue()).isNull();
    }
}

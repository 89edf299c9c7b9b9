package io.rapport.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.kpi.KpiPane;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignReportsTest {
    private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(4));
    private static final Campaign CAMPAIGN = new Campaign("c", "Coffee week", List.of("coffee", "cake"),
            FROM.toString(), TO.toString(), new Campaign.Plan(1_000, 100, 400));

    private static KpiPane pane(Instant start, String offer, long impressions, long redemptions, long revenueMicros) {
        return new KpiPane(start.toEpochMilli(), Map.of(), Map.of(), Map.of(offer, Map.of(
                KpiPane.OFFER_IMPRESSIONS, impressions, KpiPane.OFFER_REDEMPTIONS, redemptions,
                KpiPane.OFFER_CONVERTED_REVENUE_MICROS, revenueMicros, KpiPane.OFFER_CLICKS, 99L)));
    }

    private static final List<KpiPane> PANES = List.of(
            pane(FROM.minusSeconds(60), "coffee", 1_000, 1_000, 1_000_000_000), // before the period
            pane(FROM, "coffee", 100, 10, 25_500_000),
            pane(FROM.plus(Duration.ofHours(20)), "cake", 50, 5, 14_500_000),
            pane(FROM.plus(Duration.ofHours(20)), "tea", 1_000, 1_000, 1_000_000_000), // not the campaign's
            pane(FROM.plus(Duration.ofDays(3)), "coffee", 7, 7, 7_000_000));

    @Test
    void actualsToDate_areExactSumsOfTheCampaignsOffers_andTheLineIsExtendedToTheEnd() {
        long oneDayIn = FROM.plus(Duration.ofDays(1)).toEpochMilli();

        CampaignReport r = CampaignReports.report(CAMPAIGN, oneDayIn, PANES);

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
        CampaignReport r = CampaignReports.report(CAMPAIGN, TO.plus(Duration.ofDays(1)).toEpochMilli(), PANES);

        assertThat(r.asOf()).isEqualTo(TO.toString());
        assertThat(r.elapsed()).isEqualTo(1.0);
        assertThat(r.actual()).isEqualTo(new Campaign.Plan(157, 22, 47.0));
        assertThat(r.projected()).isEqualTo(new CampaignReport.Figures(157, 22, 47.0));
    }

    @Test
    void beforeThePeriod_thereIsNothingToProject() {
        CampaignReport r = CampaignReports.report(CAMPAIGN, FROM.minusSeconds(3600).toEpochMilli(), PANES);

        assertThat(r.asOf()).isEqualTo(FROM.toString());
        assertThat(r.elapsed()).isZero();
        assertThat(r.actual()).isEqualTo(new Campaign.Plan(0, 0, 0));
        assertThat(r.projected()).isNull();
        assertThat(r.projectedVsPlan()).isEqualTo(new CampaignReport.Ratios(null, null, null));
    }

    @Test
    void aZeroPlan_hasNoRatio_andAPeriodOlderThanTheKeptPanesIsIncomplete() {
        Campaign month = new Campaign("m", "Month", List.of("coffee"), FROM.minus(Duration.ofDays(30)).toString(),
                TO.toString(), new Campaign.Plan(0, 10, 0));

        CampaignReport r = CampaignReports.report(month, FROM.plus(Duration.ofDays(1)).toEpochMilli(), PANES);

        assertThat(r.complete()).isFalse();
        assertThat(r.projectedVsPlan().impressions()).isNull();
        assertThat(r.projectedVsPlan().conversions()).isNotNull();
        assertThat(r.projectedVsPlan().revenue()).isNull();
    }
}

package io.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rapport.campaign.Campaign;
import io.rapport.campaign.CampaignService;
import io.rapport.campaign.CampaignSet;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.KpiPanes;
import io.vertx.junit5.VertxTestContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code /metrics} exposition, business KPI gauges included, passes {@code promtool check
 * metrics} (Debian package {@code prometheus}); skipped where promtool is not installed.
 */
class MetricsExpositionTest extends ApiTestBase {
    private static final String PROMTOOL = "/usr/bin/promtool";

    @Override
    protected void fill(Views views) {
        KpiPanes.fill(views);
        // offer "coffee": 80 impressions and 4 redemptions at 17:00 on the first day of a 10-day campaign
        views.campaigns()
                .replace(new CampaignSet(
                        List.of(new Campaign(
                                "coffee-days",
                                "Coffee days",
                                List.of("coffee"),
                                "2026-11-22T00:00:00Z",
                                "2026-12-02T00:00:00Z",
                                new Campaign.Plan(1_000, 50, 400))),
                        1));
    }

    private String scrapeAfterKpiRefresh() throws Exception {
        new KpiGauges(views.kpis(), api.registry()).refresh();
        new CampaignGauges(
                        new CampaignService(views.campaigns(), views.kpis(), null, Clock.systemUTC()), api.registry())
                .refresh();
        return get("/v1/kpis")
                .send()
                .compose(kpis -> get("/metrics").send())
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .bodyAsString();
    }

    @Test
    void exposesBusinessKpisAsGaugesPerWindow(VertxTestContext testContext) throws Exception {
        String metrics = scrapeAfterKpiRefresh();

        assertThat(metrics)
                .contains("# TYPE rapport_kpi_revenue gauge")
                .contains("rapport_kpi_revenue{window=\"1h\"} 30.0")
                .contains("rapport_kpi_orders{window=\"1h\"} 3.0")
                .contains("rapport_kpi_retention_previous_buyers{window=\"1h\"} 0.0")
                .contains("rapport_kpi_retention_ratio{window=\"7d\"} NaN")
                .contains("rapport_kpi_funnel_views{window=\"30d\"} 1040.0")
                .contains("rapport_kpi_funnel_views{window=\"24h\"} 1040.0")
                .contains("rapport_kpi_events{type=\"view\",window=\"1h\"} 40.0")
                .contains("rapport_kpi_offer_impressions{offer=\"coffee\",window=\"1h\"} 80.0")
                .contains("rapport_kpi_offer_uplift{offer=\"coffee\",window=\"1h\"} 0.2")
                .contains("# HELP rapport_kpi_funnel_add_to_carts Add-to-cart events in the window;"
                        + " /v1/kpis funnel.addToCarts, over the gauge's window (event time)");
        List<String> kpiHelp =
                metrics.lines().filter(l -> l.startsWith("# HELP rapport_kpi_")).toList();
        assertThat(kpiHelp)
                .hasSizeGreaterThan(25)
                .allSatisfy(help -> assertThat(help)
                        .as("every KPI gauge says what it counts")
                        .doesNotContain("null"));
        testContext.completeNow();
    }

    @Test
    void saysWhereEachWindowEnds_asKpisDoes(VertxTestContext testContext) throws Exception {
        String metrics = scrapeAfterKpiRefresh();

        for (String window : List.of("1h", "24h", "7d", "30d")) {
            String to = get("/v1/kpis?window=" + window)
                    .send()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    .bodyAsJsonObject()
                    .getString("to");
            String prefix = "rapport_kpi_window_end_seconds{window=\"" + window + "\"} ";
            double seconds = metrics.lines()
                    .filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                    .findFirst()
                    .orElseThrow();
            assertThat(seconds).as(window).isEqualTo(Instant.parse(to).getEpochSecond());
        }
        testContext.completeNow();
    }

    @Test
    void exposesCampaignPlanActualAndProjection(VertxTestContext testContext) throws Exception {
        String metrics = scrapeAfterKpiRefresh();

        // the clock is 18:00 on the first day: 0.075 of the period elapsed
        assertThat(metrics)
                .contains("# TYPE rapport_campaign_impressions gauge")
                .contains("rapport_campaign_impressions{campaign=\"coffee-days\",figure=\"plan\"} 1000.0")
                .contains("rapport_campaign_impressions{campaign=\"coffee-days\",figure=\"actual\"} 80.0")
                .contains("rapport_campaign_conversions{campaign=\"coffee-days\",figure=\"actual\"} 4.0")
                .contains("rapport_campaign_revenue{campaign=\"coffee-days\",figure=\"plan\"} 400.0")
                .contains("rapport_campaign_elapsed_ratio{campaign=\"coffee-days\"} 0.075")
                .contains("rapport_campaign_complete{campaign=\"coffee-days\"} 1.0");
        assertThat(metrics)
                .contains("# HELP rapport_campaign_impressions Campaign impressions (figure: plan, actual to date,"
                        + " projected to the end of the period); see GET /v1/campaigns/{id}/report")
                .contains("# HELP rapport_campaign_elapsed_ratio Share of the campaign's period elapsed, 0 to 1;"
                        + " see GET /v1/campaigns/{id}/report")
                .contains("# HELP rapport_campaign_complete 1 when the campaign's actuals are exact over its period"
                        + " so far, else 0; see GET /v1/campaigns/{id}/report");
        assertThat(metrics)
                .containsPattern(
                        "rapport_campaign_impressions\\{campaign=\"coffee-days\",figure=\"projected\"} 1066\\.66");
        testContext.completeNow();
    }

    @Test
    void exposition_passesPromtoolCheckMetrics(VertxTestContext testContext) throws Exception {
        assumeTrue(new File(PROMTOOL).canExecute(), "promtool is not installed");
        String metrics = scrapeAfterKpiRefresh();

        Process promtool = new ProcessBuilder(PROMTOOL, "check", "metrics")
                .redirectErrorStream(true)
                .start();
        promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output).as("promtool output").isEmpty();
        assertThat(promtool.exitValue()).as(output).isZero();
        testContext.completeNow();
    }
}

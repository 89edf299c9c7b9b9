package io.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The provisioned dashboards parse: the operational one charts what an operator watches first, the
 * business one the KPIs from gauges the API really exports.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARDS = Manifests.COMPOSE.resolve("grafana/dashboards");
    private static final JsonNode DASHBOARD = Manifests.json(DASHBOARDS.resolve("rapport.json"));
    private static final JsonNode BUSINESS = Manifests.json(DASHBOARDS.resolve("rapport-business.json"));
    private static final Pattern KPI_METRIC = Pattern.compile("rapport_kpi_[a-z0-9_]+");

    private static List<String> expressions() {
        return expressions(DASHBOARD);
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        return exprs;
    }

    @Test
    void dashboard_hasAnIdentityAndPanelsWithQueries() {
        assertIdentityAndPanels(DASHBOARD);
    }

    private static void assertIdentityAndPanels(JsonNode dashboard) {
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("prometheus");
        }
    }

    @Test
    void dashboard_chartsRequestRate_p99_eventsAndViewLag() {
        assertThat(expressions())
                .anyMatch(e -> e.contains("rate(rapport_http_server_requests_seconds_count"))
                .anyMatch(e -> e.contains("histogram_quantile(0.99")
                        && e.contains("rapport_http_server_requests_seconds_bucket"))
                .anyMatch(e -> e.contains("rapport_events_accepted_total"))
                .anyMatch(e -> e.contains("rapport_events_refused_total"))
                .anyMatch(e -> e.contains("rapport_view_lag"));
    }

    @Test
    void datasourceUid_matchesTheProvisionedDatasource() {
        JsonNode datasource = Manifests.yamlOne(
                        Manifests.COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources")
                .get(0);
        assertThat(datasource.path("uid").asText()).isEqualTo("prometheus");
    }

    @Test
    void businessDashboard_isASecondDashboardWithPanelsWithQueries() {
        assertIdentityAndPanels(BUSINESS);
        assertThat(BUSINESS.path("uid").asText())
                .isNotEqualTo(DASHBOARD.path("uid").asText());
        // the provider loads every JSON file of the directory the dashboards are mounted in
        assertThat(BUSINESS.path("templating").path("list").get(0).path("query").asText())
                .isEqualTo("1h,24h,7d,30d");
    }

    @Test
    void businessDashboard_chartsFunnelRevenueOfferCtrAndUplift() {
        assertThat(expressions(BUSINESS))
                .anyMatch(e -> e.contains("rapport_kpi_funnel_views"))
                .anyMatch(e -> e.contains("rapport_kpi_funnel_add_to_carts"))
                .anyMatch(e -> e.contains("rapport_kpi_funnel_purchases"))
                .anyMatch(e -> e.contains("rapport_kpi_revenue"))
                .anyMatch(e -> e.contains("rapport_kpi_offer_ctr_ratio") && e.contains("by (offer)"))
                .anyMatch(e -> e.contains("rapport_kpi_offer_uplift{"))
                .anyMatch(e -> e.contains("rapport_kpi_offer_uplift_ci95_low"))
                .anyMatch(e -> e.contains("rapport_kpi_offer_uplift_ci95_high"))
                // every API instance exports the same KPIs: adding them up would double them
                .noneMatch(e -> e.contains("sum("));
    }

    @Test
    void businessDashboard_usesOnlyGaugesTheApiExports() throws IOException {
        String gauges = Files.readString(
                Manifests.DEPLOY.getParent().resolve("decision-api/src/main/java/io/rapport/analytics/KpiGauges.java"));
        Set<String> exported = new TreeSet<>();
        Matcher row = Pattern.compile("rows\\.put\\(\\s*\"([a-z0-9.]+)\"").matcher(gauges);
        while (row.find()) {
            exported.add("rapport_kpi_" + row.group(1).replace('.', '_'));
        }
        Set<String> used = new TreeSet<>();
        for (String expr : expressions(BUSINESS)) {
            KPI_METRIC.matcher(expr).results().forEach(m -> used.add(m.group()));
        }
        assertThat(exported).contains("rapport_kpi_revenue", "rapport_kpi_offer_uplift");
        assertThat(used).isNotEmpty().isSubsetOf(exported);
    }

    @Test
    void businessDashboard_chartsCampaignPlanActualAndProjection_fromGaugesTheApiExports() throws IOException {
        String gauges = Files.readString(Manifests.DEPLOY
                .getParent()
                .resolve("decision-api/src/main/java/io/rapport/analytics/CampaignGauges.java"));
        Set<String> exported = new TreeSet<>();
        Matcher row = Pattern.compile("rows\\.put\\(\\s*\"([a-z0-9.]+)\"").matcher(gauges);
        while (row.find()) {
            exported.add("rapport_campaign_" + row.group(1).replace('.', '_'));
        }
        Set<String> used = new TreeSet<>();
        for (String expr : expressions(BUSINESS)) {
            Pattern.compile("rapport_campaign_[a-z0-9_]+")
                    .matcher(expr)
                    .results()
                    .forEach(m -> used.add(m.group()));
        }
        assertThat(used)
                .contains("rapport_campaign_impressions", "rapport_campaign_conversions", "rapport_campaign_revenue")
                .isSubsetOf(exported);
        assertThat(expressions(BUSINESS))
                .filteredOn(e -> e.contains("rapport_campaign_"))
                .allMatch(e -> e.contains("by (campaign, figure)") && e.contains("plan|actual|projected"));
    }
}

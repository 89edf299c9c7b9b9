package io.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provisioned dashboard parses and charts what an operator watches first. */
class GrafanaDashboardTest {
    private static final JsonNode DASHBOARD = Manifests.json(Manifests.COMPOSE.resolve("grafana/dashboards/rapport.json"));

    private static List<String> expressions() {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : DASHBOARD.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        return exprs;
    }

    @Test
    void dashboard_hasAnIdentityAndPanelsWithQueries() {
        assertThat(DASHBOARD.path("uid").asText()).isNotBlank();
        assertThat(DASHBOARD.path("title").asText()).isNotBlank();
        assertThat(DASHBOARD.path("panels")).isNotEmpty();
        for (JsonNode panel : DASHBOARD.path("panels")) {
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("prometheus");
        }
    }

    @Test
    void dashboard_chartsRequestRate_p99_eventsAndViewLag() {
        assertThat(expressions())
                .anyMatch(e -> e.contains("rate(rapport_http_server_requests_seconds_count"))
                .anyMatch(e -> e.contains("histogram_quantile(0.99") && e.contains("rapport_http_server_requests_seconds_bucket"))
                .anyMatch(e -> e.contains("rapport_events_accepted_total"))
                .anyMatch(e -> e.contains("rapport_events_refused_total"))
                .anyMatch(e -> e.contains("rapport_view_lag"));
    }

    @Test
    void datasourceUid_matchesTheProvisionedDatasource() {
        JsonNode datasource = Manifests.yamlOne(
                Manifests.COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);
        assertThat(datasource.path("uid").asText()).isEqualTo("prometheus");
    }
}

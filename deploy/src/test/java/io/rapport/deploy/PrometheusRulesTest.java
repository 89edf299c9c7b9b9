package io.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules shipped with the deployments ({@code compose/prometheus/rapport-alerts.yml}, and the same
 * groups as a PrometheusRule in {@code k8s/base/monitoring.yaml}): promtool accepts them and the Compose
 * Prometheus configuration loading them, and their unit tests ({@code rapport-alerts.test.yml}: each alert
 * fires on its case and stays quiet on the normal one beside it) pass. That every metric they name is on a
 * real {@code /metrics} is checked on the embedded stack (cli's {@code EndToEndIT}). promtool is the Debian
 * package {@code prometheus}, which {@code .ci/run} installs; these checks are skipped where it is missing.
 */
class PrometheusRulesTest {
    private static final Path PROMETHEUS = Manifests.COMPOSE.resolve("prometheus");
    private static final Path RULES = PROMETHEUS.resolve("rapport-alerts.yml");
    private static final String PROMTOOL = "/usr/bin/promtool";

    @Test
    void everyAlert_hasAnExpressionASeverityAndASummary() {
        JsonNode rules = Manifests.yamlOne(RULES).path("groups").get(0).path("rules");
        Set<String> names = new TreeSet<>();
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            names.add(name);
            assertThat(rule.path("expr").asText()).as(name).contains("rapport_");
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as(name)
                    .isNotBlank();
        }
        assertThat(names)
                .hasSize(rules.size())
                .contains("RapportStreamDown", "RapportJobLagging", "RapportKafkaUnreachable", "RapportSlowAnswers");
    }

    @Test
    void kubernetes_carriesTheSameGroups_asAPrometheusRule() {
        List<JsonNode> base = Manifests.yaml(Manifests.K8S.resolve("base/monitoring.yaml"));
        JsonNode rule = Manifests.named(base, "PrometheusRule", "rapport");
        assertThat(rule.path("spec").path("groups"))
                .isEqualTo(Manifests.yamlOne(RULES).path("groups"));
    }

    @Test
    void compose_mountsTheRules_whereThePrometheusConfigurationLoadsThem() {
        JsonNode config = Manifests.yamlOne(PROMETHEUS.resolve("prometheus.yml"));
        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("rapport-alerts.yml");
        JsonNode compose = Manifests.yamlOne(Manifests.COMPOSE.resolve("docker-compose.yml"));
        assertThat(compose.path("services").path("prometheus").path("volumes").toString())
                .contains("./prometheus/rapport-alerts.yml:/etc/prometheus/rapport-alerts.yml:ro");
    }

    @Test
    void promtool_acceptsTheRulesAndTheConfiguration() throws Exception {
        assertThat(promtool("check", "rules", "rapport-alerts.yml")).contains("SUCCESS: 10 rules found");
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void promtool_unitTestsOfTheAlerts_pass() throws Exception {
        assertThat(promtool("test", "rules", "rapport-alerts.test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws Exception {
        Assumptions.assumeTrue(new File(PROMTOOL).canExecute(), "promtool is not installed");
        ProcessBuilder builder = new ProcessBuilder(PROMTOOL);
        builder.command().addAll(List.of(args));
        Process p =
                builder.directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}

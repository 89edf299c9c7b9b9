package io.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Compose stack parses, names only files that exist, and has the shape the README promises: a
 * three-broker KRaft cluster with replicated internal topics, a topic init container, a Flink
 * JobManager running JobMain with two TaskManagers, two API instances behind nginx, Prometheus
 * scraping all of them and Grafana with the dashboard provisioned.
 */
class ComposeFileTest {
    private static final JsonNode COMPOSE = Manifests.yamlOne(Manifests.COMPOSE.resolve("docker-compose.yml"));
    private static final JsonNode SERVICES = COMPOSE.path("services");
    private static final String BOOTSTRAP = "kafka-1:9092,kafka-2:9092,kafka-3:9092";

    private static Set<String> services() {
        Set<String> names = new TreeSet<>();
        SERVICES.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String env(String service, String name) {
        return SERVICES.path(service).path("environment").path(name).asText();
    }

    private static List<String> command(String service) {
        List<String> out = new ArrayList<>();
        SERVICES.path(service).path("command").forEach(c -> out.add(c.asText()));
        return out;
    }

    @Test
    void hasEveryService() {
        assertThat(services())
                .contains(
                        "kafka-1",
                        "kafka-2",
                        "kafka-3",
                        "kafka-init",
                        "jobmanager",
                        "taskmanager-1",
                        "taskmanager-2",
                        "api-1",
                        "api-2",
                        "proxy",
                        "prometheus",
                        "grafana");
    }

    @Test
    void kafka_isAThreeNodeKraftQuorum_withReplicatedInternalTopics() {
        Set<String> nodeIds = new TreeSet<>();
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            assertThat(SERVICES.path(broker).path("image").asText()).startsWith("apache/kafka:4.0.0");
            assertThat(env(broker, "KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            assertThat(env(broker, "KAFKA_CONTROLLER_QUORUM_VOTERS"))
                    .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat(env(broker, "KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://" + broker + ":9092");
            assertThat(env(broker, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("3");
            assertThat(env(broker, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))
                    .isEqualTo("3");
            assertThat(env(broker, "KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("2");
            assertThat(env(broker, "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
            assertThat(SERVICES.path(broker).path("healthcheck").path("test").toString())
                    .contains("9092");
            assertThat(SERVICES.path(broker).path("volumes").get(0).asText()).endsWith(":/var/lib/kafka/data");
            nodeIds.add(env(broker, "KAFKA_NODE_ID"));
        }
        assertThat(nodeIds).containsExactly("1", "2", "3");
    }

    @Test
    void topics_areCreatedByAnInitContainer_onceEveryBrokerIsHealthy() {
        JsonNode init = SERVICES.path("kafka-init");
        assertThat(init.path("entrypoint").toString()).contains("/scripts/create-topics.sh");
        assertThat(init.path("volumes").get(0).asText())
                .startsWith("./kafka/create-topics.sh:/scripts/create-topics.sh");
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            assertThat(init.path("depends_on").path(broker).path("condition").asText())
                    .isEqualTo("service_healthy");
        }
        for (String dependent : List.of("jobmanager", "api-1", "api-2")) {
            assertThat(SERVICES.path(dependent)
                            .path("depends_on")
                            .path("kafka-init")
                            .path("condition")
                            .asText())
                    .as(dependent)
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void flink_runsJobMainInApplicationMode_onTwoTaskManagers_withCheckpointsAndMetrics() {
        assertThat(command("jobmanager"))
                .containsSubsequence(
                        "standalone-job",
                        "--job-classname",
                        "io.rapport.jobs.JobMain",
                        "all",
                        "--bootstrap",
                        BOOTSTRAP);
        for (String flink : List.of("jobmanager", "taskmanager-1", "taskmanager-2")) {
            assertThat(SERVICES.path(flink).path("image").asText()).isEqualTo("rapport-jobs:0.1.0");
            String props = env(flink, "FLINK_PROPERTIES");
            assertThat(props)
                    .contains("jobmanager.rpc.address: jobmanager")
                    .contains("execution.checkpointing.interval:")
                    .contains("execution.checkpointing.dir: file:///opt/flink/data/checkpoints")
                    .contains("metrics.reporter.prom.port: 9249");
        }
        assertThat(command("taskmanager-1")).isEmpty();
        assertThat(SERVICES.path("taskmanager-1").path("command").asText()).isEqualTo("taskmanager");
        assertThat(SERVICES.path("taskmanager-2").path("command").asText()).isEqualTo("taskmanager");
    }

    @Test
    void apis_talkToEveryBroker_behindTheProxy() {
        for (String api : List.of("api-1", "api-2")) {
            assertThat(SERVICES.path(api).path("image").asText()).isEqualTo("rapport-api:0.1.0");
            assertThat(command(api)).containsSubsequence("--bootstrap", BOOTSTRAP);
        }
        String nginx = Manifests.text(Manifests.COMPOSE.resolve("nginx/nginx.conf"));
        assertThat(nginx)
                .contains("server api-1:8080")
                .contains("server api-2:8080")
                .contains("proxy_pass http://rapport_api");
        assertThat(SERVICES.path("proxy").path("image").asText()).startsWith("nginx:");
    }

    @Test
    void everyBindMountAndBuild_namesAnExistingFile() {
        SERVICES.fields().forEachRemaining(service -> {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./") || source.startsWith("../")) {
                    assertThat(Manifests.COMPOSE.resolve(source).normalize())
                            .as("volume of %s", service.getKey())
                            .exists();
                }
            }
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = Manifests.COMPOSE
                        .resolve(build.path("context").asText())
                        .normalize();
                assertThat(context.resolve(build.path("dockerfile").asText()))
                        .as("Dockerfile of %s", service.getKey())
                        .exists();
            }
        });
    }

    @Test
    void prometheus_scrapesEveryApiAndFlinkProcess() {
        JsonNode prometheus = Manifests.yamlOne(Manifests.COMPOSE.resolve("prometheus/prometheus.yml"));
        Set<String> targets = new TreeSet<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> targets.add(t.asText()));
            }
        }
        assertThat(targets)
                .contains(
                        "api-1:8080",
                        "api-2:8080",
                        "jobmanager:9249",
                        "taskmanager-1:9249",
                        "taskmanager-2:9249",
                        "kafka-exporter:9308");
        targets.stream()
                .map(t -> t.split(":")[0])
                .filter(h -> !h.equals("localhost"))
                .forEach(host -> assertThat(services()).as("scrape target host").contains(host));
        assertThat(SERVICES.path("prometheus").path("volumes").get(0).asText())
                .isEqualTo("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void grafana_isProvisionedWithPrometheusAndTheDashboard() {
        JsonNode grafana = SERVICES.path("grafana");
        assertThat(grafana.path("volumes").toString())
                .contains("./grafana/provisioning:/etc/grafana/provisioning")
                .contains("./grafana/dashboards:/var/lib/grafana/dashboards");
        JsonNode datasource = Manifests.yamlOne(
                        Manifests.COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources")
                .get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode provider = Manifests.yamlOne(Manifests.COMPOSE.resolve("grafana/provisioning/dashboards/rapport.yml"))
                .path("providers")
                .get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(Manifests.COMPOSE.resolve("grafana/dashboards/rapport.json")).exists();
    }

    /** Runs only where a Compose CLI that validates without an engine is installed (Compose v1). */
    @Test
    void composeCli_acceptsTheFile() throws Exception {
        Path cli = Path.of("/usr/bin/docker-compose");
        Assumptions.assumeTrue(Files.isExecutable(cli), "docker-compose is not installed");
        Process p = new ProcessBuilder(cli.toString(), "config", "-q")
                .directory(Manifests.COMPOSE.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}

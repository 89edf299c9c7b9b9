package io.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Kustomize base and overlay: every manifest parses and names its kind, the base holds every
 * resource the scale-out needs, and each carries what operating it safely takes (probes, resources,
 * non-root, replication, object-storage checkpoints, HA).
 */
class KubernetesManifestsTest {
    private static final List<JsonNode> BASE = Manifests.k8sBase();
    private static final String KAFKA_CLUSTER = "rapport";

    @Test
    void everyManifest_parses_andHasApiVersionKindAndName() {
        for (Path file : Manifests.yamlFiles(Manifests.K8S)) {
            if (file.getFileName().toString().equals("kustomizeconfig.yaml")) {
                continue; // kustomize's transformer configuration, not a manifest
            }
            List<JsonNode> docs = Manifests.yaml(file);
            assertThat(docs).as(file.toString()).isNotEmpty();
            for (JsonNode doc : docs) {
                assertThat(doc.path("apiVersion").asText())
                        .as("apiVersion in %s", file)
                        .isNotBlank();
                assertThat(doc.path("kind").asText()).as("kind in %s", file).isNotBlank();
                if (!doc.path("kind").asText().equals("Kustomization")) {
                    assertThat(doc.path("metadata").path("name").asText())
                            .as("name in %s", file)
                            .isNotBlank();
                }
            }
        }
    }

    @Test
    void base_holdsEveryRequiredKind() {
        Set<String> kinds = new TreeSet<>();
        BASE.forEach(d -> kinds.add(d.path("kind").asText()));
        assertThat(kinds)
                .contains(
                        "Kafka",
                        "KafkaNodePool",
                        "KafkaTopic",
                        "FlinkDeployment",
                        "Deployment",
                        "Service",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget",
                        "ServiceMonitor");
    }

    @Test
    void kafka_isAKraftClusterOfThreeDualRoleNodes_withReplicatedDefaults() {
        JsonNode kafka = Manifests.named(BASE, "Kafka", KAFKA_CLUSTER);
        assertThat(kafka.path("metadata")
                        .path("annotations")
                        .path("strimzi.io/kraft")
                        .asText())
                .isEqualTo("enabled");
        assertThat(kafka.path("metadata")
                        .path("annotations")
                        .path("strimzi.io/node-pools")
                        .asText())
                .isEqualTo("enabled");
        assertThat(kafka.path("spec").path("kafka").path("version").asText()).isEqualTo("4.0.0");
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("transaction.state.log.replication.factor").asInt())
                .isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.path("spec").path("entityOperator").has("topicOperator"))
                .isTrue();

        List<JsonNode> pools = Manifests.ofKind(BASE, "KafkaNodePool");
        assertThat(pools).hasSize(1);
        JsonNode pool = pools.get(0);
        assertThat(pool.path("metadata")
                        .path("labels")
                        .path("strimzi.io/cluster")
                        .asText())
                .isEqualTo(KAFKA_CLUSTER);
        assertThat(pool.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(pool.path("spec").path("roles").toString())
                .contains("controller")
                .contains("broker");
        assertThat(pool.path("spec").path("storage").toString()).contains("persistent-claim");
    }

    @Test
    void flink_runsTheJobJar_withObjectStorageCheckpoints_andKubernetesHa() {
        JsonNode flink = Manifests.ofKind(BASE, "FlinkDeployment").get(0).path("spec");
        assertThat(flink.path("image").asText()).startsWith("rapport-jobs:");
        assertThat(flink.path("flinkVersion").asText()).isEqualTo("v2_0");
        JsonNode conf = flink.path("flinkConfiguration");
        assertThat(conf.path("execution.checkpointing.dir").asText()).startsWith("s3://");
        assertThat(conf.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
        assertThat(conf.path("execution.checkpointing.interval").asText()).isNotBlank();
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.path("high-availability.storageDir").asText()).startsWith("s3://");
        assertThat(conf.path("metrics.reporter.prom.port").asText()).isEqualTo("9249");
        JsonNode job = flink.path("job");
        assertThat(job.path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/rapport-jobs.jar");
        assertThat(job.path("entryClass").asText()).isEqualTo("io.rapport.jobs.JobMain");
        assertThat(job.path("args").toString())
                .contains("\"all\"")
                .contains("\"" + KAFKA_CLUSTER + "-kafka-bootstrap:9092\"");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(flink.path("taskManager").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(flink.path("taskManager").path("resource").path("memory").asText())
                .isNotBlank();
        assertThat(flink.path("jobManager").path("resource").path("memory").asText())
                .isNotBlank();
        JsonNode pod = flink.path("podTemplate").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("containers").get(0).path("ports").toString()).contains("9249");
    }

    @Test
    void anOverlaysImagesEntry_reachesTheFlinkDeploymentsSpecImage() {
        // kustomize's images transformer rewrites containers[].image; the FlinkDeployment's spec.image
        // needs a fieldSpec of its own, declared by the base's configurations
        JsonNode kustomization = Manifests.yamlOne(Manifests.K8S.resolve("base/kustomization.yaml"));
        assertThat(kustomization.path("configurations").toString()).contains("kustomizeconfig.yaml");
        JsonNode config = Manifests.yamlOne(Manifests.K8S.resolve("base/kustomizeconfig.yaml"));
        assertThat(config.path("images").toString())
                .contains("\"path\":\"spec/image\"")
                .contains("\"kind\":\"FlinkDeployment\"");
    }

    @Test
    void api_hasProbesResourcesAndANonRootReadOnlyContainer() {
        JsonNode deployment = Manifests.named(BASE, "Deployment", "rapport-api");
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image").asText()).startsWith("rapport-api:");
        assertThat(container.path("args").toString()).contains(KAFKA_CLUSTER + "-kafka-bootstrap:9092");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/health/ready");
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText())
                .isEqualTo("/health/live");
        assertThat(container.path("resources").path("requests").path("cpu").asText())
                .isNotBlank();
        assertThat(container.path("resources").path("requests").path("memory").asText())
                .isNotBlank();
        assertThat(container.path("resources").path("limits").path("memory").asText())
                .isNotBlank();
        JsonNode security = container.path("securityContext");
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("capabilities").path("drop").toString()).contains("ALL");
        // A read-only root needs a writable /tmp (Vert.x file cache, JVM temp files).
        assertThat(container.path("volumeMounts").toString()).contains("\"/tmp\"");
    }

    @Test
    void serviceHpaPdbAndServiceMonitor_allPointAtTheApi() {
        JsonNode podLabels = Manifests.named(BASE, "Deployment", "rapport-api")
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels");
        JsonNode service = Manifests.named(BASE, "Service", "rapport-api");
        service.path("spec")
                .path("selector")
                .fields()
                .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText())
                        .isEqualTo(e.getValue().asText()));
        assertThat(service.path("spec").path("ports").get(0).path("name").asText())
                .isEqualTo("http");

        JsonNode hpa =
                Manifests.named(BASE, "HorizontalPodAutoscaler", "rapport-api").path("spec");
        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("rapport-api");
        assertThat(hpa.path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);

        JsonNode pdb =
                Manifests.named(BASE, "PodDisruptionBudget", "rapport-api").path("spec");
        assertThat(pdb.path("minAvailable").asInt())
                .isLessThan(hpa.path("minReplicas").asInt());
        pdb.path("selector")
                .path("matchLabels")
                .fields()
                .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText())
                        .isEqualTo(e.getValue().asText()));

        JsonNode monitor =
                Manifests.named(BASE, "ServiceMonitor", "rapport-api").path("spec");
        monitor.path("selector")
                .path("matchLabels")
                .fields()
                .forEachRemaining(e -> assertThat(service.path("metadata")
                                .path("labels")
                                .path(e.getKey())
                                .asText())
                        .isEqualTo(e.getValue().asText()));
        assertThat(monitor.path("endpoints").get(0).path("port").asText()).isEqualTo("http");
        assertThat(monitor.path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
    }

    @Test
    void overlay_resourcesExist_andEveryPatchTargetsABaseResource() {
        Path overlay = Manifests.K8S.resolve("overlays/small");
        JsonNode kustomization = Manifests.yamlOne(overlay.resolve("kustomization.yaml"));
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = overlay.resolve(resource.asText()).normalize();
            assertThat(path).exists();
        }
        assertThat(kustomization.path("namespace").asText()).isNotBlank();
        for (JsonNode patch : kustomization.path("patches")) {
            JsonNode target =
                    Manifests.yamlOne(overlay.resolve(patch.path("path").asText()));
            Manifests.named(
                    BASE,
                    target.path("kind").asText(),
                    target.path("metadata").path("name").asText());
        }
        for (JsonNode image : kustomization.path("images")) {
            String name = image.path("name").asText();
            assertThat(BASE.stream().map(JsonNode::toString)).anyMatch(d -> d.contains("\"" + name + ":"));
        }
    }
}

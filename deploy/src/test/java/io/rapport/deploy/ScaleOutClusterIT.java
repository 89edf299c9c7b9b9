package io.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rapport on real engines as separate processes on this machine: three KRaft Kafka nodes
 * ({@code kafka.Kafka}), a Flink session cluster (a {@code StandaloneSessionClusterEntrypoint} and two
 * {@code TaskManagerRunner}s), the shaded job jar submitted through Flink's REST API ({@code JobMain
 * all}), and two API processes from the runnable API jar. Purchases are posted through both APIs
 * while one broker and one TaskManager are killed with SIGKILL; afterwards both APIs must serve
 * exactly the counts of a recount of the posted events.
 *
 * <p>Run with {@code ./mvnw -B -pl deploy verify -Pcluster-it} after installing stream-jobs and
 * decision-api (it takes a few minutes). Logs of every process are in {@code target/cluster-it/}.
 */
class ScaleOutClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER_ID = "4L6g3nShT-eMCtK--X86sw";
    private static final int CUSTOMERS = 240;
    private static final int ITEMS = 24;
    private static final int BATCH = 20;

    private final Path work = Path.of("target/cluster-it").toAbsolutePath();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> started = new ArrayList<>();
    private String classpath;

    @AfterEach
    void stopEverything() {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void countsStayExact_whenABrokerAndATaskManagerDieDuringIngestion() throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        classpath = Files.readString(Path.of(System.getProperty("rapport.cluster.classpath")))
                .strip();
        Path jobJar = Path.of(System.getProperty("rapport.job.jar"));
        Path apiJar = Path.of(System.getProperty("rapport.api.jar"));
        assertThat(jobJar).exists();
        assertThat(apiJar).exists();

        // Kafka: three nodes, each broker and controller, with the Compose topic catalogue.
        int[] brokerPorts = {freePort(), freePort(), freePort()};
        int[] controllerPorts = {freePort(), freePort(), freePort()};
        List<Process> brokers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path props = brokerConfig(i + 1, brokerPorts, controllerPorts);
            Process format = java(
                    List.of(
                            "-Xmx256m",
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            CLUSTER_ID,
                            "-c",
                            props.toString(),
                            "--ignore-formatted"),
                    "kafka-format-" + (i + 1));
            assertThat(format.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(format.exitValue()).as("format of node %d", i + 1).isZero();
        }
        for (int i = 0; i < 3; i++) {
            brokers.add(java(
                    List.of(
                            "-Xms256m",
                            "-Xmx512m",
                            "kafka.Kafka",
                            work.resolve("kafka-" + (i + 1) + ".properties").toString()),
                    "kafka-" + (i + 1)));
        }
        String bootstrap =
                "localhost:" + brokerPorts[0] + ",localhost:" + brokerPorts[1] + ",localhost:" + brokerPorts[2];
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await("3 brokers", Duration.ofSeconds(90), () -> {
                try {
                    return admin.describeCluster()
                                    .nodes()
                                    .get(5, TimeUnit.SECONDS)
                                    .size()
                            == 3;
                } catch (Exception e) {
                    return false;
                }
            });
            List<NewTopic> topics = new ArrayList<>();
            TopicManifestsTest.composeTopics()
                    .forEach((name, spec) -> topics.add(
                            new NewTopic(name, spec.partitions(), (short) spec.replicas()).configs(spec.config())));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }

        // Flink: a session cluster of one JobManager and two TaskManagers with two slots each.
        int restPort = freePort();
        Path conf = flinkConfig(restPort, freePort());
        java(
                List.of(
                        "-Xmx768m",
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        "--configDir",
                        conf.toString()),
                "jobmanager");
        List<Process> taskManagers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            taskManagers.add(java(
                    List.of(
                            "-Xmx512m",
                            "-XX:MaxDirectMemorySize=256m",
                            "-XX:MaxMetaspaceSize=256m",
                            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                            "--configDir",
                            conf.toString(),
                            "-D",
                            "taskmanager.resource-id=tm-" + i),
                    "taskmanager-" + i));
        }
        String flinkRest = "http://localhost:" + restPort;
        await(
                "2 TaskManagers",
                Duration.ofSeconds(90),
                () -> getJson(flinkRest + "/taskmanagers").path("taskmanagers").size() == 2);

        // The client builds the job graph with the cluster's configuration (checkpointing, restarts),
        // as `flink run` does with its config.yaml.
        Configuration clientConf = GlobalConfiguration.loadConfiguration(conf.toString());
        clientConf.set(RestOptions.ADDRESS, "localhost");
        clientConf.set(RestOptions.PORT, restPort);
        JobID jobId;
        try (RestClusterClient<StandaloneClusterId> client =
                new RestClusterClient<>(clientConf, StandaloneClusterId.getInstance())) {
            PackagedProgram program = PackagedProgram.newBuilder()
                    .setJarFile(jobJar.toFile())
                    .setEntryPointClassName("io.rapport.jobs.JobMain")
                    .setArguments("all", "--bootstrap", bootstrap)
                    .setConfiguration(clientConf)
                    .build();
            JobGraph graph = PackagedProgramUtils.createJobGraph(program, clientConf, 2, false);
            jobId = client.submitJob(graph).get(60, TimeUnit.SECONDS);
            await("job running", Duration.ofSeconds(90), () -> allTasksRunning(flinkRest, jobId));
            assertThat(client.getJobStatus(jobId).get()).isEqualTo(JobStatus.RUNNING);
        }

        // Two API instances from the runnable jar.
        int[] apiPorts = {freePort(), freePort()};
        for (int i = 0; i < 2; i++) {
            startProcess(
                    List.of(
                            javaBin(),
                            "-Xmx512m",
                            "-Dlog4j2.configurationFile=" + Manifests.DOCKER.resolve("log4j2.properties"),
                            "-jar",
                            apiJar.toString(),
                            "--port",
                            String.valueOf(apiPorts[i]),
                            "--bootstrap",
                            bootstrap),
                    "api-" + (i + 1));
        }
        List<String> apis = List.of("http://localhost:" + apiPorts[0], "http://localhost:" + apiPorts[1]);
        for (String api : apis) {
            await("API " + api + " ready", Duration.ofSeconds(90), () -> status(api + "/health/ready") == 200);
        }

        // Ingestion, with a broker and a TaskManager killed a third and two thirds of the way.
        Purchases purchases = Purchases.generate(new Random(42));
        List<ArrayNode> batches = purchases.batches();
        for (int b = 0; b < batches.size(); b++) {
            if (b == batches.size() / 3) {
                brokers.get(2).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            if (b == 2 * batches.size() / 3) {
                // Kill a TaskManager that runs part of the job, once a checkpoint has completed.
                await(
                        "a completed checkpoint",
                        Duration.ofSeconds(60),
                        () -> getJson(flinkRest + "/jobs/" + jobId + "/checkpoints")
                                        .path("counts")
                                        .path("completed")
                                        .asInt()
                                > 0);
                JsonNode victim = getJson(flinkRest + "/taskmanagers/tm-2");
                assertThat(victim.path("slotsNumber").asInt()
                                - victim.path("freeSlots").asInt())
                        .as("slots of tm-2 running the job")
                        .isPositive();
                taskManagers.get(1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            post(apis, b, batches.get(b));
        }

        // Afterwards both APIs serve exactly the recount.
        for (String api : apis) {
            await("exact counts on " + api, Duration.ofSeconds(180), () -> servesExactly(api, purchases));
        }
        for (String api : apis) {
            for (String item : purchases.buyersByItem().keySet()) {
                assertThat(getJson(api + "/v1/items/" + item + "/stats")
                                .path("purchases")
                                .asInt())
                        .as("buyers of %s on %s", item, api)
                        .isEqualTo(purchases.buyersByItem().get(item));
                assertThat(neighbours(api, item))
                        .as("neighbours of %s on %s", item, api)
                        .isEqualTo(purchases.coPurchases(item));
            }
        }
        assertThat(getJson(flinkRest + "/jobs/" + jobId).path("state").asText()).isEqualTo("RUNNING");
        // The job did fail over, and resumed from a checkpoint rather than from scratch.
        assertThat(getJson(flinkRest + "/jobs/" + jobId + "/exceptions")
                        .path("exceptionHistory")
                        .path("entries"))
                .isNotEmpty();
        assertThat(getJson(flinkRest + "/jobs/" + jobId + "/checkpoints")
                        .path("latest")
                        .path("restored")
                        .isObject())
                .as("restored from a checkpoint")
                .isTrue();
        assertThat(getJson(flinkRest + "/taskmanagers").path("taskmanagers").size())
                .isEqualTo(1);
    }

    /** Posts a batch, retrying on 503 or a refused connection on the other instance; at least once. */
    private void post(List<String> apis, int b, ArrayNode batch) throws Exception {
        String body = JSON.writeValueAsString(batch);
        Instant deadline = Instant.now().plusSeconds(120);
        for (int attempt = 0; ; attempt++) {
            String api = apis.get((b + attempt) % apis.size());
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(api + "/v1/events"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    return;
                }
                assertThat(r.statusCode()).as("POST batch %d: %s", b, r.body()).isEqualTo(503);
            } catch (IOException e) {
                // the instance is unreachable: try the other one
            }
            assertThat(Instant.now())
                    .as("batch %d accepted before the deadline", b)
                    .isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private boolean servesExactly(String api, Purchases purchases) {
        for (Map.Entry<String, Integer> e : purchases.buyersByItem().entrySet()) {
            JsonNode stats = getJson(api + "/v1/items/" + e.getKey() + "/stats");
            if (stats.path("purchases").asInt(-1) != e.getValue()
                    || !neighbours(api, e.getKey()).equals(purchases.coPurchases(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Integer> neighbours(String api, String item) {
        JsonNode answer = getJson(api + "/v1/items/" + item + "/also-bought?limit=100");
        Map<String, Integer> out = new TreeMap<>();
        if ("co-purchase".equals(answer.path("strategy").asText())) {
            answer.path("items")
                    .forEach(n -> out.put(
                            n.path("itemId").asText(), n.path("coPurchases").asInt()));
        }
        return out;
    }

    private boolean allTasksRunning(String flinkRest, JobID jobId) {
        JsonNode job = getJson(flinkRest + "/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return job.path("vertices").size() > 0;
    }

    private Path brokerConfig(int node, int[] brokerPorts, int[] controllerPorts) throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node));
        p.put(
                "controller.quorum.voters",
                "1@localhost:" + controllerPorts[0] + ",2@localhost:" + controllerPorts[1] + ",3@localhost:"
                        + controllerPorts[2]);
        p.put(
                "listeners",
                "PLAINTEXT://localhost:" + brokerPorts[node - 1] + ",CONTROLLER://localhost:"
                        + controllerPorts[node - 1]);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPorts[node - 1]);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", work.resolve("kafka-" + node + "-data").toString());
        p.put("offsets.topic.replication.factor", "3");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        Path file = work.resolve("kafka-" + node + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "Rapport cluster test, node " + node);
        }
        return file;
    }

    private Path flinkConfig(int restPort, int rpcPort) throws IOException {
        Path dir = work.resolve("flink-conf");
        Files.createDirectories(dir);
        String conf = String.join(
                "\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "jobmanager.memory.process.size: 1024m",
                // TaskManagerRunner started without Flink's scripts gets no derived memory options, so
                // every component is set explicitly (what bin/taskmanager.sh computes as dynamic options).
                "taskmanager.cpu.cores: 2",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 384m",
                "taskmanager.memory.managed.size: 128m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "taskmanager.numberOfTaskSlots: 2",
                "parallelism.default: 2",
                "taskmanager.load-balance.mode: slots",
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 10000",
                "execution.checkpointing.interval: 2 s",
                "execution.checkpointing.dir: " + work.resolve("checkpoints").toUri(),
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 1000",
                "restart-strategy.fixed-delay.delay: 2 s",
                "");
        Files.writeString(dir.resolve("config.yaml"), conf);
        Files.writeString(
                dir.resolve("log4j.properties"), Manifests.text(Manifests.DOCKER.resolve("log4j2.properties")));
        return dir;
    }

    private Process java(List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBin());
        command.add("-cp");
        command.add(classpath);
        command.add("-Dlog4j2.configurationFile=" + Manifests.DOCKER.resolve("log4j2.properties"));
        command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.addAll(args);
        return startProcess(command, name);
    }

    private Process startProcess(List<String> command, String name) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile())
                .start();
        started.add(p);
        return p;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(1000);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The purchases posted, with duplicates (the same eventId sent twice) and repeat purchases of
     * owned items, and their exact customer-level recount.
     */
    record Purchases(List<ObjectNode> events, Map<String, Set<String>> itemsByCustomer) {
        static Purchases generate(Random random) {
            List<ObjectNode> events = new ArrayList<>();
            Map<String, Set<String>> bought = new TreeMap<>();
            Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
            int n = 0;
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = "c-" + c;
                int orders = 1 + random.nextInt(3);
                for (int o = 0; o < orders; o++) {
                    ObjectNode e = JSON.createObjectNode();
                    e.put("eventId", "p-" + c + "-" + o);
                    e.put("type", "purchase");
                    e.put("customerId", customer);
                    e.put("timestamp", t0.plusSeconds(n++).toString());
                    e.put("orderId", "o-" + c + "-" + o);
                    ArrayNode items = e.putArray("items");
                    Set<String> basket = new TreeSet<>();
                    int size = 1 + random.nextInt(4);
                    while (basket.size() < size) {
                        basket.add("i-" + random.nextInt(ITEMS));
                    }
                    for (String item : basket) {
                        items.addObject()
                                .put("itemId", item)
                                .put("category", "cat-" + item.hashCode() % 3)
                                .put("price", 1.5)
                                .put("quantity", 1);
                    }
                    bought.computeIfAbsent(customer, k -> new TreeSet<>()).addAll(basket);
                    events.add(e);
                    if (random.nextInt(10) == 0) {
                        events.add(e.deepCopy());
                    }
                }
            }
            return new Purchases(events, bought);
        }

        List<ArrayNode> batches() {
            List<ArrayNode> out = new ArrayList<>();
            for (int i = 0; i < events.size(); i += BATCH) {
                ArrayNode batch = JSON.createArrayNode();
                events.subList(i, Math.min(events.size(), i + BATCH)).forEach(batch::add);
                out.add(batch);
            }
            return out;
        }

        Map<String, Integer> buyersByItem() {
            Map<String, Integer> buyers = new TreeMap<>();
            itemsByCustomer.values().forEach(items -> items.forEach(i -> buyers.merge(i, 1, Integer::sum)));
            return buyers;
        }

        Map<String, Integer> coPurchases(String item) {
            Map<String, Integer> pairs = new HashMap<>();
            for (Set<String> items : itemsByCustomer.values()) {
                if (items.contains(item)) {
                    items.stream()
                            .filter(other -> !other.equals(item))
                            .forEach(other -> pairs.merge(other, 1, Integer::sum));
                }
            }
            return new TreeMap<>(pairs);
        }
    }
}

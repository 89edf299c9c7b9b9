package io.rapport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.embedded.EmbeddedKafkaBroker;
import io.rapport.embedded.Ports;
import io.rapport.embedded.TopicSetup;
import io.rapport.jobs.copurchase.CoPurchaseJob;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.jobs.coview.CoViewJob;
import io.rapport.jobs.coview.CoViewSettings;
import io.rapport.jobs.kpi.KpiJob;
import io.rapport.jobs.kpi.KpiSettings;
import io.rapport.jobs.offer.MarketingTriggersJob;
import io.rapport.jobs.offer.OfferCountersJob;
import io.rapport.jobs.offer.OfferJobSettings;
import io.rapport.jobs.profile.ProfileJob;
import io.rapport.jobs.profile.ProfileSettings;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.offer.ContactCaps;
import io.rapport.sample.GroceriesSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Flink state size after a long replay: every job (co-purchase, profile, co-view, KPIs, offer
 * counters, marketing triggers) runs on the embedded broker with checkpoints, and the Groceries
 * sample is replayed into them pass after pass, each pass by new customers and {@value #SHIFT_DAYS}
 * days later in event time than the one before. Each basket is preceded by a view session of its
 * items (a minute apart), and every tenth customer sees an offer (every twentieth clicks it), so
 * the co-view, KPI and offer jobs hold state too.
 * Without retention every pass would add its customers' state for good; with the default
 * retention (365 days of event time) and the per-customer caps, a customer's state is cleared
 * about two passes later, so the state must stop growing after the first passes.
 *
 * <p>After each pass, once a job's checkpoint has committed offsets at the end of the log (so the
 * checkpoint holds the state after every event of the pass), the size of that complete checkpoint
 * on disk (hashmap state backend: a full snapshot) is recorded.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rapport.bench.StateSizeRun [passes, default 6]
 * </pre>
 */
public final class StateSizeRun {
    private static final int SHIFT_DAYS = 200;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    private static final long CATCH_UP_TIMEOUT_MILLIS = 300_000;
    private static final Duration REPLAY_TTL = Duration.ofSeconds(20);

    private StateSizeRun() {}

    /** Checkpoint bytes per job after each pass. */
    record Result(int passes, long eventsPerPass, Map<String, List<Long>> bytes) {

        /** Last pass over the largest earlier pass: about 1 or less once the state has plateaued. */
        double growthAfterPlateau(String job) {
            List<Long> b = bytes.get(job);
            if (b.size() < 2) {
                return Double.NaN;
            }
            long largestEarlier = b.subList(0, b.size() - 1).stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElseThrow();
            return b.get(b.size() - 1) / (double) largestEarlier;
        }

        String markdown() {
            StringBuilder s = new StringBuilder(String.format(
                    Locale.ROOT,
                    "The Groceries sample replayed %d times (%,d events a pass: each basket's purchase after a view "
                            + "session of its items, an offer impression every 10th and a click every 20th customer), "
                            + "each pass by new customers and %d days later in event time; retention 365 days, so each "
                            + "pass's customers expire about two passes later. Size of the complete checkpoint of each "
                            + "job after each pass (hashmap backend, full snapshot), KiB. The KPI job's processing-time "
                            + "TTLs (8 and 400 days) are scaled to %d s, as a pass takes well under a minute:%n%n",
                    passes,
                    eventsPerPass,
                    SHIFT_DAYS,
                    REPLAY_TTL.toSeconds()));
            s.append("| job |");
            for (int p = 1; p <= passes; p++) {
                s.append(" pass ").append(p).append(" |");
            }
            s.append(" last / largest earlier |\n|---|")
                    .append("---|".repeat(passes + 1))
                    .append("\n");
            bytes.forEach((job, sizes) -> {
                s.append("| ").append(job).append(" |");
                for (long b : sizes) {
                    s.append(String.format(Locale.ROOT, " %,.0f |", b / 1024.0));
                }
                s.append(String.format(Locale.ROOT, " %.2f× |%n", growthAfterPlateau(job)));
            });
            s.append(String.format(
                    Locale.ROOT,
                    "%nCustomers produced after pass p: p × %,d. The KPI job remembers a "
                            + "customer's day purchase panes for 760 days of event time (3.8 passes) and its scaled TTLs "
                            + "clean up lazily, so it levels off from about pass 4 and varies a little between passes.%n",
                    GroceriesSample.events(Instant.EPOCH).size()));
            return s.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 6).markdown());
        System.exit(0);
    }

    static Result run(int passes) throws Exception {
        Path dir = Files.createTempDirectory("rapport-state-size");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, Ports.free())) {
            String bootstrap = broker.bootstrapServers();
            TopicSetup.ensure(bootstrap, 2);
            Map<String, String> groups = new LinkedHashMap<>();
            Map<String, Consumer<StreamExecutionEnvironment>> pipelines = new LinkedHashMap<>();
            groups.put("co-purchase", CoPurchaseJob.GROUP_ID);
            pipelines.put(
                    "co-purchase",
                    env -> CoPurchaseJob.forKafka(bootstrap, CoPurchaseSettings.DEFAULTS)
                            .build(env));
            groups.put("profile", ProfileJob.GROUP_ID);
            pipelines.put(
                    "profile",
                    env -> ProfileJob.forKafka(bootstrap, ProfileSettings.DEFAULTS)
                            .build(env));
            groups.put("co-view", CoViewJob.GROUP_ID);
            pipelines.put(
                    "co-view",
                    env -> CoViewJob.forKafka(bootstrap, CoViewSettings.DEFAULTS)
                            .build(env));
            groups.put("kpis", KpiJob.GROUP_ID);
            pipelines.put(
                    "kpis",
                    env -> KpiJob.forKafka(bootstrap, replayKpiSettings()).build(env));
            groups.put("offer counters", OfferCountersJob.GROUP_ID);
            pipelines.put(
                    "offer counters",
                    env -> OfferCountersJob.forKafka(bootstrap, OfferJobSettings.DEFAULTS)
                            .build(env));
            groups.put("marketing triggers", MarketingTriggersJob.GROUP_ID);
            pipelines.put(
                    "marketing triggers",
                    env -> MarketingTriggersJob.forKafka(bootstrap, OfferJobSettings.DEFAULTS, ContactCaps.DEFAULTS)
                            .build(env));
            Map<String, JobClient> jobs = new LinkedHashMap<>();
            for (Map.Entry<String, Consumer<StreamExecutionEnvironment>> job : pipelines.entrySet()) {
                jobs.put(job.getKey(), start(dir.resolve(checkpointDir(job.getKey())), job.getValue()));
            }
            Map<String, List<Long>> bytes = new LinkedHashMap<>();
            long perPass = 0;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                for (int pass = 0; pass < passes; pass++) {
                    Instant end = Instant.now().minus(Duration.ofDays((long) SHIFT_DAYS * (passes - 1 - pass)));
                    perPass = produce(bootstrap, pass, end);
                    Map<TopicPartition, Long> ends = endOffsets(admin);
                    for (Map.Entry<String, String> job : groups.entrySet()) {
                        awaitCommitted(admin, job.getValue(), ends);
                        bytes.computeIfAbsent(job.getKey(), k -> new ArrayList<>())
                                .add(latestCheckpointBytes(dir.resolve(checkpointDir(job.getKey()))));
                    }
                }
            } finally {
                for (JobClient job : jobs.values()) {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            }
            return new Result(passes, perPass, bytes);
        }
    }

    /**
     * The KPI job's defaults, but with its two processing-time TTLs (a customer's seen eventIds, 8
     * days; their offer exposures, 400 days) scaled to {@link #REPLAY_TTL}: a pass covers 200 days
     * of event time in well under a minute of processing time, so unscaled TTLs could never take
     * effect within the run. Every other bound of the job is in event time and stays as it is.
     */
    static KpiSettings replayKpiSettings() {
        KpiSettings d = KpiSettings.DEFAULTS;
        return new KpiSettings(
                REPLAY_TTL,
                REPLAY_TTL,
                d.conversionWindow(),
                d.attributionWindow(),
                d.minutePaneRetention(),
                d.hourPaneRetention(),
                d.dayPaneRetention(),
                d.flushInterval(),
                d.outOfOrderness(),
                d.sourceIdleness());
    }

    private static String checkpointDir(String job) {
        return "ckpt-" + job.replace(' ', '-');
    }

    private static JobClient start(Path checkpoints, Consumer<StreamExecutionEnvironment> pipeline) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
        pipeline.accept(env);
        return env.executeAsync("state-size");
    }

    /** Pass {@code pass}: the sample by customers of this pass only, the last event at {@code end}. */
    private static long produce(String bootstrap, int pass, Instant end) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        List<String> sample = GroceriesSample.events(end);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            long events = 0;
            for (int row = 0; row < sample.size(); row++) {
                String customer = "pass" + pass + "-c-" + (row + 1);
                ObjectNode purchase = (ObjectNode) Json.mapper().readTree(sample.get(row));
                purchase.put("eventId", "pass" + pass + "-" + (row + 1));
                purchase.put("customerId", customer);
                List<ObjectNode> before = browsing(purchase, row, pass);
                for (ObjectNode event : before) {
                    producer.send(new ProducerRecord<>(Topics.EVENTS, customer, event.toString()));
                }
                producer.send(new ProducerRecord<>(Topics.EVENTS, customer, purchase.toString()));
                events += before.size() + 1;
            }
            producer.flush();
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The events of a purchase's customer before it: a view of each item, a minute apart and ending
     * a minute before the purchase, in one session; an offer impression for every tenth basket and a
     * click for every twentieth.
     */
    private static List<ObjectNode> browsing(ObjectNode purchase, int row, int pass) {
        long at = Instant.parse(purchase.get("timestamp").asText()).toEpochMilli();
        String customer = purchase.get("customerId").asText();
        String prefix = "pass" + pass + "-" + (row + 1);
        List<ObjectNode> events = new ArrayList<>();
        JsonNode items = purchase.get("items");
        for (int i = 0; i < items.size(); i++) {
            ObjectNode view = event(prefix + "-view-" + i, "view", customer, at - (items.size() - i) * 60_000L);
            view.put("sessionId", prefix + "-session");
            view.putArray("items")
                    .addObject()
                    .put("itemId", items.get(i).get("itemId").asText())
                    .put("category", items.get(i).get("category").asText());
            events.add(view);
        }
        if (row % 10 == 0) {
            events.add(event(prefix + "-impression", "offer_impression", customer, at - 30_000L)
                    .put("offerId", "birthday-drink"));
        }
        if (row % 20 == 0) {
            events.add(event(prefix + "-click", "offer_click", customer, at - 20_000L)
                    .put("offerId", "birthday-drink"));
        }
        return events;
    }

    private static ObjectNode event(String eventId, String type, String customer, long at) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("customerId", customer);
        e.put("timestamp", Instant.ofEpochMilli(at).toString());
        e.put("channel", "web");
        return e;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest =
                admin
                        .describeTopics(List.of(Topics.EVENTS))
                        .allTopicNames()
                        .get()
                        .get(Topics.EVENTS)
                        .partitions()
                        .stream()
                        .collect(Collectors.toMap(
                                p -> new TopicPartition(Topics.EVENTS, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(latest).all().get().entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    /** Waits until the group's committed offsets (committed when a checkpoint completes) reach {@code ends}. */
    private static void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        long deadline = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MILLIS;
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            boolean caughtUp = ends.entrySet().stream()
                    .allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue());
            if (caughtUp) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(group + " did not catch up: " + committed + " vs " + ends);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Retries while Flink removes an older checkpoint during the walk (at most 2 are retained). */
    private static long latestCheckpointBytes(Path root) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return newestCheckpointBytes(root);
            } catch (UncheckedIOException | IOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Bytes of the newest complete checkpoint ({@code chk-N} holding {@code _metadata}) under {@code root}. */
    private static long newestCheckpointBytes(Path root) throws IOException {
        Optional<Path> newest;
        try (Stream<Path> files =
                Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            newest = files.map(Path::getParent)
                    .max(Comparator.comparingLong(
                            p -> Long.parseLong(p.getFileName().toString().substring(4))));
        }
        Path chk = newest.orElseThrow(() -> new IllegalStateException("no checkpoint under " + root));
        try (Stream<Path> files = Files.walk(chk)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }
}

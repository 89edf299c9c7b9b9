package io.rapport.bench;

import io.rapport.embedded.EmbeddedKafkaBroker;
import io.rapport.embedded.Ports;
import io.rapport.embedded.TopicSetup;
import io.rapport.jobs.copurchase.CoPurchaseJob;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.jobs.profile.ProfileJob;
import io.rapport.jobs.profile.ProfileSettings;
import io.rapport.kafka.Topics;
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
 * Flink state size after a long replay: the co-purchase and profile jobs run on the embedded
 * broker with checkpoints, and the Groceries sample is replayed into them pass after pass, each
 * pass by new customers and {@value #SHIFT_DAYS} days later in event time than the one before.
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

    private StateSizeRun() {}

    /** Checkpoint bytes per job after each pass. */
    record Result(int passes, long eventsPerPass, Map<String, List<Long>> bytes) {

        /** Last pass over the largest earlier pass: ≤ ~1 when the state has plateaued. */
        double growthAfterPlateau(String job) {
            List<Long> b = bytes.get(job);
            return b.size() < 3 ? Double.NaN : b.get(b.size() - 1) / (double) b.get(2);
        }

        String markdown() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "The Groceries sample (%,d purchases) replayed %d times, each pass by new customers and %d days later "
                            + "in event time; retention 365 days, so each pass's customers expire about two passes "
                            + "later. Size of the complete checkpoint after each pass (hashmap backend, full snapshot), KiB:%n%n",
                    eventsPerPass, passes, SHIFT_DAYS));
            s.append("| job |");
            for (int p = 1; p <= passes; p++) {
                s.append(" pass ").append(p).append(" |");
            }
            s.append(" last / pass 3 |\n|---|").append("---|".repeat(passes + 1)).append("\n");
            bytes.forEach((job, sizes) -> {
                s.append("| ").append(job).append(" |");
                for (long b : sizes) {
                    s.append(String.format(Locale.ROOT, " %,.0f |", b / 1024.0));
                }
                s.append(String.format(Locale.ROOT, " %.2f× |%n", growthAfterPlateau(job)));
            });
            s.append(String.format(Locale.ROOT, "%nCustomers produced after pass p: p × %,d.%n", eventsPerPass));
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
            groups.put("co-purchase", CoPurchaseJob.GROUP_ID);
            groups.put("profile", ProfileJob.GROUP_ID);
            Map<String, JobClient> jobs = new LinkedHashMap<>();
            jobs.put("co-purchase", start(dir.resolve("ckpt-co-purchase"),
                    env -> CoPurchaseJob.forKafka(bootstrap, CoPurchaseSettings.DEFAULTS).build(env)));
            jobs.put("profile", start(dir.resolve("ckpt-profile"),
                    env -> ProfileJob.forKafka(bootstrap, ProfileSettings.DEFAULTS).build(env)));
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
                                .add(latestCheckpointBytes(dir.resolve("ckpt-" + job.getKey())));
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
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int row = 0; row < sample.size(); row++) {
                String customer = "pass" + pass + "-c-" + (row + 1);
                String event = sample.get(row)
                        .replace("\"grocery-" + (row + 1) + "\"", "\"pass" + pass + "-" + (row + 1) + "\"")
                        .replace("\"grocery-c-" + (row + 1) + "\"", "\"" + customer + "\"");
                producer.send(new ProducerRecord<>(Topics.EVENTS, customer, event));
            }
            producer.flush();
        }
        return sample.size();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames().get()
                .get(Topics.EVENTS).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.EVENTS, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(latest).all().get().entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    /** Waits until the group's committed offsets (committed when a checkpoint completes) reach {@code ends}. */
    private static void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        long deadline = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MILLIS;
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            boolean caughtUp = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
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
        try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            newest = files.map(Path::getParent)
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))));
        }
        Path chk = newest.orElseThrow(() -> new IllegalStateException("no checkpoint under " + root));
        try (Stream<Path> files = Files.walk(chk)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }
}

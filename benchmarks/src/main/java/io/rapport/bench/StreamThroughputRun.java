package io.rapport.bench;

import io.rapport.embedded.EmbeddedKafkaBroker;
import io.rapport.embedded.Ports;
import io.rapport.embedded.TopicSetup;
import io.rapport.jobs.copurchase.CoPurchaseJob;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.jobs.kafka.KafkaConnectors;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.profile.ProfileJob;
import io.rapport.jobs.profile.ProfileSettings;
import io.rapport.kafka.Topics;
import io.rapport.sample.GroceriesSample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stream throughput on the embedded broker, all in one run: the co-purchase and profile jobs against
 * a pass-through Flink job (Kafka → Kafka, no state), and the pass-through job against a raw Kafka
 * consumer reading the same topic.
 *
 * <p>The event log holds the Groceries sample several times over, spread over fewer customers so
 * that customers have several baskets. Each Flink job reads it with a bounded Kafka source, so its
 * net runtime (from the JobManager, job start-up included) gives events per second.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rapport.bench.StreamThroughputRun [copies, default 10]
 * </pre>
 */
public final class StreamThroughputRun {
    private static final int CUSTOMERS = 20_000;

    private StreamThroughputRun() {}

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 10));
    }

    /** Produces {@code copies} × 9,835 purchases and measures every reader; returns a Markdown table. */
    static String run(int copies) throws Exception {
        Path dir = Files.createTempDirectory("rapport-stream-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, Ports.free())) {
            String bootstrap = broker.bootstrapServers();
            TopicSetup.ensure(bootstrap, 2);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("passthrough", 2, (short) 1))).all().get();
            }
            long events = produce(bootstrap, copies);
            List<String[]> rows = new ArrayList<>();
            double raw = events / rawConsumer(bootstrap, events);
            rows.add(row("raw Kafka consumer", raw, raw, "-"));
            double pass = events / flink(env -> env.fromSource(boundedSource(bootstrap), WatermarkStrategy.noWatermarks(), "events")
                    .map(v -> new TopicRecord(null, v.getBytes(StandardCharsets.UTF_8)), TypeInformation.of(TopicRecord.class))
                    .sinkTo(KafkaConnectors.sink(bootstrap, "passthrough")));
            rows.add(row("pass-through Flink job", pass, raw, "1.00×"));
            double coPurchase = events / flink(env -> new CoPurchaseJob(boundedSource(bootstrap),
                    KafkaConnectors.sink(bootstrap, Topics.ITEMS), KafkaConnectors.sink(bootstrap, Topics.CUSTOMER_ITEMS),
                    KafkaConnectors.sink(bootstrap, Topics.TOTALS), KafkaConnectors.sink(bootstrap, Topics.DEAD_LETTERS),
                    CoPurchaseSettings.DEFAULTS).build(env));
            rows.add(row("co-purchase job", coPurchase, raw, ratio(coPurchase, pass)));
            double profiles = events / flink(env -> new ProfileJob(boundedSource(bootstrap),
                    KafkaConnectors.sink(bootstrap, Topics.PROFILES), ProfileSettings.DEFAULTS).build(env));
            rows.add(row("profile job", profiles, raw, ratio(profiles, pass)));
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "%,d purchase events (%d copies of the Groceries sample over %,d customers), Flink parallelism 1%n%n",
                    events, copies, CUSTOMERS));
            s.append("| reader | events/s | vs raw consumer | vs pass-through job |\n|---|---|---|---|\n");
            for (String[] r : rows) {
                s.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            return s.toString();
        }
    }

    private static String[] row(String name, double rate, double raw, String vsPass) {
        return new String[] {name, String.format(Locale.ROOT, "%,.0f", rate), ratio(rate, raw), vsPass};
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static long produce(String bootstrap, int copies) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        List<String> sample = GroceriesSample.events(Instant.now());
        long n = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int copy = 0; copy < copies; copy++) {
                for (int row = 0; row < sample.size(); row++) {
                    String customer = "bench-c-" + ((row * 7919L + copy) % CUSTOMERS);
                    String event = sample.get(row)
                            .replace("\"grocery-" + (row + 1) + "\"", "\"bench-" + copy + "-" + (row + 1) + "\"")
                            .replace("\"grocery-c-" + (row + 1) + "\"", "\"" + customer + "\"");
                    producer.send(new ProducerRecord<>(Topics.EVENTS, customer, event));
                    n++;
                }
            }
            producer.flush();
        }
        return n;
    }

    /** Seconds for a plain consumer to read the whole event log. */
    private static double rawConsumer(String bootstrap, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long read = 0;
            while (read < expected) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Seconds of net runtime of a bounded Flink job on a local cluster. */
    private static double flink(Consumer<StreamExecutionEnvironment> pipeline) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(5));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        pipeline.accept(env);
        JobExecutionResult result = env.execute("stream-throughput");
        return result.getNetRuntime() / 1000.0;
    }

    private static KafkaSource<String> boundedSource(String bootstrap) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(Topics.EVENTS)
                .setGroupId("bench-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
    }
}

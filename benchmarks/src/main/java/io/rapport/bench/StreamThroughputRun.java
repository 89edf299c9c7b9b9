package io.rapport.bench;

import io.rapport.embedded.EmbeddedKafkaBroker;
import io.rapport.embedded.Ports;
import io.rapport.embedded.TopicSetup;
import io.rapport.jobs.copurchase.CoPurchaseJob;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.jobs.kafka.EventValueSchema;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
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
 * that customers have several baskets. Each Flink job reads it with a bounded Kafka source at
 * parallelism 1. The figure compared is the <em>steady-state</em> rate: records emitted by the
 * source (Flink's own {@code numRecordsOut}, read through {@link SourceProgress}) between the
 * moments 20% and 90% of the log had been read, so the few seconds Flink takes to deploy a job
 * and the final flush are left out; the raw consumer, once connected and warmed up by a first
 * read, is timed over three more reads of the whole log.
 * The whole-run rate (net job runtime, start-up included) is reported next to it. Every reader is
 * measured {@code repeats} times in turn, and each ratio is the median of the per-round ratios.
 * A first round of every reader is not measured: in a cold JVM the JIT compiler used 40–70 % of
 * one of the two cores throughout the jobs' runs (Flink's and Kafka's code paths are large), so
 * the first round measured compilation as much as the jobs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rapport.bench.StreamThroughputRun [copies, default 10] [repeats, default 1] [jobs]
 * </pre>
 *
 * <p>{@code jobs} (e.g. {@code co-purchase}) measures only the named jobs, comma-separated, next to the
 * two baselines — for profiling one job; the default measures both.
 */
public final class StreamThroughputRun {
    private static final int CUSTOMERS = 20_000;
    private static final double FROM = 0.2;
    private static final double TO = 0.9;
    private static final int RAW_READS = 3;
    static final String RAW = "raw Kafka consumer";
    static final String PASS = "pass-through Flink job";
    static final String CO_PURCHASE = "co-purchase job";
    static final String PROFILE = "profile job";

    private StreamThroughputRun() {}

    /** One reader's rates in one round, events per second. */
    record Rate(double steady, double whole) {}

    /** All rounds of all readers, in the order measured. */
    record Result(long events, int copies, Map<String, List<Rate>> rates) {

        /** The per-round ratios of {@code reader}'s steady rate to {@code baseline}'s. */
        Spread ratio(String reader, String baseline) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < rates.get(reader).size(); i++) {
                r.add(rates.get(reader).get(i).steady()
                        / rates.get(baseline).get(i).steady());
            }
            return Spread.of(r);
        }

        private Spread steady(String reader) {
            return Spread.of(rates.get(reader).stream().map(Rate::steady).toList());
        }

        private Spread wholeRatio(String reader, String baseline) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < rates.get(reader).size(); i++) {
                r.add(rates.get(reader).get(i).whole()
                        / rates.get(baseline).get(i).whole());
            }
            return Spread.of(r);
        }

        String markdown() {
            int rounds = rates.get(RAW).size();
            StringBuilder s = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%,d purchase events (%d copies of the Groceries sample over %,d customers), Flink parallelism 1, "
                            + "%d round%s after an unmeasured warm-up round; steady state = a Flink job's source rate between %.0f%% and %.0f%% of the log "
                            + "(start-up excluded), the raw consumer's rate over 3 whole reads after a warm-up read; "
                            + "median (min–max) over the rounds%n%n",
                    events,
                    copies,
                    CUSTOMERS,
                    rounds,
                    rounds == 1 ? "" : "s",
                    FROM * 100,
                    TO * 100));
            s.append("| reader | steady events/s | vs raw consumer | vs pass-through job "
                    + "| whole run incl. start-up, vs pass-through |\n|---|---|---|---|---|\n");
            for (String reader : rates.keySet()) {
                boolean flink = !reader.equals(RAW);
                s.append("| ")
                        .append(reader)
                        .append(" | ")
                        .append(steady(reader).format("%,.0f", ""))
                        .append(" | ")
                        .append(ratio(reader, RAW).ratio())
                        .append(" | ")
                        .append(flink ? ratio(reader, PASS).ratio() : "-")
                        .append(" | ")
                        .append(flink ? wholeRatio(reader, PASS).ratio() : "-")
                        .append(" |\n");
            }
            return s.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<String> jobs = new ArrayList<>();
        for (String job : (args.length > 2 ? args[2] : "co-purchase,profile").split(",")) {
            String reader = job + " job";
            if (!reader.equals(CO_PURCHASE) && !reader.equals(PROFILE)) {
                throw new IllegalArgumentException("unknown job '" + job + "': use co-purchase or profile");
            }
            jobs.add(reader);
        }
        System.out.println(run(copies, repeats, jobs).markdown());
    }

    /** Produces {@code copies} × 9,835 purchases once and measures every reader {@code repeats} times. */
    static Result run(int copies, int repeats) throws Exception {
        return run(copies, repeats, List.of(CO_PURCHASE, PROFILE));
    }

    private static Result run(int copies, int repeats, List<String> jobs) throws Exception {
        Path dir = Files.createTempDirectory("rapport-stream-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, Ports.free())) {
            String bootstrap = broker.bootstrapServers();
            TopicSetup.ensure(bootstrap, 2);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("passthrough", 2, (short) 1)))
                        .all()
                        .get();
            }
            long events = produce(bootstrap, copies);
            Map<String, List<Rate>> rates = new LinkedHashMap<>();
            rates.put(RAW, new ArrayList<>());
            rates.put(PASS, new ArrayList<>());
            for (String job : jobs) {
                rates.put(job, new ArrayList<>());
            }
            for (int round = -1; round < repeats; round++) {
                Map<String, Rate> measured = round(bootstrap, events, jobs);
                if (round >= 0) { // round -1 warms the JIT up and is not reported
                    measured.forEach((reader, rate) -> rates.get(reader).add(rate));
                }
            }
            return new Result(events, copies, rates);
        }
    }

    /** Every reader once, in turn. */
    private static Map<String, Rate> round(String bootstrap, long events, List<String> jobs) throws Exception {
        Map<String, Rate> rates = new LinkedHashMap<>();
        rates.put(RAW, rawConsumer(bootstrap, events));
        rates.put(
                PASS,
                flink(
                        events,
                        env -> env.fromSource(
                                        boundedSource(bootstrap),
                                        WatermarkStrategy.noWatermarks(),
                                        SourceProgress.SOURCE_NAME)
                                .map(
                                        v -> new TopicRecord(null, v.getBytes(StandardCharsets.UTF_8)),
                                        TypeInformation.of(TopicRecord.class))
                                .sinkTo(KafkaConnectors.sink(bootstrap, "passthrough"))));
        if (jobs.contains(CO_PURCHASE)) {
            rates.put(
                    CO_PURCHASE,
                    flink(
                            events,
                            env -> new CoPurchaseJob(
                                            boundedSource(bootstrap),
                                            KafkaConnectors.sink(bootstrap, Topics.ITEMS),
                                            KafkaConnectors.sink(bootstrap, Topics.CUSTOMER_ITEMS),
                                            KafkaConnectors.sink(bootstrap, Topics.TOTALS),
                                            KafkaConnectors.sink(bootstrap, Topics.DEAD_LETTERS),
                                            CoPurchaseSettings.DEFAULTS)
                                    .build(env)));
        }
        if (jobs.contains(PROFILE)) {
            rates.put(
                    PROFILE,
                    flink(
                            events,
                            env -> new ProfileJob(
                                            boundedSource(bootstrap),
                                            KafkaConnectors.sink(bootstrap, Topics.PROFILES),
                                            ProfileSettings.DEFAULTS)
                                    .build(env)));
        }
        return rates;
    }

    private static long produce(String bootstrap, int copies) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        List<String> sample = GroceriesSample.events(Instant.now());
        long n = 0;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
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

    /**
     * A plain consumer reading the whole event log: one read to connect and warm up, then
     * {@value #RAW_READS} timed reads (the log is read in well under a second, too short to time a
     * share of it reliably). The whole-run rate includes the first read.
     */
    private static Rate rawConsumer(String bootstrap, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(partitions);
            long start = System.nanoTime();
            readAll(consumer, partitions, expected);
            long warm = System.nanoTime();
            for (int read = 0; read < RAW_READS; read++) {
                readAll(consumer, partitions, expected);
            }
            long end = System.nanoTime();
            return new Rate(
                    expected * RAW_READS / ((end - warm) / 1e9), expected * (RAW_READS + 1) / ((end - start) / 1e9));
        }
    }

    private static void readAll(
            KafkaConsumer<String, String> consumer, List<TopicPartition> partitions, long expected) {
        consumer.seekToBeginning(partitions);
        long read = 0;
        while (read < expected) {
            read += consumer.poll(Duration.ofMillis(200)).count();
        }
    }

    /** Runs a bounded Flink job on a local cluster, sampling its source's progress until it ends. */
    private static Rate flink(long events, Consumer<StreamExecutionEnvironment> pipeline) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(5));
        SourceProgress.enable(conf);
        SourceProgress.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        pipeline.accept(env);
        JobClient job = env.executeAsync("stream-throughput");
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        Window window = new Window(events);
        while (!result.isDone()) {
            window.sample(SourceProgress.emitted(), System.nanoTime());
            TimeUnit.MILLISECONDS.sleep(10);
        }
        double net = result.get().getNetRuntime() / 1000.0;
        return new Rate(window.rate(), events / net);
    }

    /** The rate between the first samples at or past {@link #FROM} and {@link #TO} of the records. */
    private static final class Window {
        private final long total;
        private long fromCount = -1;
        private long fromNanos;
        private long toCount = -1;
        private long toNanos;

        Window(long total) {
            this.total = total;
        }

        void sample(long count, long nanos) {
            if (fromCount < 0 && count >= FROM * total) {
                fromCount = count;
                fromNanos = nanos;
            }
            if (toCount < 0 && count >= TO * total) {
                toCount = count;
                toNanos = nanos;
            }
        }

        double rate() {
            if (fromCount < 0 || toCount <= fromCount) {
                throw new IllegalStateException("too few samples for a steady-state rate (" + fromCount + ", " + toCount
                        + " of " + total + ")");
            }
            return (toCount - fromCount) / ((toNanos - fromNanos) / 1e9);
        }
    }

    private static KafkaSource<String> boundedSource(String bootstrap) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(Topics.EVENTS)
                .setGroupId("bench-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new EventValueSchema())
                .build();
    }
}

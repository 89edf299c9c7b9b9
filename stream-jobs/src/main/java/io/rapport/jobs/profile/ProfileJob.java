package io.rapport.jobs.profile;

import io.rapport.jobs.ingest.CustomerEvent;
import io.rapport.jobs.ingest.EventTimeWatermarks;
import io.rapport.jobs.ingest.ParseCustomerEventsFunction;
import io.rapport.jobs.kafka.KafkaConnectors;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Topics;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The profile job: reads raw events and publishes one {@code CustomerProfile} per customer (orders,
 * value, affinities, recent items, cart, attributes, feedback, journey stage) on a compacted topic,
 * with tombstones for erased and expired customers.
 *
 * <pre>
 * events ─▶ parse ─▶ watermarks ─▶ keyBy customer: ProfileFunction ─▶ profiles
 * </pre>
 *
 * <p>The job holds its source and sink, so tests pass bounded test connectors and deployments pass
 * Kafka ({@link #forKafka}); {@link #build} only wires them into an environment, which the caller
 * executes. Invalid events are counted here and dead-lettered by the co-purchase job, which reads
 * the same topic. Every operator has a stable uid ({@code profile-*}).
 */
public final class ProfileJob {
    /** Consumer group of the job's Kafka source. */
    public static final String GROUP_ID = "rapport-profiles";

    private final Source<String, ?, ?> events;
    private final Sink<TopicRecord> profiles;
    private final ProfileSettings settings;

    /**
     * @param events raw event JSON, one event per record
     * @param profiles {@code CustomerProfile}s keyed by customerId, tombstones for erased or expired ones
     */
    public ProfileJob(Source<String, ?, ?> events, Sink<TopicRecord> profiles, ProfileSettings settings) {
        this.events = Objects.requireNonNull(events, "events");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The job on Kafka: reads {@link Topics#EVENTS} as group {@link #GROUP_ID} from the start (a restore resumes
     * at the offsets of its state) and writes {@link Topics#PROFILES} at least once.
     */
    public static ProfileJob forKafka(String bootstrapServers, ProfileSettings settings) {
        return new ProfileJob(
                KafkaConnectors.stringSource(bootstrapServers, Topics.EVENTS, GROUP_ID),
                KafkaConnectors.sink(bootstrapServers, Topics.PROFILES),
                settings);
    }

    /** Adds the job's pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        env.fromSource(events, WatermarkStrategy.noWatermarks(), "profile events", Types.STRING)
                .uid("profile-events")
                .process(new ParseCustomerEventsFunction())
                .name("parse customer events")
                .uid("profile-parse")
                .assignTimestampsAndWatermarks(watermarks())
                .name("profile watermarks")
                .uid("profile-watermarks")
                .keyBy(event -> event.customerId, Types.STRING)
                .process(new ProfileFunction(settings))
                .name("profiles")
                .uid("profile-profiles")
                .sinkTo(profiles)
                .name("profiles sink")
                .uid("profile-profiles-sink");
    }

    private WatermarkStrategy<CustomerEvent> watermarks() {
        return EventTimeWatermarks.of(
                settings.outOfOrderness(), settings.sourceIdleness(), (event, previous) -> event.timestamp);
    }

    /**
     * Runs the job against a Kafka cluster: {@code --bootstrap host:port[,host:port]}. Checkpointing
     * is configured by the Flink cluster ({@code execution.checkpointing.interval}).
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(params.getRequired("bootstrap"), ProfileSettings.DEFAULTS).build(env);
        env.execute("rapport-profiles");
    }
}

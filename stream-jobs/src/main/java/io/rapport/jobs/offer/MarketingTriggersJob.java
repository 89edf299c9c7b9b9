package io.rapport.jobs.offer;

import io.rapport.jobs.ingest.EventTimeWatermarks;
import io.rapport.jobs.kafka.EventValueSchema;
import io.rapport.jobs.kafka.KafkaConnectors;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Topics;
import io.rapport.offer.ContactCaps;
import io.rapport.profile.SegmentRules;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The marketing triggers job: abandoned cart, win-back and birthday offers fired on event-time
 * timers and written as {@code MarketingAction}s to the {@code actions} topic for outbound channels
 * (see {@link MarketingTriggersFunction} for the rules).
 *
 * <pre>
 * events ─▶ parse ─▶ watermarks ─▶ keyBy customer ─┐
 * offers (catalogue) ─▶ broadcast ─────────────────┴▶ MarketingTriggersFunction ─┬─▶ actions
 *                                                                               └─▶ holdout markers ─▶ events
 * </pre>
 *
 * The catalogue input is marked idle after {@value #CATALOGUE_IDLENESS_SECONDS} s without records,
 * so that a catalogue that rarely changes never holds back the event-time clock.
 */
public final class MarketingTriggersJob {
    /** Consumer group of the job's Kafka sources. */
    public static final String GROUP_ID = "rapport-marketing-triggers";

    static final int CATALOGUE_IDLENESS_SECONDS = 5;

    private final Source<String, ?, ?> events;
    private final Source<String, ?, ?> offers;
    private final Sink<TopicRecord> actions;
    private final Sink<TopicRecord> holdoutMarkers;
    private final OfferJobSettings settings;
    private final ContactCaps caps;
    private final String segmentRules;

    /**
     * @param events raw event JSON
     * @param offers the {@code offers} topic's values: {@code OfferCatalogue} JSON
     * @param actions {@code MarketingAction} keyed by customerId
     * @param holdoutMarkers {@code offer_impression} events with {@code "holdout": true}, keyed by customerId
     */
    public MarketingTriggersJob(
            Source<String, ?, ?> events,
            Source<String, ?, ?> offers,
            Sink<TopicRecord> actions,
            Sink<TopicRecord> holdoutMarkers,
            OfferJobSettings settings,
            ContactCaps caps) {
        this(events, offers, actions, holdoutMarkers, settings, caps, SegmentRules.DEFAULT_TEXT);
    }

    /**
     * @param segmentRules the API's named segments ({@code SegmentRules} text), so that an offer's
     *     segment names mean the same at trigger time as on next-best-actions
     */
    public MarketingTriggersJob(
            Source<String, ?, ?> events,
            Source<String, ?, ?> offers,
            Sink<TopicRecord> actions,
            Sink<TopicRecord> holdoutMarkers,
            OfferJobSettings settings,
            ContactCaps caps,
            String segmentRules) {
        this.segmentRules = Objects.requireNonNull(segmentRules, "segmentRules");
        this.events = Objects.requireNonNull(events, "events");
        this.offers = Objects.requireNonNull(offers, "offers");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.holdoutMarkers = Objects.requireNonNull(holdoutMarkers, "holdoutMarkers");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.caps = Objects.requireNonNull(caps, "caps");
    }

    /**
     * Reads {@link Topics#EVENTS} and {@link Topics#OFFERS}; writes {@link Topics#ACTIONS} and the
     * holdout markers back to {@link Topics#EVENTS} (which this job and the offer counters ignore).
     * The named segments are {@code RAPPORT_SEGMENTS} when set (as for the API), else the defaults.
     */
    public static MarketingTriggersJob forKafka(String bootstrapServers, OfferJobSettings settings, ContactCaps caps) {
        return new MarketingTriggersJob(
                KafkaConnectors.stringSource(bootstrapServers, Topics.EVENTS, GROUP_ID),
                // Always the whole compacted topic: the catalogue must be known even without restored state.
                KafkaSource.<String>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(Topics.OFFERS)
                        .setGroupId(GROUP_ID)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new EventValueSchema())
                        .build(),
                KafkaConnectors.sink(bootstrapServers, Topics.ACTIONS),
                KafkaConnectors.sink(bootstrapServers, Topics.EVENTS),
                settings,
                caps,
                System.getenv().getOrDefault("RAPPORT_SEGMENTS", SegmentRules.DEFAULT_TEXT));
    }

    /** Adds the job's pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        BroadcastStream<String> catalogue = env.fromSource(
                        offers,
                        WatermarkStrategy.<String>forMonotonousTimestamps()
                                .withIdleness(Duration.ofSeconds(CATALOGUE_IDLENESS_SECONDS)),
                        "offers",
                        Types.STRING)
                .uid("triggers-offers")
                .broadcast(MarketingTriggersFunction.CATALOGUE);
        SingleOutputStreamOperator<TopicRecord> fired = env.fromSource(
                        events, WatermarkStrategy.noWatermarks(), "events", Types.STRING)
                .uid("triggers-events")
                .process(new ParseTriggerEventsFunction())
                .name("parse trigger events")
                .uid("triggers-parse")
                .assignTimestampsAndWatermarks(EventTimeWatermarks.<TriggerEvent>of(
                        settings.outOfOrderness(), settings.sourceIdleness(), (e, previous) -> e.timestamp))
                .name("watermarks")
                .uid("triggers-watermarks")
                .keyBy(e -> e.customerId, Types.STRING)
                .connect(catalogue)
                .process(new MarketingTriggersFunction(caps, segmentRules))
                .name("marketing triggers")
                .uid("triggers-fire");
        fired.sinkTo(actions).name("actions sink").uid("triggers-actions-sink");
        fired.getSideOutput(MarketingTriggersFunction.HOLDOUT_MARKERS)
                .sinkTo(holdoutMarkers)
                .name("holdout markers sink")
                .uid("triggers-holdout-sink");
    }

    /**
     * Runs the job against a Kafka cluster: {@code --bootstrap host:port[,host:port]}; the contact
     * caps are {@code RAPPORT_CONTACTS_PER_DAY} and {@code RAPPORT_CONTACTS_PER_WEEK} where {@code
     * main} runs (as for the API), else the defaults.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(
                        params.getRequired("bootstrap"),
                        OfferJobSettings.DEFAULTS,
                        ContactCaps.fromEnvironment(System.getenv()))
                .build(env);
        env.execute("rapport-marketing-triggers");
    }
}

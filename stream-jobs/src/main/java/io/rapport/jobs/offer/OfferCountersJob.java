package io.rapport.jobs.offer;

import io.rapport.jobs.ingest.EventTimeWatermarks;
import io.rapport.jobs.kafka.KafkaConnectors;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Topics;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The offer counters job: turns offer outcome events into what the next-best-action engine needs,
 * whichever way the events arrived (through the API or straight onto Kafka).
 *
 * <pre>
 * events ─▶ parse offer outcomes ─▶ watermarks ─┬─▶ keyBy customer: ContactHistoryFunction ─▶ contact-counts
 *                                               └─▶ keyBy customer: OfferResponsesFunction
 *                                                   ─▶ keyBy offer: OfferStatsFunction ─▶ offer-stats
 * </pre>
 *
 * Contact caps count impressions per customer per day; propensities count impressions and
 * redemptions per offer and per segment, as the sum of every customer's contribution, so an erase
 * subtracts exactly what the customer added. Both are counted here, in event time with eventIds deduplicated, rather
 * than in the API, because impressions may be produced directly to Kafka and every API instance
 * must see the same counts. Stable uids on every operator.
 */
public final class OfferCountersJob {
    /** Consumer group of the job's Kafka source. */
    public static final String GROUP_ID = "rapport-offer-counters";

    private final Source<String, ?, ?> events;
    private final Sink<TopicRecord> contactCounts;
    private final Sink<TopicRecord> offerStats;
    private final OfferJobSettings settings;

    /**
     * @param events raw event JSON, one event per record
     * @param contactCounts {@code ContactHistory} keyed by customerId, tombstones when empty or erased
     * @param offerStats {@code OfferStats} keyed by offerId
     */
    public OfferCountersJob(
            Source<String, ?, ?> events,
            Sink<TopicRecord> contactCounts,
            Sink<TopicRecord> offerStats,
            OfferJobSettings settings) {
        this.events = Objects.requireNonNull(events, "events");
        this.contactCounts = Objects.requireNonNull(contactCounts, "contactCounts");
        this.offerStats = Objects.requireNonNull(offerStats, "offerStats");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Reads {@link Topics#EVENTS} as {@link #GROUP_ID}; writes {@link Topics#CONTACT_COUNTS} and {@link Topics#OFFER_STATS}. */
    public static OfferCountersJob forKafka(String bootstrapServers, OfferJobSettings settings) {
        return new OfferCountersJob(
                KafkaConnectors.stringSource(bootstrapServers, Topics.EVENTS, GROUP_ID),
                KafkaConnectors.sink(bootstrapServers, Topics.CONTACT_COUNTS),
                KafkaConnectors.sink(bootstrapServers, Topics.OFFER_STATS),
                settings);
    }

    /** Adds the job's pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<OfferOutcome> outcomes = env.fromSource(
                        events, WatermarkStrategy.noWatermarks(), "events", Types.STRING)
                .uid("offers-events")
                .process(new ParseOfferOutcomesFunction())
                .name("parse offer outcomes")
                .uid("offers-parse")
                .assignTimestampsAndWatermarks(EventTimeWatermarks.<OfferOutcome>of(
                        settings.outOfOrderness(), settings.sourceIdleness(), (o, previous) -> o.timestamp))
                .name("watermarks")
                .uid("offers-watermarks")
                .filter(OfferOutcome::counts)
                .name("offer outcomes and erasures")
                .uid("offers-counted");
        outcomes.keyBy(o -> o.customerId, Types.STRING)
                .process(new ContactHistoryFunction())
                .name("contact history")
                .uid("offers-contact-history")
                .sinkTo(contactCounts)
                .name("contact counts sink")
                .uid("offers-contact-counts-sink");
        outcomes.keyBy(o -> o.customerId, Types.STRING)
                .process(new OfferResponsesFunction(settings))
                .name("offer responses")
                .uid("offers-responses")
                .keyBy(d -> d.offerId, Types.STRING)
                .process(new OfferStatsFunction(settings))
                .name("offer stats")
                .uid("offers-stats")
                .sinkTo(offerStats)
                .name("offer stats sink")
                .uid("offers-stats-sink");
    }

    /** Runs the job against a Kafka cluster: {@code --bootstrap host:port[,host:port]}. */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(params.getRequired("bootstrap"), OfferJobSettings.DEFAULTS).build(env);
        env.execute("rapport-offer-counters");
    }
}

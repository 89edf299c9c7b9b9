package io.rapport.jobs.coview;

import io.rapport.copurchase.NeighbourCount;
import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.coview.ViewSessionTotals;
import io.rapport.jobs.JobOptions;
import io.rapport.jobs.copurchase.CombiningDeltasOperator;
import io.rapport.jobs.copurchase.ItemCounts;
import io.rapport.jobs.copurchase.ItemDelta;
import io.rapport.jobs.copurchase.ItemNeighboursFunction;
import io.rapport.jobs.copurchase.TotalsFunction;
import io.rapport.jobs.ingest.EventTimeWatermarks;
import io.rapport.jobs.ingest.ParseShopperActionsFunction;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.KafkaConnectors;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Topics;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * The co-view job ("customers who viewed this also viewed"): reads raw events and publishes, per
 * item, the number of view sessions it was viewed in and its top neighbours by co-view count, and
 * the number of view sessions overall, for the LLR of the API's also-viewed answers.
 *
 * <p>Counting is per <b>session</b>, not per customer: {@code coViews(a,b)} is the number of
 * distinct view sessions, of any customers, in which both a and b were viewed. A session is a
 * customer's views with no gap longer than {@link CoViewSettings#sessionGap} of event time (rules in
 * {@link io.rapport.coview.ViewSessions}); viewing an item again within a session, or a duplicated
 * event, changes nothing; an erase subtracts every session of the customer. It is the co-purchase
 * machinery with the session as the owner of items: {@link io.rapport.copurchase.PairCounting} for
 * the pairs, {@link ItemNeighboursFunction} for the per-item sums and top neighbours, and {@link
 * TotalsFunction} for the population.
 *
 * <pre>
 * events ─▶ parse ─▶ watermarks ─▶ keyBy customer: CustomerSessionsFunction ─┬─▶ keyBy item: ItemNeighboursFunction ─▶ co-views
 *                                                                            └─▶ TotalsFunction ─▶ totals ("view-sessions")
 * </pre>
 *
 * <p>Invalid events are left to the co-purchase job, which dead-letters each of them once. Every
 * operator has a stable uid ({@code coview-*}).
 */
public final class CoViewJob {
    /** Consumer group of the job's Kafka source. */
    public static final String GROUP_ID = "rapport-coview";

    private final Source<String, ?, ?> events;
    private final Sink<TopicRecord> coViews;
    private final Sink<TopicRecord> totals;
    private final CoViewSettings settings;

    /**
     * @param events raw event JSON, one event per record
     * @param coViews {@code CoViewSnapshot}s keyed by itemId, tombstones for items back to zero
     * @param totals {@code ViewSessionTotals} under {@link Topics#VIEW_SESSIONS_KEY}
     */
    public CoViewJob(
            Source<String, ?, ?> events, Sink<TopicRecord> coViews, Sink<TopicRecord> totals, CoViewSettings settings) {
        this.events = Objects.requireNonNull(events, "events");
        this.coViews = Objects.requireNonNull(coViews, "coViews");
        this.totals = Objects.requireNonNull(totals, "totals");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The job on Kafka: reads {@link Topics#EVENTS} as group {@link #GROUP_ID} and writes {@link
     * Topics#CO_VIEWS} and {@link Topics#TOTALS} at least once.
     */
    public static CoViewJob forKafka(String bootstrapServers, CoViewSettings settings) {
        return new CoViewJob(
                KafkaConnectors.stringSource(bootstrapServers, Topics.EVENTS, GROUP_ID),
                KafkaConnectors.sink(bootstrapServers, Topics.CO_VIEWS),
                KafkaConnectors.sink(bootstrapServers, Topics.TOTALS),
                settings);
    }

    /** Adds the job's pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<ItemDelta> deltas = env.fromSource(
                        events, WatermarkStrategy.noWatermarks(), "events", Types.STRING)
                .uid("coview-events")
                .process(new ParseShopperActionsFunction())
                .name("parse events")
                .uid("coview-parse")
                .assignTimestampsAndWatermarks(EventTimeWatermarks.of(
                        settings.outOfOrderness(),
                        settings.sourceIdleness(),
                        (ShopperAction action, long previous) -> action.timestamp))
                .name("watermarks")
                .uid("coview-watermarks")
                .filter(ShopperAction::counts)
                .name("purchases, views and erasures")
                .uid("coview-counted")
                .keyBy(action -> action.customerId, Types.STRING)
                .transform(
                        "view sessions",
                        TypeInformation.of(ItemDelta.class),
                        new CombiningDeltasOperator<>(new CustomerSessionsFunction(settings), settings.flushInterval()))
                .uid("coview-sessions");
        deltas.keyBy(delta -> delta.itemId, Types.STRING)
                .process(new ItemNeighboursFunction(
                        settings.neighboursPerItem(), settings.flushInterval(), CoViewJob::snapshot))
                .name("co-viewed neighbours")
                .uid("coview-items")
                .sinkTo(coViews)
                .name("co-views sink")
                .uid("coview-items-sink");
        deltas.getSideOutput(CustomerSessionsFunction.SESSIONS)
                .keyBy(delta -> Topics.VIEW_SESSIONS_KEY, Types.STRING)
                .process(new TotalsFunction(settings.flushInterval(), Topics.VIEW_SESSIONS_KEY, ViewSessionTotals::new))
                .name("view sessions total")
                .uid("coview-totals")
                .sinkTo(totals)
                .name("view sessions total sink")
                .uid("coview-totals-sink");
    }

    /**
     * The item's sums as published: {@code viewers} are its view sessions, pair counts its co-views;
     * no event times nor recent buyers (co-view scores are not time-decayed, so the job keeps no
     * increase times, and has no recent window).
     */
    static CoViewSnapshot snapshot(
            String itemId,
            ItemCounts counts,
            List<NeighbourCount> neighbours,
            long recentBuyers,
            long asOf,
            long updatedAt) {
        return new CoViewSnapshot(
                itemId,
                counts.category,
                counts.viewers,
                neighbours.stream()
                        .map(n -> new CoViewCount(n.itemId(), n.coPurchases()))
                        .toList(),
                updatedAt);
    }

    /**
     * Runs the job against a Kafka cluster: {@code --bootstrap host:port[,host:port]} and the options of
     * {@link #settings}.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(params.getRequired("bootstrap"), settings(params)).build(env);
        env.execute("rapport-coview");
    }

    /**
     * The defaults, with those of these options given: {@code --session-gap} (a Flink duration such
     * as {@code 45 min}; 30 min), {@code --session-items} (distinct items per session, 50), {@code
     * --sessions-per-customer} (50) and {@code --neighbours} (published per item, 100).
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public static CoViewSettings settings(ParameterTool params) {
        CoViewSettings d = CoViewSettings.DEFAULTS;
        String gap = params.get("session-gap");
        return new CoViewSettings(
                gap == null ? d.sessionGap() : TimeUtils.parseDuration(gap),
                JobOptions.count(params, "session-items", d.maxItemsPerSession()),
                JobOptions.count(params, "sessions-per-customer", d.maxSessionsPerCustomer()),
                JobOptions.count(params, "neighbours", d.neighboursPerItem()),
                d.retention(),
                d.flushInterval(),
                d.outOfOrderness(),
                d.sourceIdleness());
    }
}

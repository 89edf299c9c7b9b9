package io.rapport.jobs.copurchase;

import io.rapport.jobs.JobOptions;
import io.rapport.jobs.ingest.EventTimeWatermarks;
import io.rapport.jobs.ingest.ParseShopperActionsFunction;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.KafkaConnectors;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Topics;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The co-purchase job: reads raw events and publishes, per item, exact distinct-customer counts and
 * the top co-purchased neighbours ("customers who bought this also bought"), per customer the items
 * they bought, and the number of buyers overall (PRODUCT.md, "Counting").
 *
 * <pre>
 * events ─▶ parse ─┬─▶ dead letters
 *                  └─▶ watermarks ─▶ keyBy customer: CustomerItemsFunction ─┬─▶ customer items
 *                                                                           ├─▶ keyBy item: ItemNeighboursFunction ─▶ items
 *                                                                           └─▶ TotalsFunction ─▶ totals
 * </pre>
 *
 * <p>The customer stage runs in a {@link CombiningDeltasOperator}, which sums the item deltas of
 * many customers per item for half a flush interval before they cross the network.
 *
 * <p>The job holds its source and sinks, so tests pass bounded test connectors and deployments
 * pass Kafka ({@link #forKafka}); {@link #build} only wires them into an environment, which the
 * caller executes. Every operator has a stable uid, so state survives restarts from checkpoints and
 * savepoints across versions of this job.
 */
public final class CoPurchaseJob {
    /** Consumer group of the job's Kafka source. */
    public static final String GROUP_ID = "rapport-copurchase";

    private final Source<String, ?, ?> events;
    private final Sink<TopicRecord> items;
    private final Sink<TopicRecord> customerItems;
    private final Sink<TopicRecord> totals;
    private final Sink<TopicRecord> deadLetters;
    private final CoPurchaseSettings settings;

    /**
     * @param events raw event JSON, one event per record
     * @param items {@code ItemSnapshot}s keyed by itemId, tombstones for items back to zero
     * @param customerItems {@code CustomerItems} keyed by customerId, tombstones for erased customers
     * @param totals {@code Totals} under {@link Topics#TOTALS_KEY}
     * @param deadLetters refused events as {@code DeadLetter}s, keyed by customerId when readable
     */
    public CoPurchaseJob(
            Source<String, ?, ?> events,
            Sink<TopicRecord> items,
            Sink<TopicRecord> customerItems,
            Sink<TopicRecord> totals,
            Sink<TopicRecord> deadLetters,
            CoPurchaseSettings settings) {
        this.events = Objects.requireNonNull(events, "events");
        this.items = Objects.requireNonNull(items, "items");
        this.customerItems = Objects.requireNonNull(customerItems, "customerItems");
        this.totals = Objects.requireNonNull(totals, "totals");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The job on Kafka: reads {@link Topics#EVENTS} as group {@link #GROUP_ID} from the start (a restore resumes
     * at the offsets of its state) and writes {@link Topics#ITEMS}, {@link Topics#CUSTOMER_ITEMS},
     * {@link Topics#TOTALS} and {@link Topics#DEAD_LETTERS} at least once.
     */
    public static CoPurchaseJob forKafka(String bootstrapServers, CoPurchaseSettings settings) {
        return new CoPurchaseJob(
                KafkaConnectors.stringSource(bootstrapServers, Topics.EVENTS, GROUP_ID),
                KafkaConnectors.sink(bootstrapServers, Topics.ITEMS),
                KafkaConnectors.sink(bootstrapServers, Topics.CUSTOMER_ITEMS),
                KafkaConnectors.sink(bootstrapServers, Topics.TOTALS),
                KafkaConnectors.sink(bootstrapServers, Topics.DEAD_LETTERS),
                settings);
    }

    /** Adds the job's pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<ShopperAction> actions = env.fromSource(
                        events, WatermarkStrategy.noWatermarks(), "events", Types.STRING)
                .uid("copurchase-events")
                .process(new ParseShopperActionsFunction())
                .name("parse events")
                .uid("copurchase-parse");
        actions.getSideOutput(ParseShopperActionsFunction.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .name("dead letters")
                .uid("copurchase-dead-letters");

        SingleOutputStreamOperator<ItemDelta> deltas = actions.assignTimestampsAndWatermarks(watermarks())
                .name("watermarks")
                .uid("copurchase-watermarks")
                .filter(ShopperAction::counts)
                .name("purchases, views and erasures")
                .uid("copurchase-counted")
                .keyBy(action -> action.customerId, Types.STRING)
                .transform(
                        "customer items",
                        TypeInformation.of(ItemDelta.class),
                        new CombiningDeltasOperator<>(new CustomerItemsFunction(settings), settings.flushInterval()))
                .uid("copurchase-customer-items");
        deltas.getSideOutput(CustomerItemsFunction.CUSTOMER_ITEMS)
                .sinkTo(customerItems)
                .name("customer items sink")
                .uid("copurchase-customer-items-sink");
        deltas.keyBy(delta -> delta.itemId, Types.STRING)
                .process(new ItemNeighboursFunction(settings))
                .name("item neighbours")
                .uid("copurchase-items")
                .sinkTo(items)
                .name("items sink")
                .uid("copurchase-items-sink");
        deltas.getSideOutput(CustomerItemsFunction.POPULATION)
                .keyBy(delta -> Topics.TOTALS_KEY, Types.STRING)
                .process(new TotalsFunction(settings.flushInterval()))
                .name("totals")
                .uid("copurchase-totals")
                .sinkTo(totals)
                .name("totals sink")
                .uid("copurchase-totals-sink");
    }

    private WatermarkStrategy<ShopperAction> watermarks() {
        return EventTimeWatermarks.of(
                settings.outOfOrderness(), settings.sourceIdleness(), (action, previous) -> action.timestamp);
    }

    /**
     * Runs the job against a Kafka cluster: {@code --bootstrap host:port[,host:port]} and the options of
     * {@link #settings}. Checkpointing is configured by the Flink cluster ({@code
     * execution.checkpointing.interval}).
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(params.getRequired("bootstrap"), settings(params)).build(env);
        env.execute("rapport-copurchase");
    }

    /**
     * The defaults, with those of these options given: {@code --pair-items} (distinct bought items
     * per customer that take part in pairs, 200), {@code --bought-items} (that count as bought, 1,000,
     * at least {@code --pair-items}), {@code --viewed-items} (500), {@code --neighbours} (published per
     * item, 100) and {@code --recent-days} (the days of new buyers in {@code recentBuyers}, 30).
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public static CoPurchaseSettings settings(ParameterTool params) {
        CoPurchaseSettings d = CoPurchaseSettings.DEFAULTS;
        int pairItems = JobOptions.count(params, "pair-items", d.maxItemsPerCustomer());
        int boughtItems = JobOptions.count(params, "bought-items", Math.max(pairItems, d.maxBoughtItemsPerCustomer()));
        if (boughtItems < pairItems) {
            throw new IllegalArgumentException(
                    "--bought-items must be at least --pair-items (" + pairItems + "), was " + boughtItems);
        }
        return new CoPurchaseSettings(
                pairItems,
                boughtItems,
                JobOptions.count(params, "viewed-items", d.maxViewedItemsPerCustomer()),
                JobOptions.count(params, "neighbours", d.neighboursPerItem()),
                d.retention(),
                d.flushInterval(),
                d.outOfOrderness(),
                d.sourceIdleness(),
                JobOptions.count(params, "recent-days", d.recentDays()));
    }
}

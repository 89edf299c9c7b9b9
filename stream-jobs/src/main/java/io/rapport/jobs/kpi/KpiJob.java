package io.rapport.jobs.kpi;

import io.rapport.jobs.ingest.EventTimeWatermarks;
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
 * The KPI job: reads raw events and publishes exact minute, hour and UTC day panes of conversion
 * KPIs (funnel, revenue, orders, offer funnel and holdout groups, recommendation clicks and
 * attributed revenue, feedback, buyers for retention) on the compacted {@code kpis} topic; the API
 * sums panes of one size into windows (minutes up to 24h, hours up to 7d, days up to 180d).
 *
 * <pre>
 * events ─▶ parse ─▶ watermarks ─▶ keyBy customer: CustomerKpiFunction (dedup, deltas) ─▶ RollUpDeltas
 *                                 ─▶ keyBy pane (start + size): KpiPaneFunction ─▶ kpis
 * </pre>
 *
 * <p>Built like the co-purchase job: the constructor takes the source and the sink, {@link #build}
 * wires them into an environment the caller executes, and every operator has a stable uid.
 */
public final class KpiJob {
    /** Consumer group of the job's Kafka source. */
    public static final String GROUP_ID = "rapport-kpis";

    private final Source<String, ?, ?> events;
    private final Sink<TopicRecord> panes;
    private final KpiSettings settings;

    /**
     * @param events raw event JSON, one event per record
     * @param panes {@code KpiPane}s keyed by pane start, tombstones for expired panes
     */
    public KpiJob(Source<String, ?, ?> events, Sink<TopicRecord> panes, KpiSettings settings) {
        this.events = Objects.requireNonNull(events, "events");
        this.panes = Objects.requireNonNull(panes, "panes");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The job on Kafka: reads {@link Topics#EVENTS} as group {@link #GROUP_ID} from the start (a restore resumes
     * at the offsets of its state) and writes {@link Topics#KPIS} at least once.
     */
    public static KpiJob forKafka(String bootstrapServers, KpiSettings settings) {
        return new KpiJob(
                KafkaConnectors.stringSource(bootstrapServers, Topics.EVENTS, GROUP_ID),
                KafkaConnectors.sink(bootstrapServers, Topics.KPIS),
                settings);
    }

    /** Adds the job's pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        env.fromSource(events, WatermarkStrategy.noWatermarks(), "kpi events", Types.STRING)
                .uid("kpis-events")
                .process(new ParseKpiEventsFunction())
                .name("parse kpi events")
                .uid("kpis-parse")
                .assignTimestampsAndWatermarks(watermarks())
                .name("kpi watermarks")
                .uid("kpis-watermarks")
                .keyBy(event -> event.customerId, Types.STRING)
                .process(new CustomerKpiFunction(settings))
                .name("customer kpis")
                .uid("kpis-customers")
                .flatMap(new RollUpDeltas())
                .name("roll up kpi deltas")
                .uid("kpis-roll-up")
                .keyBy(KpiDelta::paneId, Types.LONG)
                .process(new KpiPaneFunction(settings))
                .name("kpi panes")
                .uid("kpis-panes")
                .sinkTo(panes)
                .name("kpis sink")
                .uid("kpis-sink");
    }

    private WatermarkStrategy<KpiEvent> watermarks() {
        return EventTimeWatermarks.of(
                settings.outOfOrderness(), settings.sourceIdleness(), (event, previous) -> event.timestamp);
    }

    /** Runs the job against a Kafka cluster: {@code --bootstrap host:port[,host:port]}. */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(params.getRequired("bootstrap"), KpiSettings.DEFAULTS).build(env);
        env.execute("rapport-kpis");
    }
}

package io.rapport.jobs.kpi;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneLookup;
import io.rapport.kpi.PaneSize;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The KPI job's three stages in operator harnesses, wired by hand: {@link CustomerKpiFunction} →
 * {@link RollUpDeltas} → {@link KpiPaneFunction}, with the watermark following the events (the
 * newest event time less 5 s, as the job's bounded out-of-orderness), and the published panes
 * collected by topic key as the API's view would hold them (a tombstone removes its pane).
 */
final class KpiPipelineHarness implements AutoCloseable {
    private static final long OUT_OF_ORDERNESS =
            KpiSettings.DEFAULTS.outOfOrderness().toMillis();

    private final KeyedOneInputStreamOperatorTestHarness<String, KpiEvent, KpiDelta> customers;
    private final KeyedOneInputStreamOperatorTestHarness<Long, KpiDelta, TopicRecord> panes;
    private final RollUpDeltas rollUp = new RollUpDeltas();
    private final Map<String, KpiPane> published = new HashMap<>();
    private int customerOutputs;
    private int paneOutputs;
    private long watermark = Long.MIN_VALUE;
    private long processingTime;

    KpiPipelineHarness() throws Exception {
        customers = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CustomerKpiFunction(KpiSettings.DEFAULTS)),
                e -> e.customerId,
                Types.STRING);
        panes = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new KpiPaneFunction(KpiSettings.DEFAULTS)), KpiDelta::paneId, Types.LONG);
        customers.open();
        panes.open();
    }

    /** Sends wire-JSON events in this order, advancing the watermark behind the newest one. */
    void send(List<String> events) throws Exception {
        for (String json : events) {
            KpiEvent e = KpiTestBase.event(json);
            long mark = e.timestamp - OUT_OF_ORDERNESS;
            if (mark > watermark) {
                watermark = mark;
                customers.processWatermark(mark);
                panes.processWatermark(mark);
            }
            customers.processElement(e, e.timestamp);
            List<KpiDelta> out = customers.extractOutputValues();
            for (KpiDelta delta : out.subList(customerOutputs, out.size())) {
                List<KpiDelta> rolled = new java.util.ArrayList<>();
                rollUp.flatMap(delta, new ListCollector<>(rolled));
                for (KpiDelta d : rolled) {
                    panes.processElement(d, d.paneStart);
                }
            }
            customerOutputs = out.size();
        }
        flush();
    }

    /** Lets the pane function publish what changed, and reads it. */
    private void flush() throws Exception {
        processingTime += KpiSettings.DEFAULTS.flushInterval().toMillis();
        panes.setProcessingTime(processingTime);
        List<TopicRecord> out = panes.extractOutputValues();
        for (TopicRecord r : out.subList(paneOutputs, out.size())) {
            if (r.isTombstone()) {
                published.remove(r.key);
            } else {
                published.put(r.key, Json.decode(r.value, KpiPane.class));
            }
        }
        paneOutputs = out.size();
    }

    /** The published panes by topic key. */
    Map<String, KpiPane> published() {
        return published;
    }

    PaneLookup lookup() {
        return (size, start) -> published.get(size.key(start));
    }

    /** The KPI clock: the end of the newest minute pane published. */
    long clock() {
        return published.values().stream()
                .filter(p -> p.size() == PaneSize.MINUTE.millis())
                .mapToLong(p -> p.start() + p.size())
                .max()
                .orElseThrow();
    }

    int paneStateEntries() {
        return panes.numKeyedStateEntries();
    }

    /** How many purchase panes of {@code size} the job remembers for {@code customerId}. */
    int purchasePanes(String customerId, PaneSize size) throws Exception {
        KeyedStateBackend<String> backend = customers.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(customerId);
        MapState<Long, Boolean> state = backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                CustomerKpiFunction.purchasePanesDescriptor(size, KpiSettings.DEFAULTS));
        int n = 0;
        for (Long ignored : state.keys()) {
            n++;
        }
        return n;
    }

    /** How many contributions (per pane and count) the job remembers for {@code customerId}'s erase. */
    int contributions(String customerId) throws Exception {
        KeyedStateBackend<String> backend = customers.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(customerId);
        MapState<String, Long> state = backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                CustomerKpiFunction.contributionsDescriptor(KpiSettings.DEFAULTS));
        int n = 0;
        for (String ignored : state.keys()) {
            n++;
        }
        return n;
    }

    @Override
    public void close() throws Exception {
        customers.close();
        panes.close();
    }
}

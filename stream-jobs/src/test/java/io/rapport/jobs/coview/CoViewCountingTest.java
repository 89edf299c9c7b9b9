package io.rapport.jobs.coview;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.coview.ViewSessionTotals;
import io.rapport.jobs.copurchase.ItemDelta;
import io.rapport.jobs.copurchase.ItemNeighboursFunction;
import io.rapport.jobs.copurchase.TotalsFunction;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both stages of the co-view job in operator harnesses, chained by hand: the published {@link
 * CoViewSnapshot}s and the session total against counts worked out by hand.
 */
class CoViewCountingTest extends CoViewTestBase {
    private static final CoViewSettings SETTINGS = CoViewSettings.DEFAULTS;

    private KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> sessions;
    private KeyedOneInputStreamOperatorTestHarness<String, ItemDelta, TopicRecord> items;
    private KeyedOneInputStreamOperatorTestHarness<String, Long, TopicRecord> totals;
    private int forwarded;
    private int forwardedTotals;
    private long now = 1_000;

    @BeforeEach
    void open() throws Exception {
        sessions = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CustomerSessionsFunction(SETTINGS)), a -> a.customerId, Types.STRING);
        items = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ItemNeighboursFunction(
                        SETTINGS.neighboursPerItem(), SETTINGS.flushInterval(), CoViewJob::snapshot)),
                d -> d.itemId,
                Types.STRING);
        totals = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new TotalsFunction(SETTINGS.flushInterval(), Topics.VIEW_SESSIONS_KEY, ViewSessionTotals::new)),
                d -> Topics.VIEW_SESSIONS_KEY,
                Types.STRING);
        sessions.open();
        items.setProcessingTime(now);
        items.open();
        totals.setProcessingTime(now);
        totals.open();
    }

    @AfterEach
    void close() throws Exception {
        sessions.close();
        items.close();
        totals.close();
    }

    private void send(String... events) throws Exception {
        for (String json : events) {
            ShopperAction action = action(json);
            sessions.processElement(action, action.timestamp);
        }
        List<ItemDelta> deltas = sessions.extractOutputValues();
        for (ItemDelta d : deltas.subList(forwarded, deltas.size())) {
            items.processElement(d, 0);
        }
        forwarded = deltas.size();
        var population = sessions.getSideOutput(CustomerSessionsFunction.SESSIONS);
        List<Long> changes = population == null
                ? List.of()
                : population.stream().map(StreamRecord::getValue).toList();
        for (Long change : changes.subList(forwardedTotals, changes.size())) {
            totals.processElement(change, 0);
        }
        forwardedTotals = changes.size();
        now += SETTINGS.flushInterval().toMillis();
        items.setProcessingTime(now);
        totals.setProcessingTime(now);
    }

    private Map<String, CoViewSnapshot> latest() {
        Map<String, CoViewSnapshot> latest = new HashMap<>();
        for (TopicRecord r : items.extractOutputValues()) {
            latest.put(r.key, r.isTombstone() ? null : Json.decode(r.value, CoViewSnapshot.class));
        }
        return latest;
    }

    private long sessionTotal() {
        List<TopicRecord> records = totals.extractOutputValues();
        TopicRecord last = records.get(records.size() - 1);
        assertThat(last.key).isEqualTo(Topics.VIEW_SESSIONS_KEY);
        return Json.decode(last.value, ViewSessionTotals.class).sessions();
    }

    @Test
    void snapshotsCountDistinctSessions_duplicatesOnce_andEraseSubtracts() throws Exception {
        send(
                view(0, "c1", "butter"),
                view(5, "c1", "milk"),
                view(8, "c1", "bread"), // session 1
                view(0, "c1", "butter"),
                view(9, "c1", "milk"), // a duplicate and a repeat: nothing
                view(60, "c1", "butter"),
                view(62, "c1", "milk"), // session 2, after a 52 min gap
                view(0, "c2", "butter"),
                view(20, "c2", "milk"), // session 3
                view(0, "c3", "butter"),
                view(45, "c3", "jam")); // sessions 4 and 5: 45 min apart

        CoViewSnapshot butter = latest().get("butter");
        assertThat(butter.sessions()).isEqualTo(4);
        assertThat(butter.category()).isEqualTo("cat-butter");
        assertThat(butter.neighbours()).containsExactly(new CoViewCount("milk", 3), new CoViewCount("bread", 1));
        assertThat(latest().get("milk").neighbours())
                .containsExactly(new CoViewCount("butter", 3), new CoViewCount("bread", 1));
        assertThat(latest().get("jam").sessions()).isEqualTo(1);
        assertThat(latest().get("jam").neighbours()).isEmpty();
        assertThat(sessionTotal()).isEqualTo(5);

        send(erase(100, "c1"));

        assertThat(latest().get("butter").sessions()).isEqualTo(2);
        assertThat(latest().get("butter").neighbours()).containsExactly(new CoViewCount("milk", 1));
        assertThat(latest()).as("bread is back to zero: a tombstone").containsEntry("bread", null);
        assertThat(sessionTotal()).isEqualTo(3);
    }
}

package io.rapport.jobs.coview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.rapport.jobs.copurchase.ItemDelta;
import io.rapport.jobs.ingest.ShopperAction;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CustomerSessionsFunctionTest extends CoViewTestBase {
    private KeyedOneInputStreamOperatorTestHarness<String, ShopperAction, ItemDelta> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(CoViewSettings settings) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CustomerSessionsFunction(settings)), a -> a.customerId, Types.STRING);
        harness.open();
    }

    private void send(String... events) throws Exception {
        for (String json : events) {
            ShopperAction action = action(json);
            harness.processElement(action, action.timestamp);
        }
    }

    private List<ItemDelta> deltas() {
        return harness.extractOutputValues();
    }

    private List<Long> sessions() {
        var records = harness.getSideOutput(CustomerSessionsFunction.SESSIONS);
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void viewsWithinTheGap_formOneSession_withEveryPairInBothDirections() throws Exception {
        open(CoViewSettings.DEFAULTS);

        send(view(0, "c1", "a"), view(10, "c1", "b"), view(35, "c1", "c"));

        assertThat(net(deltas()))
                .containsOnly(
                        entry("sessions(a)", 1),
                        entry("sessions(b)", 1),
                        entry("sessions(c)", 1),
                        entry("pair(a,b)", 1),
                        entry("pair(b,a)", 1),
                        entry("pair(a,c)", 1),
                        entry("pair(c,a)", 1),
                        entry("pair(b,c)", 1),
                        entry("pair(c,b)", 1));
        assertThat(deltas())
                .filteredOn(d -> !d.isPair())
                .extracting(d -> d.category)
                .containsExactly("cat-a", "cat-b", "cat-c");
        assertThat(sessions()).containsExactly(1L);
        assertThat(harness.numKeyedStateEntries())
                .as("c1's sessions and retention timer")
                .isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void aGapLongerThanTheSessionGap_splitsSessions_andPairsCountPerSession() throws Exception {
        open(CoViewSettings.DEFAULTS);

        send(
                view(0, "c1", "a"),
                view(10, "c1", "b"),
                view(41, "c1", "a"),
                view(50, "c1", "c"),
                view(100, "c1", "a"),
                view(110, "c1", "b"));

        // Sessions {a,b}, {a,c}, {a,b}: a was viewed in 3 sessions, a and b together in 2.
        assertThat(net(deltas()))
                .containsOnly(
                        entry("sessions(a)", 3),
                        entry("sessions(b)", 2),
                        entry("sessions(c)", 1),
                        entry("pair(a,b)", 2),
                        entry("pair(b,a)", 2),
                        entry("pair(a,c)", 1),
                        entry("pair(c,a)", 1));
        assertThat(sessions()).containsExactly(1L, 1L, 1L);
    }

    @Test
    void theGapIsConfigurable() throws Exception {
        open(CoViewSettings.DEFAULTS.withSessionGap(java.time.Duration.ofMinutes(5)));

        send(view(0, "c1", "a"), view(5, "c1", "b"), view(11, "c1", "c"));

        assertThat(net(deltas()))
                .containsOnly(
                        entry("sessions(a)", 1),
                        entry("sessions(b)", 1),
                        entry("sessions(c)", 1),
                        entry("pair(a,b)", 1),
                        entry("pair(b,a)", 1));
        assertThat(sessions()).containsExactly(1L, 1L);
    }

    @Test
    void duplicatesAndRepeatedViewsInASession_changeNothing() throws Exception {
        open(CoViewSettings.DEFAULTS);
        send(view(0, "c1", "a"), view(10, "c1", "b"));
        int before = deltas().size();
        int entries = harness.numKeyedStateEntries();

        send(view(0, "c1", "a"), view(10, "c1", "b"), view("again", 20, "c1", "a"), view(0, "c1", "a"));

        assertThat(deltas()).hasSize(before);
        assertThat(sessions()).containsExactly(1L);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(entries);
    }

    @Test
    void aLateViewJoinsTheSessionItFallsIn() throws Exception {
        open(CoViewSettings.DEFAULTS);

        send(view(100, "c1", "a"), view(200, "c1", "b"), view(110, "c1", "c"), view(20, "c1", "d"));

        // Sessions {a,c}, {b}, {d}: the view at 110 is 10 min after a; the one at 20 is 80 min before it.
        assertThat(net(deltas()))
                .containsOnly(
                        entry("sessions(a)", 1),
                        entry("sessions(b)", 1),
                        entry("sessions(c)", 1),
                        entry("sessions(d)", 1),
                        entry("pair(a,c)", 1),
                        entry("pair(c,a)", 1));
        assertThat(sessions()).containsExactly(1L, 1L, 1L);
    }

    @Test
    void purchasesAndOtherCustomers_doNotJoinASession() throws Exception {
        open(CoViewSettings.DEFAULTS);

        send(view(0, "c1", "a"), purchase(1, "c1", "b"), view(2, "c2", "c"));

        assertThat(net(deltas())).containsOnly(entry("sessions(a)", 1), entry("sessions(c)", 1));
    }

    @Test
    void caps_ignoreItemsPastTheSessionCap_andSessionsPastTheCustomerCap() throws Exception {
        open(CoViewSettings.DEFAULTS.withCaps(2, 1));

        send(view(0, "c1", "a"), view(1, "c1", "b"), view(2, "c1", "c"), view(100, "c1", "d"));

        assertThat(net(deltas()))
                .containsOnly(
                        entry("sessions(a)", 1), entry("sessions(b)", 1), entry("pair(a,b)", 1), entry("pair(b,a)", 1));
        assertThat(sessions()).containsExactly(1L);
    }

    @Test
    void erase_subtractsEverySessionExactly_ignoresReplays_andCountsLaterViews() throws Exception {
        open(CoViewSettings.DEFAULTS);
        send(
                view(0, "c1", "a"),
                view(10, "c1", "b"),
                view(100, "c1", "a"),
                view(105, "c1", "c"),
                view(0, "c2", "a"),
                view(5, "c2", "b"));

        send(erase(200, "c1"));

        assertThat(net(deltas()))
                .as("only c2's session is left")
                .containsOnly(
                        entry("sessions(a)", 1), entry("sessions(b)", 1), entry("pair(a,b)", 1), entry("pair(b,a)", 1));
        assertThat(sessions()).containsExactly(1L, 1L, 1L, -1L, -1L);
        assertThat(harness.numKeyedStateEntries())
                .as("c2's sessions and timer, c1's erasedAt")
                .isEqualTo(3);
        assertThat(harness.numEventTimeTimers())
                .as("c2's retention, c1's marker")
                .isEqualTo(2);

        int before = deltas().size();
        send(view(0, "c1", "a"), view(10, "c1", "b"));
        assertThat(deltas()).as("replayed views from before the erase").hasSize(before);

        send(view(300, "c1", "d"));
        assertThat(net(deltas().subList(before, deltas().size()))).containsOnly(entry("sessions(d)", 1));
    }

    @Test
    void sessionsExpireOneRetentionAfterTheirLastView_withExactNegatives_leavingNoState() throws Exception {
        open(CoViewSettings.DEFAULTS);
        send(view(0, "c1", "a"), view(10, "c1", "b"), view(100, "c1", "c"));
        long firstExpiry = at(10).plus(RETENTION).toEpochMilli();

        harness.processWatermark(firstExpiry - 1);
        assertThat(net(deltas())).containsEntry("pair(a,b)", 1);

        harness.processWatermark(firstExpiry);
        assertThat(net(deltas())).containsOnly(entry("sessions(c)", 1));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(at(100).plus(RETENTION).toEpochMilli());
        assertThat(net(deltas())).isEmpty();
        assertThat(sessions()).containsExactly(1L, 1L, -1L, -1L);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(view(5, "c1", "a"));
        assertThat(net(deltas())).as("a view already past retention").isEmpty();
    }

    @Test
    void theFinalWatermark_expiresNothing() throws Exception {
        open(CoViewSettings.DEFAULTS);
        send(view(0, "c1", "a"), view(10, "c1", "b"));

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(net(deltas())).containsEntry("pair(a,b)", 1);
    }
}

package io.rapport.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KpiPaneFunctionTest extends KpiTestBase {
    private static final long RETENTION =
            KpiSettings.DEFAULTS.paneRetention(PaneSize.MINUTE).toMillis();
    private static final long FLUSH = KpiSettings.DEFAULTS.flushInterval().toMillis();

    private KeyedOneInputStreamOperatorTestHarness<Long, KpiDelta, TopicRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new KpiPaneFunction(KpiSettings.DEFAULTS)), KpiDelta::paneId, Types.LONG);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(KpiDelta... deltas) throws Exception {
        for (KpiDelta d : deltas) {
            harness.processElement(d, d.paneStart);
        }
    }

    private List<TopicRecord> output() {
        return harness.extractOutputValues();
    }

    private static KpiPane decode(TopicRecord r) {
        return Json.decode(r.value, KpiPane.class);
    }

    @Test
    void sumsDeltas_andPublishesOnePanePerFlush_keyedByItsStart() throws Exception {
        long t = pane(0);
        send(
                KpiDelta.event(t, "view"),
                KpiDelta.count(t, KpiPane.VIEWS, 1),
                KpiDelta.event(t + 5, "view"),
                KpiDelta.count(t + 5, KpiPane.VIEWS, 1),
                KpiDelta.offer(t, KpiPane.OFFER_IMPRESSIONS, "a|b"),
                KpiDelta.count(pane(1), KpiPane.VIEWS, 1));
        harness.setProcessingTime(FLUSH);

        assertThat(output()).hasSize(2);
        TopicRecord first = output().get(0);
        assertThat(first.key).isEqualTo("2024-09-02T10:00:00Z");
        assertThat(decode(first))
                .isEqualTo(new KpiPane(
                        t,
                        Map.of("view", 2L),
                        Map.of(KpiPane.VIEWS, 2L),
                        Map.of("a|b", Map.of(KpiPane.OFFER_IMPRESSIONS, 1L))));
        assertThat(output().get(1).key).isEqualTo("2024-09-02T10:01:00Z");
    }

    @Test
    void lateDeltaWithinRetention_republishesItsPane() throws Exception {
        send(KpiDelta.count(pane(0), KpiPane.VIEWS, 1));
        harness.processWatermark(pane(60));
        harness.setProcessingTime(FLUSH);
        send(KpiDelta.offer(pane(0), KpiPane.OFFER_HOLDOUT_CONVERTED, "o-1"));
        harness.setProcessingTime(2 * FLUSH);

        assertThat(output()).hasSize(2);
        assertThat(decode(output().get(1)).offers())
                .isEqualTo(Map.of("o-1", Map.of(KpiPane.OFFER_HOLDOUT_CONVERTED, 1L)));
    }

    @Test
    void paneWhoseCountsAllReturnToZero_isPublishedAsATombstone() throws Exception {
        send(KpiDelta.event(pane(0), "view"), KpiDelta.count(pane(0), KpiPane.VIEWS, 1));
        harness.setProcessingTime(FLUSH);
        send(KpiDelta.count(pane(0), KpiPane.VIEWS, -1), new KpiDelta(pane(0), "e|view", -1)); // an erase
        harness.setProcessingTime(2 * FLUSH);

        assertThat(output()).hasSize(2);
        assertThat(output().get(0).isTombstone()).isFalse();
        assertThat(output().get(1).isTombstone()).isTrue();
        assertThat(output().get(1).key).isEqualTo("2024-09-02T10:00:00Z");
    }

    @Test
    void paneOlderThanRetention_isClearedWithATombstone_andLaterDeltasAreDropped() throws Exception {
        send(KpiDelta.count(pane(0), KpiPane.VIEWS, 1));
        harness.setProcessingTime(FLUSH);
        harness.processWatermark(pane(0) + RETENTION);

        assertThat(output()).hasSize(2);
        assertThat(output().get(1).isTombstone()).isTrue();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        send(KpiDelta.count(pane(0), KpiPane.VIEWS, 1));
        harness.setProcessingTime(2 * FLUSH);
        assertThat(output()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void hourAndDayPanes_areKeyedWithTheirSize_andKeptForTheirOwnRetention() throws Exception {
        KpiDelta minute = KpiDelta.count(pane(0), KpiPane.VIEWS, 1);
        KpiDelta hour = minute.in(PaneSize.HOUR);
        KpiDelta day = minute.in(PaneSize.DAY);
        send(minute, hour, day, KpiDelta.count(pane(5), KpiPane.VIEWS, 2).in(PaneSize.HOUR));
        harness.setProcessingTime(FLUSH);

        assertThat(output())
                .extracting(r -> r.key)
                .containsExactlyInAnyOrder(
                        "2024-09-02T10:00:00Z", "2024-09-02T10:00:00Z/PT1H", "2024-09-02T00:00:00Z/P1D");
        KpiPane hourPane = output().stream()
                .filter(r -> r.key.endsWith("/PT1H"))
                .map(KpiPaneFunctionTest::decode)
                .findFirst()
                .orElseThrow();
        assertThat(hourPane.size()).isEqualTo(PaneSize.HOUR.millis());
        assertThat(hourPane.count(KpiPane.VIEWS)).isEqualTo(3);

        for (PaneSize size : PaneSize.values()) {
            int before = output().size();
            long expiry = size.start(pane(0))
                    + KpiSettings.DEFAULTS.paneRetention(size).toMillis();
            harness.processWatermark(expiry - 1);
            assertThat(output()).as(size + " kept until its retention").hasSize(before);
            harness.processWatermark(expiry);
            assertThat(output()).hasSize(before + 1);
            assertThat(output().get(before).key).isEqualTo(size.key(size.start(pane(0))));
            assertThat(output().get(before).isTombstone()).isTrue();
        }
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void finalWatermark_flushesPendingPanes_andExpiresNothing() throws Exception {
        send(KpiDelta.count(pane(0), KpiPane.VIEWS, 3));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(output()).hasSize(1);
        assertThat(decode(output().get(0)).count(KpiPane.VIEWS)).isEqualTo(3);
    }
}

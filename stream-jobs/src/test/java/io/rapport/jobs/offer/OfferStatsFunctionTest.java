package io.rapport.jobs.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.offer.OfferStats;
import io.rapport.offer.OfferStats.Responses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfferStatsFunctionTest {
    private static final OfferJobSettings TWO_SEGMENTS = new OfferJobSettings(
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofDays(1), Duration.ofDays(365), 2);

    private KeyedOneInputStreamOperatorTestHarness<String, OfferStatsDelta, TopicRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OfferStatsFunction(TWO_SEGMENTS)), d -> d.offerId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(boolean overall, long impressions, long redemptions, String... segments) throws Exception {
        harness.processElement(new OfferStatsDelta("news", overall, segments, impressions, redemptions), 0);
    }

    private TopicRecord last() {
        List<TopicRecord> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private OfferStats lastStats() {
        return Json.decode(last().value, OfferStats.class);
    }

    @Test
    void deltas_sumOverallAndPerSegment() throws Exception {
        send(true, 1, 0, "carted", "champions");
        send(true, 1, 0, "carted");
        send(true, 0, 1, "carted");
        assertThat(lastStats())
                .isEqualTo(new OfferStats(
                        "news", 2, 1, Map.of("carted", new Responses(2, 1), "champions", new Responses(1, 0))));
        assertThat(harness.extractOutputValues()).hasSize(3);
    }

    @Test
    void segmentsPastTheCap_countTowardTheTotalsOnly_andAreNeverSubtracted() throws Exception {
        send(true, 1, 0, "a", "b", "c");
        assertThat(lastStats().bySegment()).containsOnlyKeys("a", "b");
        send(false, -1, 0, "c");
        send(true, 1, 0, "c");
        assertThat(lastStats())
                .isEqualTo(new OfferStats("news", 2, 0, Map.of("a", new Responses(1, 0), "b", new Responses(1, 0))));
    }

    @Test
    void backToZero_publishesATombstoneAndLeavesNoState() throws Exception {
        send(true, 1, 1, "carted");
        send(true, -1, -1);
        assertThat(lastStats()).isEqualTo(new OfferStats("news", 0, 0, Map.of("carted", new Responses(1, 1))));
        send(false, -1, -1, "carted");
        assertThat(last().isTombstone()).isTrue();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}

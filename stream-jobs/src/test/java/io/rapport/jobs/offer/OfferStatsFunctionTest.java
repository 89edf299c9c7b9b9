package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.DAY;
import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static io.rapport.jobs.offer.OfferEvents.impression;
import static io.rapport.jobs.offer.OfferEvents.redeem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.EventType;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.offer.OfferStats;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfferStatsFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, OfferOutcome, TopicRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OfferStatsFunction(OfferJobSettings.DEFAULTS)), o -> o.offerId,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(OfferOutcome o) throws Exception {
        harness.processElement(o, o.timestamp);
    }

    private OfferStats last() {
        List<TopicRecord> out = harness.extractOutputValues();
        return Json.decode(out.get(out.size() - 1).value, OfferStats.class);
    }

    @Test
    void impressionsAndRedemptions_countOncePerEventId() throws Exception {
        send(impression("e-1", "c-1", "news", MONDAY));
        send(impression("e-1", "c-1", "news", MONDAY));
        send(impression("e-2", "c-2", "news", MONDAY));
        send(new OfferOutcome("e-3", "c-1", "news", EventType.OFFER_CLICK, MONDAY));
        send(redeem("e-4", "c-1", "news", MONDAY));
        assertThat(last()).isEqualTo(new OfferStats("news", 2, 1, Map.of()));
        assertThat(harness.extractOutputValues()).hasSize(3);
    }

    @Test
    void eventIds_areForgottenAfterTheDedupeHorizon() throws Exception {
        send(impression("e-1", "c-1", "news", MONDAY));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(MONDAY + DAY + 60_000);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        send(impression("e-1", "c-1", "news", MONDAY + 2 * DAY));
        assertThat(last().impressions()).isEqualTo(2);
    }
}

package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.DAY;
import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static io.rapport.jobs.offer.OfferEvents.erase;
import static io.rapport.jobs.offer.OfferEvents.impression;
import static io.rapport.jobs.offer.OfferEvents.redeem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.offer.ContactHistory;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactHistoryFunctionTest {
    private static final long MONDAY_DAY = MONDAY / DAY;
    private KeyedOneInputStreamOperatorTestHarness<String, OfferOutcome, TopicRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ContactHistoryFunction()), o -> o.customerId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(OfferOutcome o) throws Exception {
        harness.processElement(o, o.timestamp);
    }

    private TopicRecord last() {
        List<TopicRecord> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private ContactHistory lastHistory() {
        return Json.decode(last().value, ContactHistory.class);
    }

    @Test
    void impressions_areCountedPerDayAndOfferOnce() throws Exception {
        send(impression("e-1", "c-1", "news", MONDAY));
        send(impression("e-1", "c-1", "news", MONDAY));
        send(impression("e-2", "c-1", "news", MONDAY + 1_000));
        send(impression("e-3", "c-1", "birthday", MONDAY + DAY));
        send(redeem("e-4", "c-1", "news", MONDAY + DAY));
        assertThat(harness.extractOutputValues()).hasSize(3);
        ContactHistory history = lastHistory();
        assertThat(history.customerId()).isEqualTo("c-1");
        assertThat(history.days())
                .containsExactly(
                        new ContactHistory.Day(MONDAY_DAY, Map.of("news", 2L)),
                        new ContactHistory.Day(MONDAY_DAY + 1, Map.of("birthday", 1L)));
        assertThat(history.marketingImpressions(MONDAY_DAY + 1, (offerId, day) -> offerId.equals("birthday")))
                .containsExactly(0, 2);
    }

    @Test
    void days_leaveTheWindowAfterSevenDaysAndStateIsCleared() throws Exception {
        send(impression("e-1", "c-1", "news", MONDAY));
        send(impression("e-2", "c-1", "news", MONDAY + DAY));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        harness.processWatermark((MONDAY_DAY + 7) * DAY);
        assertThat(lastHistory().days()).containsExactly(new ContactHistory.Day(MONDAY_DAY + 1, Map.of("news", 1L)));
        harness.processWatermark((MONDAY_DAY + 8) * DAY);
        assertThat(last().isTombstone()).isTrue();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void impressionOlderThanTheWindow_isIgnored() throws Exception {
        harness.processWatermark(MONDAY + 10 * DAY);
        send(impression("e-1", "c-1", "news", MONDAY));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void erase_clearsTheCustomerAndPublishesATombstone() throws Exception {
        send(impression("e-1", "c-1", "news", MONDAY));
        send(erase("c-1", MONDAY + 1));
        assertThat(last()).isEqualTo(TopicRecord.tombstone("c-1"));
        assertThat(harness.numKeyedStateEntries()).as("the erase marker").isEqualTo(1);
    }

    @Test
    void resentErase_keepsTheContactsMadeSince_andReplaysStayOut() throws Exception {
        send(impression("e-1", "c-1", "news", MONDAY));
        send(erase("c-1", MONDAY + 1));
        send(impression("e-2", "c-1", "news", MONDAY + 2));

        send(erase("c-1", MONDAY + 1));
        send(impression("e-1", "c-1", "news", MONDAY));

        assertThat(lastHistory().days())
                .as("a resent erase would clear e-2 and lift the caps; the replayed e-1 is the erased past")
                .containsExactly(new ContactHistory.Day(MONDAY_DAY, Map.of("news", 1L)));

        harness.processWatermark((MONDAY_DAY + 7) * DAY);
        assertThat(last().isTombstone()).isTrue();
        assertThat(harness.numKeyedStateEntries())
                .as("the marker goes with the erase's day")
                .isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}

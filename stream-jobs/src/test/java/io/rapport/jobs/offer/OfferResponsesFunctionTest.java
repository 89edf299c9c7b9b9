package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.DAY;
import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static io.rapport.jobs.offer.OfferEvents.erase;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfferResponsesFunctionTest {
    private static final long YEAR = 365 * DAY;

    private KeyedOneInputStreamOperatorTestHarness<String, OfferOutcome, OfferStatsDelta> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OfferResponsesFunction(OfferJobSettings.DEFAULTS)),
                o -> o.customerId,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static OfferOutcome outcome(String eventId, EventType type, String offerId, long at, String... segments) {
        return new OfferOutcome(eventId, "c-1", offerId, type, at, segments);
    }

    private void send(OfferOutcome o) throws Exception {
        harness.processElement(o, o.timestamp);
    }

    /** The deltas emitted so far as "offer overall? segments impressions redemptions". */
    private List<String> deltas() {
        List<String> out = new ArrayList<>();
        for (OfferStatsDelta d : harness.extractOutputValues()) {
            out.add(d.offerId + (d.overall ? " all " : " ") + String.join(",", d.segments) + " " + d.impressions + " "
                    + d.redemptions);
        }
        return out;
    }

    @Test
    void redemption_countsUnderTheSegmentsOfTheLatestImpression_clicksAndDuplicatesNot() throws Exception {
        send(outcome("e-1", EventType.OFFER_IMPRESSION, "news", MONDAY, "carted", "champions"));
        send(outcome("e-1", EventType.OFFER_IMPRESSION, "news", MONDAY, "carted", "champions"));
        send(outcome("e-2", EventType.OFFER_CLICK, "news", MONDAY + 1, "carted"));
        // Redeeming came with a purchase: the customer is first_purchase now, but was shown it as carted.
        send(outcome("e-3", EventType.OFFER_REDEEM, "news", MONDAY + 2, "first_purchase"));
        // No impression of "tip" held: the redemption's own segments count.
        send(outcome("e-4", EventType.OFFER_REDEEM, "tip", MONDAY + 3, "loyal"));
        assertThat(deltas())
                .containsExactly("news all carted,champions 1 0", "news all carted,champions 0 1", "tip all loyal 0 1");
    }

    @Test
    void erase_subtractsExactlyWhatTheCustomerAdded_andLeavesOnlyItsMarker() throws Exception {
        send(outcome("e-1", EventType.OFFER_IMPRESSION, "news", MONDAY, "carted"));
        send(outcome("e-2", EventType.OFFER_IMPRESSION, "news", MONDAY + 1, "repeat"));
        send(outcome("e-3", EventType.OFFER_REDEEM, "news", MONDAY + 2));
        harness.getOutput().clear();
        send(erase("c-1", MONDAY + 10));
        assertThat(deltas()).containsExactlyInAnyOrder("news all  -2 -1", "news carted -1 0", "news repeat -1 -1");
        assertThat(harness.numKeyedStateEntries()).as("only erasedAt").isEqualTo(1);
        harness.getOutput().clear();
        send(outcome("e-1", EventType.OFFER_IMPRESSION, "news", MONDAY, "carted"));
        assertThat(deltas()).as("the erased past does not come back").isEmpty();
        send(outcome("e-9", EventType.OFFER_IMPRESSION, "news", MONDAY + 20));
        assertThat(deltas()).as("a newer event counts again").containsExactly("news all  1 0");
    }

    @Test
    void contribution_leavesTheStatsOneRetentionAfterTheLastOutcome_andStateEmpties() throws Exception {
        send(outcome("e-1", EventType.OFFER_IMPRESSION, "news", MONDAY, "carted"));
        send(outcome("e-2", EventType.OFFER_REDEEM, "news", MONDAY + DAY));
        harness.processWatermark(MONDAY + YEAR);
        assertThat(deltas()).as("still within a year of the redemption").hasSize(2);
        harness.getOutput().clear();
        harness.processWatermark(MONDAY + DAY + YEAR + DAY);
        assertThat(deltas()).containsExactlyInAnyOrder("news all  -1 -1", "news carted -1 -1");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.getOutput().clear();
        send(outcome("e-3", EventType.OFFER_IMPRESSION, "news", MONDAY + DAY));
        assertThat(deltas())
                .as("older than the retention behind the watermark: ignored")
                .isEmpty();
    }

    @Test
    void eventIds_areForgottenAfterTheDedupeHorizon_andTheFinalWatermarkExpiresNothing() throws Exception {
        send(outcome("e-1", EventType.OFFER_IMPRESSION, "news", MONDAY));
        harness.processWatermark(MONDAY + DAY + 60_000);
        send(outcome("e-1", EventType.OFFER_IMPRESSION, "news", MONDAY + 2 * DAY));
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(deltas()).containsExactly("news all  1 0", "news all  1 0");
    }
}

package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static io.rapport.jobs.offer.OfferEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.EventType;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParseOfferOutcomesFunctionTest {

    @Test
    void keepsRealOfferOutcomesAndErasures_andTheRestAsClockOutcomes() throws Exception {
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseOfferOutcomesFunction()))) {
            harness.open();
            harness.processElement(json("e-1", "offer_impression", "c-1", "news", MONDAY, ""), 0);
            harness.processElement(json("e-2", "offer_impression", "c-1", "news", MONDAY, ",\"holdout\":true"), 0);
            harness.processElement(
                    json("e-3", "offer_click", "c-1", "home-recs", MONDAY, ",\"recommendationId\":\"r\""), 0);
            harness.processElement(json("e-4", "offer_redeem", "c-1", "news", MONDAY, ",\"holdout\":false"), 0);
            harness.processElement(json("e-5", "erase", "c-1", null, MONDAY, ""), 0);
            harness.processElement(json("e-6", "view", "c-1", null, MONDAY, ",\"items\":[{\"itemId\":\"i\"}]"), 0);
            harness.processElement("{not json", 0);
            assertThat(harness.extractOutputValues())
                    .filteredOn(OfferOutcome::counts)
                    .extracting(o -> o.eventId + " " + o.type)
                    .containsExactly(
                            "e-1 " + EventType.OFFER_IMPRESSION,
                            "e-4 " + EventType.OFFER_REDEEM,
                            "e-5 " + EventType.ERASE);
            assertThat(harness.extractOutputValues().get(0).offerId).isEqualTo("news");
            assertThat(harness.extractOutputValues())
                    .as("a holdout marker, a recommendation click and a view move the event time only")
                    .filteredOn(o -> !OfferOutcome.counts(o))
                    .extracting(o -> o.eventId + " " + o.timestamp + " " + o.offerId)
                    .containsExactly("e-2 " + MONDAY + " null", "e-3 " + MONDAY + " null", "e-6 " + MONDAY + " null");
        }
    }

    @Test
    void readsTheSegmentsField_leniently() throws Exception {
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseOfferOutcomesFunction()))) {
            harness.open();
            harness.processElement(
                    json(
                            "e-1",
                            "offer_impression",
                            "c-1",
                            "news",
                            MONDAY,
                            ",\"segments\":[\"carted\",\"champions\",\"carted\",3,\"\",\"gold\"]"),
                    0);
            harness.processElement(json("e-2", "offer_redeem", "c-1", "news", MONDAY, ",\"segments\":\"carted\""), 0);
            harness.processElement(json("e-3", "offer_redeem", "c-1", "news", MONDAY, ""), 0);
            assertThat(harness.extractOutputValues())
                    .extracting(o -> String.join(",", o.segments))
                    .containsExactly("carted,champions,gold", "", "");
        }
    }
}

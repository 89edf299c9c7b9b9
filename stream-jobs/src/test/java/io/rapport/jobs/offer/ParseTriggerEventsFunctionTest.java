package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static io.rapport.jobs.offer.OfferEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParseTriggerEventsFunctionTest {

    @Test
    void keepsEveryEventsTime_purchasesWithOrderAndValue_tierConsentBirthday_andRealImpressionsOnly() throws Exception {
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseTriggerEventsFunction()))) {
            harness.open();
            harness.processElement(
                    json(
                            "e-1",
                            "purchase",
                            "c-1",
                            null,
                            MONDAY,
                            ",\"orderId\":\"o-1\",\"items\":["
                                    + "{\"itemId\":\"a\",\"price\":2.5,\"quantity\":2},{\"itemId\":\"b\",\"price\":1,\"quantity\":1}]"),
                    0);
            harness.processElement(
                    json(
                            "e-2",
                            "profile_update",
                            "c-1",
                            null,
                            MONDAY,
                            ",\"attributes\":{\"tier\":\"gold\",\"marketingConsent\":true}"),
                    0);
            harness.processElement(json("e-3", "offer_impression", "c-1", "news", MONDAY, ""), 0);
            harness.processElement(json("e-4", "offer_impression", "c-1", "news", MONDAY, ",\"holdout\":true"), 0);
            harness.processElement(json("e-5", "search", "c-1", null, MONDAY, ",\"query\":\"tea\""), 0);
            harness.processElement("{not json", 0);
            List<TriggerEvent> out = harness.extractOutputValues();
            assertThat(out).extracting(e -> e.eventId).containsExactly("e-1", "e-2", "e-3", "e-4", "e-5");
            assertThat(out.get(0).orderId).isEqualTo("o-1");
            assertThat(out.get(0).orderValue).isEqualTo(6.0);
            assertThat(out.get(0).quantities).containsExactly(2, 1);
            assertThat(out.get(1).tier).isEqualTo("gold");
            assertThat(out.get(1).marketingConsent).isTrue();
            assertThat(out.get(1).birthday).isNull();
            assertThat(out.get(2).offerId).isEqualTo("news");
            assertThat(out.get(3).offerId).as("a holdout marker is no contact").isNull();
        }
    }
}

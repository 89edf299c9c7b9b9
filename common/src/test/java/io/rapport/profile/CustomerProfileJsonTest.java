package io.rapport.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerProfileJsonTest {

    @Test
    void profile_roundTripsThroughTheTopicCodec_withWireNamedStage() {
        CustomerProfile p = new CustomerProfile(
                "c1",
                1,
                2,
                1,
                2,
                5.0,
                5.0,
                2L,
                JourneyStage.FIRST_PURCHASE,
                List.of(new CategoryAffinity("dairy", 5)),
                List.of(new RecentItem("i1", "dairy", "purchase", 2)),
                List.of(new CartLine("i2", null, 1.5, 1, 1)),
                1L,
                Map.of("tier", "gold", "marketingConsent", true),
                new FeedbackSummary(1, 4.0, "ok", 2L),
                new OfferResponses(1, 0, 0),
                3);

        byte[] json = Json.encode(p);

        assertThat(new String(json)).contains("\"journeyStage\":\"first_purchase\"");
        assertThat(Json.decode(json, CustomerProfile.class)).isEqualTo(p);
    }
}

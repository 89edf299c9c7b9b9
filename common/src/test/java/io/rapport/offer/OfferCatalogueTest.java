package io.rapport.offer;

import static io.rapport.offer.Offers.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferCatalogueTest {
    private static final long DAY = 86_400_000L;
    /** 2025-12-05T12:00Z, epoch day 20,427. */
    private static final long NOON = 20_427 * DAY + DAY / 2;

    private static final Offer TIP = offer("tip", OfferTrigger.ALWAYS).build();
    private static final Offer NEWS =
            offer("news", OfferTrigger.ALWAYS).marketing().build();
    private static final Offer TIP_AS_MARKETING =
            offer("tip", OfferTrigger.ALWAYS).marketing().build();

    @Test
    void aServiceOfferDroppedOrMadeMarketing_isRememberedAsServiceUpToThatDay() {
        OfferCatalogue first = OfferCatalogue.EMPTY.next(List.of(TIP, NEWS), NOON);
        assertThat(first.formerServiceOffers()).isEmpty();

        OfferCatalogue dropped = first.next(List.of(NEWS), NOON + 1);
        assertThat(dropped.formerServiceOffers()).containsExactly(Map.entry("tip", 20_427L));
        assertThat(dropped.wasServiceOn("tip", 20_427)).isTrue();
        assertThat(dropped.wasServiceOn("tip", 20_428)).as("after it went").isFalse();
        assertThat(dropped.wasServiceOn("news", 20_427)).isFalse();

        OfferCatalogue madeMarketing = first.next(List.of(TIP_AS_MARKETING, NEWS), NOON + 1);
        assertThat(madeMarketing.formerServiceOffers()).containsExactly(Map.entry("tip", 20_427L));
    }

    @Test
    void aFormerServiceOffer_isKeptSevenDays_andLeavesWhenItIsAServiceOfferAgain() {
        OfferCatalogue dropped = OfferCatalogue.EMPTY.next(List.of(TIP), NOON).next(List.of(NEWS), NOON);

        assertThat(dropped.next(List.of(NEWS), NOON + 6 * DAY).formerServiceOffers())
                .containsExactly(Map.entry("tip", 20_427L));
        assertThat(dropped.next(List.of(NEWS), NOON + 7 * DAY).formerServiceOffers())
                .as("its impressions are past the caps' 7 days")
                .isEmpty();
        assertThat(dropped.next(List.of(TIP, NEWS), NOON + DAY).formerServiceOffers())
                .isEmpty();
    }

    @Test
    void theFormerServiceOffers_travelInTheRecord_andARecordWithoutThemReadsAsNone() {
        OfferCatalogue dropped = OfferCatalogue.EMPTY.next(List.of(TIP), NOON).next(List.of(NEWS), NOON);

        OfferCatalogue read = Json.decode(Json.encode(dropped), OfferCatalogue.class);
        assertThat(read).isEqualTo(dropped);
        OfferCatalogue older =
                Json.decode("{\"offers\":[],\"updatedAt\":5}".getBytes(StandardCharsets.UTF_8), OfferCatalogue.class);
        assertThat(older.formerServiceOffers()).isEmpty();
    }

    @Test
    void contactHistory_countsAnImpressionAsTheServiceOfferItWasThatDay() {
        ContactHistory history = new ContactHistory(
                "c-1",
                List.of(
                        new ContactHistory.Day(20_426, Map.of("tip", 3L)),
                        new ContactHistory.Day(20_428, Map.of("tip", 2L, "news", 1L))));
        // tip was a service offer until 20,427, a marketing one since
        ContactHistory.ServiceOffers service = (offerId, day) -> offerId.equals("tip") && day <= 20_427;

        assertThat(history.marketingImpressions(20_428, service)).containsExactly(3, 3);
        assertThat(history.marketingImpressions(20_428, (offerId, day) -> false))
                .containsExactly(3, 6);
    }
}

package io.rapport.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import io.rapport.kafka.Json;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferValidatorTest {
    private final OfferValidator validator = new OfferValidator(Limits.DEFAULTS);

    static ObjectNode birthdayOffer() {
        return (ObjectNode) read("""
                {"offerId":"birthday-drink","title":"A free drink for your birthday","action":"reward",
                 "trigger":"birthday","channels":["app","email"],"contactClass":"service",
                 "segments":[],"requiresConsent":false,"value":5.0,"weight":1.0,"holdoutPercent":0,
                 "validFrom":"2026-01-01T00:00:00Z","validTo":"2027-01-01T00:00:00Z"}""");
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ArrayNode catalogue(ObjectNode... offers) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (ObjectNode o : offers) {
            array.add(o);
        }
        return array;
    }

    private String refusal(Consumer<ObjectNode> change) {
        ObjectNode offer = birthdayOffer();
        change.accept(offer);
        try {
            validator.catalogue(catalogue(birthdayOffer().put("offerId", "first"), offer));
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + offer);
    }

    @Test
    void shouldReadTheOfferOfTheBrief() {
        Offer offer = validator.catalogue(catalogue(birthdayOffer())).get(0);
        assertThat(offer)
                .isEqualTo(new Offer(
                        "birthday-drink",
                        "A free drink for your birthday",
                        "reward",
                        OfferTrigger.BIRTHDAY,
                        null,
                        null,
                        List.of("app", "email"),
                        ContactClass.SERVICE,
                        List.of(),
                        false,
                        5.0,
                        1.0,
                        0,
                        "2026-01-01T00:00:00Z",
                        "2027-01-01T00:00:00Z"));
    }

    @Test
    void shouldRoundTripThroughJson() {
        Offer offer = validator.catalogue(catalogue(birthdayOffer())).get(0);
        OfferCatalogue catalogue = new OfferCatalogue(List.of(offer), 7);
        assertThat(Json.decode(Json.encode(catalogue), OfferCatalogue.class)).isEqualTo(catalogue);
        assertThat(new String(Json.encode(offer)))
                .contains("\"trigger\":\"birthday\"", "\"contactClass\":\"service\"")
                .doesNotContain("abandonAfterMinutes");
    }

    @Test
    void shouldApplyDefaultsAndNormaliseTimesToUtc() {
        ObjectNode node = birthdayOffer();
        node.remove(List.of("weight", "holdoutPercent", "segments", "requiresConsent"));
        node.put("validFrom", "2026-01-01T01:00:00+01:00");
        Offer offer = validator.catalogue(catalogue(node)).get(0);
        assertThat(offer.weight()).isEqualTo(1.0);
        assertThat(offer.holdoutPercent()).isZero();
        assertThat(offer.segments()).isEmpty();
        assertThat(offer.validFrom()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(offer.abandonAfterMinutes())
                .as("not an abandoned-cart offer")
                .isNull();

        Offer cart = validator
                .catalogue(catalogue(birthdayOffer().put("trigger", "abandoned_cart")))
                .get(0);
        Offer winBack = validator
                .catalogue(catalogue(birthdayOffer().put("trigger", "win_back")))
                .get(0);
        assertThat(cart.abandonAfterMinutes()).isEqualTo(Offer.DEFAULT_ABANDON_AFTER_MINUTES);
        assertThat(winBack.inactiveDays()).isEqualTo(Offer.DEFAULT_INACTIVE_DAYS);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "contactClass|\"sometimes\"|offers[1].contactClass: must be marketing or service",
                "trigger|\"weekly\"|offers[1].trigger: must be one of always, birthday, abandoned_cart, win_back, cross_sell, up_sell",
                "channels|[]|offers[1].channels: must be a non-empty list of ids",
                "channels|[\"app\",7]|offers[1].channels[1]: must be a string",
                "holdoutPercent|101|offers[1].holdoutPercent: must be a number from 0 to 100",
                "holdoutPercent|-1|offers[1].holdoutPercent: must be a number from 0 to 100",
                "value|-0.5|offers[1].value: must be a number from 0 to 1000000000",
                "value|\"5\"|offers[1].value: must be a number from 0 to 1000000000",
                "value|1000000000.5|offers[1].value: must be a number from 0 to 1000000000",
                "value|1e300|offers[1].value: must be a number from 0 to 1000000000",
                "weight|-1|offers[1].weight: must be a number from 0 to 1000000",
                "weight|1000001|offers[1].weight: must be a number from 0 to 1000000",
                "validFrom|\"yesterday\"|offers[1].validFrom: must be an ISO-8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z",
                "validTo|\"+292278995-01-01T00:00:00Z\"|offers[1].validTo: must lie in the years 0001 to 9999 (UTC)",
                "validTo|\"+10000-01-01T00:00:00Z\"|offers[1].validTo: must lie in the years 0001 to 9999 (UTC)",
                "validFrom|\"0000-12-31T23:59:59Z\"|offers[1].validFrom: must lie in the years 0001 to 9999 (UTC)",
                "validFrom|\"-999999999-01-01T00:00:00Z\"|offers[1].validFrom: must lie in the years 0001 to 9999 (UTC)",
                "validTo|\"2025-01-01T00:00:00Z\"|offers[1].validTo: must be after validFrom",
                "validTo|\"2026-01-01T00:00:00Z\"|offers[1].validTo: must be after validFrom",
                "offerId|\"first\"|offers[1].offerId: repeats the offerId of offers[0]; offerIds must be unique",
                "offerId|\"\"|offers[1].offerId: must be a non-empty string",
                "title|null|offers[1].title: is required",
                "action|\"a\\u0001b\"|offers[1].action: must not contain control characters",
                "segments|\"vip\"|offers[1].segments: must be a list of ids",
                "requiresConsent|\"yes\"|offers[1].requiresConsent: must be true or false",
                "abandonAfterMinutes|30|offers[1].abandonAfterMinutes: only applies to trigger abandoned_cart",
                "inactiveDays|60|offers[1].inactiveDays: only applies to trigger win_back",
            })
    void shouldRefuseNamingTheField(String field, String json, String message) {
        assertThat(refusal(o -> o.set(field, read(json)))).isEqualTo(message);
    }

    @Test
    void aTitleWithControlCharacters_orAnOverLongAction_isRefusedInTheIdsWords() {
        assertThat(refusal(o -> o.put("title", "a\u0007b")))
                .isEqualTo("offers[1].title: must not contain control characters");
        assertThat(refusal(o -> o.put("title", "a" + (char) 0xD800 + "b")))
                .isEqualTo("offers[1].title: holds an unpaired UTF-16 surrogate");
        assertThat(refusal(o -> o.put("offerId", "sur-" + (char) 0xDC00)))
                .isEqualTo("offers[1].offerId: holds an unpaired UTF-16 surrogate");
        // the events' id rule: such an offerId could never be named by an impression or a holdout marker
        assertThat(refusal(o -> o.put("offerId", "spring\u2028promo")))
                .isEqualTo("offers[1].offerId: must not be blank or hold a line separator or a noncharacter"
                        + " (U+2028, U+2029, U+FFFF …)");
        assertThat(refusal(o -> o.put("offerId", "promo\uFFFF")))
                .isEqualTo("offers[1].offerId: must not be blank or hold a line separator or a noncharacter"
                        + " (U+2028, U+2029, U+FFFF …)");
        assertThat(refusal(o -> o.put("title", "t".repeat(1_001))))
                .isEqualTo("offers[1].title: is longer than 1000 characters");
        assertThat(refusal(o -> o.put("action", "a".repeat(257))))
                .isEqualTo("offers[1].action: must be 1 to 256 characters");
        assertThat(refusal(o -> o.put("action", "a".repeat(1_001))))
                .as("the id limit, not the text limit")
                .isEqualTo("offers[1].action: must be 1 to 256 characters");
    }

    @Test
    void shouldRefuseMissingRequiredFields() {
        for (String field : List.of(
                "offerId", "title", "action", "trigger", "channels", "contactClass", "value", "validFrom", "validTo")) {
            assertThat(refusal(o -> o.remove(field))).isEqualTo("offers[1]." + field + ": is required");
        }
    }

    @Test
    void shouldCheckTriggerParameters() {
        ObjectNode cart = birthdayOffer().put("trigger", "abandoned_cart").put("abandonAfterMinutes", 45);
        assertThat(validator.catalogue(catalogue(cart)).get(0).abandonAfterMinutesOrDefault())
                .isEqualTo(45);
        ObjectNode winBack = birthdayOffer().put("trigger", "win_back").put("inactiveDays", 0);
        assertThatThrownBy(() -> validator.catalogue(catalogue(winBack)))
                .hasMessage("offers[0].inactiveDays: must be an integer from 1 to 100000");
        ObjectNode fractional = birthdayOffer().put("trigger", "win_back").put("inactiveDays", 1.5);
        assertThatThrownBy(() -> validator.catalogue(catalogue(fractional)))
                .hasMessage("offers[0].inactiveDays: must be an integer from 1 to 100000");
    }

    @Test
    void shouldRefuseBodyThatIsNotAnArrayOfObjects() {
        assertThatThrownBy(() -> validator.catalogue(birthdayOffer()))
                .hasMessage("offers: must be a JSON array of offers");
        assertThatThrownBy(() -> validator.catalogue(read("[1]"))).hasMessage("offers[0]: must be an object");
        assertThat(validator.catalogue(read("[]"))).isEmpty();
    }

    @Test
    void shouldAcceptExactlyMaxOffers_andRefuseOneMore() {
        ArrayNode full = Json.mapper().createArrayNode();
        for (int i = 0; i < OfferValidator.MAX_OFFERS; i++) {
            full.add(birthdayOffer().put("offerId", "o-" + i));
        }
        assertThat(validator.catalogue(full)).hasSize(OfferValidator.MAX_OFFERS);
        full.add(birthdayOffer().put("offerId", "one-more"));
        assertThatThrownBy(() -> validator.catalogue(full)).hasMessage("offers: has more than 1000 offers");
    }

    @Test
    void shouldAcceptTriggerParametersFromOneToTheMaximum() {
        for (int days : new int[] {1, OfferValidator.MAX_TRIGGER_PARAMETER}) {
            ObjectNode winBack = birthdayOffer().put("trigger", "win_back").put("inactiveDays", days);
            assertThat(validator.catalogue(catalogue(winBack)).get(0).inactiveDaysOrDefault())
                    .isEqualTo(days);
        }
        ObjectNode tooMany = birthdayOffer().put("trigger", "win_back").put("inactiveDays", 100_001);
        assertThatThrownBy(() -> validator.catalogue(catalogue(tooMany)))
                .hasMessage("offers[0].inactiveDays: must be an integer from 1 to 100000");
    }

    @Test
    void shouldRefuseAnUnknownContactClassOrTriggerWithItsName() {
        assertThatThrownBy(() -> ContactClass.of("spam"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown contactClass: spam");
        assertThatThrownBy(() -> OfferTrigger.of("sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown trigger: sometimes");
    }
}

package io.rapport.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import io.rapport.kafka.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignValidatorTest {
    private final CampaignValidator validator = new CampaignValidator(Limits.DEFAULTS);

    static final String SPRING = """
            {"campaignId":"spring","name":"Spring coffee","offers":["coffee","coffee","cake"],
             "from":"2026-03-01T01:00:00+01:00","to":"2026-04-01T00:00:00Z",
             "plan":{"impressions":10000,"conversions":500,"revenue":2500.5},"owner":"ignored"}""";

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void readsACampaign_normalisingTimesAndDroppingRepeatedOffers() {
        List<Campaign> campaigns = validator.campaigns(read("[" + SPRING + "]"));

        assertThat(campaigns)
                .containsExactly(new Campaign(
                        "spring",
                        "Spring coffee",
                        List.of("coffee", "cake"),
                        "2026-03-01T00:00:00Z",
                        "2026-04-01T00:00:00Z",
                        new Campaign.Plan(10_000, 500, 2500.5)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "campaignId|null|campaigns[0].campaignId: is required",
                "name|\"\"|campaigns[0].name: must be a non-empty string",
                "offers|[]|campaigns[0].offers: must be a non-empty list of ids",
                "offers|[1]|campaigns[0].offers[0]: must be a string",
                "from|\"yesterday\"|campaigns[0].from: must be an ISO-8601 date-time with a zone",
                "to|\"2026-02-01T00:00:00Z\"|campaigns[0].to: must be after from",
                "to|\"+999999999-12-31T23:59:59Z\"|campaigns[0].to: must lie in the years 0001 to 9999 (UTC)",
                "from|\"-999999999-01-01T00:00:00Z\"|campaigns[0].from: must lie in the years 0001 to 9999 (UTC)",
                "plan|null|campaigns[0].plan: is required",
                "plan|3|campaigns[0].plan: must be an object",
                "from|\"2026-03-01T06:12:30+01:00\"|campaigns[0].from: must start a whole minute (the KPIs count per"
                        + " minute), e.g. 2026-03-01T05:12:00Z, not 2026-03-01T06:12:30+01:00",
                "to|\"2026-04-01T00:00:00.001Z\"|campaigns[0].to: must start a whole minute (the KPIs count per"
                        + " minute), e.g. 2026-04-01T00:00:00Z, not 2026-04-01T00:00:00.001Z",
            })
    void refusesABrokenField_namingIt(String field, String value, String message) {
        String broken =
                SPRING.replaceFirst("\"" + field + "\":(\\[[^]]*]|\\{[^}]*}|\"[^\"]*\")", "\"" + field + "\":" + value);

        assertThatThrownBy(() -> validator.campaigns(read("[" + broken + "]")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"impressions\":10000|\"impressions\":-1|campaigns[0].plan.impressions: must be a number from 0",
                "\"conversions\":500|\"conversions\":2.5|campaigns[0].plan.conversions: must be a whole number",
                "\"revenue\":2500.5|\"revenue\":\"a lot\"|campaigns[0].plan.revenue: must be a finite number >= 0",
                "\"revenue\":2500.5|\"x\":1|campaigns[0].plan.revenue: is required",
            })
    void refusesABrokenPlan_namingTheField(String good, String bad, String message) {
        assertThatThrownBy(() -> validator.campaigns(read("[" + SPRING.replace(good, bad) + "]")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesRepeatedIds_andANonArray() {
        assertThatThrownBy(() -> validator.campaigns(read("[" + SPRING + "," + SPRING + "]")))
                .hasMessageStartingWith("campaigns[1].campaignId: repeats the campaignId of campaigns[0]");
        assertThatThrownBy(() -> validator.campaigns(read(SPRING)))
                .hasMessageStartingWith("campaigns: must be a JSON array");
        assertThat(validator.campaigns(read("[]"))).isEmpty();
    }
}

package io.rapport.jobs.kpi;

import io.rapport.event.EventParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Named instants and wire-JSON event factories for the KPI tests; {@link #event} turns them into
 * {@link KpiEvent}s with the production parser, so every test event is one the job accepts.
 */
abstract class KpiTestBase {
    static final Instant T0 = Instant.parse("2024-09-02T10:00:00Z");
    static final long MINUTE = 60_000;

    private static final EventParser PARSER = new EventParser();

    static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    static long pane(int minutes) {
        return at(minutes).toEpochMilli();
    }

    static String head(String eventId, String type, String customer, Instant at) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at + "\"";
    }

    static String view(String eventId, String customer, Instant at, String item) {
        return head(eventId, "view", customer, at) + ",\"items\":[{\"itemId\":\"" + item + "\"}]}";
    }

    static String addToCart(String eventId, String customer, Instant at, String item) {
        return head(eventId, "add_to_cart", customer, at) + ",\"items\":[{\"itemId\":\"" + item + "\"}]}";
    }

    /** A purchase of one unit of each item at {@code price}. */
    static String purchase(String eventId, String customer, Instant at, String orderId, double price, String... items) {
        StringBuilder lines = new StringBuilder();
        for (String item : items) {
            lines.append(lines.length() == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(item)
                    .append("\",\"price\":")
                    .append(price)
                    .append(",\"quantity\":1}");
        }
        return head(eventId, "purchase", customer, at) + ",\"orderId\":\"" + orderId + "\",\"items\":[" + lines + "]}";
    }

    static String impression(String eventId, String customer, Instant at, String offerId, boolean holdout) {
        return head(eventId, "offer_impression", customer, at) + ",\"offerId\":\"" + offerId + "\""
                + (holdout ? ",\"holdout\":true}" : "}");
    }

    static String click(String eventId, String customer, Instant at, String offerId) {
        return head(eventId, "offer_click", customer, at) + ",\"offerId\":\"" + offerId + "\"}";
    }

    static String redeem(String eventId, String customer, Instant at, String offerId) {
        return head(eventId, "offer_redeem", customer, at) + ",\"offerId\":\"" + offerId + "\"}";
    }

    static String recommendationImpression(String eventId, String customer, Instant at) {
        return head(eventId, "offer_impression", customer, at)
                + ",\"offerId\":\"also-bought\",\"recommendationId\":\"r-1\"}";
    }

    static String recommendationClick(String eventId, String customer, Instant at, String item) {
        return head(eventId, "offer_click", customer, at)
                + ",\"offerId\":\"also-bought\",\"recommendationId\":\"r-1\",\"itemId\":\"" + item + "\"}";
    }

    static String feedback(String eventId, String customer, Instant at, int rating) {
        return head(eventId, "feedback", customer, at) + ",\"rating\":" + rating + "}";
    }

    static String erase(String eventId, String customer, Instant at) {
        return head(eventId, "erase", customer, at) + "}";
    }

    static KpiEvent event(String json) {
        return KpiEvent.of(PARSER.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}

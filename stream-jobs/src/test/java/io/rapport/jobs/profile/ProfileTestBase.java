package io.rapport.jobs.profile;

import io.rapport.event.EventParser;
import io.rapport.jobs.ingest.CustomerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Named instants and event factories for the profile tests. Events are built as wire JSON and, for
 * the function tests, turned into {@link CustomerEvent}s by the production parser, so every test
 * event is one the job would accept. An item's category is {@code cat-<itemId>} unless a line says
 * otherwise, its price 2.5.
 */
abstract class ProfileTestBase {
    /** Event times lie well in the past: the parser refuses events more than a day in the future. */
    static final Instant MONDAY = Instant.parse("2024-09-02T10:00:00Z");

    static final Instant TUESDAY = MONDAY.plus(Duration.ofDays(1));
    static final Instant WEDNESDAY = MONDAY.plus(Duration.ofDays(2));
    static final double PRICE = 2.5;

    private static final EventParser PARSER = new EventParser();

    /** A purchase whose eventId is {@code purchase-<orderId>}; lines are {@code itemId} or {@code itemId*quantity}. */
    static String purchase(Instant at, String customer, String orderId, String... lines) {
        return purchaseWithId("purchase-" + orderId, at, customer, orderId, lines);
    }

    static String purchaseWithId(String eventId, Instant at, String customer, String orderId, String... lines) {
        String items = Stream.of(lines)
                .map(line -> {
                    String[] parts = line.split("\\*");
                    int quantity = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
                    return "{\"itemId\":\"" + parts[0] + "\",\"category\":\"" + categoryOf(parts[0]) + "\",\"price\":"
                            + PRICE + ",\"quantity\":" + quantity + "}";
                })
                .collect(Collectors.joining(","));
        return event(eventId, "purchase", at, customer, "\"orderId\":\"" + orderId + "\",\"items\":[" + items + "]");
    }

    static String view(Instant at, String customer, String item) {
        return itemEvent("view", at, customer, item);
    }

    static String addToCart(Instant at, String customer, String item) {
        return itemEvent("add_to_cart", at, customer, item);
    }

    static String removeFromCart(Instant at, String customer, String item) {
        return itemEvent("remove_from_cart", at, customer, item);
    }

    /** A cart change with an explicit quantity. */
    static String cartChange(String type, Instant at, String customer, String item, int quantity) {
        return itemEvent(type, at, customer, item, ",\"quantity\":" + quantity);
    }

    private static String itemEvent(String type, Instant at, String customer, String item) {
        return itemEvent(type, at, customer, item, "");
    }

    private static String itemEvent(String type, Instant at, String customer, String item, String moreFields) {
        return event(
                type + "-" + customer + "-" + item + "-" + at.toEpochMilli(),
                type,
                at,
                customer,
                "\"items\":[{\"itemId\":\"" + item + "\",\"category\":\"" + categoryOf(item) + "\",\"price\":" + PRICE
                        + moreFields + "}]");
    }

    static String search(Instant at, String customer) {
        return event("search-" + customer + "-" + at.toEpochMilli(), "search", at, customer, "\"query\":\"milk\"");
    }

    static String feedback(Instant at, String customer, int rating, String comment) {
        String text = comment == null ? "" : ",\"comment\":\"" + comment + "\"";
        return event(
                "feedback-" + customer + "-" + at.toEpochMilli(),
                "feedback",
                at,
                customer,
                "\"rating\":" + rating + text);
    }

    static String offer(String type, Instant at, String customer) {
        return event(type + "-" + customer + "-" + at.toEpochMilli(), type, at, customer, "\"offerId\":\"o\"");
    }

    static String profileUpdate(Instant at, String customer, String attributesJson) {
        return event(
                "update-" + customer + "-" + at.toEpochMilli(),
                "profile_update",
                at,
                customer,
                "\"attributes\":" + attributesJson);
    }

    static String erase(Instant at, String customer) {
        return event("erase-" + customer + "-" + at.toEpochMilli(), "erase", at, customer, null);
    }

    private static String event(String eventId, String type, Instant at, String customer, String fields) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at + "\"" + (fields == null ? "" : "," + fields) + "}";
    }

    static String categoryOf(String item) {
        return "cat-" + item;
    }

    /** The event the job makes of valid wire JSON. */
    static CustomerEvent customerEvent(String json) {
        return CustomerEvent.of(PARSER.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}

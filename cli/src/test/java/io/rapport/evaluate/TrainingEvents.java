package io.rapport.evaluate;

import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** Hand-made events for the offline evaluation's tests, parsed as production parses them, each with a new id. */
final class TrainingEvents {
    /** The production parser, with the event-time window widened so that any past timestamp is taken. */
    static final EventParser PARSER = new EventParser(
            new Limits(Integer.MAX_VALUE, 1, 500, 10_000, 256, 32, 4096, Duration.ofDays(36_500), 100),
            Clock.systemUTC());

    private int seq;

    /** How many events were made so far. */
    int count() {
        return seq;
    }

    /** A purchase at {@code at} (epoch ms) of one line per item, price 1, quantity 1. */
    Event purchase(long at, String customer, String... items) {
        StringBuilder lines = new StringBuilder();
        for (String item : items) {
            lines.append(lines.length() == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(item)
                    .append("\",\"price\":1,\"quantity\":1}");
        }
        seq++;
        return parse("{\"eventId\":\"e" + seq + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":" + at + ",\"orderId\":\"o" + seq + "\",\"items\":[" + lines + "]}");
    }

    /** A {@code view} or {@code add_to_cart} of one item at {@code at}. */
    Event browse(String type, long at, String customer, String item) {
        seq++;
        return parse("{\"eventId\":\"e" + seq + "\",\"type\":\"" + type + "\",\"customerId\":\"" + customer
                + "\",\"timestamp\":" + at + ",\"items\":[{\"itemId\":\"" + item + "\"}]}");
    }

    /** An {@code erase} of the customer at {@code at}. */
    Event erase(long at, String customer) {
        seq++;
        return parse("{\"eventId\":\"e" + seq + "\",\"type\":\"erase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":" + at + "}");
    }

    /** The same purchase line by line under another event's id: a resend of {@code eventId} with other items. */
    Event resend(String eventId, long at, String customer, String... items) {
        Event fresh = purchase(at, customer, items);
        String json = "{\"eventId\":\"" + eventId + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":" + at + ",\"orderId\":\"" + fresh.orderId() + "\",\"items\":["
                + String.join(
                        ",",
                        fresh.items().stream()
                                .map(i -> "{\"itemId\":\"" + i.itemId() + "\",\"price\":1,\"quantity\":1}")
                                .toList())
                + "]}";
        return parse(json);
    }

    private static Event parse(String json) {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}

package io.rapport.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The REES46 "eCommerce behavior data from multi category store" CSV (the shared data's
 * {@code rees46-ecommerce-sample}) as Rapport events, so a real clickstream with views, carts and
 * purchases can be replayed: {@code view → view}, {@code cart → add_to_cart}, {@code purchase →
 * purchase} (one item, quantity 1, its own order); {@code customerId} = {@code rees46-u-<user_id>},
 * {@code sessionId} = {@code user_session}, {@code itemId} = {@code product_id}, {@code category} =
 * {@code category_code} or, when empty, {@code category_id}; {@code eventId} =
 * {@code rees46-<line number>}, so a second conversion of the same file gives the same ids and a
 * second replay counts once. Other event types (e.g. {@code remove_from_cart} of later months) are
 * skipped.
 */
public final class Rees46Clickstream {
    static final String HEADER =
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private Rees46Clickstream() {}

    /** The file's events as JSON lines, in file order; a malformed row is an error naming its line. */
    public static List<String> events(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IllegalArgumentException(csv + ": the first line must be the header " + HEADER);
        }
        List<String> events = new ArrayList<>(lines.size());
        for (int n = 2; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (!line.isBlank()) {
                String event = event(line, n);
                if (event != null) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    /** One row as an event, or null for an event type Rapport has no use for. */
    static String event(String row, int lineNumber) {
        String[] f = row.split(",", -1);
        if (f.length != 9) {
            throw new IllegalArgumentException("line " + lineNumber + ": " + f.length + " columns, not 9");
        }
        String type = switch (f[1]) {
            case "view" -> "view";
            case "cart" -> "add_to_cart";
            case "purchase" -> "purchase";
            default -> null;
        };
        if (type == null) {
            return null;
        }
        try {
            ObjectNode e = Json.mapper().createObjectNode();
            e.put("eventId", "rees46-" + lineNumber);
            e.put("type", type);
            e.put("customerId", "rees46-u-" + f[7]);
            e.put(
                    "timestamp",
                    LocalDateTime.parse(f[0], TIME).toInstant(ZoneOffset.UTC).toString());
            e.put("channel", "web");
            e.put("sessionId", f[8]);
            if ("purchase".equals(type)) {
                e.put("orderId", "rees46-o-" + lineNumber);
            }
            e.putArray("items")
                    .addObject()
                    .put("itemId", f[2])
                    .put("category", f[4].isEmpty() ? f[3] : f[4])
                    .put("price", Double.parseDouble(f[6]))
                    .put("quantity", 1);
            return e.toString();
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("line " + lineNumber + ": " + ex.getMessage(), ex);
        }
    }
}

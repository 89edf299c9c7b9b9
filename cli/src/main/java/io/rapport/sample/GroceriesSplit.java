package io.rapport.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A leave-one-item-out split of the Groceries baskets ({@code groceries.csv}: one basket a line,
 * items separated by commas), for {@code ./rapport evaluate}: every basket is one customer's order;
 * of each basket with at least two distinct items one item, drawn with a seeded {@link Random} in
 * file order, is held out as the test part and the others are the training part. Baskets of one
 * item are training only. Ids and categories are those of the bundled sample ({@link
 * GroceriesSample}): customer {@code grocery-c-<line>}, the item's name as itemId, its level-2
 * product group as category; baskets are spread over 30 days in file order, price 0, quantity 1.
 */
public final class GroceriesSplit {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long STEP_MILLIS = GroceriesSample.SPAN.toMillis() / 10_000;

    private GroceriesSplit() {}

    /**
     * @param test true for the held-out items, false for the training baskets
     * @param seed seeds the choice of the held-out items
     */
    public static List<String> events(Path csv, boolean test, long seed) throws IOException {
        Map<String, String> categories = GroceriesSample.categories();
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            List<String> basket = new ArrayList<>(new LinkedHashSet<>(List.of(line.split(",")).stream()
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList()));
            String heldOut = basket.size() < 2 ? null : basket.remove(random.nextInt(basket.size()));
            List<String> part = test ? (heldOut == null ? List.of() : List.of(heldOut)) : basket;
            if (!part.isEmpty()) {
                lines.add(purchase(n, test, part, categories));
            }
        }
        return lines;
    }

    private static String purchase(int n, boolean test, List<String> items, Map<String, String> categories) {
        String suffix = test ? "-test" : "";
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventId", "grocery-" + n + suffix);
        e.put("type", "purchase");
        e.put("customerId", "grocery-c-" + n);
        e.put("timestamp", START.plusMillis(STEP_MILLIS * n + (test ? 1 : 0)).toString());
        e.put("channel", "store");
        e.put("orderId", "grocery-o-" + n + suffix);
        ArrayNode lines = e.putArray("items");
        for (String item : items) {
            ObjectNode line = lines.addObject().put("itemId", item);
            if (categories.containsKey(item)) {
                line.put("category", categories.get(item));
            }
            line.put("price", 0.0).put("quantity", 1);
        }
        return e.toString();
    }
}

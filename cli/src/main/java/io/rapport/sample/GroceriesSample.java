package io.rapport.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.kafka.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The bundled sample: the 9,835 Groceries baskets turned into purchase events of one synthetic
 * customer per basket (see {@code sample/groceries/PROVENANCE.md} for every choice made).
 */
public final class GroceriesSample {
    private static final String DIR = "/sample/groceries/";
    static final Duration SPAN = Duration.ofDays(30);

    private GroceriesSample() {}

    /** The sample's events as JSON lines, the last one timestamped {@code end}. */
    public static List<String> events(Instant end) {
        List<String> names = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        readLabels(names, categories);
        List<int[]> rows = readQuantities(names.size());
        long step = SPAN.toMillis() / rows.size();
        long first = end.toEpochMilli() - step * (rows.size() - 1);
        List<String> lines = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            lines.add(purchase(r + 1, first + step * r, rows.get(r), names, categories));
        }
        return lines;
    }

    private static String purchase(int n, long timestamp, int[] quantities, List<String> names, List<String> cats) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventId", "grocery-" + n);
        e.put("type", "purchase");
        e.put("customerId", "grocery-c-" + n);
        e.put("timestamp", Instant.ofEpochMilli(timestamp).toString());
        e.put("channel", "store");
        e.put("orderId", "grocery-o-" + n);
        ArrayNode items = e.putArray("items");
        for (int col = 0; col < quantities.length; col++) {
            if (quantities[col] > 0) {
                items.addObject()
                        .put("itemId", names.get(col))
                        .put("category", cats.get(col))
                        .put("price", price(names.get(col)))
                        .put("quantity", quantities[col]);
            }
        }
        return e.toString();
    }

    /** Item name → category (the data set's level-2 product group), from the bundled labels. */
    public static Map<String, String> categories() {
        List<String> names = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        readLabels(names, categories);
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), categories.get(i));
        }
        return byName;
    }

    /** Synthetic, stable price in 0.49–9.99: the data set has no prices. */
    static double price(String itemId) {
        return (49 + Math.floorMod(itemId.hashCode(), 951)) / 100.0;
    }

    private static void readLabels(List<String> names, List<String> categories) {
        Map<String, String> cat2 = new HashMap<>();
        for (String line : lines(DIR + "Groceries.cat2.labels", false)) {
            String[] f = line.split("\t");
            cat2.put(f[0].trim(), f[1].trim());
        }
        for (String line : lines(DIR + "Groceries.labels", false)) {
            String[] f = line.split("\t");
            names.add(f[1].trim());
            categories.add(cat2.getOrDefault(f[0].trim().substring(0, 2), "other"));
        }
    }

    private static List<int[]> readQuantities(int columns) {
        List<int[]> rows = new ArrayList<>();
        for (String line : lines(DIR + "Groceries.data.gz", true)) {
            String[] f = line.split("\t");
            if (f.length != columns) {
                throw new IllegalStateException("Groceries.data row has " + f.length + " columns, not " + columns);
            }
            int[] q = new int[columns];
            for (int i = 0; i < columns; i++) {
                q[i] = Integer.parseInt(f[i].trim());
            }
            rows.add(q);
        }
        return rows;
    }

    private static List<String> lines(String resource, boolean gzip) {
        try (InputStream raw = GroceriesSample.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("sample resource missing: " + resource);
            }
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().filter(l -> !l.isBlank()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

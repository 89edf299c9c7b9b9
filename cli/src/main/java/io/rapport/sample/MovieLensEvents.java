package io.rapport.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * MovieLens ratings ({@code user item rating timestamp}, tab-separated, as in {@code u.data} and
 * the {@code u1.base}/{@code u1.test} splits) as purchase events: a rating of at least {@code
 * minRating} counts as the customer "buying" the movie, one order per rating, at the rating's time.
 * Ids are {@code ml-u<user>} and {@code ml-i<item>}; the category is the movie's first genre when
 * {@code u.item} is given. Prices are not part of the data: every line has price 0 and quantity 1.
 */
public final class MovieLensEvents {
    private MovieLensEvents() {}

    public static List<String> events(Path ratings, int minRating, Map<String, String> genres) throws IOException {
        return purchases(ratings, minRating).stream()
                .map(f -> event(f[0].trim(), f[1].trim(), Long.parseLong(f[3].trim()) * 1000, genres))
                .toList();
    }

    /**
     * A per-customer split of the purchases (ratings of at least {@code minRating}): each customer's
     * purchases in time order, ties by movie id, shuffled with {@code shuffle} when it is given (a
     * random split) or left in time order (a temporal split); the last {@code round(testShare · n)}
     * are the test part and the rest the training part. Customers with few purchases may have no
     * test part.
     *
     * @param test true for the test part, false for the training part
     * @param shuffle null for a temporal split; a seeded generator for a random one
     */
    public static List<String> split(Path ratings, int minRating, Map<String, String> genres, double testShare,
            boolean test, Random shuffle) throws IOException {
        if (!(testShare > 0 && testShare < 1)) {
            throw new IllegalArgumentException("testShare must be between 0 and 1: " + testShare);
        }
        Map<String, List<String[]>> byUser = new LinkedHashMap<>();
        for (String[] f : purchases(ratings, minRating)) {
            byUser.computeIfAbsent(f[0].trim(), u -> new ArrayList<>()).add(f);
        }
        Comparator<String[]> inTime = Comparator.<String[]>comparingLong(f -> Long.parseLong(f[3].trim()))
                .thenComparingInt(f -> Integer.parseInt(f[1].trim()));
        List<String> lines = new ArrayList<>();
        for (List<String[]> rows : byUser.values()) {
            rows.sort(inTime);
            if (shuffle != null) {
                Collections.shuffle(rows, shuffle);
            }
            int firstTest = rows.size() - (int) Math.round(testShare * rows.size());
            List<String[]> part = test ? rows.subList(firstTest, rows.size()) : rows.subList(0, firstTest);
            for (String[] f : part) {
                lines.add(event(f[0].trim(), f[1].trim(), Long.parseLong(f[3].trim()) * 1000, genres));
            }
        }
        return lines;
    }

    private static List<String[]> purchases(Path ratings, int minRating) throws IOException {
        return Files.readAllLines(ratings, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t"))
                .filter(f -> Integer.parseInt(f[2].trim()) >= minRating)
                .toList();
    }

    private static String event(String user, String item, long millis, Map<String, String> genres) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventId", "ml-" + user + "-" + item);
        e.put("type", "purchase");
        e.put("customerId", "ml-u" + user);
        e.put("timestamp", Instant.ofEpochMilli(millis).toString());
        e.put("orderId", "ml-o-" + user + "-" + item);
        ObjectNode line = e.putArray("items").addObject();
        line.put("itemId", "ml-i" + item);
        if (genres.containsKey(item)) {
            line.put("category", genres.get(item));
        }
        line.put("price", 0.0);
        line.put("quantity", 1);
        return e.toString();
    }

    /** Movie id → first genre, from {@code u.item} (pipe-separated, 19 genre flags at the end). */
    public static Map<String, String> genres(Path uItem) throws IOException {
        String[] names = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
            "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
            "Thriller", "War", "Western"};
        Map<String, String> genres = new HashMap<>();
        for (String line : Files.readAllLines(uItem, StandardCharsets.ISO_8859_1)) {
            String[] f = line.split("\\|");
            if (f.length < 5 + names.length) {
                continue;
            }
            for (int g = 0; g < names.length; g++) {
                if ("1".equals(f[f.length - names.length + g])) {
                    genres.put(f[0], names[g]);
                    break;
                }
            }
        }
        return genres;
    }
}

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
 * {@code u.item} is given. Prices are not part of the data: every purchase line has price 0 and
 * quantity 1, a cart line quantity 1 and no price.
 *
 * <p>Lower ratings are dropped ({@link LowRatings#DROP}), or become {@code view} events of the movie
 * at the rating's time ({@link LowRatings#VIEW}: a film watched but not liked standing in for a
 * product viewed but not bought), or, with {@link LowRatings#CART}, the rating just below the
 * minimum becomes an {@code add_to_cart} event (a film nearly liked standing in for a product put in
 * the cart and not bought) and the lower ones views; all with the same event ids. The test part of a
 * split holds purchases only.
 */
public final class MovieLensEvents {
    /** What ratings below the minimum become. */
    public enum LowRatings {
        /** Nothing: they are left out. */
        DROP,
        /** {@code view} events. */
        VIEW,
        /** {@code add_to_cart} events for the rating just below the minimum, {@code view} events below it. */
        CART;

        /** The event type of a rating, null when it becomes no event. */
        String type(int rating, int minRating) {
            if (rating >= minRating) {
                return "purchase";
            }
            return switch (this) {
                case DROP -> null;
                case VIEW -> "view";
                case CART -> rating == minRating - 1 ? "add_to_cart" : "view";
            };
        }
    }

    /** A customer's ratings in time order, ties by movie id. */
    private static final Comparator<String[]> IN_TIME =
            Comparator.comparingLong(MovieLensEvents::time).thenComparingInt(f -> Integer.parseInt(f[1].trim()));

    private MovieLensEvents() {}

    public static List<String> events(Path ratings, int minRating, Map<String, String> genres) throws IOException {
        return events(ratings, minRating, genres, LowRatings.DROP);
    }

    /**
     * Every rating in file order: a purchase when it is at least {@code minRating}, else what {@code
     * low} makes of it.
     */
    public static List<String> events(Path ratings, int minRating, Map<String, String> genres, LowRatings low)
            throws IOException {
        List<String> lines = new ArrayList<>();
        for (String[] f : ratings(ratings)) {
            String type = low.type(rating(f), minRating);
            if (type != null) {
                lines.add(event(f, type, genres));
            }
        }
        return lines;
    }

    public static List<String> split(
            Path ratings, int minRating, Map<String, String> genres, double testShare, boolean test, Random shuffle)
            throws IOException {
        return split(ratings, minRating, genres, testShare, test, shuffle, LowRatings.DROP);
    }

    /**
     * A per-customer split of the purchases (ratings of at least {@code minRating}): each customer's
     * purchases in time order, ties by movie id, shuffled with {@code shuffle} when it is given (a
     * random split) or left in time order (a temporal split); the last {@code round(testShare · n)}
     * are the test part and the rest the training part. Customers with few purchases may have no
     * test part.
     *
     * <p>Unless {@code low} drops them, the lower ratings become views (or carts) of the training
     * part, after each customer's training purchases in time order (ties by movie id); the test
     * part holds purchases only. A random split puts all of a customer's views in training. A
     * temporal split puts there only those at or before the customer's cut, the time of their last
     * training purchase, so that training holds nothing from after it; later views are dropped. A
     * customer without a test part keeps all their views, as does one without any purchase; one
     * whose purchases all went to the test part keeps none.
     *
     * @param test true for the test part, false for the training part
     * @param shuffle null for a temporal split; a seeded generator for a random one
     */
    public static List<String> split(
            Path ratings,
            int minRating,
            Map<String, String> genres,
            double testShare,
            boolean test,
            Random shuffle,
            LowRatings low)
            throws IOException {
        if (!(testShare > 0 && testShare < 1)) {
            throw new IllegalArgumentException("testShare must be between 0 and 1: " + testShare);
        }
        Map<String, List<String[]>> byUser = new LinkedHashMap<>();
        Map<String, List<String[]>> viewsByUser = new LinkedHashMap<>();
        for (String[] f : ratings(ratings)) {
            String type = low.type(rating(f), minRating);
            if ("purchase".equals(type)) {
                byUser.computeIfAbsent(f[0].trim(), u -> new ArrayList<>()).add(f);
            } else if (type != null) {
                viewsByUser.computeIfAbsent(f[0].trim(), u -> new ArrayList<>()).add(f);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> user : byUser.entrySet()) {
            List<String[]> rows = user.getValue();
            rows.sort(IN_TIME);
            if (shuffle != null) {
                Collections.shuffle(rows, shuffle);
            }
            int firstTest = rows.size() - (int) Math.round(testShare * rows.size());
            List<String[]> part = test ? rows.subList(firstTest, rows.size()) : rows.subList(0, firstTest);
            for (String[] f : part) {
                lines.add(event(f, "purchase", genres));
            }
            List<String[]> views = viewsByUser.remove(user.getKey());
            if (!test && views != null) {
                long cut = shuffle != null || firstTest == rows.size()
                        ? Long.MAX_VALUE
                        : part.stream().mapToLong(MovieLensEvents::time).max().orElse(Long.MIN_VALUE);
                addViews(lines, views, cut, low, minRating, genres);
            }
        }
        if (!test) {
            viewsByUser.values().forEach(views -> addViews(lines, views, Long.MAX_VALUE, low, minRating, genres));
        }
        return lines;
    }

    /** Adds the views (and carts) at or before {@code cut}, in time order. */
    private static void addViews(
            List<String> lines,
            List<String[]> views,
            long cut,
            LowRatings low,
            int minRating,
            Map<String, String> genres) {
        views.sort(IN_TIME);
        for (String[] f : views) {
            if (time(f) <= cut) {
                lines.add(event(f, low.type(rating(f), minRating), genres));
            }
        }
    }

    private static int rating(String[] f) {
        return Integer.parseInt(f[2].trim());
    }

    private static long time(String[] f) {
        return Long.parseLong(f[3].trim());
    }

    private static List<String[]> ratings(Path ratings) throws IOException {
        return Files.readAllLines(ratings, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t"))
                .toList();
    }

    /** A rating as a {@code purchase}, {@code view} or {@code add_to_cart} event. */
    private static String event(String[] f, String type, Map<String, String> genres) {
        boolean bought = type.equals("purchase");
        String user = f[0].trim();
        String item = f[1].trim();
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("eventId", "ml-" + user + "-" + item);
        e.put("type", type);
        e.put("customerId", "ml-u" + user);
        e.put("timestamp", Instant.ofEpochMilli(time(f) * 1000).toString());
        if (bought) {
            e.put("orderId", "ml-o-" + user + "-" + item);
        }
        ObjectNode line = e.putArray("items").addObject();
        line.put("itemId", "ml-i" + item);
        if (genres.containsKey(item)) {
            line.put("category", genres.get(item));
        }
        if (bought) {
            line.put("price", 0.0);
        }
        if (!type.equals("view")) {
            line.put("quantity", 1);
        }
        return e.toString();
    }

    /** Movie id → first genre, from {@code u.item} (pipe-separated, 19 genre flags at the end). */
    public static Map<String, String> genres(Path uItem) throws IOException {
        String[] names = {
            "unknown",
            "Action",
            "Adventure",
            "Animation",
            "Children's",
            "Comedy",
            "Crime",
            "Documentary",
            "Drama",
            "Fantasy",
            "Film-Noir",
            "Horror",
            "Musical",
            "Mystery",
            "Romance",
            "Sci-Fi",
            "Thriller",
            "War",
            "Western"
        };
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

package io.rapport.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rapport.event.EventParser;
import io.rapport.kafka.Json;
import io.rapport.sample.MovieLensEvents.LowRatings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rapport movielens --low-ratings view|cart}: ratings below the minimum as training views,
 * or the one just below it as cart adds.
 */
class MovieLensLowRatingsTest {
    private static final Path MOVIELENS = Path.of("../../shared/data/movielens-100k");

    @TempDir
    Path dir;

    /** type, customer, item and time (seconds) of an event line. */
    private record Line(String type, String customer, String item, long seconds, boolean hasOrder) {}

    private static Line line(String json) {
        Map<?, ?> e = Json.decode(json.getBytes(StandardCharsets.UTF_8), Map.class);
        List<?> items = (List<?>) e.get("items");
        assertThat(items).hasSize(1);
        return new Line(
                (String) e.get("type"),
                (String) e.get("customerId"),
                (String) ((Map<?, ?>) items.get(0)).get("itemId"),
                Instant.parse((String) e.get("timestamp")).getEpochSecond(),
                e.containsKey("orderId"));
    }

    private static List<String> of(String type, List<String> events) {
        return events.stream()
                .map(MovieLensLowRatingsTest::line)
                .filter(l -> l.type().equals(type))
                .map(l -> l.item() + "@" + l.seconds())
                .toList();
    }

    /**
     * User 1: purchases (ratings ≥ 4) at 10..50, views (ratings below 4) at 5, 45 and 55. User 2: two
     * purchases (no test part) and a late view. User 3: a view only.
     */
    private Path ratings() throws Exception {
        Path ratings = dir.resolve("u.data");
        Files.writeString(
                ratings,
                String.join(
                                "\n",
                                "1\t105\t5\t50",
                                "1\t101\t4\t10",
                                "1\t199\t2\t55",
                                "1\t103\t4\t30",
                                "1\t102\t5\t20",
                                "1\t104\t4\t40",
                                "1\t198\t3\t45",
                                "1\t197\t1\t5",
                                "2\t201\t4\t5",
                                "2\t202\t5\t6",
                                "2\t299\t2\t90",
                                "3\t301\t3\t7")
                        + "\n");
        return ratings;
    }

    @Test
    void lowRatings_becomeViewsInFileOrder_andThePurchasesAreUnchanged() throws Exception {
        Path ratings = ratings();

        List<String> all = MovieLensEvents.events(ratings, 4, Map.of("199", "Drama"), LowRatings.VIEW);

        assertThat(all).hasSize(12);
        assertThat(of("view", all)).containsExactly("ml-i199@55", "ml-i198@45", "ml-i197@5", "ml-i299@90", "ml-i301@7");
        assertThat(all.stream()
                        .map(MovieLensLowRatingsTest::line)
                        .filter(l -> l.type().equals("view")))
                .noneMatch(Line::hasOrder);
        assertThat(all.get(2))
                .contains("\"type\":\"view\"")
                .contains("\"category\":\"Drama\"")
                .doesNotContain("price");
        assertThat(all.stream().filter(l -> l.contains("\"type\":\"purchase\"")).toList())
                .isEqualTo(MovieLensEvents.events(ratings, 4, Map.of("199", "Drama")));
    }

    @Test
    void cart_makesTheRatingJustBelowTheMinimumACartAdd_andTheLowerOnesViews() throws Exception {
        Path ratings = ratings();

        List<String> all = MovieLensEvents.events(ratings, 4, Map.of("198", "Drama"), LowRatings.CART);

        assertThat(of("add_to_cart", all)).containsExactly("ml-i198@45", "ml-i301@7");
        assertThat(of("view", all)).containsExactly("ml-i199@55", "ml-i197@5", "ml-i299@90");
        assertThat(of("purchase", all)).isEqualTo(of("purchase", MovieLensEvents.events(ratings, 4, Map.of())));
        String cart =
                all.stream().filter(l -> l.contains("ml-i198")).findFirst().orElseThrow();
        assertThat(cart)
                .contains("\"category\":\"Drama\"")
                .contains("\"quantity\":1")
                .doesNotContain("price")
                .doesNotContain("orderId");
        EventParser parser = new EventParser();
        assertThat(all).allSatisfy(l -> parser.parse(l.getBytes(StandardCharsets.UTF_8)));
        // with --min-rating 5, 4 stars is the cart and 3 a view
        assertThat(of("add_to_cart", MovieLensEvents.events(ratings, 5, Map.of(), LowRatings.CART)))
                .containsExactly("ml-i101@10", "ml-i103@30", "ml-i104@40", "ml-i201@5");
    }

    @Test
    void cart_inATemporalSplit_followsTheViewsRules() throws Exception {
        Path ratings = ratings();

        List<String> train = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, false, null, LowRatings.CART);
        List<String> test = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, null, LowRatings.CART);

        // user 1's cut is 40: the cart add at 45 is after it; user 3 has no purchase and keeps theirs
        assertThat(of("add_to_cart", train)).containsExactly("ml-i301@7");
        assertThat(of("view", train)).containsExactly("ml-i197@5", "ml-i299@90");
        assertThat(test).isEqualTo(MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, null));
    }

    @Test
    void temporalSplit_putsOnlyTheViewsUpToEachCustomersCutInTraining() throws Exception {
        Path ratings = ratings();

        List<String> train = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, false, null, LowRatings.VIEW);
        List<String> test = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, null, LowRatings.VIEW);

        // user 1's cut is their last training purchase (40): the views at 45 and 55 are after it
        assertThat(of("view", train)).containsExactly("ml-i197@5", "ml-i299@90", "ml-i301@7");
        assertThat(of("purchase", train))
                .isEqualTo(of("purchase", MovieLensEvents.split(ratings, 4, Map.of(), 0.2, false, null)));
        assertThat(test).isEqualTo(MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, null));
        assertThat(of("view", test)).isEmpty();
    }

    @Test
    void randomSplit_putsEveryViewInTraining_andLeavesTheTestPartAsItWas() throws Exception {
        Path ratings = ratings();

        List<String> train = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, false, new Random(3), LowRatings.VIEW);
        List<String> test = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, new Random(3), LowRatings.VIEW);

        assertThat(of("view", train))
                .containsExactlyInAnyOrder("ml-i197@5", "ml-i198@45", "ml-i199@55", "ml-i299@90", "ml-i301@7");
        assertThat(test).isEqualTo(MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, new Random(3)));
    }

    @Test
    void temporalSplitOfMovieLens_hasNoTrainingViewAfterACustomersFirstTestPurchase() throws Exception {
        assumeTrue(Files.isDirectory(MOVIELENS), "shared MovieLens data beside the repository");
        Path ratings = MOVIELENS.resolve("u.data");

        List<Line> train = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, false, null, LowRatings.VIEW).stream()
                .map(MovieLensLowRatingsTest::line)
                .toList();
        List<Line> test = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, null, LowRatings.VIEW).stream()
                .map(MovieLensLowRatingsTest::line)
                .toList();

        Map<String, Long> firstTest = new HashMap<>();
        test.forEach(l -> firstTest.merge(l.customer(), l.seconds(), Math::min));
        List<Line> leaks = new ArrayList<>();
        int views = 0;
        for (Line l : train) {
            if (l.type().equals("view")) {
                views++;
                if (l.seconds() > firstTest.getOrDefault(l.customer(), Long.MAX_VALUE)) {
                    leaks.add(l);
                }
            }
        }
        assertThat(test).allMatch(l -> l.type().equals("purchase"));
        assertThat(views).as("most low ratings are training views").isGreaterThan(20_000);
        assertThat(leaks).isEmpty();
    }
}

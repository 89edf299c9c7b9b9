package io.rapport.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train/test splits behind {@code ./rapport movielens --split temporal} and {@code ./rapport groceries}. */
class SplitsTest {
    @TempDir
    Path dir;

    private static List<String> itemsOf(List<String> events) {
        List<String> items = new ArrayList<>();
        for (String e : events) {
            items.addAll(itemsOf(e));
        }
        return items;
    }

    private static List<String> itemsOf(String event) {
        List<String> items = new ArrayList<>();
        for (Object line : (List<?>)
                Json.decode(event.getBytes(StandardCharsets.UTF_8), Map.class).get("items")) {
            items.add((String) ((Map<?, ?>) line).get("itemId"));
        }
        return items;
    }

    @Test
    void temporalSplit_holdsOutEachCustomersLastFifthOfPurchases() throws Exception {
        // user 1: five purchases (ratings >= 4) at times 10..50 and one rating of 2; user 2: two purchases.
        Path ratings = dir.resolve("u.data");
        Files.writeString(
                ratings,
                String.join(
                                "\n",
                                "1\t105\t5\t50",
                                "1\t101\t4\t10",
                                "1\t103\t4\t30",
                                "1\t102\t5\t20",
                                "1\t104\t4\t40",
                                "1\t199\t2\t60",
                                "2\t201\t4\t5",
                                "2\t202\t5\t6")
                        + "\n");

        List<String> train = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, false, null);
        List<String> test = MovieLensEvents.split(ratings, 4, Map.of(), 0.2, true, null);

        // round(0.2 · 5) = 1: user 1's latest purchase is the test part; round(0.2 · 2) = 0 for user 2.
        assertThat(itemsOf(test)).containsExactly("ml-i105");
        assertThat(itemsOf(train)).containsExactly("ml-i101", "ml-i102", "ml-i103", "ml-i104", "ml-i201", "ml-i202");
    }

    @Test
    void randomSplit_holdsOutASeededShareOfEachCustomersPurchases() throws Exception {
        Path ratings = dir.resolve("u.data");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            lines.append("1\t").append(100 + i).append("\t5\t").append(i).append('\n');
        }
        Files.writeString(ratings, lines);

        List<String> test = MovieLensEvents.split(ratings, 1, Map.of(), 0.25, true, new Random(7));
        List<String> train = MovieLensEvents.split(ratings, 1, Map.of(), 0.25, false, new Random(7));

        assertThat(test).hasSize(2);
        assertThat(train).hasSize(6).doesNotContainAnyElementsOf(test);
        assertThat(MovieLensEvents.split(ratings, 1, Map.of(), 0.25, true, new Random(7)))
                .isEqualTo(test);
    }

    @Test
    void groceriesSplit_holdsOutOneItemOfEveryBasketOfTwoOrMore() throws Exception {
        Path csv = dir.resolve("groceries.csv");
        Files.writeString(csv, "whole milk,butter,yogurt\nrolls/buns\nbeef,whole milk\n");

        List<String> train = GroceriesSplit.events(csv, false, 1);
        List<String> test = GroceriesSplit.events(csv, true, 1);

        assertThat(train).hasSize(3);
        assertThat(test).hasSize(2);
        // basket 1 = its training part + its held-out item; the one-item basket is training only
        assertThat(itemsOf(train.get(0))).hasSize(2).doesNotContainAnyElementsOf(itemsOf(test.get(0)));
        Set<String> basket1 = new HashSet<>(itemsOf(train.get(0)));
        basket1.addAll(itemsOf(test.get(0)));
        assertThat(basket1).containsExactlyInAnyOrder("whole milk", "butter", "yogurt");
        assertThat(itemsOf(train.get(1))).containsExactly("rolls/buns");
        assertThat(itemsOf(train.get(2))).hasSize(1);
        assertThat(test.get(0)).contains("\"customerId\":\"grocery-c-1\"").contains("\"category\":");
        assertThat(test.get(1)).contains("\"customerId\":\"grocery-c-3\"");
        assertThat(GroceriesSplit.events(csv, true, 1))
                .as("seeded: the same split every time")
                .isEqualTo(test);
    }
}

package io.rapport.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rapport.copurchase.TimeDecay;
import io.rapport.evaluate.OfflineEvaluation.Result;
import io.rapport.event.Event;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.rank.PersonalRecommender;
import io.rapport.sample.MovieLensEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineEvaluationTest {
    private static final Path MOVIELENS = Path.of("../../shared/data/movielens-100k");
    private final TrainingEvents events = new TrainingEvents();

    private Event purchase(String customer, String... items) {
        return purchaseAt(1_000_000L + events.count() + 1, customer, items);
    }

    private Event purchaseAt(long timestamp, String customer, String... items) {
        return events.purchase(timestamp, customer, items);
    }

    @Test
    void metricsAreExactOnAHandMadeCase() {
        List<Event> train = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            train.add(purchase("fan-" + i, "bread", "butter"));
        }
        for (int i = 0; i < 8; i++) {
            train.add(purchase("milk-" + i, "milk"));
        }
        train.add(purchase("alice", "bread"));
        List<Event> test = List.of(purchase("alice", "butter"));

        Result r = OfflineEvaluation.run(train, test, 1, CoPurchaseSettings.DEFAULTS, done -> {});

        assertThat(r.customers()).isEqualTo(1);
        assertThat(r.rapport().hr()).isEqualTo(1.0);
        assertThat(r.rapport().ndcg()).isCloseTo(1.0, within(1e-9));
        assertThat(r.rapport().precision()).isEqualTo(1.0);
        assertThat(r.rapport().recall()).isEqualTo(1.0);
        assertThat(r.rapport().coverage()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(r.popularity().hr()).as("popularity recommends milk").isZero();
        assertThat(r.itemKnn().hr())
                .as("bread's only cosine neighbour is butter")
                .isEqualTo(1.0);
        assertThat(r.itemKnn().ndcg()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aRepeatedEventIdCountsOnce_andAnErasedCustomersPurchasesNotAtAll_asInTheJobs() {
        List<Event> train = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            train.add(purchase("y-" + i, "y"));
        }
        train.add(purchase("a-0", "a"));
        Event first = purchase("a-1", "a");
        train.add(first);
        // a resend of a-1's purchase under its eventId with other items: the jobs keep the first
        train.add(events.resend(first.eventId(), first.timestamp(), "a-1", "z"));
        for (int i = 0; i < 3; i++) {
            train.add(events.erase(2_000_000L, "y-" + i));
        }
        train.add(purchaseAt(3_000_000L, "y-0", "b")); // after the erase: counts again
        List<Event> test = List.of(purchaseAt(4_000_000L, "alice", "a"));

        Result r = OfflineEvaluation.run(train, test, 1, CoPurchaseSettings.DEFAULTS, done -> {});

        assertThat(r.catalogue())
                .as("a and b: y went with the erasures, z was a resend")
                .isEqualTo(2);
        assertThat(r.popularity().hr())
                .as("a (2 buyers) is the most popular, not y")
                .isEqualTo(1.0);
        assertThat(OfflineEvaluation.counted(train)).hasSize(3);

        // read before the erase, a purchase goes with it whatever its time, as in the jobs (audit G11)
        Event ahead = purchaseAt(2_500_000L, "y-1", "c");
        List<Event> order = List.of(ahead, events.erase(2_000_000L, "y-1"));
        assertThat(OfflineEvaluation.counted(order)).isEmpty();
        assertThat(OfflineEvaluation.counted(List.of(order.get(1), ahead)))
                .as("read after the erase and stamped after it: counts")
                .containsExactly(ahead);
        assertThat(OfflineEvaluation.testCustomers(List.of(test.get(0), test.get(0))))
                .isEqualTo(1);
    }

    @Test
    void everyFigureOfEveryRecommenderIsAsComputedByHand() {
        List<Event> train = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            train.add(purchase("ab-" + i, "a", "b"));
        }
        for (int i = 0; i < 3; i++) {
            train.add(purchase("ac-" + i, "a", "c"));
        }
        for (int i = 0; i < 6; i++) {
            train.add(purchase("d-" + i, "d"));
        }
        train.add(purchase("alice", "a"));
        train.add(purchase("bob", "d"));
        // buyers: a 8, d 7, b 4, c 3; alice will buy c and d, bob a and e (an item unknown in training)
        List<Event> test = List.of(purchase("alice", "c", "d"), purchase("bob", "a", "e"));

        Result r = OfflineEvaluation.run(train, test, 2, CoPurchaseSettings.DEFAULTS, done -> {});

        double second = 1 / (Math.log(3) / Math.log(2)); // the gain of a hit at rank 2
        double ideal = 1 + second; // two relevant items each
        assertThat(r.customers()).isEqualTo(2);
        assertThat(r.catalogue()).isEqualTo(4);
        // Rapport: alice [b, c] (a's neighbours, cosine 4/√32 > 3/√24): c at rank 2;
        // bob [a, b] (d has no neighbours, no categories: popular overall): a at rank 1.
        assertThat(r.rapport().hr()).isEqualTo(1.0);
        assertThat(r.rapport().ndcg()).isCloseTo((second / ideal + 1 / ideal) / 2, within(1e-12));
        assertThat(r.rapport().ndcg()).isCloseTo(0.5, within(1e-12));
        assertThat(r.rapport().precision()).isEqualTo(0.5);
        assertThat(r.rapport().recall()).isEqualTo(0.5);
        assertThat(r.rapport().coverage()).isEqualTo(0.75);
        // popularity: alice [d, b], bob [a, b]: a hit at rank 1 each
        assertThat(r.popularity().hr()).isEqualTo(1.0);
        assertThat(r.popularity().ndcg()).isCloseTo(1 / ideal, within(1e-12));
        assertThat(r.popularity().precision()).isEqualTo(0.5);
        assertThat(r.popularity().recall()).isEqualTo(0.5);
        assertThat(r.popularity().coverage()).isEqualTo(0.75);
        // item-kNN: alice [b, c] as Rapport; bob nothing (d was never bought with anything)
        assertThat(r.itemKnn().hr()).isEqualTo(0.5);
        assertThat(r.itemKnn().ndcg()).isCloseTo(second / ideal / 2, within(1e-12));
        assertThat(r.itemKnn().precision()).isEqualTo(0.25);
        assertThat(r.itemKnn().recall()).isEqualTo(0.25);
        assertThat(r.itemKnn().coverage()).isEqualTo(0.5);
    }

    @Test
    void timeDecay_seesEachPairsLastIncreaseAtItsPurchasesTimestamp() {
        long day = 86_400_000L;
        long start = 1_700_000_000_000L;
        List<Event> train = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            train.add(purchaseAt(start, "ab-" + i, "a", "b")); // a~b: 4, last bought together on day 0
        }
        for (int i = 0; i < 3; i++) {
            train.add(purchaseAt(start + 100 * day, "ac-" + i, "a", "c")); // a~c: 3, on day 100
        }
        train.add(purchaseAt(start + 100 * day, "alice", "a"));
        List<Event> test = List.of(purchaseAt(start + 101 * day, "alice", "c"));
        PersonalRecommender.Settings plain = PersonalRecommender.Settings.DEFAULTS;

        // cosines a~b 4/√32 = 0.71 and a~c 3/√24 = 0.61: b first without decay;
        // with a 30-day half-life a~b is 100 days old (× 0.099): c first
        Result off = OfflineEvaluation.run(train, test, 1, CoPurchaseSettings.DEFAULTS, plain, done -> {});
        Result decayed = OfflineEvaluation.run(
                train, test, 1, CoPurchaseSettings.DEFAULTS, plain.withTimeDecay(TimeDecay.parse("30d")), done -> {});

        assertThat(off.rapport().hr()).isZero();
        assertThat(decayed.rapport().hr()).isEqualTo(1.0);
        assertThat(decayed.popularity()).isEqualTo(off.popularity());
        assertThat(decayed.itemKnn()).isEqualTo(off.itemKnn());
        assertThat(OfflineEvaluation.run(train, test, 1, CoPurchaseSettings.DEFAULTS, done -> {}))
                .isEqualTo(off);
    }

    @Test
    void itemKnnSumsCosineSimilaritiesOverTheOwnedItems() {
        // a: 4 buyers, b: 9, x: 4, y: 16; a-x 2, b-x 3 => x = 2/4 + 3/6 = 1.0; a-y 4, b-y 3 => y = 4/8 + 3/12 = 0.75
        ItemKnn knn = new ItemKnn(
                Map.of("a", Map.of("x", 2L, "y", 4L, "b", 1L), "b", Map.of("x", 3L, "y", 3L, "a", 1L)),
                Map.of("a", 4L, "b", 9L, "x", 4L, "y", 16L));
        assertThat(knn.topK(Set.of("a", "b"), 10)).containsExactly("x", "y");
        // a alone: x 2/4 = 0.5, y 4/8 = 0.5 (tie, by itemId), b 1/6
        assertThat(knn.topK(Set.of("a"), 3)).containsExactly("x", "y", "b");
    }

    @ParameterizedTest(name = "with genres as categories: {0}")
    @ValueSource(booleans = {true, false})
    void rapportBeatsItemKnnAndPopularityOnMovieLens(boolean withCategories) throws Exception {
        assumeTrue(Files.isDirectory(MOVIELENS), "shared MovieLens data beside the repository");
        // Without categories the category blend cannot help: the scoring alone must beat item-kNN.
        Map<String, String> genres = withCategories ? MovieLensEvents.genres(MOVIELENS.resolve("u.item")) : Map.of();
        List<Event> train = parse(MovieLensEvents.events(MOVIELENS.resolve("u1.base"), 4, genres));
        List<Event> test = parse(MovieLensEvents.events(MOVIELENS.resolve("u1.test"), 4, genres));

        Result r = OfflineEvaluation.run(train, test, 10, CoPurchaseSettings.DEFAULTS, done -> {});

        assertThat(r.customers()).isEqualTo(456);
        assertThat(r.rapport().hr()).isGreaterThan(r.popularity().hr());
        assertThat(r.rapport().ndcg())
                .isGreaterThanOrEqualTo(r.itemKnn().ndcg())
                .isGreaterThanOrEqualTo(1.5 * r.popularity().ndcg());
        assertThat(r.rapport().coverage()).isGreaterThan(r.popularity().coverage());
    }

    private static List<Event> parse(List<String> lines) {
        return lines.stream()
                .map(l -> TrainingEvents.PARSER.parse(l.getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}

package io.rapport.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.evaluate.OfflineEvaluation.Result;
import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.rank.PersonalRecommender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training views and carts replayed through the profile folding, the co-view session rules and
 * {@link PersonalRecommender}'s browsed sources, on hand-made data whose scores are worked out by
 * hand (default exponent 1.5, no categories, so no category blend).
 */
class OfflineEvaluationViewsTest {
    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_700_000_000_000L;
    /** q's powered cosine in x's list in {@link #coPurchases} and {@link #coViews}: 0.3711. */
    private static final double Q_POWERED = Math.pow((2 / Math.sqrt(30)) / (3 / Math.sqrt(18)), 1.5);
    /** x spreads alice's weight 1 over its list: p gets 1 / 1.3711 = 0.7293. */
    private static final double P_FROM_X = 1 / (1 + Q_POWERED);
    /** ... and q 0.3711 / 1.3711 = 0.2707. */
    private static final double Q_FROM_X = Q_POWERED / (1 + Q_POWERED);

    private final TrainingEvents events = new TrainingEvents();

    private Event purchase(long at, String customer, String... items) {
        return events.purchase(at, customer, items);
    }

    private Event browse(String type, long at, String customer, String item) {
        return events.browse(type, at, customer, item);
    }

    private Event view(long at, String customer, String item) {
        return browse("view", at, customer, item);
    }

    private static PersonalRecommender.Settings weights(double view, double cart) {
        PersonalRecommender.Settings d = PersonalRecommender.Settings.DEFAULTS;
        return new PersonalRecommender.Settings(d.sources(), d.decay(), d.exponent(), d.categoryWeight(), view, cart);
    }

    private static Result run(List<Event> train, List<Event> test, int k, PersonalRecommender.Settings scoring) {
        return OfflineEvaluation.run(train, test, k, CoPurchaseSettings.DEFAULTS, scoring, done -> {});
    }

    /**
     * x~p bought together by 3, x~q by 2, v~q by 3; alice bought x. Buyers x 6, p 3, q 5, v 3. From
     * x: p 1 (its strongest), q (cos(x,q) / cos(x,p))^1.5 = ((2/√30) / (3/√18))^1.5 = 0.3711, both
     * divided by the list's sum 1.3711: p 0.7293, q 0.2707. From v, q is the only neighbour: 1,
     * times the browsing weight.
     */
    private List<Event> coPurchases() {
        List<Event> train = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            train.add(purchase(T0, "xp-" + i, "x", "p"));
            train.add(purchase(T0, "vq-" + i, "v", "q"));
        }
        for (int i = 0; i < 2; i++) {
            train.add(purchase(T0, "xq-" + i, "x", "q"));
        }
        train.add(purchase(T0, "alice", "x"));
        return train;
    }

    @Test
    void aViewedItemsCoPurchases_liftItsNeighbourByTheViewWeight() {
        List<Event> train = coPurchases();
        train.add(view(T0 + DAY, "alice", "v"));
        List<Event> test = List.of(purchase(T0 + 2 * DAY, "alice", "q"));
        // q scores 0.2707 + w against p's 0.7293: first from w = 0.7293 - 0.2707 = 0.4587 on
        double threshold = P_FROM_X - Q_FROM_X;
        assertThat(threshold).isCloseTo(0.4587, within(1e-4));

        assertThat(run(train, test, 1, weights(0, 0.5)).rapport().hr())
                .as("views left out")
                .isZero();
        assertThat(run(train, test, 1, weights(PersonalRecommender.Settings.VIEW_WEIGHT, 0.5))
                        .rapport()
                        .hr())
                .as("the default")
                .isZero();
        assertThat(run(train, test, 1, weights(threshold - 0.005, 0.5))
                        .rapport()
                        .hr())
                .isZero();
        assertThat(run(train, test, 1, weights(threshold + 0.005, 0.5))
                        .rapport()
                        .hr())
                .isEqualTo(1.0);
        // at k = 2 the view does not matter for the hit, only for the rank
        assertThat(run(train, test, 2, weights(0.25, 0.5)).rapport().ndcg()).isCloseTo(1 / log2(3), within(1e-12));
        assertThat(run(train, test, 2, weights(1, 0.5)).rapport().ndcg()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aCartCounts_withTheCartWeight_andTheBaselinesNeverSeeBrowsing() {
        List<Event> train = coPurchases();
        train.add(browse("add_to_cart", T0 + DAY, "alice", "v"));
        List<Event> test = List.of(purchase(T0 + 2 * DAY, "alice", "q"));
        double threshold = P_FROM_X - Q_FROM_X;

        Result below = run(train, test, 1, weights(1, threshold - 0.005));
        Result above = run(train, test, 1, weights(0, threshold + 0.005));

        assertThat(below.rapport().hr())
                .as("the view weight does not apply to a cart")
                .isZero();
        assertThat(above.rapport().hr()).isEqualTo(1.0);
        Result purchasesOnly = run(coPurchases(), test, 1, weights(1, threshold + 0.005));
        assertThat(above.popularity()).isEqualTo(purchasesOnly.popularity());
        assertThat(above.itemKnn()).isEqualTo(purchasesOnly.itemKnn());
    }

    /**
     * As {@link #coPurchases}, but y~q instead of v~q (so that q keeps its 5 buyers), and three
     * customers viewed v and r within one session; alice bought x (neighbours p 0.7293, q 0.2707) and
     * viewed v, which has no co-purchases: r, v's only co-view neighbour (1 after dividing by the
     * strongest), scores the view weight.
     */
    private List<Event> coViews(long sessionsAt) {
        List<Event> train = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            train.add(purchase(T0, "xp-" + i, "x", "p"));
            train.add(purchase(T0, "yq-" + i, "y", "q"));
        }
        for (int i = 0; i < 2; i++) {
            train.add(purchase(T0, "xq-" + i, "x", "q"));
        }
        train.add(purchase(T0, "alice", "x"));
        for (int i = 0; i < 3; i++) {
            train.add(view(sessionsAt, "viewer-" + i, "v"));
            train.add(view(sessionsAt + 10 * MINUTE, "viewer-" + i, "r"));
        }
        train.add(view(T0 + DAY, "alice", "v"));
        return train;
    }

    @Test
    void aViewedItemsCoViews_areCandidatesScoredByTheViewWeight() {
        List<Event> train = coViews(T0);
        List<Event> test = List.of(purchase(T0 + 2 * DAY, "alice", "r"));
        double second = 1 / log2(3);

        // k = 2: [p, q] without the view; r (w) passes q (0.2707) from w > 0.2707 on
        assertThat(run(train, test, 2, weights(0, 0.5)).rapport().hr()).isZero();
        assertThat(run(train, test, 2, weights(Q_FROM_X - 0.005, 0.5)).rapport().hr())
                .isZero();
        assertThat(run(train, test, 2, weights(Q_FROM_X + 0.005, 0.5)).rapport().ndcg())
                .isCloseTo(second, within(1e-12));
        // k = 1: r passes p (0.7293) from w > 0.7293 on
        assertThat(run(train, test, 1, weights(P_FROM_X - 0.005, 0.5)).rapport().hr())
                .isZero();
        assertThat(run(train, test, 1, weights(P_FROM_X + 0.005, 0.5)).rapport().hr())
                .isEqualTo(1.0);
    }

    @Test
    void viewSessionsPastRetention_areNoLongerCounted() {
        // The sessions' last view is more than 30 days before the newest training event (alice's
        // view): the co-view job has expired them (retention 30 days), so v has no co-view neighbours.
        List<Event> train = coViews(T0 - 30 * DAY);
        List<Event> test = List.of(purchase(T0 + 2 * DAY, "alice", "r"));

        assertThat(run(train, test, 2, weights(1, 0.5)).rapport().hr()).isZero();
        assertThat(run(coViews(T0 - 28 * DAY), test, 2, weights(1, 0.5))
                        .rapport()
                        .hr())
                .isEqualTo(1.0);
    }

    @Test
    void withoutBrowsed_leavesTheViewedItemsOutOfRapportsAnswersOnly() {
        // alice viewed p, x's strongest neighbour: it stays a candidate and tops her list, unless left out
        List<Event> train = coPurchases();
        train.add(view(T0 + DAY, "alice", "p"));
        List<Event> test = List.of(purchase(T0 + 2 * DAY, "alice", "q"));
        PersonalRecommender.Settings scoring = PersonalRecommender.Settings.DEFAULTS;

        Result kept = OfflineEvaluation.run(train, test, 1, CoPurchaseSettings.DEFAULTS, scoring, false, done -> {});
        Result left = OfflineEvaluation.run(train, test, 1, CoPurchaseSettings.DEFAULTS, scoring, true, done -> {});

        assertThat(kept.rapport().hr()).isZero();
        assertThat(left.rapport().hr()).isEqualTo(1.0);
        assertThat(left.popularity()).isEqualTo(kept.popularity());
        assertThat(left.itemKnn()).isEqualTo(kept.itemKnn());
    }

    @Test
    void viewWeightZero_givesTheFiguresOfTheTrainingPurchasesAlone() {
        List<Event> train = coViews(T0);
        List<Event> test = List.of(purchase(T0 + 2 * DAY, "alice", "r"));
        List<Event> purchases =
                train.stream().filter(e -> e.type() == EventType.PURCHASE).toList();

        assertThat(run(train, test, 2, weights(0, 0))).isEqualTo(run(purchases, test, 2, weights(0, 0)));
        assertThat(run(train, test, 2, weights(0.5, 0))).isNotEqualTo(run(purchases, test, 2, weights(0.5, 0)));
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}

package io.rapport.evaluate;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.PairCounting;
import io.rapport.copurchase.TopNeighbours;
import io.rapport.copurchase.Totals;
import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.event.Item;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.jobs.copurchase.RecentBuyers;
import io.rapport.jobs.coview.CoViewSettings;
import io.rapport.jobs.profile.ProfileSettings;
import io.rapport.rank.ItemFacts;
import io.rapport.rank.PersonalRecommender;
import io.rapport.rank.PopularItems;
import io.rapport.rank.RankedItem;
import io.rapport.store.Views;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Offline relevance of Rapport's personalised recommendations against a popularity baseline and an
 * item-kNN baseline.
 *
 * <p>The training purchases are replayed in event-time order through the same counting rules
 * ({@link PairCounting}, the per-customer cap) and the same neighbour selection ({@link
 * TopNeighbours}, the published top-K) that the co-purchase job runs, into the API's own views; the
 * API's own {@link PersonalRecommender} then answers for each test customer, items they bought in
 * training removed. Event time is the training events' timestamps: each pair's last increase is
 * the timestamp of the purchase that last raised its count, and every item's snapshot is as of the
 * newest training event (the job's watermark once it has read them all; views move it too), so a
 * {@link PersonalRecommender.Settings#timeDecay} decays the published neighbours as the API would;
 * an item's recent buyers ({@link RecentBuyers}, the job's day buckets) are its new buyers of the
 * {@link CoPurchaseSettings#recentDays} days up to that event's day. The item-kNN baseline is classic item-based collaborative filtering ({@link
 * ItemKnn}) on the same exact counts. An item is relevant to a customer when they bought it in the test set and not
 * in training. Per customer: hit rate (at least one relevant item in the top k), NDCG@k (binary
 * gains), precision@k and recall@k; averaged over customers with at least one relevant item.
 * Coverage is the share of the training catalogue that appears in at least one top-k list.
 *
 * <p><b>Views and carts.</b> The training events are replayed together, in event-time order (events
 * of the same time in file order, so a file of purchases only replays exactly as before). Every
 * event but an erase is folded by the profile job's own {@link
 * io.rapport.jobs.profile.ProfileFolding} ({@link ProfileReplay}), and every view goes through the
 * co-view job's own session rules ({@link io.rapport.jobs.coview.SessionCounting}, {@link
 * CoViewReplay}; sessions past the job's retention at the newest training event are expired), so
 * that {@link PersonalRecommender} reads the recent items (viewed and carted items among them) and
 * the co-view neighbours the API would hold. The profiles leave out their top categories, so the
 * category blend stays that of the bought items. The popularity and item-kNN baselines use the
 * purchases only. Test events other than purchases are ignored: only a purchase makes an item
 * relevant.
 *
 * <p><b>Duplicates and erasures</b> count as the jobs count them ({@link #counted}), in the training and
 * the test events alike: a repeated eventId of a customer once, its first in the file (the first to
 * arrive), and an {@code erase} takes out what the customer had before it in the file and keeps out later
 * events stamped at or before it (replays); what comes after it stamped later counts again.
 */
public final class OfflineEvaluation {
    private OfflineEvaluation() {}

    /** Mean relevance figures of one recommender. */
    public record Metrics(double hr, double ndcg, double precision, double recall, double coverage) {}

    /** Every recommender over the same customers. */
    public record Result(int k, int customers, int catalogue, Metrics rapport, Metrics popularity, Metrics itemKnn) {}

    /** A recommender as the evaluation sees it: top-k item ids for a customer. */
    interface Recommender {
        List<String> topK(String customerId, int k);
    }

    /**
     * Evaluates the recommender with its documented defaults.
     *
     * @param progress told how many test customers are done, for a progress bar
     */
    public static Result run(
            List<Event> train, List<Event> test, int k, CoPurchaseSettings settings, IntConsumer progress) {
        return run(train, test, k, settings, PersonalRecommender.Settings.DEFAULTS, progress);
    }

    /**
     * @param scoring how Rapport's recommender scores its candidates
     * @param progress told how many test customers are done, for a progress bar
     */
    public static Result run(
            List<Event> train,
            List<Event> test,
            int k,
            CoPurchaseSettings settings,
            PersonalRecommender.Settings scoring,
            IntConsumer progress) {
        return run(train, test, k, settings, scoring, false, progress);
    }

    /**
     * @param scoring how Rapport's recommender scores its candidates
     * @param withoutBrowsed leave the items each customer viewed or carted in training out of
     *     Rapport's answers (as a request-time filter would: the scoring is unchanged), to tell the
     *     worth of browsed items as sources from their presence as candidates; the baselines never
     *     see views
     * @param progress told how many test customers are done, for a progress bar
     */
    public static Result run(
            List<Event> train,
            List<Event> test,
            int k,
            CoPurchaseSettings settings,
            PersonalRecommender.Settings scoring,
            boolean withoutBrowsed,
            IntConsumer progress) {
        train = counted(train);
        test = counted(test);
        Training training = train(train, settings);
        Views views = training.views();
        ItemFacts facts = ItemFacts.of(views.items());
        PopularItems popular = new PopularItems(views.items(), Math.max(1000, k), facts);
        popular.refresh();
        PersonalRecommender personal = new PersonalRecommender(
                views.items(),
                views.coViews(),
                views.customers(),
                views.profiles(),
                popular,
                facts,
                scoring,
                PersonalRecommender.DEFAULT_CACHE_SIZE,
                Runnable::run);

        Map<String, Set<String>> relevant = relevantItems(test, views);
        Map<String, Set<String>> browsed = withoutBrowsed ? browsedItems(train) : Map.of();
        Recommender rapport = (c, n) -> {
            Set<String> left = browsed.getOrDefault(c, Set.of());
            return ids(personal.recommend(c, n + left.size()).items()).stream()
                    .filter(i -> !left.contains(i))
                    .limit(n)
                    .toList();
        };
        Recommender baseline = (c, n) -> ids(popular.top(n, views.customers().bought(c)));
        ItemKnn knn = new ItemKnn(training.pairs(), training.buyers());
        Recommender itemKnn = (c, n) -> knn.topK(views.customers().bought(c), n);
        Tally ours = new Tally();
        Tally theirs = new Tally();
        Tally knnTally = new Tally();
        int done = 0;
        for (Map.Entry<String, Set<String>> e : relevant.entrySet()) {
            ours.add(rapport.topK(e.getKey(), k), e.getValue(), k);
            theirs.add(baseline.topK(e.getKey(), k), e.getValue(), k);
            knnTally.add(itemKnn.topK(e.getKey(), k), e.getValue(), k);
            progress.accept(++done);
        }
        int catalogue = views.items().size();
        return new Result(
                k,
                relevant.size(),
                catalogue,
                ours.metrics(catalogue),
                theirs.metrics(catalogue),
                knnTally.metrics(catalogue));
    }

    /** The views the API would hold after the training events, and the exact counts behind them. */
    private record Training(Views views, Map<String, Map<String, Long>> pairs, Map<String, Long> buyers) {}

    /** Number of test customers that will be evaluated, for the progress bar. */
    public static int testCustomers(List<Event> test) {
        return (int) purchases(counted(test)).stream()
                .map(Event::customerId)
                .distinct()
                .count();
    }

    /**
     * The events the jobs count, read in file order as the jobs read arrivals: each customer's repeated
     * eventId once (its first); an {@code erase} takes out every event of the customer read before it,
     * whatever its time, and keeps out those read after it stamped at or before it (replays), while
     * later ones count again, a repeat of a forgotten eventId too (erases left out of the result).
     */
    static List<Event> counted(List<Event> events) {
        boolean[] keep = new boolean[events.size()];
        Map<String, List<Integer>> keptOf = new HashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        Map<String, Long> erasedAt = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String customer = e.customerId();
            if (e.type() == EventType.ERASE) {
                keptOf.getOrDefault(customer, List.of()).forEach(k -> keep[k] = false);
                keptOf.remove(customer);
                seen.remove(customer);
                erasedAt.merge(customer, e.timestamp(), Math::max);
                continue;
            }
            Long erased = erasedAt.get(customer);
            if ((erased == null || e.timestamp() > erased)
                    && seen.computeIfAbsent(customer, c -> new HashSet<>()).add(e.eventId())) {
                keep[i] = true;
                keptOf.computeIfAbsent(customer, c -> new ArrayList<>()).add(i);
            }
        }
        List<Event> kept = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if (keep[i]) {
                kept.add(events.get(i));
            }
        }
        return kept.size() == events.size() ? events : kept;
    }

    private static Training train(List<Event> train, CoPurchaseSettings settings) {
        Map<String, LinkedHashSet<String>> owned = new HashMap<>();
        Map<String, Set<String>> paired = new HashMap<>();
        Map<String, Long> buyers = new HashMap<>();
        Map<String, Map<String, Long>> pairs = new HashMap<>();
        Map<String, Map<String, Long>> increasedAt = new HashMap<>();
        Map<String, RecentBuyers> recent = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        CoViewReplay coViews = new CoViewReplay(CoViewSettings.DEFAULTS);
        ProfileReplay profiles = new ProfileReplay(ProfileSettings.DEFAULTS);
        long newest = NeighbourCount.UNKNOWN;
        for (Event event : inTime(train)) {
            newest = event.timestamp();
            profiles.fold(event);
            if (event.type() == EventType.VIEW) {
                coViews.view(event);
            }
            if (event.type() != EventType.PURCHASE) {
                continue;
            }
            long at = event.timestamp();
            LinkedHashSet<String> items = owned.computeIfAbsent(event.customerId(), c -> new LinkedHashSet<>());
            List<String> bought = event.items().stream().map(Item::itemId).toList();
            List<String> fresh = PairCounting.newlyBought(items, bought, settings.maxBoughtItemsPerCustomer());
            Set<String> inPairs = paired.computeIfAbsent(event.customerId(), c -> new LinkedHashSet<>());
            List<String> freshInPairs = PairCounting.paired(fresh, inPairs.size(), settings.maxItemsPerCustomer());
            PairCounting.forEachPair(inPairs, freshInPairs, (a, b) -> {
                pairs.computeIfAbsent(a, x -> new HashMap<>()).merge(b, 1L, Long::sum);
                pairs.computeIfAbsent(b, x -> new HashMap<>()).merge(a, 1L, Long::sum);
                increasedAt.computeIfAbsent(a, x -> new HashMap<>()).put(b, at);
                increasedAt.computeIfAbsent(b, x -> new HashMap<>()).put(a, at);
            });
            fresh.forEach(i -> buyers.merge(i, 1L, Long::sum));
            fresh.forEach(i -> recent.computeIfAbsent(i, x -> new RecentBuyers())
                    .add(RecentBuyers.day(at), 1, settings.recentDays()));
            items.addAll(fresh);
            inPairs.addAll(freshInPairs);
            event.items().forEach(i -> categories.putIfAbsent(i.itemId(), i.category()));
        }
        Views views = Views.empty();
        // The job's watermark once it has read every training event, views included: the same for
        // the co-purchase and the co-view snapshots (with purchases only, the newest purchase).
        long snapshotTime = newest;
        buyers.forEach((item, n) -> {
            Map<String, Long> times = increasedAt.getOrDefault(item, Map.of());
            List<NeighbourCount> top =
                    TopNeighbours.of(pairs.getOrDefault(item, Map.of()).entrySet(), settings.neighboursPerItem())
                            .stream()
                            .map(c -> new NeighbourCount(c.itemId(), c.coPurchases(), times.get(c.itemId())))
                            .toList();
            long recentBuyers =
                    Math.min(n, recent.get(item).total(RecentBuyers.day(snapshotTime), settings.recentDays()));
            views.items()
                    .put(new ItemSnapshot(item, categories.get(item), n, 0, 0, top, 0, snapshotTime, recentBuyers));
        });
        owned.forEach((c, items) -> views.customers().put(new CustomerItems(c, List.copyOf(items))));
        views.totals()
                .put(new Totals(
                        owned.values().stream().filter(s -> !s.isEmpty()).count()));
        coViews.publish(snapshotTime, views.coViews());
        profiles.publish(views.profiles());
        return new Training(views, pairs, buyers);
    }

    private static Map<String, Set<String>> relevantItems(List<Event> test, Views views) {
        Map<String, Set<String>> relevant = new TreeMap<>();
        for (Event purchase : purchases(test)) {
            Set<String> seen = views.customers().bought(purchase.customerId());
            for (Item item : purchase.items()) {
                if (!seen.contains(item.itemId())) {
                    relevant.computeIfAbsent(purchase.customerId(), c -> new HashSet<>())
                            .add(item.itemId());
                }
            }
        }
        return relevant;
    }

    /** The items each customer viewed or put in their cart in training. */
    private static Map<String, Set<String>> browsedItems(List<Event> train) {
        Map<String, Set<String>> browsed = new HashMap<>();
        for (Event e : train) {
            if (e.type() == EventType.VIEW || e.type() == EventType.ADD_TO_CART) {
                e.items()
                        .forEach(i -> browsed.computeIfAbsent(e.customerId(), c -> new HashSet<>())
                                .add(i.itemId()));
            }
        }
        return browsed;
    }

    /** Every event, in event-time order; events of the same time keep their order in the file. */
    private static List<Event> inTime(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Event::timestamp));
        return sorted;
    }

    private static List<Event> purchases(List<Event> events) {
        List<Event> purchases = new ArrayList<>();
        for (Event e : events) {
            if (e.type() == EventType.PURCHASE) {
                purchases.add(e);
            }
        }
        purchases.sort(Comparator.comparingLong(Event::timestamp));
        return purchases;
    }

    private static List<String> ids(List<RankedItem> items) {
        return items.stream().map(RankedItem::itemId).toList();
    }

    /** Running sums of the per-customer figures. */
    private static final class Tally {
        private final Set<String> recommended = new HashSet<>();
        private double hits;
        private double ndcg;
        private double precision;
        private double recall;
        private int customers;

        void add(List<String> topK, Set<String> relevant, int k) {
            int found = 0;
            double dcg = 0;
            for (int rank = 0; rank < topK.size(); rank++) {
                if (relevant.contains(topK.get(rank))) {
                    found++;
                    dcg += 1 / log2(rank + 2);
                }
            }
            double ideal = 0;
            for (int rank = 0; rank < Math.min(k, relevant.size()); rank++) {
                ideal += 1 / log2(rank + 2);
            }
            recommended.addAll(topK);
            hits += found > 0 ? 1 : 0;
            ndcg += dcg / ideal;
            precision += (double) found / k;
            recall += (double) found / relevant.size();
            customers++;
        }

        Metrics metrics(int catalogue) {
            int n = Math.max(customers, 1);
            return new Metrics(
                    hits / n,
                    ndcg / n,
                    precision / n,
                    recall / n,
                    catalogue == 0 ? 0 : (double) recommended.size() / catalogue);
        }

        private static double log2(int x) {
            return Math.log(x) / Math.log(2);
        }
    }
}

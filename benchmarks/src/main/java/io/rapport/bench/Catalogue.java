package io.rapport.bench;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TopNeighbours;
import io.rapport.copurchase.Totals;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RecentItem;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.PopularItems;
import io.rapport.store.Views;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded synthetic catalogue in the API's views, shaped like retail data: item k is bought by
 * about {@code 100,000 / (k + 1)} customers (Zipf), and each item publishes the full 100
 * neighbours, as the co-purchase job does for a busy item. Every customer has bought ten items and
 * has a profile (a repeat buyer who consented to marketing), so next-best-actions have facts to
 * decide on.
 */
final class Catalogue {
    static final int ITEMS = 5_000;
    static final int NEIGHBOURS = 100;
    static final int CUSTOMERS = 10_000;
    static final long POPULATION = 200_000;
    private static final long DAY = 86_400_000L;

    private Catalogue() {}

    /** An also-bought ranker over {@code views} as the API builds it (cache of 10,000 lists, maintenance inline). */
    static AlsoBoughtRanker alsoBoughtRanker(Views views) {
        PopularItems popular = new PopularItems(views.items(), 100);
        popular.refresh();
        return new AlsoBoughtRanker(views.items(), views.customers(), views.totals(), popular, 10_000, Runnable::run);
    }

    static Views views(long seed) {
        Random random = new Random(seed);
        long now = System.currentTimeMillis();
        Views views = Views.empty();
        views.totals().put(new Totals(POPULATION));
        for (int k = 0; k < ITEMS; k++) {
            long buyers = Math.max(5, 100_000 / (k + 1));
            List<NeighbourCount> neighbours = new ArrayList<>(NEIGHBOURS);
            for (int n = 0; n < NEIGHBOURS; n++) {
                int other = random.nextInt(ITEMS);
                if (other != k) {
                    long otherBuyers = Math.max(5, 100_000 / (other + 1));
                    long co = 1 + random.nextInt((int) Math.min(buyers, otherBuyers));
                    neighbours.add(new NeighbourCount(ZipfianKeys.key(other), co));
                }
            }
            neighbours.sort(TopNeighbours.RANKING);
            views.items()
                    .put(new ItemSnapshot(ZipfianKeys.key(k), "c" + (k % 50), buyers, 0, 0, dedupe(neighbours), 0));
        }
        for (int c = 0; c < CUSTOMERS; c++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                items.add(ZipfianKeys.key(random.nextInt(ITEMS)));
            }
            views.customers()
                    .put(new CustomerItems(
                            customer(c), items.stream().distinct().toList()));
            views.profiles().put(profile(customer(c), items, now - random.nextInt(60) * DAY));
        }
        return views;
    }

    private static CustomerProfile profile(String id, List<String> items, long last) {
        List<RecentItem> recent = items.stream()
                .map(i -> new RecentItem(i, "c1", "purchase", last))
                .toList();
        int orders = 1 + Math.floorMod(id.hashCode(), 8);
        return new CustomerProfile(
                id,
                last - 90 * DAY,
                last,
                orders,
                items.size(),
                orders * 23.5,
                23.5,
                last,
                orders >= 5 ? JourneyStage.LOYAL : JourneyStage.REPEAT,
                List.of(new CategoryAffinity("c1", 4.0)),
                recent,
                List.of(),
                null,
                Map.of("marketingConsent", true, "tier", "gold"),
                FeedbackSummary.NONE,
                OfferResponses.NONE,
                last);
    }

    static String customer(int c) {
        return "customer-" + c;
    }

    private static List<NeighbourCount> dedupe(List<NeighbourCount> sorted) {
        List<NeighbourCount> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NeighbourCount n : sorted) {
            if (seen.add(n.itemId())) {
                out.add(n);
            }
        }
        return out;
    }
}

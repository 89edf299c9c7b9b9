package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.rapport.copurchase.CoPurchaseScore;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TimeDecay;
import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.store.CoViewView;
import io.rapport.store.ItemView;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.ToLongFunction;

/**
 * The recommender's view of each item's neighbours: the published co-purchase and co-view lists,
 * scored once per list ({@link ScoredNeighbours}: dense ids, exact counts, cosines, and each cosine
 * divided by the list's strongest, raised to the exponent and divided by the list's mass) and
 * cached for at most {@value RankedNeighbours#TTL_SECONDS} seconds. A co-purchase list is dropped
 * at once when its item's snapshot changes ({@link #invalidate}, which the owner forwards from
 * the item view), a co-view list when its co-view snapshot changes. Co-purchase lists are read by
 * dense id ({@link ListsById}) ahead of the cache's bookkeeping, as a request reads hundreds.
 */
final class NeighbourLists {
    private static final long TTL_NANOS =
            Duration.ofSeconds(RankedNeighbours.TTL_SECONDS).toNanos();

    private final ItemView items;
    private final CoViewView coViewCounts;
    private final ItemIds ids;
    private final double exponent;
    private final TimeDecay timeDecay;
    private final Cache<String, ScoredNeighbours> neighbourLists;
    private final Cache<String, ScoredNeighbours> coViewLists;
    private final ListsById listsById = new ListsById();

    /**
     * @param exponent the power each normalised cosine is raised to
     * @param timeDecay the decay of each co-purchase cosine by the age of the pair's last increase
     * @param cacheSize most lists cached, co-purchase and co-view each
     * @param maintenance where the caches do their upkeep (expiry, eviction, the removal listener)
     */
    NeighbourLists(
            ItemView items,
            CoViewView coViews,
            ItemIds ids,
            double exponent,
            TimeDecay timeDecay,
            long cacheSize,
            Executor maintenance) {
        this.items = items;
        this.coViewCounts = coViews;
        this.ids = ids;
        this.exponent = exponent;
        this.timeDecay = timeDecay;
        this.neighbourLists = AnswerCaches.builder(cacheSize, maintenance)
                .removalListener((String itemId, ScoredNeighbours list, RemovalCause cause) -> listsById.remove(list))
                .build();
        this.coViewLists = AnswerCaches.builder(cacheSize, maintenance).build();
        coViews.onChange(coViewLists::invalidate);
    }

    /** The cache of scored co-purchase neighbour lists, for metrics. */
    Cache<String, ?> coPurchaseCache() {
        return neighbourLists;
    }

    /** The cache of scored co-view neighbour lists, for metrics. */
    Cache<String, ?> coViewCache() {
        return coViewLists;
    }

    /** Drops the cached co-purchase list of an item whose snapshot changed. */
    void invalidate(String itemId) {
        ids.changed(itemId);
        neighbourLists.invalidate(itemId);
    }

    /**
     * An item's published co-purchase neighbours, scored: by dense id while the cached list is the
     * item's current one and younger than the cache's time to live at {@code now} (the request's
     * {@link System#nanoTime}; see {@link ListsById}), else through the cache.
     */
    ScoredNeighbours coPurchases(int id, long now) {
        ScoredNeighbours known = listsById.get(id);
        if (known != null && known.version() == ids.version(id) && now - known.scoredAt() < TTL_NANOS) {
            return known;
        }
        return neighbourLists.get(ids.name(id), this::scoredNeighbours);
    }

    private ScoredNeighbours scoredNeighbours(String itemId) {
        ScoredNeighbours list = score(itemId);
        listsById.put(list);
        return list;
    }

    private ScoredNeighbours score(String itemId) {
        int id = ids.of(itemId);
        // The version is read before the snapshot: a list made from a snapshot that changed since
        // carries an older version than the item's, and is not served by id again.
        int version = ids.version(id);
        long scoredAt = System.nanoTime();
        ItemSnapshot item = items.get(itemId).orElse(null);
        List<NeighbourCount> list = item == null ? List.of() : item.neighbours();
        return scored(
                id,
                version,
                scoredAt,
                item == null ? 0 : item.buyers(),
                list.size(),
                i -> list.get(i).itemId(),
                i -> list.get(i).coPurchases(),
                items::buyers,
                list.isEmpty() ? null : list.get(list.size() - 1),
                item == null ? NeighbourCount.UNKNOWN : item.asOf(),
                i -> list.get(i).lastIncreasedAt());
    }

    /**
     * An item's co-view neighbours scored like co-purchase ones, over view sessions: cosine {@code
     * coViews / sqrt(sessionsA · sessionsB)}, divided by the strongest, raised to the exponent and
     * divided by the list's mass.
     */
    ScoredNeighbours coViews(String itemId) {
        return coViewLists.get(itemId, this::scoreCoViews);
    }

    private ScoredNeighbours scoreCoViews(String itemId) {
        int id = ids.of(itemId);
        long scoredAt = System.nanoTime();
        CoViewSnapshot item = coViewCounts.get(itemId).orElse(null);
        List<CoViewCount> list = item == null
                ? List.of()
                : item.neighbours().stream()
                        .filter(n -> !n.itemId().equals(itemId))
                        .toList();
        return scored(
                id,
                0,
                scoredAt,
                item == null ? 0 : item.sessions(),
                list.size(),
                i -> list.get(i).itemId(),
                i -> list.get(i).coViews(),
                coViewCounts::sessions,
                null,
                NeighbourCount.UNKNOWN,
                i -> NeighbourCount.UNKNOWN);
    }

    /**
     * One item's list scored: each neighbour's dense id, count together and cosine {@code together /
     * sqrt(count · countOf(neighbour))}, and the cosine times its time-decay factor divided by the
     * strongest such product, raised to the exponent and divided by the sum of those powers (the
     * list's mass, kept for the pairs beyond the list). The increase times are kept only while a
     * time decay is configured.
     */
    private ScoredNeighbours scored(
            int id,
            int version,
            long scoredAt,
            long count,
            int size,
            IntFunction<String> neighbourAt,
            IntToLongFunction togetherAt,
            ToLongFunction<String> countOf,
            NeighbourCount last,
            long asOf,
            IntToLongFunction increasedAt) {
        int[] neighbourIds = new int[size];
        long[] both = new long[size];
        double[] cosines = new double[size];
        double[] decayed = new double[size];
        long[] times = timeDecay.isOff() ? null : new long[size];
        double strongest = 0;
        for (int i = 0; i < size; i++) {
            String neighbour = neighbourAt.apply(i);
            neighbourIds[i] = ids.of(neighbour);
            both[i] = togetherAt.applyAsLong(i);
            cosines[i] = cosine(both[i], count, countOf.applyAsLong(neighbour));
            decayed[i] = cosines[i];
            if (times != null) {
                times[i] = increasedAt.applyAsLong(i);
                decayed[i] *= timeDecay.factor(asOf, times[i]);
            }
            strongest = Math.max(strongest, decayed[i]);
        }
        double[] normalised = decayed; // in place: each entry is read before it is overwritten
        double mass = 0;
        for (int i = 0; i < size; i++) {
            normalised[i] = Math.pow(decayed[i] / strongest, exponent);
            mass += normalised[i];
        }
        for (int i = 0; i < size; i++) {
            normalised[i] /= mass;
        }
        return new ScoredNeighbours(
                id,
                version,
                scoredAt,
                count,
                neighbourIds,
                both,
                cosines,
                normalised,
                strongest,
                mass,
                last,
                asOf,
                times);
    }

    /** The cosine of two items' buyer sets from counts published at different times, kept consistent. */
    static double cosine(long both, long buyersA, long buyersB) {
        return CoPurchaseScore.cosine(both, Math.max(buyersA, both), Math.max(buyersB, both));
    }

    /**
     * The lists the cache holds, by dense item id. A request reads up to 400 lists (its sources' and
     * its best candidates' own), and the cache's bookkeeping per read (recording the access and
     * reordering its eviction queues) cost more than the scoring, so reads go here first. An entry
     * is put when the cache loads a list and taken out when the cache drops it (the removal
     * listener compares the list, so a late removal never takes out its successor): it holds no
     * more lists than the cache. A reader still checks the version and age ({@link #coPurchases}),
     * as a removal may be reported after the change that caused it. Reads found here are not seen
     * by the cache: its statistics count the others, and its eviction knows loads, not hits.
     */
    private static final class ListsById {
        private volatile ScoredNeighbours[] lists = new ScoredNeighbours[1024];

        ScoredNeighbours get(int id) {
            ScoredNeighbours[] current = lists;
            return id < current.length ? current[id] : null;
        }

        synchronized void put(ScoredNeighbours list) {
            ScoredNeighbours[] array =
                    list.id() < lists.length ? lists : Arrays.copyOf(lists, Math.max(list.id() + 1, lists.length * 2));
            array[list.id()] = list;
            // Republished through the volatile field, so a reader loading it sees the new entry.
            lists = array;
        }

        synchronized void remove(ScoredNeighbours list) {
            if (list != null && list.id() < lists.length && lists[list.id()] == list) {
                lists[list.id()] = null;
            }
        }
    }
}

package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.rapport.copurchase.CoPurchaseScore;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TimeDecay;
import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.rank.ResolvedLists.Resolved;
import io.rapport.store.CoViewView;
import io.rapport.store.ItemView;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The recommender's view of each item's neighbours: the published co-purchase and co-view lists,
 * scored once per list ({@link ScoredNeighbours}: dense ids, exact counts, cosines, and each cosine
 * divided by the list's strongest, raised to the exponent and divided by the list's mass) and
 * cached for at most {@value RankedNeighbours#TTL_SECONDS} seconds. A co-purchase list is dropped
 * at once when its item's snapshot changes ({@link #invalidate}, which the owner forwards from
 * the item view), a co-view list when its co-view snapshot changes. Co-purchase lists are read by
 * dense id ({@link ListsById}) ahead of the cache's bookkeeping, as a request reads hundreds. A
 * list is scored from its resolved form ({@link ResolvedLists}: dense ids and the neighbours' own
 * counts, made when each snapshot arrives), whose arrays the scored list shares.
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
    private final ResolvedLists coPurchased;
    private final ResolvedLists coViewed;

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
        this.coPurchased = new ResolvedLists(ids, this::resolveCoPurchases, items::buyers);
        this.coViewed = new ResolvedLists(ids, this::resolveCoViews, coViews::sessions);
        coViews.onChange(this::coViewsChanged);
    }

    /** The cache of scored co-purchase neighbour lists, for metrics. */
    Cache<String, ?> coPurchaseCache() {
        return neighbourLists;
    }

    /** The cache of scored co-view neighbour lists, for metrics. */
    Cache<String, ?> coViewCache() {
        return coViewLists;
    }

    /**
     * Resolves the co-purchase list of an item whose snapshot changed and drops its cached scored
     * list. The new list is written before the item's version counts the change, so a list scored
     * from the old one carries the old version and is not served by id again.
     */
    void invalidate(String itemId) {
        coPurchased.update(itemId);
        ids.changed(itemId);
        ids.touched(itemId);
        neighbourLists.invalidate(itemId);
    }

    /** Resolves the co-view list of an item whose co-view snapshot changed and drops its cached scored list. */
    private void coViewsChanged(String itemId) {
        coViewed.update(itemId);
        ids.touched(itemId);
        coViewLists.invalidate(itemId);
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

    /**
     * An item's published co-purchase neighbours as its snapshot holds them, by dense id, unscored:
     * always the current list, with no cache to go through.
     */
    Resolved resolvedCoPurchases(int id) {
        return coPurchased.list(id);
    }

    private ScoredNeighbours scoredNeighbours(String itemId) {
        ScoredNeighbours list = score(itemId);
        listsById.put(list);
        return list;
    }

    private ScoredNeighbours score(String itemId) {
        int id = ids.of(itemId);
        // The version is read before the list: a list scored from one that changed since carries
        // an older version than the item's, and is not served by id again.
        int version = ids.version(id);
        return scored(id, version, System.nanoTime(), coPurchased.list(id), coPurchased);
    }

    private Resolved resolveCoPurchases(String itemId) {
        ItemSnapshot item = items.get(itemId).orElse(null);
        if (item == null) {
            return Resolved.EMPTY;
        }
        List<NeighbourCount> list = item.neighbours();
        int size = list.size();
        int[] neighbourIds = new int[size];
        long[] together = new long[size];
        long[] times = timeDecay.isOff() ? null : new long[size];
        for (int i = 0; i < size; i++) {
            NeighbourCount n = list.get(i);
            neighbourIds[i] = ids.of(n.itemId());
            together[i] = n.coPurchases();
            if (times != null) {
                times[i] = n.lastIncreasedAt();
            }
        }
        return new Resolved(
                item.buyers(), neighbourIds, together, size == 0 ? null : list.get(size - 1), item.asOf(), times);
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
        return scored(id, 0, System.nanoTime(), coViewed.list(id), coViewed);
    }

    /** An item's co-view neighbours but itself, by dense id; no time decay applies to co-views. */
    private Resolved resolveCoViews(String itemId) {
        CoViewSnapshot item = coViewCounts.get(itemId).orElse(null);
        if (item == null) {
            return Resolved.EMPTY;
        }
        List<CoViewCount> list = item.neighbours().stream()
                .filter(n -> !n.itemId().equals(itemId))
                .toList();
        int size = list.size();
        int[] neighbourIds = new int[size];
        long[] together = new long[size];
        for (int i = 0; i < size; i++) {
            neighbourIds[i] = ids.of(list.get(i).itemId());
            together[i] = list.get(i).coViews();
        }
        return new Resolved(item.sessions(), neighbourIds, together, null, NeighbourCount.UNKNOWN, null);
    }

    /**
     * One item's list scored: each neighbour's cosine {@code together / sqrt(count · count of the
     * neighbour)}, and the cosine times its time-decay factor (with the list's increase times)
     * divided by the strongest such product, raised to the exponent and divided by the sum of those
     * powers (the list's mass, kept for the pairs beyond the list). The dense ids, counts and times
     * are the resolved list's own arrays, shared.
     */
    private ScoredNeighbours scored(int id, int version, long scoredAt, Resolved list, ResolvedLists counts) {
        int size = list.ids().length;
        double[] cosines = new double[size];
        double[] decayed = new double[size];
        long[] times = list.increasedAt();
        double strongest = 0;
        for (int i = 0; i < size; i++) {
            cosines[i] = cosine(list.together()[i], list.count(), counts.count(list.ids()[i]));
            decayed[i] = times == null ? cosines[i] : cosines[i] * timeDecay.factor(list.asOf(), times[i]);
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
                list.count(),
                list.ids(),
                list.together(),
                cosines,
                normalised,
                strongest,
                mass,
                list.last(),
                list.asOf(),
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

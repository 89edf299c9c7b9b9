package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.rapport.copurchase.CoPurchaseScore;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TimeDecay;
import io.rapport.copurchase.TopNeighbours;
import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.RecentItem;
import io.rapport.store.CoViewView;
import io.rapport.store.CustomerItemsView;
import io.rapport.store.ItemView;
import io.rapport.store.ProfileView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.ToLongFunction;

/**
 * Personalised recommendations from what a customer bought, viewed and carted, blended with the
 * categories they buy, with a fallback chain for customers the counts say nothing about.
 *
 * <p><b>Personal candidates.</b> Every published neighbour of the customer's items (their whole
 * history as the co-purchase job keeps it, newest first, at most {@link Settings#sources}) is a
 * candidate. Its score is {@code Σ decay^k · p(s, c) / mass(s)} over the owned items {@code s} that
 * list it, where {@code p(s, c) = (cos(s, c) / strongest(s))^exponent}, {@code k} is how many items
 * the customer bought after {@code s}, {@code cos} the cosine of the two items' buyer sets from the
 * exact counts ({@code both / sqrt(buyersS · buyersC)}), {@code strongest(s)} the cosine of {@code
 * s}'s strongest neighbour and {@code mass(s)} the sum of {@code p(s, n)} over {@code s}'s
 * published neighbours {@code n}. So every owned item spreads the same weight, {@code decay^k},
 * over its list: an item with a hundred neighbours does not outweigh one with three. Raising the
 * similarity to a power lets a few strong neighbours outweigh many weak ones. With a {@link
 * Settings#timeDecay} (off by default), each cosine is first multiplied by the decay factor of the
 * pair's last increase against the owned item's snapshot time ({@link TimeDecay}), and {@code
 * strongest(s)} is the strongest decayed cosine; reasons still show the plain cosine. The best
 * {@value #REVERSE_CANDIDATES} candidates also add the pairs their own neighbour lists hold but the
 * owned item's list left out (see {@link #addPairsBeyondTheSourcesLists}). This ranking is the
 * recommender's own: {@code RAPPORT_RANKING} orders also-bought lists. The defaults are measured in
 * {@code docs/relevance.md}.
 *
 * <p><b>Browsed items.</b> The items of the customer's profile's recent items (the profile job's
 * latest interactions, at most 50) that they viewed or put in their cart but did not buy are
 * sources too, with a lower weight: {@link Settings#viewWeight} (0.1) for a view, {@link
 * Settings#cartWeight} (0.25) for a cart, times {@code decay^k} for the k-th newest such item. Each
 * contributes {@code weight · p / mass} from its co-purchase neighbours (as an owned item does, the
 * pairs beyond its list included) and from its co-view neighbours ({@code cos} over view sessions,
 * {@code coViews / sqrt(sessionsS · sessionsC)}, divided by its strongest co-view, powered and
 * divided by the co-view list's own mass). A candidate's reason names the source that contributed
 * most: "because you viewed X" (or "added X to your cart") with the co-purchase or co-view
 * evidence. Items merely viewed stay recommendable ("still thinking about X?"); bought ones are
 * excluded as before. The view weight is measured offline on a MovieLens proxy (low ratings as
 * views) in {@code docs/relevance.md}, "Views and carts as sources": with viewed items kept as
 * candidates, as here, 0.1 is better than 0.25, 0.5 and 1 on all three splits measured, and better
 * than ignoring views on two of them (0.0001 NDCG@10 below on the third). The cart weight is
 * measured on a second proxy (3-star ratings as carts, lower ones as views), same section: 0.1 and
 * 0.25 each win three of the six columns and both beat 0.5 and 1 on all six; 0.25 keeps a cart worth
 * more than a view.
 *
 * <p><b>Category blend.</b> The score is multiplied by {@code 1 + categoryWeight · share}, where
 * {@code share} is the customer's share of the candidate's category: from their profile's top
 * categories (time-decayed affinities of views, carts and purchases) when the API holds a profile,
 * else from the categories of their items, weighted like the items.
 *
 * <p><b>Fallback chain.</b> When the personal candidates (after filters) do not fill the answer,
 * the rest comes from the recently most bought items of the customer's top {@value
 * #FALLBACK_CATEGORIES} categories (ranked by {@code share · recentBuyers}, ties by {@code share ·
 * buyers}, then itemId; {@code score} is {@code share · buyers}), then from the most bought items
 * overall. {@code strategy} names the step that gave the first item: {@code personal}, {@code
 * popular-in-category} or {@code popular}; each item's reason says where it came from. Items the customer owns are never
 * recommended unless {@code excludePurchased} is off. Request-time filters ({@link ItemFilter})
 * apply to every step, the diversity cap to the whole answer.
 *
 * <p><b>Work per request</b> is bounded: at most ({@link Settings#sources} + 50 browsed items) ×
 * the published neighbours per item (200 × 100 by default, plus 50 × the co-view neighbours)
 * additions into int-indexed arrays, {@value #REVERSE_CANDIDATES} × the published neighbours array
 * reads in the candidates' own lists, one array read for the category of each distinct candidate
 * ({@link ItemCategories}), and, for a short answer, a walk over at most {@value
 * #FALLBACK_CATEGORIES} × {@value PopularItems#PER_CATEGORY} category items and the popular list.
 * Each item's neighbour list is scored once (dense ids, cosines, and the normalised, powered
 * cosines) and cached for at most {@value RankedNeighbours#TTL_SECONDS} seconds, dropped at once
 * when the item's own snapshot changes; so the buyers behind other items' cosines may be that old,
 * as in also-bought. Co-purchase lists are read by dense id ({@link ListsById}), not through the
 * cache's bookkeeping. The scoring arrays are per thread and reused (about 50 bytes per item seen).
 * Hot answers are cached per customer by {@link RecommendationCache}.
 */
public final class PersonalRecommender {
    /** How many of the customer's top categories the category fallback draws from. */
    static final int FALLBACK_CATEGORIES = 3;
    /** How many of the best candidates also look for their pairs in their own neighbour lists. */
    static final int REVERSE_CANDIDATES = 200;

    /**
     * How personal candidates are scored.
     *
     * @param sources most owned items, newest first, whose neighbours are candidates
     * @param decay weight of the owned item bought k items ago is {@code decay^k}; the same for the
     *     k-th newest item viewed or carted
     * @param exponent power the cosine of each pair is raised to
     * @param categoryWeight how much the customer's share of a category lifts its items
     * @param viewWeight weight of an item the customer viewed but did not buy, against 1 for a
     *     bought item (0 leaves views out)
     * @param cartWeight weight of an item the customer put in their cart but did not buy
     * @param timeDecay decay of each co-purchase cosine by the age of the pair's last increase
     *     ({@link TimeDecay#OFF} by default: the plain cosine)
     */
    public record Settings(
            int sources,
            double decay,
            double exponent,
            double categoryWeight,
            double viewWeight,
            double cartWeight,
            TimeDecay timeDecay) {
        /** Default {@link #viewWeight}: a view says less about a customer's taste than a purchase. */
        public static final double VIEW_WEIGHT = 0.1;
        /** Default {@link #cartWeight}: a cart says more than a view, less than a purchase (docs/relevance.md). */
        public static final double CART_WEIGHT = 0.25;
        /** The documented defaults. */
        public static final Settings DEFAULTS = new Settings(200, 1.0, 1.5, 0.25);

        public Settings {
            if (sources < 1
                    || !(decay > 0 && decay <= 1)
                    || !(exponent > 0)
                    || !(categoryWeight >= 0)
                    || !(viewWeight >= 0 && viewWeight <= 1)
                    || !(cartWeight >= 0 && cartWeight <= 1)
                    || timeDecay == null) {
                throw new IllegalArgumentException("invalid recommender settings: " + this);
            }
        }

        /** Settings without time decay. */
        public Settings(
                int sources,
                double decay,
                double exponent,
                double categoryWeight,
                double viewWeight,
                double cartWeight) {
            this(sources, decay, exponent, categoryWeight, viewWeight, cartWeight, TimeDecay.OFF);
        }

        /** Settings with the default weights of viewed and carted items. */
        public Settings(int sources, double decay, double exponent, double categoryWeight) {
            this(sources, decay, exponent, categoryWeight, VIEW_WEIGHT, CART_WEIGHT);
        }

        /** These settings with another time decay of co-purchase cosines. */
        public Settings withTimeDecay(TimeDecay value) {
            return new Settings(sources, decay, exponent, categoryWeight, viewWeight, cartWeight, value);
        }
    }

    /** What the customer did with a source item: its weight and how a reason names it. */
    enum SourceKind {
        BOUGHT,
        CARTED,
        VIEWED;

        double weight(Settings settings) {
            return switch (this) {
                case BOUGHT -> 1.0;
                case CARTED -> settings.cartWeight();
                case VIEWED -> settings.viewWeight();
            };
        }

        String because(String name) {
            return switch (this) {
                case BOUGHT -> "because you bought " + name;
                case CARTED -> "because you added " + name + " to your cart";
                case VIEWED -> "because you viewed " + name;
            };
        }

        /** The kind of a profile's recent item type, null for one that is not a browsing source. */
        static SourceKind browsing(String type) {
            return switch (type == null ? "" : type) {
                case "view" -> VIEWED;
                case "add_to_cart" -> CARTED;
                default -> null;
            };
        }
    }

    /** An item the customer viewed or carted and did not buy, a source of candidates. */
    private record Browsed(String itemId, SourceKind kind) {}

    private static final long TTL_NANOS =
            Duration.ofSeconds(RankedNeighbours.TTL_SECONDS).toNanos();

    /** Most items whose scored neighbour lists are cached, by default. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private final ItemView items;
    private final CoViewView coViews;
    private final CustomerItemsView customers;
    private final ProfileView profiles;
    private final PopularItems popular;
    private final ItemFacts facts;
    private final Settings settings;
    private final ItemIds ids = new ItemIds();
    private final ItemCategories categories;
    private final Cache<String, ScoredNeighbours> neighbourLists;
    private final Cache<String, ScoredNeighbours> coViewLists;
    private final ListsById listsById = new ListsById();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public PersonalRecommender(
            ItemView items, CustomerItemsView customers, ProfileView profiles, PopularItems popular, ItemFacts facts) {
        this(items, customers, profiles, popular, facts, Settings.DEFAULTS);
    }

    /** A recommender without co-view counts: viewed and carted items draw on co-purchases only. */
    public PersonalRecommender(
            ItemView items,
            CustomerItemsView customers,
            ProfileView profiles,
            PopularItems popular,
            ItemFacts facts,
            Settings settings) {
        this(items, new CoViewView(), customers, profiles, popular, facts, settings, DEFAULT_CACHE_SIZE, Runnable::run);
    }

    /**
     * @param coViews the co-view counts, whose neighbours of a viewed or carted item are candidates
     * @param cacheSize most items whose scored neighbour lists are cached (co-purchase and co-view
     *     lists each); a list lives at most {@value RankedNeighbours#TTL_SECONDS} seconds, and is
     *     dropped at once when the item's own snapshot changes (this recommender listens to {@code
     *     items} and {@code coViews})
     * @param maintenance where the caches do their upkeep (expiry, eviction, the removal listener):
     *     the API passes its event-loop context, so that no request thread drains them; {@code
     *     Runnable::run} does it on the calling thread
     */
    public PersonalRecommender(
            ItemView items,
            CoViewView coViews,
            CustomerItemsView customers,
            ProfileView profiles,
            PopularItems popular,
            ItemFacts facts,
            Settings settings,
            long cacheSize,
            Executor maintenance) {
        this.items = items;
        this.coViews = coViews;
        this.customers = customers;
        this.profiles = profiles;
        this.popular = popular;
        this.facts = facts;
        this.settings = settings;
        this.categories = new ItemCategories(facts, ids);
        this.neighbourLists = AnswerCaches.builder(cacheSize, maintenance)
                .removalListener((String itemId, ScoredNeighbours list, RemovalCause cause) -> listsById.remove(list))
                .build();
        this.coViewLists = AnswerCaches.builder(cacheSize, maintenance).build();
        items.onChange(this::invalidate);
        coViews.onChange(coViewLists::invalidate);
        facts.onChange(categories::refresh);
    }

    /** The cache of scored co-purchase neighbour lists, for metrics. */
    public Cache<String, ?> cache() {
        return neighbourLists;
    }

    /** The cache of scored co-view neighbour lists (of viewed and carted items), for metrics. */
    public Cache<String, ?> coViewCache() {
        return coViewLists;
    }

    /** An answer: at most the requested number of items, best first. */
    public record Recommendations(String customerId, Strategy strategy, List<RankedItem> items) {}

    public Recommendations recommend(String customerId, int limit) {
        return recommend(customerId, limit, ItemFilter.DEFAULT);
    }

    /**
     * Recommends at most {@code limit} items that pass {@code filter}; with {@code excludePurchased}
     * off, owned items may be recommended again (repeat purchases).
     */
    public Recommendations recommend(String customerId, int limit, ItemFilter filter) {
        Set<String> owned = customers.bought(customerId);
        List<String> sources = newestFirst(owned);
        CustomerProfile profile = profiles.find(customerId);
        Scratch s = scratch.get();
        s.start();
        candidates(s, sources, browsed(profile, owned), owned, filter.excludePurchased());
        Map<String, Double> shares = categoryShares(profile, sources);
        List<RankedItem> personal = personal(s, shares, limit, filter, owned);
        List<RankedItem> picked = filter.pick(personal, limit, owned, facts, id -> true);
        if (picked.size() == limit) {
            return new Recommendations(customerId, Strategy.PERSONAL, picked);
        }
        List<RankedItem> chain = new ArrayList<>(personal);
        Set<String> listed = new HashSet<>();
        for (int k = 0; k < s.candidateCount; k++) {
            listed.add(ids.name(s.candidates[k]));
        }
        for (RankedItem item : inCategories(shares)) {
            if (listed.add(item.itemId())) {
                chain.add(item);
            }
        }
        List<RankedItem> withCategories = filter.pick(chain, limit, owned, facts, id -> true);
        for (RankedItem item : popular.ranked()) {
            if (listed.add(item.itemId())) {
                chain.add(item);
            }
        }
        // pick is greedy in list order, so each shorter chain's answer is a prefix of the longer one's.
        Strategy strategy = !picked.isEmpty()
                ? Strategy.PERSONAL
                : !withCategories.isEmpty() ? Strategy.POPULAR_IN_CATEGORY : Strategy.POPULAR;
        return new Recommendations(customerId, strategy, filter.pick(chain, limit, owned, facts, id -> true));
    }

    private List<String> newestFirst(Set<String> owned) {
        List<String> all = new ArrayList<>(owned);
        Collections.reverse(all);
        return all.size() > settings.sources() ? all.subList(0, settings.sources()) : all;
    }

    /**
     * The items the customer viewed or carted (from their profile's recent items, newest first)
     * and did not buy, each once: at its newest interaction, as a cart when they also carted it.
     */
    private List<Browsed> browsed(CustomerProfile profile, Set<String> owned) {
        if (profile == null
                || profile.recentItems() == null
                || profile.recentItems().isEmpty()) {
            return List.of();
        }
        Map<String, SourceKind> kinds = new LinkedHashMap<>();
        for (RecentItem recent : profile.recentItems()) {
            SourceKind kind = SourceKind.browsing(recent.type());
            if (kind != null && recent.itemId() != null && !owned.contains(recent.itemId())) {
                kinds.merge(recent.itemId(), kind, (a, b) -> a.weight(settings) >= b.weight(settings) ? a : b);
            }
        }
        List<Browsed> browsed = new ArrayList<>(kinds.size());
        kinds.forEach((itemId, kind) -> browsed.add(new Browsed(itemId, kind)));
        return browsed;
    }

    /** Drops the cached neighbour list of an item whose snapshot changed. */
    public void invalidate(String itemId) {
        ids.changed(itemId);
        neighbourLists.invalidate(itemId);
    }

    /**
     * An item's published neighbours with their cosines, as the scoring reads them: by dense id
     * while the cached list is the item's current one and younger than the cache's time to live
     * (see {@link ListsById}), else through the cache.
     */
    private ScoredNeighbours neighbours(Scratch s, int id) {
        ScoredNeighbours known = listsById.get(id);
        if (known != null && known.version() == ids.version(id) && s.now - known.scoredAt() < TTL_NANOS) {
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
    private ScoredNeighbours coViewNeighbours(String itemId) {
        return coViewLists.get(itemId, this::scoreCoViews);
    }

    private ScoredNeighbours scoreCoViews(String itemId) {
        int id = ids.of(itemId);
        long scoredAt = System.nanoTime();
        CoViewSnapshot item = coViews.get(itemId).orElse(null);
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
                coViews::sessions,
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
        TimeDecay timeDecay = settings.timeDecay();
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
            normalised[i] = Math.pow(decayed[i] / strongest, settings.exponent());
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

    /**
     * Scores every candidate into the thread's scratch arrays: the neighbours of the bought items,
     * then those of the browsed ones; returns how many candidates there are.
     */
    private int candidates(
            Scratch s, List<String> newestFirst, List<Browsed> browsed, Set<String> owned, boolean excludeOwned) {
        for (String id : owned) {
            int owner = ids.of(id);
            s.ensure(ids.size());
            s.owned[owner] = s.generation;
        }
        double weight = 1.0;
        for (String id : newestFirst) {
            ScoredNeighbours item = neighbours(s, ids.of(id));
            s.ensure(ids.size());
            if (item.ids().length > 0) {
                int source = s.addSource(item, weight, SourceKind.BOUGHT);
                addNeighbours(s, item, source, weight, excludeOwned, false);
            }
            weight *= settings.decay();
        }
        weight = 1.0;
        for (Browsed b : browsed) {
            double sourceWeight = weight * b.kind().weight(settings);
            weight *= settings.decay();
            if (sourceWeight == 0) {
                continue;
            }
            ScoredNeighbours bought = neighbours(s, ids.of(b.itemId()));
            ScoredNeighbours viewed = coViewNeighbours(b.itemId());
            s.ensure(ids.size());
            if (bought.ids().length > 0 || viewed.ids().length > 0) {
                int source = s.addSource(bought, sourceWeight, b.kind());
                addNeighbours(s, bought, source, sourceWeight, excludeOwned, false);
                addNeighbours(s, viewed, source, sourceWeight, excludeOwned, true);
            }
        }
        addPairsBeyondTheSourcesLists(s);
        return s.candidateCount;
    }

    /** Adds the source's contribution to each of its neighbours (but itself and, if so, owned items). */
    private static void addNeighbours(
            Scratch s, ScoredNeighbours list, int source, double weight, boolean excludeOwned, boolean coViewed) {
        for (int i = 0; i < list.ids().length; i++) {
            int candidate = list.ids()[i];
            if (candidate != list.id() && !(excludeOwned && s.owned[candidate] == s.generation)) {
                s.add(candidate, weight * list.normalised()[i], source, list.both()[i], list.cosines()[i], coViewed);
            }
        }
    }

    /**
     * An item publishes only its most co-purchased neighbours, so a popular owned item's list may
     * omit a rarer candidate that is strongly tied to it; the candidate's own list, where the owned
     * item ranks higher, still holds the pair. For the best {@value #REVERSE_CANDIDATES} candidates,
     * adds the pairs found in their own lists that the owned item's list left out, scored against the
     * owned item's strongest and divided by its list's mass as if the list held them. Owned items are
     * found by an array read per neighbour, not a lookup by itemId.
     */
    private void addPairsBeyondTheSourcesLists(Scratch s) {
        int[] best = s.best(s.candidates, s.candidateCount, REVERSE_CANDIDATES, ids);
        for (int c : best) {
            ScoredNeighbours item = neighbours(s, c);
            s.ensure(ids.size());
            for (int i = 0; i < item.ids().length; i++) {
                int n = item.ids()[i];
                if (s.sourceMark[n] != s.generation) {
                    continue;
                }
                int source = s.sourceIndex[n];
                ScoredNeighbours owner = s.sources[source];
                // A browsed item without co-purchases (no last neighbour) is a source for its co-views only.
                if (owner.last() != null
                        && TopNeighbours.RANKING.compare(new NeighbourCount(ids.name(c), item.both()[i]), owner.last())
                                > 0) {
                    double cosine = cosine(item.both()[i], owner.buyers(), item.buyers());
                    // decayed like the owner's own list: the pair's increase time against the owner's snapshot
                    double factor = item.increasedAt() == null
                            ? 1.0
                            : settings.timeDecay().factor(owner.asOf(), item.increasedAt()[i]);
                    double contribution = s.sourceWeights[source]
                            * Math.pow(cosine * factor / owner.strongest(), settings.exponent())
                            / owner.mass();
                    s.add(c, contribution, source, item.both()[i], cosine, false);
                }
            }
        }
    }

    private static double cosine(long both, long buyersA, long buyersB) {
        // Counts come from records published at different times; keep the table consistent.
        return CoPurchaseScore.cosine(both, Math.max(buyersA, both), Math.max(buyersB, both));
    }

    /**
     * The customer's share of each category: their profile's top categories when the API holds a
     * profile with some, else the categories of their items weighted like the items.
     */
    private Map<String, Double> categoryShares(CustomerProfile profile, List<String> sources) {
        Map<String, Double> weights = new HashMap<>();
        if (profile != null
                && profile.topCategories() != null
                && !profile.topCategories().isEmpty()) {
            for (CategoryAffinity a : profile.topCategories()) {
                if (a.affinity() > 0) {
                    weights.merge(a.category(), a.affinity(), Double::sum);
                }
            }
        } else {
            double weight = 1.0;
            for (String source : sources) {
                String category = facts.category(source);
                if (category != null) {
                    weights.merge(category, weight, Double::sum);
                }
                weight *= settings.decay();
            }
        }
        double total =
                weights.values().stream().mapToDouble(Double::doubleValue).sum();
        weights.replaceAll((category, w) -> w / total);
        return weights;
    }

    /**
     * The best personal candidates, blended with the category shares, best first. Categories are
     * read by dense id; a filter that checks nothing but owned items is not asked per candidate, as
     * the scoring already left owned items out when it must.
     */
    private List<RankedItem> personal(
            Scratch s, Map<String, Double> shares, int limit, ItemFilter filter, Set<String> owned) {
        s.shares(shares, categories);
        boolean filtering = !filter.checksOwnedItemsOnly();
        int[] kept = new int[s.candidateCount];
        int count = 0;
        for (int k = 0; k < s.candidateCount; k++) {
            int c = s.candidates[k];
            if (filtering && !filter.accepts(ids.name(c), owned, facts)) {
                continue;
            }
            s.score[c] *= 1 + settings.categoryWeight() * s.share(categories.of(c));
            kept[count++] = c;
        }
        // The diversity cap needs the candidates in order beyond the first limit: sort them all.
        int[] best = s.best(kept, count, filter.caps() ? count : limit, ids);
        List<RankedItem> ranked = new ArrayList<>(best.length);
        for (int c : best) {
            ranked.add(ranked(s, c));
        }
        return ranked;
    }

    /**
     * The candidate as an answer item; its reason names the source that contributed most, with the
     * evidence of that contribution (co-purchases, or view sessions with {@code coPurchases} 0).
     */
    private RankedItem ranked(Scratch s, int c) {
        long both = s.both[c];
        int source = s.because[c];
        String cosine = " (cosine " + Decimals.three(s.cosine[c]) + ")";
        String evidence = s.coViewed[c]
                ? "viewed in the same session in " + both + (both == 1 ? " session" : " sessions") + cosine
                : both + (both == 1 ? " customer" : " customers") + " bought both" + cosine;
        String reason = s.sourceKinds[source].because(facts.name(s.sources[source].itemId(ids))) + ": " + evidence;
        return new RankedItem(ids.name(c), round(s.score[c]), s.coViewed[c] ? 0 : both, reason);
    }

    /** A category fallback item: its rank by {@code share · recentBuyers}, then {@code share · buyers}. */
    private record InCategory(double recent, double all, RankedItem item) {
        static final Comparator<InCategory> BEST_FIRST = Comparator.comparingDouble(InCategory::recent)
                .reversed()
                .thenComparing(Comparator.comparingDouble(InCategory::all).reversed())
                .thenComparing(c -> c.item().itemId());
    }

    /**
     * The recently most bought items of the customer's top categories, best first: by share ×
     * recent buyers, then share × buyers (the score), then itemId; an item of several of those
     * categories counts with the one that ranks it highest.
     */
    private List<RankedItem> inCategories(Map<String, Double> shares) {
        List<Map.Entry<String, Double>> top = shares.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(FALLBACK_CATEGORIES)
                .toList();
        Map<String, InCategory> byItem = new HashMap<>();
        for (Map.Entry<String, Double> category : top) {
            double share = category.getValue();
            for (PopularItems.CategoryItem item : popular.inCategory(category.getKey())) {
                InCategory candidate = new InCategory(
                        share * item.recentBuyers(),
                        share * item.buyers(),
                        new RankedItem(
                                item.itemId(),
                                round(share * item.buyers()),
                                0,
                                categoryReason(category.getKey(), item)));
                InCategory known = byItem.get(item.itemId());
                if (known == null || InCategory.BEST_FIRST.compare(candidate, known) < 0) {
                    byItem.put(item.itemId(), candidate);
                }
            }
        }
        List<InCategory> ranked = new ArrayList<>(byItem.values());
        ranked.sort(InCategory.BEST_FIRST);
        return ranked.stream().map(InCategory::item).toList();
    }

    /** "popular in dairy, one of your categories: bought by 12 customers recently, 120 in all". */
    private static String categoryReason(String category, PopularItems.CategoryItem item) {
        String reason = "popular in " + category + ", one of your categories: bought by ";
        long all = item.buyers();
        long recent = Math.min(item.recentBuyers(), all);
        if (recent > 0) {
            return reason + recent + (recent == 1 ? " customer" : " customers") + " recently, " + all + " in all";
        }
        return reason + all + (all == 1 ? " customer" : " customers");
    }

    private static double round(double score) {
        return Math.round(score * 10_000) / 10_000.0;
    }

    /**
     * An item's published neighbours as the scoring reads them: dense ids, exact counts, cosines
     * from the buyers known when the list was cached, and each cosine (time-decayed, when so
     * configured) divided by the strongest and raised to the exponent; {@code version} is the item's
     * {@link ItemIds#version} (0 in co-view lists, which are only read through their cache), {@code
     * scoredAt} the {@link System#nanoTime} when it was made, {@code asOf} the item snapshot's event
     * time and {@code increasedAt} each pair's last increase (null without time decay).
     */
    private record ScoredNeighbours(
            int id,
            int version,
            long scoredAt,
            long buyers,
            int[] ids,
            long[] both,
            double[] cosines,
            double[] normalised,
            double strongest,
            double mass,
            NeighbourCount last,
            long asOf,
            long[] increasedAt) {
        String itemId(ItemIds names) {
            return names.name(id);
        }
    }

    /**
     * Dense int ids of the items this recommender has seen, so that per-request scoring indexes
     * arrays instead of hashing item ids. Grows with the distinct items seen by the process (the
     * catalogue), never shrinks; ids are never reused.
     */
    static final class ItemIds {
        private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
        private volatile String[] names = new String[1024];
        private volatile int[] versions = new int[1024];
        private volatile int size;

        int of(String itemId) {
            Integer id = ids.get(itemId);
            return id != null ? id : add(itemId);
        }

        private synchronized int add(String itemId) {
            Integer known = ids.get(itemId);
            if (known != null) {
                return known;
            }
            int id = size;
            if (id == names.length) {
                names = Arrays.copyOf(names, id * 2);
            }
            // The name is stored before the id is published, so a reader holding an id finds its name.
            names[id] = itemId;
            ids.put(itemId, id);
            size = id + 1;
            return id;
        }

        String name(int id) {
            return names[id];
        }

        /** How many times the item's snapshot changed since this recommender gave it an id. */
        int version(int id) {
            int[] current = versions;
            return id < current.length ? current[id] : 0;
        }

        /** Counts a change of the item's snapshot (nothing for an item without an id yet). */
        synchronized void changed(String itemId) {
            int id = find(itemId);
            if (id >= 0) {
                int[] array = id < versions.length ? versions : Arrays.copyOf(versions, Math.max(id + 1, names.length));
                array[id]++;
                // Republished through the volatile field, so a reader loading it sees the new count.
                versions = array;
            }
        }

        /** The item's id, or -1 when it has none yet. */
        int find(String itemId) {
            Integer id = ids.get(itemId);
            return id == null ? -1 : id;
        }

        int size() {
            return size;
        }
    }

    /**
     * The lists the cache holds, by dense item id. A request reads up to 400 lists (its sources' and
     * its best candidates' own), and the cache's bookkeeping per read (recording the access and
     * reordering its eviction queues) cost more than the scoring, so reads go here first. An entry
     * is put when the cache loads a list and taken out when the cache drops it (the removal
     * listener compares the list, so a late removal never takes out its successor): it holds no
     * more lists than the cache. A reader still checks the version and age ({@link #neighbours}),
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

    /**
     * One thread's scoring arrays, indexed by item id and reused by every request of that thread;
     * an entry belongs to the current request when its mark equals {@link #generation}, so nothing
     * is cleared between requests.
     */
    private static final class Scratch {
        int generation;
        int[] owned = new int[0];
        int[] candidateMark = new int[0];
        int[] sourceMark = new int[0];
        int[] sourceIndex = new int[0];
        double[] score = new double[0];
        double[] bestContribution = new double[0];
        int[] because = new int[0];
        long[] both = new long[0];
        double[] cosine = new double[0];
        boolean[] coViewed = new boolean[0];
        int[] candidates = new int[64];
        int candidateCount;
        ScoredNeighbours[] sources = new ScoredNeighbours[16];
        double[] sourceWeights = new double[16];
        SourceKind[] sourceKinds = new SourceKind[16];
        int sourceCount;
        private int[] heap = new int[64];
        /** {@link System#nanoTime} at the start of the request. */
        long now;

        private double[] categoryShare = new double[16];
        private int[] categoryMark = new int[16];

        void start() {
            now = System.nanoTime();
            if (++generation == Integer.MAX_VALUE) {
                generation = 1;
                Arrays.fill(owned, 0);
                Arrays.fill(candidateMark, 0);
                Arrays.fill(sourceMark, 0);
                Arrays.fill(categoryMark, 0);
            }
            candidateCount = 0;
            Arrays.fill(sources, 0, sourceCount, null);
            sourceCount = 0;
        }

        void ensure(int items) {
            if (items <= score.length) {
                return;
            }
            int size = Math.max(items, score.length * 2);
            owned = Arrays.copyOf(owned, size);
            candidateMark = Arrays.copyOf(candidateMark, size);
            sourceMark = Arrays.copyOf(sourceMark, size);
            sourceIndex = Arrays.copyOf(sourceIndex, size);
            score = Arrays.copyOf(score, size);
            bestContribution = Arrays.copyOf(bestContribution, size);
            because = Arrays.copyOf(because, size);
            both = Arrays.copyOf(both, size);
            cosine = Arrays.copyOf(cosine, size);
            coViewed = Arrays.copyOf(coViewed, size);
        }

        int addSource(ScoredNeighbours item, double weight, SourceKind kind) {
            if (sourceCount == sources.length) {
                sources = Arrays.copyOf(sources, sourceCount * 2);
                sourceWeights = Arrays.copyOf(sourceWeights, sourceCount * 2);
                sourceKinds = Arrays.copyOf(sourceKinds, sourceCount * 2);
            }
            sources[sourceCount] = item;
            sourceWeights[sourceCount] = weight;
            sourceKinds[sourceCount] = kind;
            sourceMark[item.id()] = generation;
            sourceIndex[item.id()] = sourceCount;
            return sourceCount++;
        }

        /** Takes the request's category shares by category id. */
        void shares(Map<String, Double> shares, ItemCategories categories) {
            for (Map.Entry<String, Double> e : shares.entrySet()) {
                int category = categories.idOf(e.getKey());
                if (category >= categoryMark.length) {
                    categoryMark = Arrays.copyOf(categoryMark, Math.max(category + 1, categoryMark.length * 2));
                    categoryShare = Arrays.copyOf(categoryShare, categoryMark.length);
                }
                categoryMark[category] = generation;
                categoryShare[category] = e.getValue();
            }
        }

        /** The request's share of a category id, 0 for none or a category the customer has no share of. */
        double share(int category) {
            return category >= 0 && category < categoryMark.length && categoryMark[category] == generation
                    ? categoryShare[category]
                    : 0;
        }

        /**
         * Adds a contribution; the source that contributed most is the candidate's reason, with the
         * evidence of that contribution ({@code coViewedPair}: a co-view, not a co-purchase).
         */
        void add(int c, double contribution, int source, long pairCount, double pairCosine, boolean coViewedPair) {
            if (candidateMark[c] != generation) {
                candidateMark[c] = generation;
                score[c] = 0;
                bestContribution[c] = -1;
                if (candidateCount == candidates.length) {
                    candidates = Arrays.copyOf(candidates, candidateCount * 2);
                }
                candidates[candidateCount++] = c;
            }
            score[c] += contribution;
            if (contribution > bestContribution[c]) {
                bestContribution[c] = contribution;
                because[c] = source;
                both[c] = pairCount;
                cosine[c] = pairCosine;
                coViewed[c] = coViewedPair;
            }
        }

        /** Score desc, then itemId: negative when candidate a ranks before b. */
        private int compare(int a, int b, ItemIds names) {
            int byScore = Double.compare(score[b], score[a]);
            return byScore != 0 ? byScore : names.name(a).compareTo(names.name(b));
        }

        /**
         * The best {@code k} of the first {@code n} ids, best first: a bounded heap with the worst
         * kept at its root, O(n log k).
         */
        int[] best(int[] from, int n, int k, ItemIds names) {
            int size = 0;
            int needed = Math.min(k, n);
            if (heap.length < needed) {
                heap = new int[Math.max(needed, heap.length * 2)];
            }
            for (int i = 0; i < n; i++) {
                int c = from[i];
                if (size < k) {
                    heap[size] = c;
                    siftUp(size++, names);
                } else if (k > 0 && compare(c, heap[0], names) < 0) {
                    heap[0] = c;
                    siftDown(0, size, names);
                }
            }
            int[] sorted = new int[size];
            for (int i = size - 1; i >= 0; i--) {
                sorted[i] = heap[0];
                heap[0] = heap[i];
                siftDown(0, i, names);
            }
            return sorted;
        }

        private void siftUp(int i, ItemIds names) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (compare(heap[i], heap[parent], names) <= 0) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i, int size, ItemIds names) {
            while (true) {
                int worst = i;
                int left = 2 * i + 1;
                if (left < size && compare(heap[left], heap[worst], names) > 0) {
                    worst = left;
                }
                if (left + 1 < size && compare(heap[left + 1], heap[worst], names) > 0) {
                    worst = left + 1;
                }
                if (worst == i) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int i, int j) {
            int t = heap[i];
            heap[i] = heap[j];
            heap[j] = t;
        }
    }
}

package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TimeDecay;
import io.rapport.copurchase.TopNeighbours;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.RecentItem;
import io.rapport.rank.ResolvedLists.Resolved;
import io.rapport.store.CoViewView;
import io.rapport.store.CustomerItemsView;
import io.rapport.store.ItemView;
import io.rapport.store.ProfileView;
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
import java.util.concurrent.Executor;

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
 * Every item's lists are resolved to dense ids, with every item's buyers and view sessions, when
 * its snapshots arrive ({@link ResolvedLists}), so reading a list hashes no item id. Each source's
 * list is scored once (cosines, and the normalised, powered cosines) and cached for at most {@value
 * RankedNeighbours#TTL_SECONDS} seconds, dropped at once when the item's own snapshot changes; so
 * the buyers behind other items' cosines may be that old, as in also-bought. The candidates' own
 * lists are read resolved, unscored. Co-purchase lists are read by dense id ({@link
 * NeighbourLists}), not through the cache's bookkeeping. The scoring arrays are per thread and
 * reused (about 50 bytes per item seen). Hot answers are cached per customer by {@link
 * RecommendationCache}.
 */
public final class PersonalRecommender {
    /** How many of the customer's top categories the category fallback draws from. */
    static final int FALLBACK_CATEGORIES = 3;
    /**
     * How many of the best candidates also look for their pairs in their own neighbour lists: 100
     * gives the same offline figures as 200 on every split of {@code docs/relevance.md} and halves
     * the step that took most of a cold recommendation on a long-tail catalogue.
     */
    static final int REVERSE_CANDIDATES = 100;

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

    private record Browsed(String itemId, SourceKind kind) {}

    /** Most items whose scored neighbour lists are cached, by default. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private final CustomerItemsView customers;
    private final ProfileView profiles;
    private final PopularItems popular;
    private final ItemFacts facts;
    private final Settings settings;
    private final ItemIds ids = new ItemIds();
    private final ItemCategories categories;
    private final NeighbourLists lists;
    private final ThreadLocal<CandidateScores> scratch = ThreadLocal.withInitial(CandidateScores::new);

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
        this.customers = customers;
        this.profiles = profiles;
        this.popular = popular;
        this.facts = facts;
        this.settings = settings;
        this.categories = new ItemCategories(facts, ids);
        this.lists = new NeighbourLists(
                items, coViews, ids, settings.exponent(), settings.timeDecay(), cacheSize, maintenance);
        items.onChange(lists::invalidate);
        facts.onChange(categories::refresh);
    }

    /** The cache of scored co-purchase neighbour lists, for metrics. */
    public Cache<String, ?> cache() {
        return lists.coPurchaseCache();
    }

    /** The cache of scored co-view neighbour lists (of viewed and carted items), for metrics. */
    public Cache<String, ?> coViewCache() {
        return lists.coViewCache();
    }

    /**
     * An answer: at most the requested number of items, best first.
     *
     * @param fromPopularLists it drew on the popular lists (a fallback, or a short personal answer
     *     filled), so their next refresh may change it
     */
    public record Recommendations(
            String customerId, Strategy strategy, List<RankedItem> items, boolean fromPopularLists) {}

    /** Where the items' change history stands: read before computing an answer, for {@link #unchangedSince}. */
    public long changes() {
        return ids.changes();
    }

    /** How many times the popular lists were recomputed: an answer {@link Recommendations#fromPopularLists} ages with it. */
    public long popularRefreshes() {
        return popular.refreshes();
    }

    /**
     * The dense ids of every item the customer bought and of the profile's recent items (viewed, carted,
     * bought): a superset of the sources of their answers, for {@link #unchangedSince}. Read when an answer
     * is cached; the cache drops it when the customer's items or profile change.
     */
    public int[] itemsOf(String customerId) {
        Set<String> owned = customers.bought(customerId);
        CustomerProfile profile = profiles.find(customerId);
        List<RecentItem> recent = profile == null || profile.recentItems() == null ? List.of() : profile.recentItems();
        int[] items = new int[owned.size() + recent.size()];
        int n = 0;
        for (String itemId : owned) {
            items[n++] = ids.of(itemId);
        }
        for (RecentItem r : recent) {
            if (r.itemId() != null && !owned.contains(r.itemId())) {
                items[n++] = ids.of(r.itemId());
            }
        }
        return n == items.length ? items : Arrays.copyOf(items, n);
    }

    /**
     * Whether an answer computed at {@link #changes()} {@code since} still draws on the same co-purchase
     * and co-view lists: none of {@code items} ({@link #itemsOf}) had its lists changed since, so another
     * customer's purchase of a source and a new neighbour shows in the next answer. A change of a
     * candidate's list alone (its buyers, so its cosine with a source) does not count.
     */
    public boolean unchangedSince(int[] items, long since) {
        for (int id : items) {
            if (ids.changedAt(id) > since) {
                return false;
            }
        }
        return true;
    }

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
        CandidateScores s = scratch.get();
        s.start();
        candidates(s, sources, browsed(profile, owned), owned, filter.excludePurchased());
        Map<String, Double> shares = categoryShares(profile, sources);
        List<RankedItem> personal = personal(s, shares, limit, filter, owned);
        List<RankedItem> picked = filter.pick(personal, limit, owned, facts, id -> true);
        if (picked.size() == limit) {
            return new Recommendations(customerId, Strategy.PERSONAL, picked, false);
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
        return new Recommendations(customerId, strategy, filter.pick(chain, limit, owned, facts, id -> true), true);
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

    /**
     * Scores every candidate into the thread's scratch arrays: the neighbours of the bought items,
     * then those of the browsed ones; returns how many candidates there are.
     */
    private int candidates(
            CandidateScores s,
            List<String> newestFirst,
            List<Browsed> browsed,
            Set<String> owned,
            boolean excludeOwned) {
        for (String id : owned) {
            int owner = ids.of(id);
            s.ensure(ids.size());
            s.owned[owner] = s.generation;
        }
        double weight = 1.0;
        for (String id : newestFirst) {
            ScoredNeighbours item = lists.coPurchases(ids.of(id), s.now);
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
            ScoredNeighbours bought = lists.coPurchases(ids.of(b.itemId()), s.now);
            ScoredNeighbours viewed = lists.coViews(b.itemId());
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
            CandidateScores s,
            ScoredNeighbours list,
            int source,
            double weight,
            boolean excludeOwned,
            boolean coViewed) {
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
    private void addPairsBeyondTheSourcesLists(CandidateScores s) {
        int[] best = s.best(s.candidates, s.candidateCount, REVERSE_CANDIDATES, ids);
        for (int c : best) {
            Resolved item = lists.resolvedCoPurchases(c);
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
                        && TopNeighbours.RANKING.compare(
                                        new NeighbourCount(ids.name(c), item.together()[i]), owner.last())
                                > 0) {
                    double cosine = NeighbourLists.cosine(item.together()[i], owner.buyers(), item.count());
                    // decayed like the owner's own list: the pair's increase time against the owner's snapshot
                    double factor = item.increasedAt() == null
                            ? 1.0
                            : settings.timeDecay().factor(owner.asOf(), item.increasedAt()[i]);
                    double contribution = s.sourceWeights[source]
                            * Math.pow(cosine * factor / owner.strongest(), settings.exponent())
                            / owner.mass();
                    s.add(c, contribution, source, item.together()[i], cosine, false);
                }
            }
        }
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
            CandidateScores s, Map<String, Double> shares, int limit, ItemFilter filter, Set<String> owned) {
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
    private RankedItem ranked(CandidateScores s, int c) {
        long both = s.both[c];
        int source = s.because[c];
        String cosine = " (cosine " + Decimals.three(s.cosine[c]) + ")";
        String evidence = s.coViewed[c]
                ? "viewed in the same session in " + both + (both == 1 ? " session" : " sessions") + cosine
                : both + (both == 1 ? " customer" : " customers") + " bought both" + cosine;
        String reason = s.sourceKinds[source].because(facts.name(s.sources[source].itemId(ids))) + ": " + evidence
                + yoursToo(s, c);
        return new RankedItem(ids.name(c), round(s.score[c]), s.coViewed[c] ? 0 : both, reason);
    }

    /**
     * "; you viewed it too" when the candidate is one of the customer's own items (bought, with
     * {@code excludePurchased=false}, or viewed or carted): the evidence then counts the customer's
     * own order or session, which the reason should not pass off as other customers' alone.
     */
    private static String yoursToo(CandidateScores s, int c) {
        if (s.owned[c] == s.generation) {
            return SourceKind.BOUGHT.too();
        }
        return s.sourceMark[c] == s.generation ? s.sourceKinds[s.sourceIndex[c]].too() : "";
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
}

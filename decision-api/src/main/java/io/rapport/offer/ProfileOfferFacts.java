package io.rapport.offer;

import io.rapport.profile.CartLine;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.RecentItem;
import io.rapport.rank.AlsoBought;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.ItemFacts;
import io.rapport.rank.RankedItem;
import io.rapport.rank.Strategy;
import io.rapport.store.CustomerItemsView;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds {@link OfferFacts} from the API's views at request time.
 *
 * <ul>
 *   <li>From the profile: {@code birthday} ({@code YYYY-MM-DD}) and {@code marketingConsent}
 *       ({@code true} or {@code "true"}) attributes, cart units and last change, last purchase;
 *       segments = the named segments the profile is in, the journey stage's wire name and the
 *       {@code tier} attribute, if any.
 *   <li>Bought items: the {@code customer-items} view, plus purchases among the profile's recent
 *       items.
 *   <li>Cross-sell: the also-bought neighbours of the {@value #SOURCE_ITEMS} most recently bought
 *       items (by event time, as the profile's recent items give it), best first, never an item already bought or one the catalogue holds as out of
 *       stock, at most {@value #MAX_SUGGESTIONS}; reasons name items by their catalogue names.
 *   <li>Up-sell: items in a category of an item the customer bought that cost more than the
 *       dearest item the customer bought in that category (its catalogue price, else the price they
 *       paid, from the profile's recent purchases): first among those same neighbours (bought
 *       together, the strongest evidence), then the catalogue's in-stock items of that category,
 *       cheapest first ({@link ItemPrices#dearerInCategory}: the next step up). Categories are the
 *       catalogue's, else those seen on events. Bounded so that a request stays well under a
 *       millisecond; needs {@link ItemPrices}.
 * </ul>
 *
 * A customer with neither profile nor purchases is {@link OfferFacts#unknown}.
 */
public final class ProfileOfferFacts {
    static final int SOURCE_ITEMS = 5;
    static final int MAX_SUGGESTIONS = 10;
    private static final int NEIGHBOURS_PER_ITEM = 20;

    private final ProfileLookup profiles;
    private final CustomerItemsView customers;
    private final AlsoBoughtRanker ranker;
    private final ItemPrices prices;
    private final Function<CustomerProfile, List<String>> segmentsOf;

    /** Without named segments: offers match the journey stage and the tier only. */
    public ProfileOfferFacts(
            ProfileLookup profiles, CustomerItemsView customers, AlsoBoughtRanker ranker, ItemPrices prices) {
        this(profiles, customers, ranker, prices, profile -> List.of());
    }

    /** @param segmentsOf the named segments (e.g. {@code champions}) a profile is in now */
    public ProfileOfferFacts(
            ProfileLookup profiles,
            CustomerItemsView customers,
            AlsoBoughtRanker ranker,
            ItemPrices prices,
            Function<CustomerProfile, List<String>> segmentsOf) {
        this.segmentsOf = segmentsOf;
        this.profiles = profiles;
        this.customers = customers;
        this.ranker = ranker;
        this.prices = prices;
    }

    public OfferFacts facts(String customerId) {
        CustomerProfile profile = profiles.find(customerId);
        Set<String> bought = new LinkedHashSet<>(customers.bought(customerId));
        if (profile != null && profile.recentItems() != null) {
            for (RecentItem r : profile.recentItems()) {
                if ("purchase".equals(r.type())) {
                    bought.add(r.itemId());
                }
            }
        }
        if (profile == null && bought.isEmpty()) {
            return OfferFacts.unknown(customerId);
        }
        List<String> sources = latestBought(profile, bought);
        List<SuggestedItem> crossSell = new ArrayList<>();
        List<SuggestedItem> upSell = new ArrayList<>();
        suggest(customerId, sources, bought, paidPrices(profile), crossSell, upSell);
        if (profile == null) {
            return new OfferFacts(customerId, true, null, false, 0, null, null, Set.of(), bought, crossSell, upSell);
        }
        Map<String, Object> attributes = profile.attributes() == null ? Map.of() : profile.attributes();
        Set<String> segments = segmentsOf(profile);
        int cartUnits = profile.cart() == null
                ? 0
                : profile.cart().stream().mapToInt(CartLine::quantity).sum();
        return new OfferFacts(
                customerId,
                true,
                birthday(attributes.get("birthday")),
                consent(attributes.get("marketingConsent")),
                cartUnits,
                profile.cartUpdatedAt(),
                profile.lastPurchaseAt(),
                segments,
                bought,
                crossSell,
                upSell);
    }

    /**
     * The {@value #SOURCE_ITEMS} items the customer bought last, oldest first: by event time the
     * purchases among the profile's recent items (kept newest first by event time), then, when
     * they are fewer, the {@code customer-items} view's newest by arrival (it keeps no times).
     */
    private static List<String> latestBought(CustomerProfile profile, Set<String> bought) {
        Set<String> newestFirst = new LinkedHashSet<>();
        if (profile != null && profile.recentItems() != null) {
            for (RecentItem r : profile.recentItems()) {
                if (newestFirst.size() < SOURCE_ITEMS && "purchase".equals(r.type())) {
                    newestFirst.add(r.itemId());
                }
            }
        }
        List<String> byArrival = new ArrayList<>(bought);
        for (int i = byArrival.size() - 1; i >= 0 && newestFirst.size() < SOURCE_ITEMS; i--) {
            newestFirst.add(byArrival.get(i));
        }
        List<String> sources = new ArrayList<>(newestFirst);
        Collections.reverse(sources);
        return sources;
    }

    /**
     * The segments the customer is in now, as {@link #facts} finds them (empty for a customer
     * without a profile); cheap: no cross-sell or up-sell search.
     */
    public Set<String> segments(String customerId) {
        CustomerProfile profile = profiles.find(customerId);
        return profile == null ? Set.of() : segmentsOf(profile);
    }

    private Set<String> segmentsOf(CustomerProfile profile) {
        Set<String> segments = new HashSet<>(segmentsOf.apply(profile));
        if (profile.journeyStage() != null) {
            segments.add(profile.journeyStage().wireName());
        }
        if (profile.attributes() != null
                && profile.attributes().get("tier") instanceof String tier
                && !tier.isEmpty()) {
            segments.add(tier);
        }
        return segments;
    }

    /** What the customer paid per unit for the items of their profile's recent purchases, the most. */
    private static Map<String, Double> paidPrices(CustomerProfile profile) {
        Map<String, Double> paid = new HashMap<>();
        if (profile != null && profile.recentItems() != null) {
            for (RecentItem r : profile.recentItems()) {
                if ("purchase".equals(r.type()) && r.price() != null) {
                    paid.merge(r.itemId(), r.price(), Math::max);
                }
            }
        }
        return paid;
    }

    private void suggest(
            String customerId,
            List<String> sources,
            Set<String> bought,
            Map<String, Double> paid,
            List<SuggestedItem> crossSell,
            List<SuggestedItem> upSell) {
        Map<String, Double> dearestByCategory = new TreeMap<>();
        for (String itemId : bought) {
            String category = category(itemId);
            Double price = prices.price(itemId);
            price = price != null ? price : paid.get(itemId);
            if (category != null && price != null) {
                dearestByCategory.merge(category, price, Math::max);
            }
        }
        // Without a priced item of a known category there is nothing to up-sell from: no lookups.
        boolean canUpSell = !dearestByCategory.isEmpty();
        Set<String> seen = new HashSet<>();
        ItemFacts facts = ranker.facts();
        // Newest purchase first: its neighbours are the most relevant now.
        for (int i = sources.size() - 1; i >= 0; i--) {
            if (crossSell.size() >= MAX_SUGGESTIONS && (!canUpSell || upSell.size() >= MAX_SUGGESTIONS)) {
                break; // both lists are full: no later neighbour can change them
            }
            String source = sources.get(i);
            AlsoBought neighbours = ranker.recommend(source, customerId, NEIGHBOURS_PER_ITEM);
            if (neighbours.strategy() != Strategy.CO_PURCHASE) {
                continue;
            }
            for (RankedItem n : neighbours.items()) {
                if (bought.contains(n.itemId()) || !seen.add(n.itemId()) || facts.outOfStock(n.itemId())) {
                    continue;
                }
                if (crossSell.size() < MAX_SUGGESTIONS) {
                    crossSell.add(new SuggestedItem(n.itemId(), source, facts.name(n.itemId()), facts.name(source)));
                }
                if (!canUpSell || upSell.size() >= MAX_SUGGESTIONS) {
                    continue;
                }
                String category = category(n.itemId());
                Double dearest = category == null ? null : dearestByCategory.get(category);
                Double price = dearest == null ? null : prices.price(n.itemId()); // priced only in a bought category
                if (price != null && price > dearest) {
                    upSell.add(new SuggestedItem(n.itemId(), category, facts.name(n.itemId()), category));
                }
            }
        }
        if (canUpSell) {
            upSellFromTheCatalogue(dearestByCategory, bought, upSell);
        }
    }

    /** Fills the up-sell list with the catalogue's next steps up in each bought category, in category order. */
    private void upSellFromTheCatalogue(
            Map<String, Double> dearestByCategory, Set<String> bought, List<SuggestedItem> upSell) {
        Set<String> listed = new HashSet<>();
        upSell.forEach(s -> listed.add(s.itemId()));
        ItemFacts facts = ranker.facts();
        for (Map.Entry<String, Double> category : dearestByCategory.entrySet()) {
            for (String itemId : prices.dearerInCategory(category.getKey(), category.getValue(), MAX_SUGGESTIONS)) {
                if (upSell.size() >= MAX_SUGGESTIONS) {
                    return;
                }
                if (!bought.contains(itemId) && listed.add(itemId)) {
                    upSell.add(new SuggestedItem(itemId, category.getKey(), facts.name(itemId), category.getKey()));
                }
            }
        }
    }

    /** The item's category: the catalogue's, else the one seen on events. */
    private String category(String itemId) {
        return ranker.facts().category(itemId);
    }

    private static LocalDate birthday(Object value) {
        if (value instanceof String s) {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean consent(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }
}

package io.rapport.store;

import io.rapport.offer.ItemPrices;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.RecentItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Item prices and categories as the events carry them, for up-sell without a catalogue (PRODUCT.md:
 * the catalogue is optional and improves up-sell): every item line of a view, cart change or purchase
 * carries a price, and the profiles' recent items keep it. Each item has the price of its newest such
 * line (event time; a tie keeps the first seen), under the category of that line; items are also
 * kept by category, cheapest first, for {@link #dearerInCategory}.
 *
 * <p>Fed with every profile the view loads ({@link #observe}); an erased customer's lines go with
 * them ({@link #forget}: their item has no event price until another profile shows one), as they
 * would after a restart, which rebuilds this from the profiles then live. A line that dropped out of
 * a live profile's recent items stays until a restart. One entry per item seen with a price and a
 * category on a recent item: bounded by the items of the shop. Written by the view consumer (writes
 * are serialised), read by any request thread.
 */
public final class EventPrices implements ItemPrices {
    /** Most items one {@link #dearerInCategory} looks at (equal prices). */
    private static final int MAX_WALK = 200;

    /** @param customerId whose profile showed the line, so that their erase takes it away */
    private record Seen(String itemId, String category, double price, long at, String customerId) {}

    private static final Comparator<Seen> CHEAPEST_FIRST =
            Comparator.comparingDouble(Seen::price).thenComparing(Seen::itemId);

    private final ConcurrentHashMap<String, Seen> items = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, NavigableSet<Seen>> byCategory = new ConcurrentHashMap<>();

    /** Takes the priced item lines of the profile's recent items; null (an erased customer) does nothing. */
    public void observe(CustomerProfile profile) {
        if (profile == null || profile.recentItems() == null) {
            return;
        }
        for (RecentItem r : profile.recentItems()) {
            if (r.price() != null && r.category() != null && Double.isFinite(r.price())) {
                seen(new Seen(r.itemId(), r.category(), r.price(), r.at(), profile.customerId()));
            }
        }
    }

    private synchronized void seen(Seen line) {
        Seen before = items.get(line.itemId());
        if (before != null && before.at() >= line.at()) {
            return;
        }
        items.put(line.itemId(), line);
        if (before != null) {
            NavigableSet<Seen> old = byCategory.get(before.category());
            if (old != null) {
                old.remove(before);
            }
        }
        byCategory
                .computeIfAbsent(line.category(), c -> new ConcurrentSkipListSet<>(CHEAPEST_FIRST))
                .add(line);
    }

    /** Removes the lines an erased customer's profile showed (a scan of every item: erasures are rare). */
    public synchronized void forget(String customerId) {
        items.values().removeIf(s -> {
            if (!s.customerId().equals(customerId)) {
                return false;
            }
            NavigableSet<Seen> inCategory = byCategory.get(s.category());
            if (inCategory != null) {
                inCategory.remove(s);
            }
            return true;
        });
    }

    /** The price on the item's newest line, or null when no event priced it. */
    @Override
    public Double price(String itemId) {
        Seen s = items.get(itemId);
        return s == null ? null : s.price();
    }

    /** Items whose newest line put them in {@code category} at more than {@code price}, cheapest first. */
    @Override
    public List<String> dearerInCategory(String category, double price, int max) {
        NavigableSet<Seen> inCategory = category == null ? null : byCategory.get(category);
        if (inCategory == null) {
            return List.of();
        }
        List<String> dearer = new ArrayList<>();
        int walked = 0;
        for (Seen s : inCategory.tailSet(new Seen("", category, price, 0, null), true)) {
            if (dearer.size() >= max || ++walked > MAX_WALK) {
                break;
            }
            if (s.price() > price) {
                dearer.add(s.itemId());
            }
        }
        return dearer;
    }

    public int size() {
        return items.size();
    }

    /**
     * The catalogue's prices and steps up first; for an item it does not hold, the price the events
     * carry, and after the catalogue's steps up in a category those of the items it does not hold.
     */
    public static ItemPrices preferring(ItemPrices catalogue, ItemPrices events) {
        return new ItemPrices() {
            @Override
            public Double price(String itemId) {
                Double p = catalogue.price(itemId);
                return p != null ? p : events.price(itemId);
            }

            @Override
            public List<String> dearerInCategory(String category, double price, int max) {
                List<String> dearer = new ArrayList<>(catalogue.dearerInCategory(category, price, max));
                if (dearer.size() < max) {
                    for (String itemId : events.dearerInCategory(category, price, max)) {
                        // an item the catalogue holds is its to offer or not (out of stock, another category)
                        if (dearer.size() < max && catalogue.price(itemId) == null && !dearer.contains(itemId)) {
                            dearer.add(itemId);
                        }
                    }
                }
                return dearer;
            }
        };
    }
}

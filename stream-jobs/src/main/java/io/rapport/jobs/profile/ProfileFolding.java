package io.rapport.jobs.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.jobs.cart.CartLedger;
import io.rapport.jobs.ingest.CustomerEvent;
import io.rapport.jobs.ingest.ParseEventsFunction;
import io.rapport.kafka.Json;
import io.rapport.profile.AffinityDecay;
import io.rapport.profile.CartLine;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RecentItem;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Folds one customer's distinct events into their {@link ProfileState} and turns the state into the
 * published {@link CustomerProfile}. Knows nothing of Flink state, duplicates or timers: {@link
 * ProfileFunction} calls it once per distinct event, in arrival order (Kafka keeps one customer's
 * events in order); the offline evaluation ({@code ./rapport evaluate}) folds its training events
 * with it, so that its profiles' recent items are the job's.
 *
 * <p>Rules: a purchase adds one order, its quantities, its value and a purchase interaction per
 * line, and takes its items out of the cart; {@code add_to_cart} adds the quantity (1 by default) to
 * the item's cart line, {@code remove_from_cart} takes its quantity (1 by default) out of the line and
 * deletes a line left with none (a retailer's "remove one" and "remove all" both arrive as a
 * quantity), in event time whatever order they arrive in ({@link CartLedger}: a late add dated before
 * the purchase that bought the item stays out); views, cart adds and purchased
 * lines add category affinity (weights in {@link AffinityDecay}); attributes merge key by key, a
 * null value deleting the key, the latest time winning per key ({@link CustomerEvent#attributesAt}: the
 * event time, or when it was sent if stamped ahead); every event moves first/last seen.
 */
public final class ProfileFolding implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {};
    /**
     * Most attribute keys a profile keeps (twice an update's default limit); keys an update adds past
     * it are ignored, while known keys still change or go.
     */
    static final int MAX_ATTRIBUTES = 200;
    /**
     * Most bytes of a profile's attributes as JSON (64 KiB): an update that would take them past it
     * applies only its deletions, so that a profile stays far below a Kafka record's limit.
     */
    static final int MAX_ATTRIBUTE_BYTES = 64 * 1024;

    private static final Comparator<CategoryAffinity> BY_AFFINITY =
            Comparator.comparingDouble(CategoryAffinity::affinity).reversed().thenComparing(CategoryAffinity::category);

    private final ProfileSettings settings;
    private final AffinityDecay decay;

    public ProfileFolding(ProfileSettings settings) {
        this.settings = settings;
        this.decay = new AffinityDecay(settings.affinityHalfLife());
    }

    /** The state of a customer whose first counted event happens at {@code at}. */
    public static ProfileState fresh(long at) {
        ProfileState s = new ProfileState();
        s.firstSeen = at;
        s.lastSeen = at;
        return s;
    }

    /** Applies a distinct event other than an erase; the stage is left to {@link #stageAt}. */
    public void apply(ProfileState s, CustomerEvent e) {
        s.firstSeen = Math.min(s.firstSeen, e.timestamp);
        s.lastSeen = Math.max(s.lastSeen, e.timestamp);
        switch (e.type) {
            case PURCHASE -> purchase(s, e);
            case VIEW -> {
                s.browsed = true;
                interact(s, e, 0, AffinityDecay.VIEW_WEIGHT);
            }
            case ADD_TO_CART -> {
                s.browsed = true;
                addToCart(s, e);
                interact(s, e, 0, AffinityDecay.CART_WEIGHT);
            }
            case REMOVE_FROM_CART -> {
                s.browsed = true;
                takeFromCart(s, e.eventId, e.itemIds[0], e.quantities[0], e.timestamp);
            }
            case SEARCH -> s.browsed = true;
            case FEEDBACK -> feedback(s, e);
            case OFFER_IMPRESSION -> s.offerImpressions++;
            case OFFER_CLICK -> s.offerClicks++;
            case OFFER_REDEEM -> s.offerRedemptions++;
            case PROFILE_UPDATE -> merge(s, e.attributesJson, e.attributesAt);
            case ERASE -> throw new IllegalArgumentException("an erase is not folded into a profile");
        }
    }

    /** The journey stage of {@code s} at event time {@code now}. */
    JourneyStage stageAt(ProfileState s, long now) {
        return settings.journey().stage(s.orders, !cartLines(s).isEmpty(), s.browsed, s.lastSeen, now);
    }

    /** When inactivity alone will next change the stage of {@code s}, or Long.MAX_VALUE for never. */
    long nextInactivityChange(ProfileState s, long now) {
        return settings.journey()
                .nextInactivityChange(s.orders, s.lastSeen, now)
                .orElse(Long.MAX_VALUE);
    }

    private void purchase(ProfileState s, CustomerEvent e) {
        s.orders++;
        for (int i = 0; i < e.itemIds.length; i++) {
            s.itemsBought += e.quantities[i];
            s.monetary += (e.prices[i] == null ? 0 : e.prices[i]) * e.quantities[i];
            interact(s, e, i, AffinityDecay.PURCHASE_WEIGHT);
        }
        s.lastPurchaseAt = s.lastPurchaseAt == null ? e.timestamp : Math.max(s.lastPurchaseAt, e.timestamp);
        removeFromCart(s, Arrays.asList(e.itemIds), e.timestamp);
    }

    /** Records line {@code i} of {@code e} as a recent item and adds its weight to its category. */
    private void interact(ProfileState s, CustomerEvent e, int i, double weight) {
        List<Interaction> recent = new ArrayList<>(Arrays.asList(s.recent));
        int at = 0;
        while (at < recent.size() && recent.get(at).at > e.timestamp) {
            at++;
        }
        if (at < settings.recentItems()) {
            Double price = e.prices != null && i < e.prices.length ? e.prices[i] : null;
            recent.add(at, new Interaction(e.itemIds[i], e.categories[i], e.type, e.timestamp, price));
            s.recent = recent.subList(0, Math.min(recent.size(), settings.recentItems()))
                    .toArray(new Interaction[0]);
        }
        if (e.categories[i] != null) {
            addAffinity(s, e.categories[i], weight, e.timestamp);
        }
    }

    private void addAffinity(ProfileState s, String category, double weight, long at) {
        for (CategoryScore c : s.categories) {
            if (c.category.equals(category)) {
                c.score = decay.add(c.score, c.asOf, weight, at);
                c.asOf = Math.max(c.asOf, at);
                return;
            }
        }
        List<CategoryScore> categories = new ArrayList<>(Arrays.asList(s.categories));
        categories.add(new CategoryScore(category, weight, at));
        if (categories.size() > settings.maxCategories()) {
            long now = s.lastSeen;
            categories.remove(categories.stream()
                    .min(Comparator.comparingDouble((CategoryScore c) -> decay.decay(c.score, c.asOf, now))
                            .thenComparing(c -> c.category))
                    .orElseThrow());
        }
        s.categories = categories.toArray(new CategoryScore[0]);
    }

    private void addToCart(ProfileState s, CustomerEvent e) {
        List<CartLedger.Line> before = cartLines(s);
        ledger(s)
                .add(
                        e.eventId,
                        e.itemIds[0],
                        e.categories[0],
                        e.prices[0],
                        e.quantities[0],
                        e.timestamp,
                        settings.maxCartLines());
        cartChanged(s, before, e.timestamp);
    }

    /** Takes {@code quantity} units of the item out of its cart line; a line left with none goes. */
    private void takeFromCart(ProfileState s, String eventId, String itemId, int quantity, long at) {
        List<CartLedger.Line> before = cartLines(s);
        ledger(s).take(eventId, itemId, quantity, at, settings.maxCartLines());
        cartChanged(s, before, at);
    }

    private void removeFromCart(ProfileState s, List<String> itemIds, long at) {
        List<CartLedger.Line> before = cartLines(s);
        ledger(s).purchase(itemIds, at, settings.maxCartLines());
        cartChanged(s, before, at);
    }

    /** The cart's lines: the fold of its ledger, or the lines of a state kept before ledgers. */
    List<CartLedger.Line> cartLines(ProfileState s) {
        if (s.cartLedger != null) {
            return s.cartLedger.lines(settings.maxCartLines());
        }
        List<CartLedger.Line> lines = new ArrayList<>(s.cart.length);
        for (CartEntry l : s.cart) {
            lines.add(new CartLedger.Line(l.itemId, l.category, l.price, l.quantity, l.addedAt));
        }
        return lines;
    }

    /** The ledger of the cart; a state kept before ledgers starts one from its cart lines. */
    private CartLedger ledger(ProfileState s) {
        if (s.cartLedger == null) {
            s.cartLedger = CartLedger.of(cartLines(s), s.cartUpdatedAt == null ? 0 : s.cartUpdatedAt);
            s.cart = new CartEntry[0];
        }
        return s.cartLedger;
    }

    /**
     * A change to the cart's lines moves its last change to the event time of the newest change that
     * changed a line in the ledger's fold (not the arriving event's, which may be older).
     */
    private void cartChanged(ProfileState s, List<CartLedger.Line> before, long at) {
        CartLedger.Cart after = s.cartLedger.cart(settings.maxCartLines());
        if (!before.equals(after.lines())) {
            long changedAt = Math.max(at, after.changedAt());
            s.cartUpdatedAt = s.cartUpdatedAt == null ? changedAt : Math.max(s.cartUpdatedAt, changedAt);
        }
    }

    private static void feedback(ProfileState s, CustomerEvent e) {
        s.feedbackCount++;
        s.ratingSum += e.rating;
        s.lastFeedbackAt = s.lastFeedbackAt == null ? e.timestamp : Math.max(s.lastFeedbackAt, e.timestamp);
        if (e.comment != null && (s.lastCommentAt == null || e.timestamp >= s.lastCommentAt)) {
            s.lastComment = e.comment;
            s.lastCommentAt = e.timestamp;
        }
    }

    /**
     * Merges {@code update} into the attributes key by key, a null value deleting the key, unless the
     * key was last set or deleted by an update that took effect later: a consent withdrawn at 10:00
     * stays withdrawn when a grant stamped 09:00 arrives after it (an app's offline queue), and a grant
     * stamped ahead of the clock takes effect when it was sent, so a withdrawal sent after it wins
     * ({@link CustomerEvent#attributesAt}). Within a minute of each other the later arrival wins
     * ({@link ParseEventsFunction#supersedes}). The attributes are
     * bounded: at most {@link #MAX_ATTRIBUTES} keys and {@link #MAX_ATTRIBUTE_BYTES} as JSON; the times
     * of deleted keys are kept while there are at most {@link #MAX_ATTRIBUTES}, then the oldest go first.
     */
    private static void merge(ProfileState s, String update, long at) {
        try {
            JsonNode changes = Json.mapper().readTree(update);
            if (!merge(s, changes, at, false)) {
                merge(s, changes, at, true);
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Merges the changes (only the deletions if so asked); false, changing nothing, past the byte bound. */
    private static boolean merge(ProfileState s, JsonNode changes, long at, boolean deletionsOnly)
            throws JsonProcessingException {
        ObjectNode merged = (ObjectNode) Json.mapper().readTree(s.attributes);
        ObjectNode times = (ObjectNode) Json.mapper().readTree(s.attributeTimes == null ? "{}" : s.attributeTimes);
        Iterator<Map.Entry<String, JsonNode>> fields = changes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode last = times.get(f.getKey());
            if (last != null && !ParseEventsFunction.supersedes(at, last.asLong())) {
                continue;
            }
            if (f.getValue().isNull()) {
                merged.remove(f.getKey());
            } else if (!deletionsOnly && (merged.has(f.getKey()) || merged.size() < MAX_ATTRIBUTES)) {
                merged.set(f.getKey(), f.getValue());
            } else {
                continue;
            }
            times.put(f.getKey(), last == null ? at : Math.max(at, last.asLong()));
        }
        byte[] attributes = Json.mapper().writeValueAsBytes(merged);
        if (attributes.length > MAX_ATTRIBUTE_BYTES && !deletionsOnly) {
            return false;
        }
        forgetOldestDeletions(times, merged);
        s.attributes = new String(attributes, StandardCharsets.UTF_8);
        s.attributeTimes = Json.mapper().writeValueAsString(times);
        return true;
    }

    /** Drops the times of deleted keys, oldest first, while more than {@link #MAX_ATTRIBUTES} are kept. */
    private static void forgetOldestDeletions(ObjectNode times, ObjectNode merged) {
        int deleted = times.size() - merged.size();
        if (deleted <= MAX_ATTRIBUTES) {
            return;
        }
        List<Map.Entry<String, Long>> gone = new ArrayList<>();
        times.fields().forEachRemaining(e -> {
            if (!merged.has(e.getKey())) {
                gone.add(Map.entry(e.getKey(), e.getValue().asLong()));
            }
        });
        gone.sort(Map.Entry.comparingByValue());
        for (int i = 0; i < deleted - MAX_ATTRIBUTES; i++) {
            times.remove(gone.get(i).getKey());
        }
    }

    /** The published form of {@code s}, with affinities decayed to the customer's last event. */
    public CustomerProfile snapshot(String customerId, ProfileState s, long updatedAt) {
        List<CategoryAffinity> top = Arrays.stream(s.categories)
                .map(c -> new CategoryAffinity(c.category, decay.decay(c.score, c.asOf, s.lastSeen)))
                .sorted(BY_AFFINITY)
                .limit(settings.topCategories())
                .toList();
        List<RecentItem> recent = Arrays.stream(s.recent)
                .map(i -> new RecentItem(i.itemId, i.category, i.type.wireName(), i.at, i.price))
                .toList();
        List<CartLine> cart = cartLines(s).stream()
                .map(l -> new CartLine(l.itemId(), l.category(), l.price(), l.quantity(), l.addedAt()))
                .toList();
        FeedbackSummary feedback = s.feedbackCount == 0
                ? FeedbackSummary.NONE
                : new FeedbackSummary(
                        s.feedbackCount, (double) s.ratingSum / s.feedbackCount, s.lastComment, s.lastFeedbackAt);
        return new CustomerProfile(
                customerId,
                s.firstSeen,
                s.lastSeen,
                s.orders,
                s.itemsBought,
                s.monetary,
                s.orders == 0 ? 0 : s.monetary / s.orders,
                s.lastPurchaseAt,
                s.stage,
                top,
                recent,
                cart,
                s.cartUpdatedAt,
                attributes(s.attributes),
                feedback,
                new OfferResponses(s.offerImpressions, s.offerClicks, s.offerRedemptions),
                updatedAt);
    }

    private static Map<String, Object> attributes(String json) {
        try {
            return Json.mapper().readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.rapport.jobs.profile;

import io.rapport.jobs.cart.CartLedger;
import io.rapport.profile.JourneyStage;

/**
 * Everything {@link ProfileFunction} keeps about one customer besides the ids it has seen: the
 * counters, the bounded lists and the journey stage. Changed only by {@link ProfileFolding}. A Flink
 * POJO (arrays of POJOs, attributes as JSON text), so it is serialized without Kryo.
 *
 * <p>Size: the lists are capped by {@link ProfileSettings} ({@code recentItems}, {@code
 * maxCategories}, {@code maxCartLines}); the attributes at most {@link ProfileFolding#MAX_ATTRIBUTES}
 * keys and {@link ProfileFolding#MAX_ATTRIBUTE_BYTES} as JSON, the last comment at most 4,096
 * characters (the event limits). Measured:
 * about 3.6 KB serialized for a typical customer, 12.4 KB at every cap (module README).
 */
public class ProfileState {
    public long firstSeen;
    public long lastSeen;
    public int orders;
    public long itemsBought;
    public double monetary;
    /** Null until the first counted order. */
    public Long lastPurchaseAt;
    /** Whether the customer ever viewed, carted or searched. */
    public boolean browsed;

    public CategoryScore[] categories = new CategoryScore[0];
    /** Newest first, at most {@code recentItems}. */
    public Interaction[] recent = new Interaction[0];
    /**
     * The cart of a state kept before {@link #cartLedger}: read into the ledger at the cart's next
     * change, then empty. The cart is the ledger's fold ({@link ProfileFolding#cartLines}).
     */
    public CartEntry[] cart = new CartEntry[0];
    /** Null until the cart first changes. */
    public Long cartUpdatedAt;
    /**
     * The cart's changes in event time, whose fold is the cart (lines in the order items were first
     * added, at most {@code maxCartLines}); null until the cart first changes.
     */
    public CartLedger cartLedger;
    /** The merged attributes as a JSON object. */
    public String attributes = "{}";
    /**
     * Per attribute key ever set or deleted, the event time (epoch ms) of the update that last did
     * it, as a JSON object: an update older than that leaves the key alone.
     */
    public String attributeTimes = "{}";

    public int feedbackCount;
    public long ratingSum;
    public Long lastFeedbackAt;
    public String lastComment;
    public Long lastCommentAt;
    public long offerImpressions;
    public long offerClicks;
    public long offerRedemptions;
    public JourneyStage stage = JourneyStage.NEW;
    /** Event time at which the memory of the first seen id ends, Long.MAX_VALUE when none. */
    public long idsExpireAt = Long.MAX_VALUE;

    public ProfileState() {}
}

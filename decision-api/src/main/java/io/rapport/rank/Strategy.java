package io.rapport.rank;

/** How an "also bought" answer was made; its wire name goes into the response. */
public enum Strategy {
    /** Ranked neighbours of the item from the co-purchase counts. */
    CO_PURCHASE("co-purchase"),
    /** Ranked also-viewed neighbours of the item from the co-view (session) counts. */
    CO_VIEW("co-view"),
    /** Neighbours of the items a customer bought, and with less weight of those they viewed or carted. */
    PERSONAL("personal"),
    /**
     * The recently most bought items of the customer's categories (from their profile or their
     * purchases): by recent buyers, then all-time buyers.
     */
    POPULAR_IN_CATEGORY("popular-in-category"),
    /** The most bought items, for an unknown item or one without usable neighbours. */
    POPULAR("popular");

    private final String wireName;

    Strategy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

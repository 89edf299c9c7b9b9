package io.rapport.rank;

/** How an "also bought" answer was made; its wire name goes into the response. */
public enum Strategy {
    /** Ranked neighbours of the item from the co-purchase counts. */
    CO_PURCHASE("co-purchase"),
    /** Neighbours of the items a customer bought, weighted by how recently they bought them. */
    PERSONAL("personal"),
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

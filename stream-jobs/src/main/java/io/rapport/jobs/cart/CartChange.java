package io.rapport.jobs.cart;

/**
 * One change to a customer's cart kept by {@link CartLedger}, a Flink POJO: an add ({@code quantity}
 * above 0), a take ({@code quantity} below 0), or a line's units as of a moment ({@code set}: a
 * purchase of the item sets 0; folded older changes set what they left).
 */
public class CartChange {
    public String itemId;
    /** The category an add gave, or the folded line's; null when none did. */
    public String category;
    /** The unit price an add gave, or the folded line's; null when none did. */
    public Double price;

    public int quantity;
    public boolean set;
    /** Event time of the change, epoch milliseconds. */
    public long at;
    /** For a {@code set} of units above 0: when the line was first added. */
    public long addedAt;
    /** Arrival order, which breaks ties between changes of the same event time. */
    public long seq;
    /** The 64-bit hash of the add's or take's eventId, which makes a resend count once. */
    public long eventHash;

    public CartChange() {}

    CartChange(
            String itemId, String category, Double price, int quantity, boolean set, long at, long addedAt, long seq) {
        this.itemId = itemId;
        this.category = category;
        this.price = price;
        this.quantity = quantity;
        this.set = set;
        this.at = at;
        this.addedAt = addedAt;
        this.seq = seq;
    }
}

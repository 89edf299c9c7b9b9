package io.rapport.jobs.profile;

/** One line of a customer's live cart. A Flink POJO; {@link #price} is null when never given. */
public class CartEntry {
    public String itemId;
    public String category;
    public Double price;
    public int quantity;
    /** Event time the item was first added, epoch milliseconds. */
    public long addedAt;

    public CartEntry() {}

    CartEntry(String itemId, String category, Double price, int quantity, long addedAt) {
        this.itemId = itemId;
        this.category = category;
        this.price = price;
        this.quantity = quantity;
        this.addedAt = addedAt;
    }
}

package io.rapport.profile;

/**
 * One interaction of a customer with an item.
 *
 * @param type the event type's wire name: {@code view}, {@code add_to_cart} or {@code purchase}
 * @param at event time, epoch milliseconds
 * @param price the line's unit price on the event (for a purchase, what the customer paid), null
 *     when it had none
 */
public record RecentItem(String itemId, String category, String type, long at, Double price) {
    /** An interaction without a price. */
    public RecentItem(String itemId, String category, String type, long at) {
        this(itemId, category, type, at, null);
    }
}

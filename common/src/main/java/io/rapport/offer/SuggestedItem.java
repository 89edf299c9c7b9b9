package io.rapport.offer;

/**
 * An item a cross-sell or up-sell action names.
 *
 * @param because the item of the customer's history that led to it (cross-sell) or the category it
 *     steps up in (up-sell)
 * @param itemName what a reason calls the item: its catalogue name when the catalogue has one
 * @param becauseName what a reason calls {@code because}: the source item's catalogue name, or the category
 */
public record SuggestedItem(String itemId, String because, String itemName, String becauseName) {
    /** Named by their ids. */
    public SuggestedItem(String itemId, String because) {
        this(itemId, because, itemId, because);
    }
}

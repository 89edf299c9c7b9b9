package io.rapport.offer;

/**
 * The current price of an item, for up-sell. The item snapshots of the co-purchase job carry no
 * price; the product catalogue of PRODUCT.md ({@code itemId, name, category, price, inStock}) is
 * the intended source once the API holds it.
 */
@FunctionalInterface
public interface ItemPrices {
    /** The item's price, or null when unknown. */
    Double price(String itemId);

    /** No prices known: up-sell never finds an item. */
    ItemPrices NONE = itemId -> null;
}

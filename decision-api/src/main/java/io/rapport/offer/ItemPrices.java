package io.rapport.offer;

import java.util.List;

/**
 * The current price of an item, for up-sell. The item snapshots of the co-purchase job carry no
 * price; the product catalogue of PRODUCT.md ({@code itemId, name, category, price, inStock}) is
 * the source ({@code CatalogView}).
 */
@FunctionalInterface
public interface ItemPrices {
    /** The item's price, or null when unknown. */
    Double price(String itemId);

    /**
     * In-stock items of {@code category} that cost more than {@code price}, cheapest first, at most
     * {@code max}: the up-sell candidates beyond the customer's also-bought neighbours. None unless
     * the source knows categories.
     */
    default List<String> dearerInCategory(String category, double price, int max) {
        return List.of();
    }

    /** No prices known: up-sell never finds an item. */
    ItemPrices NONE = itemId -> null;
}

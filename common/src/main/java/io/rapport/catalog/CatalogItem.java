package io.rapport.catalog;

/**
 * One product of the retailer's catalogue (PRODUCT.md "Catalogue"), as posted to {@code POST
 * /v1/catalog} and carried on the compacted {@code catalog} topic keyed by itemId.
 *
 * @param name what a person calls the item, used in reasons ("bought together with Whole milk")
 * @param category wins over the category seen on events when filtering
 * @param price current price, finite and ≥ 0; feeds the offers engine's up-sell
 * @param inStock whether the item can be bought now ({@code inStock=true} filters on it)
 */
public record CatalogItem(String itemId, String name, String category, double price, boolean inStock) {}

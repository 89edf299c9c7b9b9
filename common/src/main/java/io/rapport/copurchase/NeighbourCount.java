package io.rapport.copurchase;

/** An item's neighbour: {@code coPurchases} distinct customers bought both items. */
public record NeighbourCount(String itemId, long coPurchases) {}

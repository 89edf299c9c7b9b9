package io.rapport.copurchase;

/** Population totals: {@code buyers} distinct customers with at least one counted purchase. */
public record Totals(long buyers) {}

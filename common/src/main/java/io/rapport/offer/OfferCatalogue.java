package io.rapport.offer;

import java.util.List;

/**
 * The whole offer catalogue, as carried on the compacted {@code offers} topic under the single key
 * {@link #KEY}: one record replaces the catalogue atomically, so every reader sees either the old or
 * the new one, never a mix.
 *
 * @param offers in the order given, offerIds unique
 * @param updatedAt when the catalogue was accepted, epoch milliseconds
 */
public record OfferCatalogue(List<Offer> offers, long updatedAt) {
    /** The record key of the catalogue on the {@code offers} topic. */
    public static final String KEY = "catalogue";

    public static final OfferCatalogue EMPTY = new OfferCatalogue(List.of(), 0);

    public OfferCatalogue {
        offers = offers == null ? List.of() : List.copyOf(offers);
    }
}

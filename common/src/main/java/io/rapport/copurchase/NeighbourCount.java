package io.rapport.copurchase;

/**
 * An item's neighbour: {@code coPurchases} distinct customers bought both items.
 *
 * @param lastIncreasedAt event time, epoch milliseconds, of the last time the pair's count went up
 *     (the co-purchase job's item-stage watermark when the increase arrived); {@link #UNKNOWN} (0,
 *     also what a record without the field reads as) when not known, e.g. for counts made before
 *     the job kept it. Only a ranking with a {@link TimeDecay} reads it.
 */
public record NeighbourCount(String itemId, long coPurchases, long lastIncreasedAt) {
    /** {@link #lastIncreasedAt} of a pair whose last increase is not known. */
    public static final long UNKNOWN = 0;

    /** A neighbour whose last increase is not known. */
    public NeighbourCount(String itemId, long coPurchases) {
        this(itemId, coPurchases, UNKNOWN);
    }
}

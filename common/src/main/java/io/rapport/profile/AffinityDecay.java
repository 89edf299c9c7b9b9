package io.rapport.profile;

import java.io.Serializable;
import java.time.Duration;

/**
 * Exponential time decay of category affinities: an interaction of weight {@code w} at time {@code
 * t} contributes {@code w · 2^(-(T - t) / halfLife)} to the affinity at time {@code T}. An affinity
 * is kept as a score valid at a reference time, so adding interactions in any order gives the same
 * result (up to rounding). Immutable.
 */
public final class AffinityDecay implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Weight of a product view. */
    public static final double VIEW_WEIGHT = 1;
    /** Weight of an add to cart. */
    public static final double CART_WEIGHT = 3;
    /** Weight of one purchased order line. */
    public static final double PURCHASE_WEIGHT = 5;

    private final double halfLifeMillis;

    public AffinityDecay(Duration halfLife) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive, was " + halfLife);
        }
        this.halfLifeMillis = halfLife.toMillis();
    }

    /** {@code score}, valid at {@code from}, as it stands at {@code to} (earlier or later). */
    public double decay(double score, long from, long to) {
        return score * Math.pow(2, -(to - from) / halfLifeMillis);
    }

    /**
     * The score at {@code max(scoreAt, at)} after adding an interaction of {@code weight} at {@code
     * at} to {@code score}, valid at {@code scoreAt}.
     */
    public double add(double score, long scoreAt, double weight, long at) {
        return at >= scoreAt ? decay(score, scoreAt, at) + weight : score + decay(weight, at, scoreAt);
    }
}

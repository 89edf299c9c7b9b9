package io.rapport.copurchase;

/**
 * Scores how strongly two items are bought together, from exact distinct-customer counts.
 *
 * <p>The ranking score is Dunning's log-likelihood ratio G² over the 2×2 contingency table of
 * customers (bought both / only A / only B / neither), as in Mahout's item similarity and the
 * correlated cross-occurrence recommenders. It rewards pairs that co-occur more often than their
 * popularity predicts, so a staple such as whole milk does not top every list just by being common.
 * The sign is negative when the pair co-occurs less often than chance would have it, so such pairs
 * rank last. Lift is given for explanations.
 */
public final class CoPurchaseScore {
    private CoPurchaseScore() {}

    /**
     * Signed G² for items A and B.
     *
     * @param both customers who bought both
     * @param buyersA customers who bought A
     * @param buyersB customers who bought B
     * @param population customers who bought anything
     */
    public static double llr(long both, long buyersA, long buyersB, long population) {
        long k11 = both;
        long k12 = Math.max(0, buyersA - both);
        long k21 = Math.max(0, buyersB - both);
        long k22 = Math.max(0, population - buyersA - buyersB + both);
        double g2 = g2(k11, k12, k21, k22);
        boolean positive = (double) k11 * (k11 + k12 + k21 + k22) >= (double) (k11 + k12) * (k11 + k21);
        return positive ? g2 : -g2;
    }

    /** Lift: P(A and B) / (P(A) P(B)); 0 when any count is 0. */
    public static double lift(long both, long buyersA, long buyersB, long population) {
        if (both == 0 || buyersA == 0 || buyersB == 0 || population == 0) {
            return 0;
        }
        return (double) both * population / ((double) buyersA * buyersB);
    }

    /**
     * Cosine similarity of the two items' buyer sets: {@code both / sqrt(buyersA * buyersB)}, the
     * similarity of classic item-based collaborative filtering on binary customer × item data; 0
     * when either item has no buyers.
     */
    public static double cosine(long both, long buyersA, long buyersB) {
        if (both == 0 || buyersA == 0 || buyersB == 0) {
            return 0;
        }
        return both / Math.sqrt((double) buyersA * buyersB);
    }

    static double g2(long k11, long k12, long k21, long k22) {
        double rowEntropy = entropy(k11 + k12, k21 + k22);
        double columnEntropy = entropy(k11 + k21, k12 + k22);
        double matrixEntropy = entropy(k11, k12, k21, k22);
        if (rowEntropy + columnEntropy < matrixEntropy) {
            return 0.0; // rounding error
        }
        return 2.0 * (rowEntropy + columnEntropy - matrixEntropy);
    }

    private static double xLogX(long x) {
        return x == 0 ? 0.0 : x * Math.log(x);
    }

    /** Unnormalised Shannon entropy, as in Mahout's LogLikelihood. */
    private static double entropy(long... elements) {
        long sum = 0;
        double result = 0.0;
        for (long element : elements) {
            result += xLogX(element);
            sum += element;
        }
        return xLogX(sum) - result;
    }
}

package io.rapport.profile;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;

/**
 * RFM quintile scores over a population of profiles: the buyers among them (customers with at
 * least one order). Built once from a snapshot of the population, then scores any profile in
 * {@code O(log n)}. Immutable and thread-safe.
 *
 * <p>A buyer's score on a dimension is {@code 1 + ⌊5 · p⌋} (at most 5), where {@code p = (b + e / 2)
 * / n} is the buyer's mid-distribution percentile: {@code n} buyers, {@code b} of them strictly worse
 * on that dimension (for recency, an older last purchase; for frequency, fewer orders; for monetary,
 * a lower total) and {@code e} equal to it, itself included. With distinct values each score goes to
 * a fifth of the buyers; ties share a score, and when everybody is equal everybody scores 3. Recency is ranked on the last purchase time itself, so scores do not drift with
 * the clock between rebuilds. A customer without orders has no scores.
 */
public final class RfmQuintiles {
    /** Scores against nobody: every buyer scores 5 on everything. */
    public static final RfmQuintiles EMPTY = new RfmQuintiles(new long[0], new long[0], new double[0]);

    private final long[] lastPurchases;
    private final long[] orders;
    private final double[] monetary;

    private RfmQuintiles(long[] lastPurchases, long[] orders, double[] monetary) {
        this.lastPurchases = lastPurchases;
        this.orders = orders;
        this.monetary = monetary;
    }

    /** The quintiles of the buyers among {@code population}. */
    public static RfmQuintiles of(Collection<CustomerProfile> population) {
        long[] r = population.stream()
                .filter(CustomerProfile::isBuyer)
                .mapToLong(CustomerProfile::lastPurchaseAt)
                .sorted()
                .toArray();
        long[] f = population.stream()
                .filter(CustomerProfile::isBuyer)
                .mapToLong(CustomerProfile::orders)
                .sorted()
                .toArray();
        double[] m = population.stream()
                .filter(CustomerProfile::isBuyer)
                .mapToDouble(CustomerProfile::monetary)
                .sorted()
                .toArray();
        return new RfmQuintiles(r, f, m);
    }

    /** Number of buyers the quintiles were built from. */
    public int buyers() {
        return orders.length;
    }

    /** The profile's scores, or empty when it has no orders. */
    public Optional<RfmScores> score(CustomerProfile profile) {
        if (!profile.isBuyer()) {
            return Optional.empty();
        }
        long last = profile.lastPurchaseAt();
        double spent = profile.monetary();
        return Optional.of(new RfmScores(
                score(count(lastPurchases, v -> v < last), count(lastPurchases, v -> v <= last)),
                score(count(orders, v -> v < profile.orders()), count(orders, v -> v <= profile.orders())),
                score(count(monetary, i -> monetary[i] < spent), count(monetary, i -> monetary[i] <= spent))));
    }

    /** The score of a value with {@code below} values under it and {@code upTo - below} equal to it. */
    private int score(int below, int upTo) {
        int n = orders.length;
        if (n == 0) {
            return 5;
        }
        double percentile = (below + (upTo - below) / 2.0) / n;
        return Math.min(5, 1 + (int) Math.floor(5 * percentile));
    }

    /** How many values of an ascending array pass {@code test}, which holds for a prefix of it. */
    private static int count(long[] sorted, LongPredicate test) {
        return prefix(sorted.length, i -> test.test(sorted[i]));
    }

    private static int count(double[] sorted, IntPredicate test) {
        return prefix(sorted.length, test);
    }

    /** The length of the prefix of {@code 0..length-1} on which {@code holds} is true, by binary search. */
    private static int prefix(int length, IntPredicate holds) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (holds.test(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return "RfmQuintiles over " + buyers() + " buyers: orders " + Arrays.toString(orders);
    }
}

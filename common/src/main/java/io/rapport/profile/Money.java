package io.rapport.profile;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A profile's money as it is shown and as segment rules read it: amounts to the cent, half a cent up,
 * and averages of them unrounded. Sums
 * of prices carry binary rounding noise (14.090000000000002, or 14.094999999999999 for 14.095), so
 * the amount is first rounded to the micro; rounding the double itself sent half cents up or down by
 * their binary noise.
 */
public final class Money {
    private Money() {}

    /** {@code amount} to the cent, half a cent up. */
    public static double cents(double amount) {
        return micros(amount).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /**
     * The average of {@code amount} as shown ({@linkplain #cents to the cent}) over {@code count}, not rounded
     * again, as the KPIs' {@code aov}: 12.75 over 2 orders is 6.375, so {@code aov × orders} gives the
     * {@code monetary} shown back; null for no count (no orders: no average order value, as the KPIs'
     * {@code aov} and the RFM).
     */
    public static Double average(double amount, long count) {
        return count == 0 ? null : cents(amount) / count;
    }

    private static BigDecimal micros(double amount) {
        return BigDecimal.valueOf(amount).setScale(6, RoundingMode.HALF_EVEN);
    }
}

package io.rapport.kpi;

import java.util.List;

/**
 * Holdout uplift of an offer: the treated group's conversion minus the control group's, with a 95%
 * confidence interval by Newcombe's hybrid score method (method 10 of Newcombe 1998: a Wilson score
 * interval per group, combined by the square-and-add rule). Unlike the Wald interval it stays
 * inside [-1, 1] and is informative when a group converts 0% or 100% or is small.
 *
 * @param value treated conversion − control conversion, or null when either group is empty
 * @param ci95 {@code [lo, hi]}, or null when either group is empty
 */
public record Uplift(Double value, List<Double> ci95) {
    private static final double Z95 = 1.959963984540054;
    static final Uplift UNKNOWN = new Uplift(null, null);

    /** The uplift of {@code treatedConverted / treated} over {@code controlConverted / control}. */
    public static Uplift newcombe(long treated, long treatedConverted, long control, long controlConverted) {
        if (treated <= 0 || control <= 0) {
            return UNKNOWN;
        }
        double p1 = (double) treatedConverted / treated;
        double p0 = (double) controlConverted / control;
        double[] w1 = wilson(treatedConverted, treated);
        double[] w0 = wilson(controlConverted, control);
        double d = p1 - p0;
        double lo = d - Math.sqrt(square(p1 - w1[0]) + square(w0[1] - p0));
        double hi = d + Math.sqrt(square(w1[1] - p1) + square(p0 - w0[0]));
        return new Uplift(d, List.of(lo, hi));
    }

    /** Wilson score interval of {@code successes / n} at 95%. */
    static double[] wilson(long successes, long n) {
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static double square(double x) {
        return x * x;
    }
}

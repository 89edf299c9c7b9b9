package io.rapport.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The repeated measurements of one figure: its median, and its spread as the smallest and largest
 * value. Full benchmark runs repeat every ratio and report it this way, because on a shared 2-core
 * machine one run can be off by more than the effect being measured.
 */
record Spread(double median, double min, double max, int n) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** "0.42× (0.40–0.45)", or "0.42×" for a single measurement. */
    String ratio() {
        return format("%.2f", "×");
    }

    /** The median and spread with {@code pattern} for each number and {@code unit} after the median. */
    String format(String pattern, String unit) {
        if (n == 0) {
            return "-";
        }
        String m = String.format(Locale.ROOT, pattern, median) + unit;
        return n == 1
                ? m
                : m + " (" + String.format(Locale.ROOT, pattern, min) + "–" + String.format(Locale.ROOT, pattern, max)
                        + ")";
    }
}

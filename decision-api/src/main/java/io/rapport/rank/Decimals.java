package io.rapport.rank;

/** Cheap number formatting for reasons built on hot paths (String.format costs microseconds). */
final class Decimals {
    private Decimals() {}

    /** {@code x} rounded to one decimal, e.g. {@code 212.4}, {@code -3.0}; never in E notation. */
    static String one(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        long tenths = Math.round(Math.abs(x) * 10);
        String sign = x < 0 && tenths != 0 ? "-" : "";
        return sign + tenths / 10 + "." + tenths % 10;
    }

    /** {@code x} rounded to three decimals, e.g. {@code 0.167}; never in E notation. */
    static String three(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        long thousandths = Math.round(Math.abs(x) * 1000);
        String sign = x < 0 && thousandths != 0 ? "-" : "";
        long fraction = thousandths % 1000;
        return sign + thousandths / 1000 + "." + (fraction < 100 ? (fraction < 10 ? "00" : "0") : "") + fraction;
    }
}

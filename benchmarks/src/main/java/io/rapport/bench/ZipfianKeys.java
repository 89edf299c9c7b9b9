package io.rapport.bench;

import java.util.Random;

/**
 * A fixed, seeded sequence of keys drawn from a Zipf distribution (exponent s over n keys), the
 * usual shape of item popularity: a few items take most lookups. Precomputed so that drawing a key
 * costs the benchmark nothing but an array read.
 */
final class ZipfianKeys {
    private final String[] sequence;
    private int next;

    ZipfianKeys(int keyCount, double exponent, int length, long seed) {
        double[] cumulative = new double[keyCount];
        double sum = 0;
        for (int k = 0; k < keyCount; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        Random random = new Random(seed);
        sequence = new String[length];
        for (int i = 0; i < length; i++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = keyCount - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            sequence[i] = key(lo);
        }
    }

    static String key(int k) {
        return "item-" + k;
    }

    String next() {
        String key = sequence[next];
        next = next + 1 == sequence.length ? 0 : next + 1;
        return key;
    }
}

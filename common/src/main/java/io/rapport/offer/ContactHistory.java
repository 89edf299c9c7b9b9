package io.rapport.offer;

import java.util.List;
import java.util.Map;

/**
 * One customer's recent offer impressions per UTC day, as carried on the compacted {@code
 * contact-counts} topic keyed by customerId (a tombstone when the customer was erased). Holds the
 * last {@value #DAYS} days; impressions marked {@code "holdout": true} are not contacts and are not
 * in it.
 *
 * <p>It counts impressions per offer rather than per contact class because the class belongs to the
 * catalogue, which may change: the caps are applied by the reader with the catalogue it has.
 */
public record ContactHistory(String customerId, List<Day> days) {
    public static final int DAYS = 7;

    /** Impressions per offerId on one UTC day ({@code epochDay} = days since 1970-01-01). */
    public record Day(long epochDay, Map<String, Long> impressions) {
        public Day {
            impressions = impressions == null ? Map.of() : Map.copyOf(impressions);
        }
    }

    public ContactHistory {
        days = days == null ? List.of() : List.copyOf(days);
    }

    /** Whether an impression of an offer on a UTC day was a service offer's, which counts toward no cap. */
    @FunctionalInterface
    public interface ServiceOffers {
        boolean on(String offerId, long epochDay);
    }

    /**
     * Impressions on {@code today} and over the {@value #DAYS} days ending today of offers that count
     * toward the caps: all but those {@code service} names for the impression's day (an offer the
     * catalogue does not know counts, erring on the side of fewer contacts).
     */
    public long[] marketingImpressions(long today, ServiceOffers service) {
        long day = 0;
        long week = 0;
        for (Day d : days) {
            if (d.epochDay() > today || d.epochDay() <= today - DAYS) {
                continue;
            }
            long n = d.impressions().entrySet().stream()
                    .filter(e -> !service.on(e.getKey(), d.epochDay()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            week += n;
            if (d.epochDay() == today) {
                day += n;
            }
        }
        return new long[] {day, week};
    }
}

package io.rapport.offer;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.store.NewestWins;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the offers engine answers from: the catalogue ({@code offers} topic), each offer's
 * impressions and redemptions ({@code offer-stats}) and each customer's recent offer impressions
 * ({@code contact-counts}). Thread-safe; readers see a whole catalogue, never part of one.
 *
 * <p>The catalogue with the latest {@code updatedAt} wins, so the copy a PUT applies at once and
 * the same record read back from Kafka later agree, and an older record still on the topic never
 * replaces a newer one this instance already applied.
 */
public final class OfferViews {
    private final NewestWins<Catalogue> catalogue = new NewestWins<>(
            new Catalogue(OfferCatalogue.EMPTY), c -> c.offers().updatedAt());
    private final ConcurrentHashMap<String, OfferStats> stats = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ContactHistory> contacts = new ConcurrentHashMap<>();

    /** The catalogue and the ids of its service offers, which never count toward the caps. */
    public record Catalogue(OfferCatalogue offers, Set<String> serviceOfferIds) {
        Catalogue(OfferCatalogue offers) {
            this(offers, OfferCatalogue.serviceOfferIds(offers.offers()));
        }

        /** Whether an impression of the offer on that UTC day was a service offer's (now or then). */
        public boolean isService(String offerId, long epochDay) {
            return serviceOfferIds.contains(offerId) || offers.wasServiceOn(offerId, epochDay);
        }
    }

    /** The topics these views follow. */
    public static final Set<String> TOPICS = Set.of(Topics.OFFERS, Topics.OFFER_STATS, Topics.CONTACT_COUNTS);

    /** Applies one record of {@link #TOPICS}; a null value deletes the key. */
    public void apply(String topic, String key, byte[] value) {
        switch (topic) {
            case Topics.OFFERS -> {
                if (OfferCatalogue.KEY.equals(key)) {
                    replace(value == null ? OfferCatalogue.EMPTY : Json.decode(value, OfferCatalogue.class));
                }
            }
            case Topics.OFFER_STATS -> {
                if (value == null) {
                    stats.remove(key);
                } else {
                    stats.put(key, Json.decode(value, OfferStats.class));
                }
            }
            case Topics.CONTACT_COUNTS -> {
                if (value == null) {
                    contacts.remove(key);
                } else {
                    contacts.put(key, Json.decode(value, ContactHistory.class));
                }
            }
            default -> throw new IllegalArgumentException("not an offer topic: " + topic);
        }
    }

    /** Replaces the catalogue unless the current one is newer; a tombstone (EMPTY) always does. */
    public void replace(OfferCatalogue next) {
        if (next == OfferCatalogue.EMPTY) {
            catalogue.reset(new Catalogue(next));
        } else {
            catalogue.offer(new Catalogue(next));
        }
    }

    /** The {@code updatedAt} of the next catalogue accepted here: later than the current one's. */
    public long nextUpdatedAt(Clock clock) {
        return catalogue.nextUpdatedAt(clock);
    }

    public Catalogue catalogue() {
        return catalogue.get();
    }

    /** The offer's stats; null when it has none yet. */
    public OfferStats stats(String offerId) {
        return stats.get(offerId);
    }

    public void putStats(OfferStats offerStats) {
        stats.put(offerStats.offerId(), offerStats);
    }

    public void putContacts(ContactHistory history) {
        contacts.put(history.customerId(), history);
    }

    /**
     * Marketing impressions of the customer {@code {today, last seven days}} at {@code nowMillis},
     * with the catalogue deciding which offers are service offers (or were, on the impression's day).
     */
    public long[] marketingImpressions(String customerId, long nowMillis) {
        ContactHistory history = contacts.get(customerId);
        if (history == null) {
            return new long[] {0, 0};
        }
        long today = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC)
                .toEpochDay();
        return history.marketingImpressions(today, catalogue()::isService);
    }
}

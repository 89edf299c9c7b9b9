package io.rapport.jobs.offer;

import io.rapport.kafka.Topics;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the offer jobs.
 *
 * @param outOfOrderness how late an event may arrive, in event time, and still be counted
 * @param sourceIdleness after which an idle source partition stops holding back the watermark
 * @param dedupeHorizon how long (event time) a customer's offer eventIds are remembered to count a
 *     duplicate once; a duplicate arriving later counts again
 * @param statsRetention how long (event time) a customer's impressions and redemptions of an offer
 *     count in its {@code offer-stats} after the customer's last outcome of that offer; then they
 *     are subtracted, like an erase, so every count stays attributable to a live contribution
 * @param maxSegmentsPerOffer distinct segments counted per offer; outcomes in further segments
 *     count toward the offer's totals only
 */
public record OfferJobSettings(
        Duration outOfOrderness,
        Duration sourceIdleness,
        Duration dedupeHorizon,
        Duration statsRetention,
        int maxSegmentsPerOffer)
        implements Serializable {
    public static final OfferJobSettings DEFAULTS = new OfferJobSettings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofDays(1),
            Duration.ofDays(Topics.JOB_RETENTION_DAYS),
            100);
}

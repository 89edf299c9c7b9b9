package io.rapport.jobs.offer;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the offer counters job.
 *
 * @param outOfOrderness how late an event may arrive, in event time, and still be counted
 * @param sourceIdleness after which an idle source partition stops holding back the watermark
 * @param dedupeHorizon how long (event time) an offer's eventIds are remembered to count a
 *     duplicate once; a duplicate arriving later counts again
 */
public record OfferJobSettings(Duration outOfOrderness, Duration sourceIdleness, Duration dedupeHorizon)
        implements Serializable {
    public static final OfferJobSettings DEFAULTS =
            new OfferJobSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofDays(1));
}

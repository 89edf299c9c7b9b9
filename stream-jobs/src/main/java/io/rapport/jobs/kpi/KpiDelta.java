package io.rapport.jobs.kpi;

import io.rapport.kpi.KpiPane;
import java.time.Instant;

/**
 * An amount to add to one count of one pane. {@link #counter} names the count in the pane
 * function's state: {@code e|<type>} for an event type, {@code c|<name>} for a {@link KpiPane}
 * count, {@code o|<name>|<offerId>} for an offer's count (the name never holds {@code |}, the
 * offerId may), {@code b|<previous>} for the pane's buyers by the pane of their previous purchase
 * ({@link KpiPane#buyers()}).
 *
 * <p>A Flink POJO.
 */
public class KpiDelta {
    public long paneStart;
    public String counter;
    public long amount;

    public KpiDelta() {}

    public KpiDelta(long paneStart, String counter, long amount) {
        this.paneStart = paneStart;
        this.counter = counter;
        this.amount = amount;
    }

    static KpiDelta event(long timestamp, String wireType) {
        return new KpiDelta(KpiPane.paneStart(timestamp), "e|" + wireType, 1);
    }

    static KpiDelta count(long timestamp, String name, long amount) {
        return new KpiDelta(KpiPane.paneStart(timestamp), "c|" + name, amount);
    }

    static KpiDelta offer(long timestamp, String name, String offerId) {
        return offer(timestamp, name, offerId, 1);
    }

    static KpiDelta offer(long timestamp, String name, String offerId, long amount) {
        return new KpiDelta(KpiPane.paneStart(timestamp), "o|" + name + "|" + offerId, amount);
    }

    /** A buyer of pane {@code paneStart} whose previous purchase pane is {@code previous} (null: none). */
    static KpiDelta buyer(long paneStart, Long previous, long amount) {
        String key = previous == null ? KpiPane.NO_PREVIOUS_PURCHASE : Instant.ofEpochMilli(previous).toString();
        return new KpiDelta(paneStart, "b|" + key, amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KpiDelta d && paneStart == d.paneStart && amount == d.amount && counter.equals(d.counter);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(paneStart) * 31 + counter.hashCode();
    }

    @Override
    public String toString() {
        return counter + "@" + paneStart + "+" + amount;
    }
}

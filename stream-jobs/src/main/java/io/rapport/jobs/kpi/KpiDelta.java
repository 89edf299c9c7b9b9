package io.rapport.jobs.kpi;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import java.time.Instant;

/**
 * An amount to add to one count of one pane, the pane of size {@link #paneSize} (a minute unless
 * said otherwise) starting at {@link #paneStart}. {@link #counter} names the count in the pane
 * function's state: {@code e|<type>} for an event type, {@code c|<name>} for a {@link KpiPane}
 * count, {@code o|<name>|<offerId>} for an offer's count (the name never holds {@code |}, the
 * offerId may), {@code b|<previous>} for the pane's buyers by the pane of their previous purchase
 * ({@link KpiPane#buyers()}).
 *
 * <p>A Flink POJO.
 */
public class KpiDelta {
    public long paneStart;
    public long paneSize = PaneSize.MINUTE.millis();
    public String counter;
    public long amount;

    public KpiDelta() {}

    public KpiDelta(long paneStart, String counter, long amount) {
        this.paneStart = paneStart;
        this.counter = counter;
        this.amount = amount;
    }

    KpiDelta(PaneSize size, long paneStart, String counter, long amount) {
        this(paneStart, counter, amount);
        this.paneSize = size.millis();
    }

    /** The same amount for the pane of {@code size} holding this delta's pane. */
    KpiDelta in(PaneSize size) {
        return new KpiDelta(size, size.start(paneStart), counter, amount);
    }

    boolean isBuyer() {
        return counter.startsWith("b|");
    }

    /** The pane's key on the topic, {@link PaneSize#key}. */
    String paneKey() {
        return PaneSize.ofMillis(paneSize).key(paneStart);
    }

    /**
     * The pane's key in the pane function: its start plus the size's ordinal. Starts are multiples
     * of a minute, so keys are unique, and a minute pane is keyed by its start as before sizes
     * existed, so older checkpoints restore.
     */
    long paneId() {
        return paneStart + PaneSize.ofMillis(paneSize).ordinal();
    }

    /** The size of the pane of {@link #paneId()} {@code id}. */
    static PaneSize sizeOfPaneId(long id) {
        return PaneSize.values()[(int) Math.floorMod(id, PaneSize.MINUTE.millis())];
    }

    /** The start of the pane of {@link #paneId()} {@code id}. */
    static long startOfPaneId(long id) {
        return PaneSize.MINUTE.start(id);
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

    /**
     * A buyer of the pane of {@code size} at {@code paneStart} whose previous purchase pane (same
     * size) is {@code previous}; null, or one more than {@link PaneSize#keyHorizon()} before, is none.
     */
    static KpiDelta buyer(PaneSize size, long paneStart, Long previous, long amount) {
        boolean none = previous == null || previous < paneStart - size.keyHorizon();
        String key = none
                ? KpiPane.NO_PREVIOUS_PURCHASE
                : Instant.ofEpochMilli(previous).toString();
        return new KpiDelta(size, paneStart, "b|" + key, amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KpiDelta d
                && paneStart == d.paneStart
                && paneSize == d.paneSize
                && amount == d.amount
                && counter.equals(d.counter);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(paneStart) * 31 + Long.hashCode(paneSize)) * 31 + counter.hashCode();
    }

    @Override
    public String toString() {
        return counter + "@" + paneKey() + "+" + amount;
    }
}

package io.rapport.store;

import io.rapport.copurchase.Totals;

/** The latest population {@link Totals}, as read from the {@code totals} topic; zero until known. */
public final class TotalsView {
    private volatile Totals totals = new Totals(0);

    public void put(Totals totals) {
        this.totals = totals;
    }

    /** Distinct customers with at least one counted purchase. */
    public long population() {
        return totals.buyers();
    }
}

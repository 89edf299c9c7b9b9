package io.rapport.jobs.kpi;

/**
 * A customer's purchase kept by {@link CustomerKpiFunction} for what arrives after it though dated
 * before it: an offer exposure it converts, a recommendation click it is attributed to. A Flink
 * POJO.
 */
public class KeptPurchase {
    /** Event time, epoch milliseconds. */
    public long at;
    /** The order's value, millionths. */
    public long revenueMicros;

    public String[] itemIds;
    /** Each line's price × quantity, millionths. */
    public long[] lineMicros;
    /** Whether each line has been attributed to a recommendation click. */
    public boolean[] attributed;

    public KeptPurchase() {}

    KeptPurchase(long at, long revenueMicros, String[] itemIds, long[] lineMicros, boolean[] attributed) {
        this.at = at;
        this.revenueMicros = revenueMicros;
        this.itemIds = itemIds;
        this.lineMicros = lineMicros;
        this.attributed = attributed;
    }
}

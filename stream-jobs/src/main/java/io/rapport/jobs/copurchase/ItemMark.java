package io.rapport.jobs.copurchase;

/**
 * What one customer did with one item, as {@link CustomerItemsFunction} keeps it: whether they
 * bought it (and as which of their counted items, for the first-bought order), whether they viewed
 * it, and the event time of their latest purchase or view of it, from which retention counts.
 *
 * <p>A Flink POJO used as keyed state.
 */
public class ItemMark {
    public boolean bought;
    /** Position among the customer's counted items, in the order first bought; meaningful when bought. */
    public int boughtRank;
    public boolean viewed;
    public long lastTs;

    public ItemMark() {}

    @Override
    public String toString() {
        return (bought ? "bought#" + boughtRank + " " : "") + (viewed ? "viewed " : "") + "last " + lastTs;
    }
}

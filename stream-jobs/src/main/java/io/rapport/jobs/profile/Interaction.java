package io.rapport.jobs.profile;

import io.rapport.event.EventType;

/** One interaction of a customer with an item: a view, an add to cart or a purchase. A Flink POJO. */
public class Interaction {
    public String itemId;
    public String category;
    public EventType type;
    /** Event time, epoch milliseconds. */
    public long at;
    /** The line's unit price on the event, null when it had none. */
    public Double price;

    public Interaction() {}

    Interaction(String itemId, String category, EventType type, long at, Double price) {
        this.itemId = itemId;
        this.category = category;
        this.type = type;
        this.at = at;
        this.price = price;
    }
}

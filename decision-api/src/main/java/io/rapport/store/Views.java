package io.rapport.store;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.Totals;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.util.List;

/**
 * The in-memory views the API answers from, and the one place where a record of the stream jobs'
 * topics is applied to them. {@link #apply} needs no Kafka, so tests feed the views directly.
 */
public record Views(ItemView items, CustomerItemsView customers, TotalsView totals, ViewProgress progress) {

    public static Views empty() {
        return new Views(new ItemView(), new CustomerItemsView(), new TotalsView(), new ViewProgress());
    }

    /**
     * Applies one record; a null value is a tombstone that deletes the key.
     *
     * @throws java.io.UncheckedIOException if the value is not the JSON the topic carries
     * @throws IllegalArgumentException for a topic the views do not follow
     */
    public void apply(String topic, String key, byte[] value) {
        switch (topic) {
            case Topics.ITEMS -> {
                if (value == null) {
                    items.remove(key);
                } else {
                    items.put(normalised(key, Json.decode(value, ItemSnapshot.class)));
                }
            }
            case Topics.CUSTOMER_ITEMS -> {
                if (value == null) {
                    customers.remove(key);
                } else {
                    CustomerItems decoded = Json.decode(value, CustomerItems.class);
                    customers.put(new CustomerItems(key, decoded.items() == null ? List.of() : decoded.items()));
                }
            }
            case Topics.TOTALS -> {
                if (Topics.TOTALS_KEY.equals(key)) {
                    totals.put(value == null ? new Totals(0) : Json.decode(value, Totals.class));
                }
            }
            default -> throw new IllegalArgumentException("not a view topic: " + topic);
        }
    }

    // The record key is what compaction and tombstones act on, so it wins over the value's id.
    private static ItemSnapshot normalised(String key, ItemSnapshot s) {
        List<NeighbourCount> neighbours = s.neighbours() == null ? List.of() : s.neighbours();
        return new ItemSnapshot(key, s.category(), s.buyers(), s.viewers(), s.viewersWhoBought(), neighbours,
                s.updatedAt());
    }
}

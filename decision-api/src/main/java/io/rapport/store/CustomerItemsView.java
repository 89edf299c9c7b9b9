package io.rapport.store;

import io.rapport.copurchase.CustomerItems;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each customer bought, as read from the compacted {@code customer-items} topic; used to
 * remove items a customer already owns from their recommendations. An erased customer is absent.
 * Thread-safe; the sets it returns are immutable.
 */
public final class CustomerItemsView {
    private final ConcurrentHashMap<String, Set<String>> customers = new ConcurrentHashMap<>();

    /** Stores what the customer bought; the set keeps the order first bought, oldest first. */
    public void put(CustomerItems customerItems) {
        customers.put(customerItems.customerId(),
                Collections.unmodifiableSet(new LinkedHashSet<>(customerItems.items())));
    }

    public void remove(String customerId) {
        customers.remove(customerId);
    }

    /** Items the customer bought, oldest first; empty for an unknown customer or a null id. */
    public Set<String> bought(String customerId) {
        return customerId == null ? Set.of() : customers.getOrDefault(customerId, Set.of());
    }

    public int size() {
        return customers.size();
    }
}

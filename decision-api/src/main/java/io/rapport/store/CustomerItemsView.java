package io.rapport.store;

import io.rapport.copurchase.CustomerItems;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What each customer bought, as read from the compacted {@code customer-items} topic; used to
 * remove items a customer already owns from their recommendations. An erased customer is absent.
 * Thread-safe; the sets it returns are immutable.
 */
public final class CustomerItemsView {
    private final ConcurrentHashMap<String, Set<String>> customers = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Registers a listener called with the customerId of every customer whose items changed or
     * were removed, after the view holds the new state (as {@link ItemView} does).
     */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Stores what the customer bought; the set keeps the order first bought, oldest first. */
    public void put(CustomerItems customerItems) {
        customers.put(
                customerItems.customerId(), Collections.unmodifiableSet(new LinkedHashSet<>(customerItems.items())));
        changed(customerItems.customerId());
    }

    public void remove(String customerId) {
        if (customers.remove(customerId) != null) {
            changed(customerId);
        }
    }

    /** Items the customer bought, oldest first; empty for an unknown customer or a null id. */
    public Set<String> bought(String customerId) {
        return customerId == null ? Set.of() : customers.getOrDefault(customerId, Set.of());
    }

    public int size() {
        return customers.size();
    }

    private void changed(String customerId) {
        for (Consumer<String> listener : listeners) {
            listener.accept(customerId);
        }
    }
}

package io.rapport.store;

import io.rapport.profile.CustomerProfile;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every customer's profile, as read from the compacted {@code profiles} topic; an erased or
 * expired customer is absent. Thread-safe; profiles are immutable records.
 */
public final class ProfileView {
    private final ConcurrentHashMap<String, CustomerProfile> profiles = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Registers a listener called with the customerId of every profile that changed or was
     * removed, after the view holds the new state (as {@link ItemView} does).
     */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void put(CustomerProfile profile) {
        profiles.put(profile.customerId(), profile);
        changed(profile.customerId());
    }

    public void remove(String customerId) {
        if (profiles.remove(customerId) != null) {
            changed(customerId);
        }
    }

    /** The customer's profile, or null for an unknown or erased customer (or a null id). */
    public CustomerProfile find(String customerId) {
        return customerId == null ? null : profiles.get(customerId);
    }

    /** A live, unmodifiable view of all profiles, for periodic scans off the event loop. */
    public Collection<CustomerProfile> all() {
        return Collections.unmodifiableCollection(profiles.values());
    }

    public int size() {
        return profiles.size();
    }

    private void changed(String customerId) {
        for (Consumer<String> listener : listeners) {
            listener.accept(customerId);
        }
    }
}

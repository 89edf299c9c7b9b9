package io.rapport.store;

import io.rapport.profile.CustomerProfile;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every customer's profile, as read from the compacted {@code profiles} topic; an erased or
 * expired customer is absent. Thread-safe; profiles are immutable records.
 */
public final class ProfileView {
    private final ConcurrentHashMap<String, CustomerProfile> profiles = new ConcurrentHashMap<>();

    public void put(CustomerProfile profile) {
        profiles.put(profile.customerId(), profile);
    }

    public void remove(String customerId) {
        profiles.remove(customerId);
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
}

package io.rapport.offer;

import io.rapport.profile.CustomerProfile;

/** Finds a customer's profile (the {@code profiles} view); null for an unknown or erased customer. */
@FunctionalInterface
public interface ProfileLookup {
    CustomerProfile find(String customerId);

    /** No profiles: every customer is unknown. */
    ProfileLookup NONE = customerId -> null;
}

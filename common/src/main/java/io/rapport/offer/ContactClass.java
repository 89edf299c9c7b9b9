package io.rapport.offer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether an offer is marketing (needs {@code marketingConsent: true}, counts toward and is blocked
 * by the contact caps) or service (birthday reward, order-related: neither).
 */
public enum ContactClass {
    MARKETING("marketing"),
    SERVICE("service");

    private final String wireName;

    ContactClass(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<ContactClass> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static ContactClass of(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown contactClass: " + name));
    }
}

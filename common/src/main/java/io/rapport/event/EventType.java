package io.rapport.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event types of the wire format (PRODUCT.md, "Events"), with their JSON names. */
public enum EventType {
    VIEW("view"),
    ADD_TO_CART("add_to_cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    PURCHASE("purchase"),
    SEARCH("search"),
    OFFER_IMPRESSION("offer_impression"),
    OFFER_CLICK("offer_click"),
    OFFER_REDEEM("offer_redeem"),
    FEEDBACK("feedback"),
    PROFILE_UPDATE("profile_update"),
    ERASE("erase");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the JSON {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** The type of a wire name: a map look-up, as it runs for every event validated. */
    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    /** Whether events of this type carry exactly one item. */
    boolean hasSingleItem() {
        return this == VIEW || this == ADD_TO_CART || this == REMOVE_FROM_CART;
    }

    boolean isOfferOutcome() {
        return this == OFFER_IMPRESSION || this == OFFER_CLICK || this == OFFER_REDEEM;
    }
}

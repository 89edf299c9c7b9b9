package io.rapport.event;

import java.util.Arrays;
import java.util.Optional;

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

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the JSON {@code type} field. */
    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** Whether events of this type carry exactly one item. */
    boolean hasSingleItem() {
        return this == VIEW || this == ADD_TO_CART || this == REMOVE_FROM_CART;
    }

    boolean isOfferOutcome() {
        return this == OFFER_IMPRESSION || this == OFFER_CLICK || this == OFFER_REDEEM;
    }
}

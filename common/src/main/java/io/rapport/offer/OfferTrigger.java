package io.rapport.offer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** When an offer applies to a customer (PRODUCT.md, "Offers"). JSON uses the lower-case wire names. */
public enum OfferTrigger {
    /** Always, subject to the other rules. */
    ALWAYS("always"),
    /** The customer's {@code birthday} attribute is today, in UTC. */
    BIRTHDAY("birthday"),
    /** The cart is not empty and untouched for {@code abandonAfterMinutes}. */
    ABANDONED_CART("abandoned_cart"),
    /** The last purchase is older than {@code inactiveDays}. */
    WIN_BACK("win_back"),
    /** The customer bought at least one item; the action names items bought with theirs. */
    CROSS_SELL("cross_sell"),
    /** The action names a pricier item in a category the customer buys. */
    UP_SELL("up_sell");

    private final String wireName;

    OfferTrigger(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The trigger with this wire name, if any. */
    public static Optional<OfferTrigger> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static OfferTrigger of(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown trigger: " + name));
    }
}

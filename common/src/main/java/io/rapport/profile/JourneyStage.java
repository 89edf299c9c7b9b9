package io.rapport.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where a customer stands in their journey, as decided by {@link JourneyRules}. The first six follow
 * activity (new → browsing → carted → first_purchase → repeat → loyal); {@link #AT_RISK} and {@link
 * #LAPSED} follow inactivity. JSON uses the lower-case wire names.
 */
public enum JourneyStage {
    NEW("new"),
    BROWSING("browsing"),
    CARTED("carted"),
    FIRST_PURCHASE("first_purchase"),
    REPEAT("repeat"),
    LOYAL("loyal"),
    AT_RISK("at_risk"),
    LAPSED("lapsed");

    private final String wireName;

    JourneyStage(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The stage with this wire name. */
    @JsonCreator
    public static JourneyStage fromWireName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown journey stage '" + name + "'"));
    }
}

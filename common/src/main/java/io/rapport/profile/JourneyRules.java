package io.rapport.profile;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decides a customer's {@link JourneyStage} from what they did and how long ago. Pure and
 * immutable; {@link #DEFAULTS} holds the documented thresholds.
 *
 * <p>Inactivity wins over activity: a customer unseen for {@code lapsedAfter} is {@link
 * JourneyStage#LAPSED}; a buyer unseen for {@code atRiskAfter} is {@link JourneyStage#AT_RISK}.
 * Otherwise, the furthest stage reached: {@link JourneyStage#LOYAL} from {@code loyalOrders} orders,
 * {@link JourneyStage#REPEAT} from 2, {@link JourneyStage#FIRST_PURCHASE} with 1, {@link
 * JourneyStage#CARTED} while the cart holds something, {@link JourneyStage#BROWSING} once they viewed,
 * carted or searched anything, else {@link JourneyStage#NEW}. Any new activity takes an inactive
 * customer back to their activity stage.
 *
 * @param loyalOrders orders from which a customer is loyal (default 5)
 * @param atRiskAfter inactivity after which a buyer is at risk (default 30 days)
 * @param lapsedAfter inactivity after which any customer has lapsed (default 90 days)
 */
public record JourneyRules(int loyalOrders, Duration atRiskAfter, Duration lapsedAfter) implements Serializable {

    public static final JourneyRules DEFAULTS = new JourneyRules(5, Duration.ofDays(30), Duration.ofDays(90));

    public JourneyRules {
        if (loyalOrders < 2) {
            throw new IllegalArgumentException("loyalOrders must be at least 2, was " + loyalOrders);
        }
        if (atRiskAfter.isNegative() || atRiskAfter.isZero() || lapsedAfter.compareTo(atRiskAfter) <= 0) {
            throw new IllegalArgumentException(
                    "need 0 < atRiskAfter < lapsedAfter, were " + atRiskAfter + ", " + lapsedAfter);
        }
    }

    /**
     * The stage at event time {@code now}.
     *
     * @param orders counted orders
     * @param cartNotEmpty whether the live cart holds anything
     * @param browsed whether the customer ever viewed, carted or searched
     * @param lastSeen time of the customer's latest event
     */
    public JourneyStage stage(int orders, boolean cartNotEmpty, boolean browsed, long lastSeen, long now) {
        long idle = now - lastSeen;
        if (idle >= lapsedAfter.toMillis()) {
            return JourneyStage.LAPSED;
        }
        if (orders > 0 && idle >= atRiskAfter.toMillis()) {
            return JourneyStage.AT_RISK;
        }
        if (orders >= loyalOrders) {
            return JourneyStage.LOYAL;
        }
        if (orders >= 2) {
            return JourneyStage.REPEAT;
        }
        if (orders == 1) {
            return JourneyStage.FIRST_PURCHASE;
        }
        if (cartNotEmpty) {
            return JourneyStage.CARTED;
        }
        return browsed ? JourneyStage.BROWSING : JourneyStage.NEW;
    }

    /** Every stage's wire name and its rule in words, in the journey's order (for {@code GET /v1/segments}). */
    public Map<String, String> definitions() {
        String active = "seen within " + days(atRiskAfter);
        String around = "seen within " + days(lapsedAfter);
        Map<String, String> d = new LinkedHashMap<>();
        d.put(JourneyStage.NEW.wireName(), "never viewed, carted, searched or bought; " + around);
        d.put(JourneyStage.BROWSING.wireName(), "viewed, carted or searched; no order, cart empty; " + around);
        d.put(JourneyStage.CARTED.wireName(), "no order; cart not empty; " + around);
        d.put(JourneyStage.FIRST_PURCHASE.wireName(), "1 order; " + active);
        d.put(JourneyStage.REPEAT.wireName(), "2 to " + (loyalOrders - 1) + " orders; " + active);
        d.put(JourneyStage.LOYAL.wireName(), loyalOrders + " orders or more; " + active);
        d.put(
                JourneyStage.AT_RISK.wireName(),
                "a buyer last seen " + days(atRiskAfter) + " to " + days(lapsedAfter) + " ago");
        d.put(JourneyStage.LAPSED.wireName(), "last seen " + days(lapsedAfter) + " ago or more");
        return d;
    }

    private static String days(Duration d) {
        return d.toDays() + " days";
    }

    /**
     * The event time after {@code now} at which inactivity alone will change the stage (the customer
     * becomes at risk or lapsed), or empty when it never will.
     */
    public OptionalLong nextInactivityChange(int orders, long lastSeen, long now) {
        long atRisk = lastSeen + atRiskAfter.toMillis();
        if (orders > 0 && now < atRisk) {
            return OptionalLong.of(atRisk);
        }
        long lapsed = lastSeen + lapsedAfter.toMillis();
        return now < lapsed ? OptionalLong.of(lapsed) : OptionalLong.empty();
    }
}

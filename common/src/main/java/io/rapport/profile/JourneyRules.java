package io.rapport.profile;

import java.io.Serializable;
import java.time.Duration;
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

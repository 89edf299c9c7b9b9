package io.rapport.jobs.offer;

import io.rapport.profile.CartLine;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyRules;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.SegmentFacts;
import io.rapport.profile.SegmentRule;
import io.rapport.profile.SegmentRules;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The segments the marketing triggers can know in the stream, for an offer's {@code segments} at
 * firing time — the same names next-best-actions matches, as far as the stream can tell:
 *
 * <ul>
 *   <li>the journey stage ({@link JourneyRules#DEFAULTS}, at the firing time), e.g. {@code carted};
 *   <li>the {@code tier} attribute;
 *   <li>named rule segments whose every field is one of {@link #STREAM_FIELDS}: {@code orders} /
 *       {@code frequency}, {@code monetary}, {@code aov}, {@code itemsBought}, {@code cartItems},
 *       {@code recencyDays} (whole days from the last purchase to the firing time) and {@code stage}.
 * </ul>
 *
 * Not evaluated, so never matched at trigger time: rules using {@code R}, {@code F}, {@code M} (RFM
 * quintiles need the whole population, which only the API holds), {@code feedbackCount} or {@code
 * averageRating} (not folded here). An offer restricted only to such segments never fires from a
 * trigger; the API still shows it on next-best-actions to customers in them.
 *
 * <p>Holds the rules' text (Serializable) and parses it once per instance.
 */
final class TriggerSegments implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Set<String> STREAM_FIELDS =
            Set.of("orders", "frequency", "monetary", "aov", "itemsBought", "cartItems", "recencyDays", "stage");
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** Only the number of cart lines is read by the rules ({@code cartItems}). */
    private static final CartLine CART_LINE = new CartLine("", null, null, 1, 0);

    private final String rulesText;
    private transient List<SegmentRule> evaluable;

    /** @param rulesText the API's named segments ({@code RAPPORT_SEGMENTS}), e.g. {@link SegmentRules#DEFAULT_TEXT} */
    TriggerSegments(String rulesText) {
        this.rulesText = rulesText;
        SegmentRules.parse(rulesText); // fail at job build time, not on the cluster
    }

    /** The rules evaluated at trigger time. */
    List<SegmentRule> evaluable() {
        if (evaluable == null) {
            evaluable = SegmentRules.parse(rulesText).rules().stream()
                    .filter(r -> STREAM_FIELDS.containsAll(r.fields()))
                    .toList();
        }
        return evaluable;
    }

    /**
     * The customer's segments at event time {@code at}.
     *
     * @param cartLines distinct items in the live cart
     * @param lastPurchaseAt null without orders
     */
    Set<String> of(String customerId, TriggerProfile p, int cartLines, Long lastPurchaseAt, long at) {
        Set<String> segments = new HashSet<>();
        if (p == null) {
            return segments;
        }
        JourneyStage stage = JourneyRules.DEFAULTS.stage(p.orders, cartLines > 0, p.browsed, p.lastSeen, at);
        segments.add(stage.wireName());
        if (p.tier != null && !p.tier.isEmpty()) {
            segments.add(p.tier);
        }
        CustomerProfile profile = new CustomerProfile(
                customerId,
                p.lastSeen,
                p.lastSeen,
                p.orders,
                p.itemsBought,
                p.monetary,
                p.orders == 0 ? 0 : p.monetary / p.orders,
                lastPurchaseAt,
                stage,
                List.of(),
                List.of(),
                Collections.nCopies(cartLines, CART_LINE),
                null,
                Map.of(),
                FeedbackSummary.NONE,
                OfferResponses.NONE,
                at);
        Long recencyDays = profile.isBuyer() ? Math.max(0, (at - lastPurchaseAt) / DAY) : null;
        SegmentFacts facts = new SegmentFacts(profile, null, recencyDays);
        for (SegmentRule rule : evaluable()) {
            if (rule.matches(facts)) {
                segments.add(rule.name());
            }
        }
        return segments;
    }
}

package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.DAY;
import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.profile.SegmentRule;
import io.rapport.profile.SegmentRules;
import org.junit.jupiter.api.Test;

class TriggerSegmentsTest {

    private static TriggerProfile profile(int orders, double monetary, long lastSeen) {
        TriggerProfile p = new TriggerProfile();
        p.orders = orders;
        p.monetary = monetary;
        p.itemsBought = orders;
        p.lastSeen = lastSeen;
        p.browsed = true;
        return p;
    }

    @Test
    void onlyRulesOnStreamFields_areEvaluated() {
        TriggerSegments segments = new TriggerSegments(SegmentRules.DEFAULT_TEXT
                + "; happy: averageRating >= 4; carts: cartItems >= 2 and stage == carted; top: M >= 5");
        assertThat(segments.evaluable()).extracting(SegmentRule::name).containsExactly("new", "big_spenders", "carts");
    }

    @Test
    void stageTierAndRules_atTheFiringTime() {
        TriggerSegments segments = new TriggerSegments("carts: cartItems >= 2 and stage == carted; "
                + "lapsed_buyers: recencyDays >= 60 and orders >= 1; big: aov >= 100");
        TriggerProfile browser = profile(0, 0, MONDAY);
        browser.tier = "gold";
        assertThat(segments.of("c", browser, 2, null, MONDAY)).containsExactlyInAnyOrder("carted", "gold", "carts");
        assertThat(segments.of("c", browser, 1, null, MONDAY)).containsExactlyInAnyOrder("carted", "gold");
        TriggerProfile buyer = profile(2, 300, MONDAY);
        assertThat(segments.of("c", buyer, 0, MONDAY, MONDAY)).containsExactlyInAnyOrder("repeat", "big");
        assertThat(segments.of("c", buyer, 0, MONDAY, MONDAY + 61 * DAY))
                .as("61 days later: at risk, and 61 days since the last purchase")
                .containsExactlyInAnyOrder("at_risk", "big", "lapsed_buyers");
        assertThat(segments.of("c", null, 0, null, MONDAY)).isEmpty();
    }

    @Test
    void badRules_failWhenTheJobIsBuilt() {
        assertThatThrownBy(() -> new TriggerSegments("broken")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.rapport.segment;

import static io.rapport.testing.Profiles.NOW;
import static io.rapport.testing.Profiles.browser;
import static io.rapport.testing.Profiles.buyer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.profile.CustomerProfile;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.RfmScores;
import io.rapport.profile.SegmentRules;
import io.rapport.store.ProfileView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerSegmentsTest {
    private final ProfileView profiles = new ProfileView();
    private final CustomerSegments segments =
            new CustomerSegments(profiles, SegmentRules.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

    /** Days since the last purchase of c1 to c10; c-i has i orders worth 100·i. */
    private static final int[] DAYS_AGO = {40, 35, 30, 2, 25, 20, 15, 45, 5, 1};

    /**
     * Recency scores, most recent first: c10 c4 → 5, c9 c7 → 4, c6 c5 → 3, c3 c2 → 2, c1 c8 → 1;
     * frequency and monetary: c9 c10 → 5, c7 c8 → 4, c5 c6 → 3, c3 c4 → 2, c1 c2 → 1.
     */
    private void population() {
        for (int i = 1; i <= 10; i++) {
            profiles.put(buyer("c" + i, i, 100.0 * i, DAYS_AGO[i - 1], JourneyStage.REPEAT));
        }
        profiles.put(browser("b1"));
        profiles.put(browser("b2"));
    }

    @Test
    void counts_addUpToThePopulation() {
        population();

        segments.refresh();
        SegmentCounts counts = segments.counts();

        assertThat(counts.population()).isEqualTo(12);
        assertThat(counts.buyers()).isEqualTo(10);
        assertThat(counts.inAnySegment() + counts.unsegmented()).isEqualTo(counts.population());
        assertThat(counts.journeyStages().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(12);
        assertThat(counts.journeyStages()).containsEntry("repeat", 10L).containsEntry("carted", 2L);
        counts.rfm().values().forEach(d -> assertThat(d).containsExactly(2L, 2L, 2L, 2L, 2L));
        assertThat(counts.sizes())
                .as("champions c7 c9 c10, at_risk c8, big_spenders c5-c10")
                .containsExactly(
                        Map.entry("champions", 3L),
                        Map.entry("at_risk", 1L),
                        Map.entry("new", 0L),
                        Map.entry("big_spenders", 6L));
        assertThat(counts.inAnySegment()).isEqualTo(6);
    }

    @Test
    void oneTimeBuyersOnly_areNew_orNothing_neverAtRisk() {
        // as with the bundled Groceries sample: one order each, so frequency ties at 3 for everybody
        for (int i = 1; i <= 10; i++) {
            profiles.put(buyer("o" + i, 1, 10.0 * i, 5 * i, JourneyStage.FIRST_PURCHASE));
        }

        segments.refresh();
        SegmentCounts counts = segments.counts();

        assertThat(counts.rfm().get("frequency")).containsExactly(0L, 0L, 10L, 0L, 0L);
        assertThat(counts.sizes())
                .as("bought 5 to 30 days ago: new; 35 to 50 days ago (R 1 and 2, F 3): nothing")
                .containsExactly(
                        Map.entry("champions", 0L),
                        Map.entry("at_risk", 0L),
                        Map.entry("new", 6L),
                        Map.entry("big_spenders", 0L));
        CustomerSegments.Assessment oldest = segments.assess(profiles.find("o10"));
        assertThat(oldest.facts().rfm().recency()).isEqualTo(1);
        assertThat(oldest.segments()).isEmpty();
    }

    @Test
    void assessments_agreeWithTheCounts() {
        population();
        segments.refresh();

        Map<String, Long> recount = new HashMap<>();
        for (CustomerProfile p : profiles.all()) {
            segments.assess(p).segments().forEach(name -> recount.merge(name, 1L, Long::sum));
        }

        segments.counts()
                .sizes()
                .forEach((name, size) ->
                        assertThat(recount.getOrDefault(name, 0L)).as(name).isEqualTo(size));
    }

    @Test
    void assessment_scoresBuyers_andLeavesBrowsersUnscored() {
        population();
        segments.refresh();

        CustomerSegments.Assessment best = segments.assess(profiles.find("c10"));
        assertThat(best.facts().rfm()).isEqualTo(new RfmScores(5, 5, 5));
        assertThat(best.facts().recencyDays()).isEqualTo(1);
        assertThat(best.segments()).containsExactly("champions", "big_spenders");

        CustomerSegments.Assessment browsing = segments.assess(profiles.find("b1"));
        assertThat(browsing.facts().rfm()).isNull();
        assertThat(browsing.facts().recencyDays()).isNull();
        assertThat(browsing.segments()).isEmpty();
    }

    @Test
    void erasedCustomer_leavesTheCounts_atTheNextRefresh() {
        population();
        segments.refresh();

        profiles.remove("c10");
        segments.refresh();

        assertThat(segments.counts().population()).isEqualTo(11);
        assertThat(segments.counts().buyers()).isEqualTo(9);
        assertThat(segments.counts().sizes().get("champions"))
                .as("c6, c7 and c9")
                .isEqualTo(3);
    }

    @Test
    void beforeTheFirstRefresh_everythingIsZero() {
        population();

        assertThat(segments.counts().population()).isZero();
        assertThat(segments.counts().computedAt()).isZero();
        assertThat(segments.counts().sizes()).containsOnlyKeys(List.of("champions", "at_risk", "new", "big_spenders"));
    }

    @Test
    void refresh_recountsAfterAProfileChanged_orWhenTheCountIsAMinuteOld() {
        MovableClock clock = new MovableClock(NOW);
        CustomerSegments segments = new CustomerSegments(profiles, SegmentRules.DEFAULTS, clock);
        population();
        segments.refresh();
        SegmentCounts first = segments.counts();

        clock.now = NOW.plusSeconds(59);
        segments.refresh();
        assertThat(segments.counts()).as("nothing changed").isSameAs(first);

        profiles.put(browser("b3"));
        segments.refresh();
        assertThat(segments.counts().population()).isEqualTo(13);
        assertThat(segments.counts().computedAt()).isEqualTo(NOW.plusSeconds(59).toEpochMilli());

        clock.now = NOW.plusSeconds(118);
        segments.refresh();
        assertThat(segments.counts().computedAt()).isEqualTo(NOW.plusSeconds(59).toEpochMilli());
        clock.now = NOW.plusSeconds(119);
        segments.refresh();
        assertThat(segments.counts().computedAt())
                .as("a minute old")
                .isEqualTo(NOW.plusSeconds(119).toEpochMilli());
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

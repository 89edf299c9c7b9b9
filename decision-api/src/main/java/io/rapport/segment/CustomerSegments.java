package io.rapport.segment;

import io.rapport.profile.CustomerProfile;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.RfmQuintiles;
import io.rapport.profile.RfmScores;
import io.rapport.profile.SegmentFacts;
import io.rapport.profile.SegmentRules;
import io.rapport.store.ProfileView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * RFM scoring and named segments over the live population of profiles.
 *
 * <p>{@link #refresh()} takes one snapshot of the profile view, rebuilds the {@link RfmQuintiles}
 * from it and counts every segment ({@link SegmentCounts}); the API calls it every few seconds off
 * the event loop, never per request. It recounts only when a profile changed since the last count
 * began, or when that count is {@link #RECOUNT_UNCHANGED_AFTER} old (time alone moves a customer's
 * recency, and so segments with a bound on it): on 25,000 profiles counting took 2–4 % of a core,
 * spent every 2 s while nothing changed. {@link #assess} scores one profile against the last quintiles
 * and evaluates the rules on it: a binary search per RFM dimension and one pass over the rules, cheap
 * enough for a request. So a profile's segments and the counts agree up to one refresh interval
 * after a profile changes, and up to {@link #RECOUNT_UNCHANGED_AFTER} for changes time alone makes.
 * Thread-safe: the quintiles and counts are swapped whole.
 */
public final class CustomerSegments {
    private static final List<String> DIMENSIONS = List.of("recency", "frequency", "monetary");
    /** How old a count may grow while no profile changes. */
    static final Duration RECOUNT_UNCHANGED_AFTER = Duration.ofMinutes(1);

    private final ProfileView profiles;
    private final SegmentRules rules;
    private final Clock clock;
    private volatile RfmQuintiles quintiles = RfmQuintiles.EMPTY;
    private volatile SegmentCounts counts;
    /** Whether a profile changed since the last count began: set by the view's thread, taken by {@link #refresh}. */
    private final AtomicBoolean changed = new AtomicBoolean(true);

    public CustomerSegments(ProfileView profiles, SegmentRules rules, Clock clock) {
        this.profiles = profiles;
        this.rules = rules;
        this.clock = clock;
        this.counts = count(List.of(), RfmQuintiles.EMPTY, 0);
        profiles.onChange(customerId -> changed.set(true));
    }

    /** A profile's RFM facts and the names of its segments, in configuration order. */
    public record Assessment(SegmentFacts facts, List<String> segments) {}

    public SegmentRules rules() {
        return rules;
    }

    /** The counts of the last {@link #refresh()}. */
    public SegmentCounts counts() {
        return counts;
    }

    /** Scores {@code profile} against the quintiles of the last refresh, at the current time. */
    public Assessment assess(CustomerProfile profile) {
        SegmentFacts facts = SegmentFacts.of(profile, quintiles, clock.millis());
        return new Assessment(facts, rules.matching(facts));
    }

    /**
     * Rebuilds the quintiles and the counts from the current profiles, O(n log n), when a profile
     * changed since the last count began or that count is {@link #RECOUNT_UNCHANGED_AFTER} old.
     */
    public void refresh() {
        long now = clock.millis();
        // Taken before reading: a change during the count makes the next refresh recount.
        if (!changed.getAndSet(false) && now - counts.computedAt() < RECOUNT_UNCHANGED_AFTER.toMillis()) {
            return;
        }
        List<CustomerProfile> population = new ArrayList<>(profiles.all());
        RfmQuintiles rebuilt = RfmQuintiles.of(population);
        SegmentCounts recounted = count(population, rebuilt, now);
        quintiles = rebuilt;
        counts = recounted;
    }

    private SegmentCounts count(List<CustomerProfile> population, RfmQuintiles scoring, long now) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        rules.rules().forEach(r -> sizes.put(r.name(), 0L));
        Map<String, Long> stages = new LinkedHashMap<>();
        for (JourneyStage stage : JourneyStage.values()) {
            stages.put(stage.wireName(), 0L);
        }
        long[][] rfm = new long[DIMENSIONS.size()][5];
        long inAny = 0;
        for (CustomerProfile p : population) {
            SegmentFacts facts = SegmentFacts.of(p, scoring, now);
            List<String> names = rules.matching(facts);
            names.forEach(name -> sizes.merge(name, 1L, Long::sum));
            inAny += names.isEmpty() ? 0 : 1;
            stages.merge(p.journeyStage().wireName(), 1L, Long::sum);
            RfmScores scores = facts.rfm();
            if (scores != null) {
                rfm[0][scores.recency() - 1]++;
                rfm[1][scores.frequency() - 1]++;
                rfm[2][scores.monetary() - 1]++;
            }
        }
        Map<String, List<Long>> distributions = new LinkedHashMap<>();
        for (int d = 0; d < DIMENSIONS.size(); d++) {
            distributions.put(DIMENSIONS.get(d), Arrays.stream(rfm[d]).boxed().toList());
        }
        return new SegmentCounts(
                now,
                population.size(),
                scoring.buyers(),
                sizes,
                inAny,
                population.size() - inAny,
                stages,
                distributions);
    }
}

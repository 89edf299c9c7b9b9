package io.rapport.http;

import io.rapport.profile.JourneyRules;
import io.rapport.segment.CustomerSegments;
import io.rapport.segment.SegmentCounts;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/segments}: every configured segment with its definition and size, plus the counts
 * that show how they add up (population, buyers, customers in any / no segment, journey stages and
 * their rules, RFM score distributions), all from the last periodic recount (see {@link CustomerSegments}).
 */
public final class SegmentsHandler implements Handler<RoutingContext> {
    /** The rules the profile job stages customers by. */
    private static final Map<String, String> JOURNEY_STAGES = JourneyRules.DEFAULTS.definitions();

    private final CustomerSegments segments;

    public SegmentsHandler(CustomerSegments segments) {
        this.segments = segments;
    }

    /**
     * The response body; see {@link SegmentCounts} for how the numbers add up.
     *
     * @param computedAt when the counts were taken, ISO-8601 UTC, null before the first count
     * @param rfm per dimension, the number of buyers with score 1 to 5, in that order
     */
    public record Response(
            String computedAt,
            long population,
            long buyers,
            List<Segment> segments,
            long inAnySegment,
            long unsegmented,
            Map<String, Long> journeyStages,
            Map<String, String> journeyStageDefinitions,
            Map<String, List<Long>> rfm) {}

    public record Segment(String name, String definition, long size) {}

    @Override
    public void handle(RoutingContext ctx) {
        SegmentCounts counts = segments.counts();
        Map<String, String> definitions = segments.rules().definitions();
        List<Segment> list = new ArrayList<>();
        definitions.forEach((name, definition) ->
                list.add(new Segment(name, definition, counts.sizes().getOrDefault(name, 0L))));
        String computedAt = counts.computedAt() == 0
                ? null
                : Instant.ofEpochMilli(counts.computedAt()).toString();
        Responses.json(
                ctx,
                200,
                new Response(
                        computedAt,
                        counts.population(),
                        counts.buyers(),
                        list,
                        counts.inAnySegment(),
                        counts.unsegmented(),
                        counts.journeyStages(),
                        JOURNEY_STAGES,
                        counts.rfm()));
    }
}

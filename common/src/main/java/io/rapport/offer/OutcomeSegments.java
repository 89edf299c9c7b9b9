package io.rapport.offer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.event.Limits;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The segments an offer outcome is counted under: the optional {@code "segments"} field of an
 * {@code offer_impression}, {@code offer_click} or {@code offer_redeem} event (a Rapport convention
 * like {@code "holdout"}; PRODUCT.md keeps unknown fields), an array of the segment names the
 * customer was in — named segments such as {@code champions}, the journey stage such as {@code
 * carted}, the {@code tier} attribute: the same set next-best-actions arbitrates with.
 *
 * <p>The API fills it in on offer events posted without it ({@code POST /v1/events}); a producer
 * writing straight to Kafka may set it. Reading is lenient because the field is not validated at
 * ingestion: anything but an array of ids (1–{@value #MAX_ID_LENGTH} characters, no control
 * characters) is left out, and at most {@value #MAX_SEGMENTS} names are kept, first ones first.
 */
public final class OutcomeSegments {
    /** The field name on the event. */
    public static final String FIELD = "segments";

    public static final int MAX_SEGMENTS = 10;
    static final int MAX_ID_LENGTH = 256;

    private OutcomeSegments() {}

    /** The segment names carried by an event's JSON, in order, without repeats; empty when none. */
    public static String[] read(JsonNode event) {
        JsonNode field = event.get(FIELD);
        if (field == null || !field.isArray()) {
            return new String[0];
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode n : field) {
            if (names.size() == MAX_SEGMENTS) {
                break;
            }
            if (n.isTextual() && isId(n.asText())) {
                names.add(n.asText());
            }
        }
        return names.toArray(String[]::new);
    }

    /** Puts {@code segments} on the event unless it carries the field already; true if it did. */
    public static boolean stamp(ObjectNode event, Collection<String> segments) {
        if (event.has(FIELD)) {
            return false;
        }
        ArrayNode array = event.putArray(FIELD);
        segments.stream()
                .filter(OutcomeSegments::isId)
                .sorted()
                .limit(MAX_SEGMENTS)
                .forEach(array::add);
        return true;
    }

    static boolean isId(String s) {
        return !s.isEmpty() && !Limits.longerThan(s, MAX_ID_LENGTH) && !Limits.hasControlCharacter(s);
    }
}

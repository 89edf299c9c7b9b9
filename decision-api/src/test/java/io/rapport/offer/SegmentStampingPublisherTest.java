package io.rapport.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.Limits;
import io.rapport.testing.RecordingPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentStampingPublisherTest {
    private final EventParser parser = new EventParser(Limits.DEFAULTS, Clock.systemUTC());
    private final RecordingPublisher delegate = new RecordingPublisher();
    private final SegmentStampingPublisher publisher = new SegmentStampingPublisher(
            delegate,
            customerId -> Map.of("c-1", Set.of("repeat", "champions", "gold")).getOrDefault(customerId, Set.of()));

    private Event event(String type, String customerId, String extra) {
        String json = "{\"eventId\":\"e-" + type + customerId + extra.length() + "\",\"type\":\"" + type
                + "\",\"customerId\":\"" + customerId + "\",\"timestamp\":\"2026-11-23T12:00:00Z\"" + extra + "}";
        return parser.parseBatch(json.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void offerOutcomes_carryTheCustomersSegments_otherEventsAndCallerFieldsAreLeftAlone() {
        List<Event> events = List.of(
                event("offer_impression", "c-1", ",\"offerId\":\"news\""),
                event("offer_redeem", "c-1", ",\"offerId\":\"news\""),
                event("offer_click", "c-1", ",\"offerId\":\"news\",\"segments\":[\"mine\"]"),
                event("offer_impression", "c-2", ",\"offerId\":\"news\""),
                event("view", "c-1", ",\"items\":[{\"itemId\":\"tea\"}]"));
        publisher.publish(List.copyOf(events));
        List<Event> written = delegate.published();
        assertThat(written).hasSize(5);
        assertThat(OutcomeSegments.read(written.get(0).source())).containsExactly("champions", "gold", "repeat");
        assertThat(OutcomeSegments.read(written.get(1).source())).containsExactly("champions", "gold", "repeat");
        assertThat(OutcomeSegments.read(written.get(2).source()))
                .as("sent by the caller")
                .containsExactly("mine");
        assertThat(written.get(3).source().has("segments"))
                .as("a customer in no segment")
                .isFalse();
        assertThat(written.get(4).source().has("segments"))
                .as("not an offer outcome")
                .isFalse();
    }
}

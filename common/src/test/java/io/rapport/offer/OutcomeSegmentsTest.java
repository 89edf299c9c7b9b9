package io.rapport.offer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.kafka.Json;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutcomeSegmentsTest {

    private static ObjectNode event(String json) throws Exception {
        return (ObjectNode) Json.mapper().readTree(json);
    }

    @Test
    void read_keepsIdsInOrderOnce_andSkipsAnythingElse() throws Exception {
        assertThat(OutcomeSegments.read(event("{\"segments\":[\"b\",\"a\",\"b\",1,null,\"\",\"x\\u0001\",{}]}")))
                .containsExactly("b", "a");
        assertThat(OutcomeSegments.read(event("{\"segments\":\"a\"}"))).isEmpty();
        assertThat(OutcomeSegments.read(event("{}"))).isEmpty();
        String many = IntStream.range(0, 20)
                .mapToObj(i -> "\"s" + i + "\"")
                .reduce((a, b) -> a + "," + b)
                .orElseThrow();
        assertThat(OutcomeSegments.read(event("{\"segments\":[" + many + "]}"))).hasSize(OutcomeSegments.MAX_SEGMENTS);
    }

    @Test
    void stamp_addsSortedIds_unlessTheFieldIsThere() throws Exception {
        ObjectNode e = event("{\"type\":\"offer_impression\"}");
        assertThat(OutcomeSegments.stamp(e, List.of("repeat", "champions"))).isTrue();
        assertThat(OutcomeSegments.read(e)).containsExactly("champions", "repeat");
        ObjectNode sent = event("{\"segments\":[\"mine\"]}");
        assertThat(OutcomeSegments.stamp(sent, List.of("repeat"))).isFalse();
        assertThat(OutcomeSegments.read(sent)).containsExactly("mine");
    }
}

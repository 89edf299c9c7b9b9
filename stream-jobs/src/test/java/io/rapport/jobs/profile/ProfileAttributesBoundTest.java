package io.rapport.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A profile's attributes stay bounded however many updates a customer sends: at most {@link
 * ProfileFolding#MAX_ATTRIBUTES} keys and {@link ProfileFolding#MAX_ATTRIBUTE_BYTES} as JSON, known
 * keys still change and deletions always apply. Before the bound, two updates of 25,000 keys made a
 * profile larger than a Kafka record, and the profile job failed on every restart.
 */
class ProfileAttributesBoundTest extends ProfileTestBase {
    private final ProfileFolding folding = new ProfileFolding(ProfileSettings.DEFAULTS);
    private final ProfileState state = ProfileFolding.fresh(MONDAY.toEpochMilli());
    private int updates;

    private void update(String attributesJson) {
        Instant at = MONDAY.plusSeconds(++updates);
        folding.apply(state, customerEvent(profileUpdate(at, "c1", attributesJson)));
    }

    private Map<String, Object> attributes() {
        return folding.snapshot("c1", state, 0).attributes();
    }

    private static String keys(String prefix, int count, String value) {
        StringBuilder json = new StringBuilder("{");
        for (int k = 0; k < count; k++) {
            json.append(k == 0 ? "" : ",")
                    .append('"')
                    .append(prefix)
                    .append(k)
                    .append("\":")
                    .append(value);
        }
        return json.append('}').toString();
    }

    @Test
    void keysPastTheCap_areIgnored_whileKnownKeysStillChangeAndGo() {
        update(keys("a", 100, "1"));
        update(keys("b", 100, "1"));
        update(keys("c", 100, "1"));

        assertThat(attributes()).hasSize(ProfileFolding.MAX_ATTRIBUTES).containsKey("b99");
        assertThat(attributes()).doesNotContainKey("c0");

        update("{\"c0\":1,\"a0\":2,\"a1\":null}");
        assertThat(attributes()).containsEntry("a0", 2).doesNotContainKey("a1");
        assertThat(attributes()).hasSize(ProfileFolding.MAX_ATTRIBUTES - 1).doesNotContainKey("c0");

        update("{\"c0\":1}");
        assertThat(attributes()).as("room again after a deletion").containsKey("c0");
    }

    @Test
    void anUpdatePastTheByteBound_appliesOnlyItsDeletions() {
        String big = '"' + "v".repeat(4_000) + '"';
        for (int k = 0; k < 20; k++) {
            update("{\"big" + k + "\":" + big + "}");
        }
        int kept = attributes().size();
        assertThat(kept).isBetween(15, 16);
        assertThat(state.attributes.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(ProfileFolding.MAX_ATTRIBUTE_BYTES);

        update("{\"big0\":null,\"big1\":null,\"late\":" + big + ",\"small\":1}");
        assertThat(attributes())
                .as("the whole update fits once its deletions are made")
                .containsKeys("late", "small")
                .doesNotContainKeys("big0", "big1");

        update("{\"big2\":null,\"more1\":" + big + ",\"more2\":" + big + ",\"more3\":" + big + "}");
        assertThat(attributes())
                .as("past the bound: the deletion applies, the additions do not")
                .doesNotContainKeys("big2", "more1", "more2", "more3");
    }

    @Test
    void theTimesOfDeletedKeys_stayBounded_oldestFirst() throws Exception {
        for (int u = 0; u < 5; u++) {
            update(keys("gone" + u + "-", 100, "null"));
        }
        JsonNode times = Json.mapper().readTree(state.attributeTimes);
        assertThat(times.size()).isEqualTo(ProfileFolding.MAX_ATTRIBUTES);
        assertThat(times.has("gone4-0")).isTrue();
        assertThat(times.has("gone0-0"))
                .as("the oldest deletions are forgotten first")
                .isFalse();
    }
}

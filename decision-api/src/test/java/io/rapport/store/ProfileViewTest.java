package io.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.testing.Profiles;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProfileViewTest {
    private final Views views = Views.empty();

    @Test
    void profileRecord_isStoredUnderTheRecordKey_andTombstoneDeletesIt() {
        views.apply(Topics.PROFILES, "c-1", Json.encode(Profiles.typical("someone-else")));

        assertThat(views.profiles().find("c-1").customerId()).isEqualTo("c-1");
        assertThat(views.profiles().find("c-1").recentItems()).hasSize(33);
        assertThat(views.profiles().size()).isEqualTo(1);

        views.apply(Topics.PROFILES, "c-1", null);

        assertThat(views.profiles().find("c-1")).isNull();
        assertThat(views.profiles().size()).isZero();
    }

    @Test
    void sparseProfile_getsEmptyListsAndDefaults() {
        String json = "{\"customerId\":\"c-2\",\"firstSeen\":1,\"lastSeen\":2,\"orders\":0}";

        views.apply(Topics.PROFILES, "c-2", json.getBytes(StandardCharsets.UTF_8));

        CustomerProfile p = views.profiles().find("c-2");
        assertThat(p.cart()).isEmpty();
        assertThat(p.recentItems()).isEmpty();
        assertThat(p.attributes()).isEmpty();
        assertThat(p.feedback()).isEqualTo(FeedbackSummary.NONE);
        assertThat(p.journeyStage()).isEqualTo(JourneyStage.NEW);
    }

    @Test
    void unknownOrNullId_findsNothing() {
        assertThat(views.profiles().find("nobody")).isNull();
        assertThat(views.profiles().find(null)).isNull();
    }
}

package io.rapport.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.ingest.CustomerEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Measures the bytes of one customer's state as Flink serializes it (what a checkpoint, or RocksDB,
 * holds), for the module README: a typical customer and one at every cap. The bounds asserted here
 * are the figures the README states.
 */
class ProfileStateSizeTest extends ProfileTestBase {
    private static final ProfileFolding FOLDING = new ProfileFolding(ProfileSettings.DEFAULTS);

    /** About a month of a regular shopper: 20 views, 4 cart adds, 3 orders of 3 lines, an update, a rating. */
    static ProfileState typical() {
        ProfileState s = ProfileFolding.fresh(MONDAY.toEpochMilli());
        Instant t = MONDAY;
        for (int i = 0; i < 20; i++) {
            fold(s, view(t = t.plus(Duration.ofHours(7)), "customer-000123", "item-" + (1000 + i % 12)));
        }
        for (int i = 0; i < 4; i++) {
            fold(s, addToCart(t = t.plus(Duration.ofHours(7)), "customer-000123", "item-" + (1000 + i)));
        }
        for (int i = 0; i < 3; i++) {
            fold(
                    s,
                    purchase(
                            t = t.plus(Duration.ofDays(3)),
                            "customer-000123",
                            "order-" + (90000 + i),
                            "item-" + (1000 + i),
                            "item-" + (1100 + i),
                            "item-" + (1200 + i)));
        }
        fold(
                s,
                profileUpdate(
                        t,
                        "customer-000123",
                        "{\"birthday\":\"1990-05-01\",\"tier\":\"gold\",\"marketingConsent\":true,\"signupDate\":\"2020-01-01\"}"));
        fold(s, feedback(t, "customer-000123", 4, "Fast delivery, fresh produce."));
        return s;
    }

    /** A customer at every cap: 50 recent items, 50 categories, 100 cart lines, the same attributes. */
    static ProfileState full() {
        ProfileState s = typical();
        Instant t = MONDAY.plus(Duration.ofDays(40));
        for (int i = 0; i < 100; i++) {
            String item = "item-" + (5000 + i);
            fold(
                    s,
                    addToCart(t = t.plusSeconds(60), "customer-000123", item)
                            .replace(categoryOf(item), "category-" + i));
        }
        return s;
    }

    private static void fold(ProfileState s, String json) {
        CustomerEvent event = customerEvent(json);
        FOLDING.apply(s, event);
    }

    static int serializedBytes(Object value, Class<?> type) throws IOException {
        @SuppressWarnings("unchecked")
        TypeSerializer<Object> serializer =
                (TypeSerializer<Object>) TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(value, out);
        return out.length();
    }

    @Test
    void typicalProfile_staysUnderFourKilobytes() throws IOException {
        ProfileState s = typical();
        int bytes = serializedBytes(s, ProfileState.class);
        System.out.printf(
                "profile state, typical: %d bytes (%d recent, %d categories, %d cart lines, %d ledger entries)%n",
                bytes,
                s.recent.length,
                s.categories.length,
                FOLDING.cartLines(s).size(),
                s.cartLedger.changes.length);

        assertThat(s.recent).hasSize(33);
        assertThat(bytes).isBetween(1_500, 4_000);
    }

    @Test
    void profileAtEveryCap_staysUnderThirteenKilobytes() throws IOException {
        ProfileState s = full();
        int bytes = serializedBytes(s, ProfileState.class);
        System.out.printf(
                "profile state, at every cap: %d bytes (%d recent, %d categories, %d cart lines, %d ledger entries)%n",
                bytes,
                s.recent.length,
                s.categories.length,
                FOLDING.cartLines(s).size(),
                s.cartLedger.changes.length);

        assertThat(s.recent).hasSize(ProfileSettings.DEFAULTS.recentItems());
        assertThat(s.categories).hasSize(ProfileSettings.DEFAULTS.maxCategories());
        assertThat(FOLDING.cartLines(s)).hasSize(ProfileSettings.DEFAULTS.maxCartLines());
        assertThat(bytes).isLessThan(13_000);
    }

    @Test
    void seenId_takesAboutFiftyBytes() throws IOException {
        int key = serializedBytes("e:" + UUID.randomUUID(), String.class);
        int value = serializedBytes(Long.MAX_VALUE, Long.class);
        System.out.printf("seen id: %d + %d bytes%n", key, value);

        assertThat(key + value).isLessThan(60);
    }
}

package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CustomerMarksTest {

    @Test
    void itemsBoughtPastThePairCap_keepTheirRank_andStayOutOfThePairedOnes() {
        CustomerMarks marks = new CustomerMarks();
        String[] ids = {"a", "b", "c", "d"};
        for (int i = 0; i < ids.length; i++) {
            marks.markBought(marks.add(ids[i], 1_000 + i), 3 - i, i % 2 == 0);
        }

        assertThat(marks.boughtInOrder()).containsExactly("d", "c", "b", "a");
        assertThat(marks.pairedInOrder()).containsExactly("c", "a");
        assertThat(marks.hasUnpaired()).isTrue();
        assertThat(marks.nextRank()).isEqualTo(4);
        CustomerMarks removed = marks.removeUpTo(1_001);
        assertThat(removed.boughtInOrder()).containsExactly("b", "a");
        assertThat(removed.pairedInOrder()).containsExactly("a");
        assertThat(marks.pairedInOrder()).containsExactly("c");
        assertThat(marks.bought(marks.find("d"))).isTrue();
        assertThat(marks.paired(marks.find("d"))).isFalse();
    }

    @Test
    void aCustomersLatestEventIdsAreRemembered_1024OfThem() {
        CustomerMarks marks = new CustomerMarks();
        for (int i = 0; i < 1_100; i++) {
            marks.rememberEvent(CustomerMarks.eventHash("e-" + i));
        }

        assertThat(marks.recentEvents).hasSize(CustomerMarks.RECENT_EVENTS);
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-1099"))).isTrue();
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-76"))).isTrue();
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-75")))
                .as("the 1,025th newest")
                .isFalse();
        marks.forgetEvents();
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-1099"))).isFalse();
    }

    @Test
    void theRingGrowsByDoubling_andNoEmptySlotMatches() {
        CustomerMarks marks = new CustomerMarks();
        marks.rememberEvent(CustomerMarks.eventHash("e-0"));
        assertThat(marks.recentEvents).hasSize(1);
        marks.rememberEvent(CustomerMarks.eventHash("e-1"));
        marks.rememberEvent(CustomerMarks.eventHash("e-2"));
        assertThat(marks.recentEvents).hasSize(4);
        for (int i = 3; i < 32; i++) {
            marks.rememberEvent(CustomerMarks.eventHash("e-" + i));
        }
        assertThat(marks.recentEvents).hasSize(32);
        marks.rememberEvent(CustomerMarks.eventHash("e-32"));
        assertThat(marks.recentEvents).hasSize(64);
        assertThat(marks.isRecentEvent(0)).as("an empty slot").isFalse();
        for (int i = 0; i <= 32; i++) {
            assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-" + i))).isTrue();
        }
    }

    @Test
    void aRingAnEarlierVersionKept_growsOnceItsOldestAreOverwritten_asTheyWouldHaveBeen() {
        CustomerMarks partial = new CustomerMarks(); // 5 ids, grown one slot at a time, next at 0
        partial.recentEvents = new long[] {11, 12, 13, 14, 15};
        // (this version's rings never have their next slot at 0 below 1,024 slots)
        CustomerMarks wrapped = new CustomerMarks(); // its 32 slots full: the newest at 6, the oldest at 7
        wrapped.recentEvents = new long[32];
        for (int i = 0; i < 32; i++) {
            wrapped.recentEvents[i] = 100 + i;
        }
        wrapped.recentNext = 7;

        partial.rememberEvent(16);
        assertThat(partial.recentEvents).hasSize(10);
        for (int i = 0; i < 25; i++) {
            wrapped.rememberEvent(200 + i);
        }

        for (long h = 11; h <= 16; h++) {
            assertThat(partial.isRecentEvent(h)).as("id %d", h).isTrue();
        }
        assertThat(wrapped.recentEvents).hasSize(32);
        assertThat(wrapped.isRecentEvent(107)).as("the oldest, overwritten").isFalse();
        wrapped.rememberEvent(300);
        assertThat(wrapped.recentEvents).hasSize(64);
        for (long h : new long[] {100, 106, 200, 224, 300}) {
            assertThat(wrapped.isRecentEvent(h)).as("id %d", h).isTrue();
        }
    }

    @Test
    void findsWhatWasAdded_throughGrowth_andBoughtItemsComeInRankOrder() {
        CustomerMarks marks = new CustomerMarks();
        for (int i = 0; i < 40; i++) {
            int e = marks.add(new String("item-" + i), 1_000 + i);
            marks.boughtRanks[e] = i % 3 == 0 ? CustomerMarks.NOT_BOUGHT : 40 - i;
            marks.viewed[e] = i % 2 == 0;
        }

        for (int i = 0; i < 40; i++) {
            assertThat(marks.find("item-" + i)).as("item-" + i).isEqualTo(i);
        }
        assertThat(marks.find("item-40")).isEqualTo(-1);
        assertThat(marks.viewedCount()).isEqualTo(20);
        assertThat(marks.nextRank()).isEqualTo(40);
        assertThat(marks.boughtInOrder())
                .startsWith("item-38", "item-37", "item-35")
                .endsWith("item-2", "item-1")
                .hasSize(26);
        assertThat(marks.oldest()).isEqualTo(1_000);
    }

    @Test
    void removeUpTo_takesTheExpired_keepsTheOrderOfTheRest_andTheIndexFollows() {
        Random random = new Random(3);
        CustomerMarks marks = new CustomerMarks();
        Map<String, Long> model = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            String id = "i" + random.nextInt(120);
            long ts = random.nextInt(1_000);
            int e = marks.find(id);
            if (e < 0) {
                marks.add(id, ts);
                model.put(id, ts);
            }
            if (i % 50 == 49) {
                long cutoff = random.nextInt(1_000);
                List<String> expected = new ArrayList<>();
                model.forEach((k, v) -> {
                    if (v <= cutoff) {
                        expected.add(k);
                    }
                });
                CustomerMarks removed = marks.removeUpTo(cutoff);
                model.values().removeIf(v -> v <= cutoff);

                assertThat(ids(removed)).containsExactlyElementsOf(expected);
                assertThat(ids(marks)).containsExactlyElementsOf(model.keySet());
                model.keySet().forEach(k -> assertThat(marks.find(k)).isNotNegative());
                expected.forEach(k -> assertThat(marks.find(k)).isEqualTo(-1));
            }
        }
        assertThat(marks.removeAll().size).isEqualTo(model.size());
        assertThat(marks.size).isZero();
        assertThat(marks.isEmpty()).isTrue();
    }

    @Test
    void survivesFlinksPojoSerializer_andCopies_withTheIndexRebuilt() throws Exception {
        CustomerMarks marks = new CustomerMarks();
        marks.add("a", 5);
        int b = marks.add("caf\u00e9", 7);
        marks.boughtRanks[b] = 0;
        marks.viewed[b] = true;
        marks.erasedAt = 3;
        marks.expiryAt = 99;
        TypeSerializer<CustomerMarks> serializer =
                TypeInformation.of(CustomerMarks.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(marks, out);

        CustomerMarks back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        CustomerMarks copy = serializer.copy(marks);

        for (CustomerMarks m : List.of(back, copy)) {
            assertThat(m.find("caf\u00e9")).isEqualTo(1);
            assertThat(m.find("a")).isEqualTo(0);
            assertThat(m.bought(1)).isTrue();
            assertThat(m.viewed[1]).isTrue();
            assertThat(m.lastTs[1]).isEqualTo(7);
            assertThat(m.erasedAt).isEqualTo(3);
            assertThat(m.expiryAt).isEqualTo(99);
            assertThat(m.add("x", 1)).isEqualTo(2);
            assertThat(m.find("x")).isEqualTo(2);
        }
        assertThat(marks.find("x")).as("the copy is deep").isEqualTo(-1);
    }

    private static List<String> ids(CustomerMarks marks) {
        return Arrays.asList(marks.itemIds).subList(0, marks.size);
    }
}

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
    void aCustomersLatestEventIdsAreRemembered_32OfThem() {
        CustomerMarks marks = new CustomerMarks();
        for (int i = 0; i < 40; i++) {
            marks.rememberEvent(CustomerMarks.eventHash("e-" + i));
        }

        assertThat(marks.recentEvents).hasSize(CustomerMarks.RECENT_EVENTS);
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-39"))).isTrue();
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-8"))).isTrue();
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-7")))
                .as("the 33rd newest")
                .isFalse();
        marks.forgetEvents();
        assertThat(marks.isRecentEvent(CustomerMarks.eventHash("e-39"))).isFalse();
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

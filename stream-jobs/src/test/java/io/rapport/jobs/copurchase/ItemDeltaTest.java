package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.PairCounting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ItemDeltaTest {

    @Test
    void neighbours_readBackInOrder_includingLongAndNonAsciiIds() {
        String longId = "x".repeat(200) + "\u00e9";
        String[] ids = {"whole milk", "", "caf\u00e9 cr\u00e8me", longId, "\uD83E\uDD50 croissant", "a"};

        ItemDelta d = ItemDelta.pairs("b", ids, -1);

        assertThat(d.isPair()).isTrue();
        assertThat(d.neighbours()).containsExactly(ids);
        assertThat(ItemDelta.pairs("b", new String[0], 1).neighbours()).isEmpty();
        assertThat(ItemDelta.counts("b", "cat-b", 1, 0, 0).neighbours()).isNull();
    }

    @Test
    void pairsOfAPurchase_areOneRecordPerItemWithAllItsNeighbours() {
        List<ItemDelta> out = collect(collector -> ItemDelta.pairs(List.of("a", "b"), List.of("c", "d"), 1, collector));

        assertThat(out)
                .extracting(d -> d.itemId + "~" + String.join(",", d.neighbours()))
                .containsExactlyInAnyOrder("c~a,b,d", "d~a,b,c", "a~c,d", "b~c,d");
        assertThat(out).allMatch(d -> d.coPurchases == 1);
    }

    @Test
    void pairsOfAnyChange_sumToEveryPairOfPairCountingInBothDirections_oneRecordPerItem() {
        Random random = new Random(8);
        for (int round = 0; round < 200; round++) {
            List<String> items = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                items.add("item-" + items.size());
            }
            Collections.shuffle(items, random);
            int split = items.isEmpty() ? 0 : random.nextInt(items.size() + 1);
            List<String> others = items.subList(0, split);
            List<String> changed = items.subList(split, items.size());
            Map<String, Integer> expected = new HashMap<>();
            PairCounting.forEachPair(others, changed, (a, b) -> {
                expected.merge(a + "~" + b, -1, Integer::sum);
                expected.merge(b + "~" + a, -1, Integer::sum);
            });

            List<ItemDelta> out = collect(collector -> ItemDelta.pairs(others, changed, -1, collector));

            Map<String, Integer> actual = new HashMap<>();
            for (ItemDelta d : out) {
                for (String neighbour : d.neighbours()) {
                    actual.merge(d.itemId + "~" + neighbour, d.coPurchases, Integer::sum);
                }
            }
            assertThat(actual).as(others + " + " + changed).isEqualTo(expected);
            assertThat(out).extracting(d -> d.itemId).doesNotHaveDuplicates();
            assertThat(out).allMatch(d -> d.neighbours().length > 0);
        }
    }

    @Test
    void countsOfChangedItems_travelInTheirPairRecords_orAloneWhenThereAreNoPairs() {
        List<ItemDelta> out = collect(collector -> ItemDelta.pairs(
                List.of("a"),
                List.of("b", "c"),
                1,
                List.of(ItemDelta.counts("b", "cat-b", 1, 0, 1), ItemDelta.counts("c", null, 1, 0, 0)),
                collector));

        assertThat(out)
                .extracting(ItemDelta::toString)
                .containsExactlyInAnyOrder(
                        "b buyers 1 viewers 0 viewersWhoBought 1, b~a,c 1",
                        "c buyers 1 viewers 0 viewersWhoBought 0, c~a,b 1",
                        "a~b,c 1");
        assertThat(out)
                .filteredOn(d -> d.itemId.equals("b"))
                .extracting(d -> d.category)
                .containsExactly("cat-b");
        assertThat(out).filteredOn(d -> d.itemId.equals("a")).allMatch(d -> !d.hasCounts());

        List<ItemDelta> alone = collect(collector -> ItemDelta.pairs(
                List.of(), List.of("b"), 1, List.of(ItemDelta.counts("b", "cat-b", 1, 0, 0)), collector));

        assertThat(alone).extracting(ItemDelta::toString).containsExactly("b buyers 1 viewers 0 viewersWhoBought 0");
        assertThat(alone.get(0).isPair()).isFalse();
    }

    private static List<ItemDelta> collect(Consumer<Collector<ItemDelta>> emit) {
        List<ItemDelta> out = new ArrayList<>();
        emit.accept(new Collector<>() {
            @Override
            public void collect(ItemDelta record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    @Test
    void survivesItsFlinkSerializer_withSharedStringsForRepeatedIds() throws Exception {
        TypeSerializer<ItemDelta> serializer =
                TypeInformation.of(ItemDelta.class).createSerializer(new SerializerConfigImpl());
        String longId = "x".repeat(300) + "\u00e9";
        ItemDelta combined = ItemDelta.counts("a", "caf\u00e9", 2, -1, 1);
        combined.neighbourIds = new String[] {"b", "", longId, "\uD83E\uDD50 croissant"};
        combined.coPurchases = 3;
        combined.neighbourChanges = new int[] {3, -2, 1, 400_000};
        combined.newBuyers = -3;
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(ItemDelta.pairs("a", new String[] {"b", "c\u00e9"}, 1), out);
        serializer.serialize(combined, out);
        serializer.serialize(ItemDelta.counts("b", null, -1, 0, 0), out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        TypeSerializer<ItemDelta> reader = serializer.duplicate();
        ItemDelta first = reader.deserialize(in);
        ItemDelta second = reader.deserialize(in);
        ItemDelta third = reader.deserialize(in);

        assertThat(first).hasToString("a~b,c\u00e9 1");
        assertThat(second).hasToString(combined.toString());
        assertThat(second.category).isEqualTo("caf\u00e9");
        assertThat(second.newBuyers).isEqualTo(-3);
        assertThat(first.newBuyers).isZero();
        assertThat(serializer.copy(combined).newBuyers).isEqualTo(-3);
        assertThat(third).hasToString("b buyers -1 viewers 0 viewersWhoBought 0");
        assertThat(third.category).isNull();
        assertThat(third.isPair()).isFalse();
        assertThat(second.neighbours()[0]).isSameAs(first.neighbours()[0]);
        assertThat(second.itemId).isSameAs(first.itemId);
        assertThat(serializer.copy(combined)).hasToString(combined.toString());
    }
}

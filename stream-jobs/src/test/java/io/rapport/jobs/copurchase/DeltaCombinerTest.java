package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class DeltaCombinerTest extends CoPurchaseTestBase {

    @Test
    void sums_haveTheNetEffectOfTheRecords_theyReplace_intervalAfterInterval() {
        Random random = new Random(5);
        DeltaCombiner combiner = new DeltaCombiner();
        // intervals of different sizes: an item's table is kept, emptied and resized between them
        for (int rounds : new int[] {300, 5, 300, 0, 40}) {
            assertIntervalSums(combiner, random, rounds);
        }
    }

    private static void assertIntervalSums(DeltaCombiner combiner, Random random, int rounds) {
        List<ItemDelta> records = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<String> items = new ArrayList<>();
            for (int i = random.nextInt(8); i > 0; i--) {
                String item = "item-" + random.nextInt(20);
                if (!items.contains(item)) {
                    items.add(item);
                }
            }
            int split = items.isEmpty() ? 0 : random.nextInt(items.size() + 1);
            List<String> others = items.subList(0, split);
            List<String> changed = items.subList(split, items.size());
            int delta = random.nextBoolean() ? 1 : -1;
            int fresh = random.nextInt(2) * delta;
            combiner.addPairs(others, changed, delta, counts(changed, delta, fresh));
            ItemDelta.pairs(others, changed, delta, counts(changed, delta, fresh), collector(records));
            ItemDelta view = ItemDelta.counts("item-" + random.nextInt(20), null, 0, 1, 0);
            combiner.add(view);
            records.add(view);
        }
        List<ItemDelta> sums = new ArrayList<>();
        combiner.flush(sums::add);

        assertThat(net(sums)).isEqualTo(net(records));
        assertThat(newBuyers(sums)).isEqualTo(newBuyers(records));
        if (rounds >= 40) {
            assertThat(net(sums)).isNotEmpty();
        }
        assertThat(sums).extracting(d -> d.itemId).doesNotHaveDuplicates();
        assertThat(combiner.isEmpty()).isTrue();
    }

    @Test
    void dictionaryOfIds_isEmptiedOnceLarge_andLaterSumsStillNameTheirItems() {
        DeltaCombiner combiner = new DeltaCombiner();
        for (int i = 0; i <= DeltaCombiner.MAX_IDS; i++) {
            combiner.add(ItemDelta.counts("old-" + i, null, 1, 0, 0));
        }
        List<ItemDelta> first = new ArrayList<>();
        combiner.flush(first::add);

        combiner.addPairs(List.of("x"), List.of("y"), 1, null);
        List<ItemDelta> second = new ArrayList<>();
        combiner.flush(second::add);

        assertThat(first).hasSize(DeltaCombiner.MAX_IDS + 1);
        assertThat(net(second)).isEqualTo(Map.of("pair(x,y)", 1, "pair(y,x)", 1));
    }

    /** Count deltas of the changed items: {@code buyers} each, {@code newBuyers} of them new (or lost). */
    private static List<ItemDelta> counts(List<String> changed, int buyers, int newBuyers) {
        return changed.stream()
                .map(id -> {
                    ItemDelta d = ItemDelta.counts(id, "cat-" + id, buyers, 0, 0);
                    d.newBuyers = newBuyers;
                    return d;
                })
                .toList();
    }

    private static Collector<ItemDelta> collector(List<ItemDelta> out) {
        return new Collector<>() {
            @Override
            public void collect(ItemDelta record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }
}

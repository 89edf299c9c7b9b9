package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TopNeighbours;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class NeighbourCountsTest {

    private static NeighbourCount n(String itemId, long count) {
        return new NeighbourCount(itemId, count);
    }

    @Test
    void countsSumPerNeighbour_andTopIsByCountThenItemId() {
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("b", 2);
        counts.add("e", 1);
        counts.add("c", 3);
        counts.add("d", 2);
        counts.add("a", 1);

        assertThat(counts.get("c")).isEqualTo(3);
        assertThat(counts.get("zz")).isZero();
        assertThat(counts.top(10)).containsExactly(n("c", 3), n("b", 2), n("d", 2), n("a", 1), n("e", 1));
        assertThat(counts.top(3)).containsExactly(n("c", 3), n("b", 2), n("d", 2));

        counts.add("e", 2);
        assertThat(counts.top(3)).containsExactly(n("c", 3), n("e", 3), n("b", 2));
        counts.add("c", -3);
        assertThat(counts.top(10)).containsExactly(n("e", 3), n("b", 2), n("d", 2), n("a", 1));
    }

    @Test
    void countBackToZero_removesTheEntry_andEmptyWhenAllAreZero() {
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("a", 1);
        counts.add("b", 1);
        assertThat(counts.add("a", -1)).isZero();

        assertThat(counts.size()).isEqualTo(1);
        assertThat(counts.get("a")).isZero();
        counts.add("b", -1);
        assertThat(counts.isEmpty()).isTrue();
        assertThat(counts.top(10)).isEmpty();
        assertThat(counts.add("c", 0)).isZero();
        assertThat(counts.isEmpty()).isTrue();
    }

    @Test
    void negativeCounts_areKeptButNeverPublished() {
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("a", -1);
        counts.add("b", 1);

        assertThat(counts.size()).isEqualTo(2);
        assertThat(counts.top(10)).containsExactly(n("b", 1));
        counts.add("a", 1);
        assertThat(counts.size()).isEqualTo(1);
    }

    @Test
    void growsPastItsCapacity_andShrinksBackToEmpty() {
        NeighbourCounts counts = new NeighbourCounts();
        for (int i = 0; i < 1_000; i++) {
            counts.add("item-" + i, i % 7 + 1);
        }
        assertThat(counts.size()).isEqualTo(1_000);
        assertThat(counts.ids.length).isGreaterThanOrEqualTo(1_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(counts.get("item-" + i)).isEqualTo(i % 7 + 1);
        }
        for (int i = 999; i >= 0; i -= 2) {
            counts.add("item-" + i, -(i % 7 + 1));
        }
        assertThat(counts.size()).isEqualTo(500);
        assertThat(counts.get("item-1")).isZero();
        assertThat(counts.get("item-2")).isEqualTo(3);
        for (int i = 0; i < 1_000; i += 2) {
            counts.add("item-" + i, -(i % 7 + 1));
        }
        assertThat(counts.isEmpty()).isTrue();
        assertThat(counts.ids).containsOnlyNulls();
    }

    @Test
    void randomChanges_matchABruteForceMapAndTopNeighbours() {
        Random random = new Random(8);
        NeighbourCounts counts = new NeighbourCounts();
        Map<String, Long> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String item = "i" + random.nextInt(300);
            long delta = random.nextInt(5) - 2;
            long expected = model.getOrDefault(item, 0L) + delta;
            if (expected == 0) {
                model.remove(item);
            } else {
                model.put(item, expected);
            }

            assertThat(counts.add(item, delta)).isEqualTo(expected);
            if (step % 500 == 0) {
                assertThat(counts.size()).isEqualTo(model.size());
                assertThat(counts.top(100)).isEqualTo(TopNeighbours.of(model.entrySet(), 100));
                model.forEach((id, count) -> assertThat(counts.get(id)).as(id).isEqualTo(count));
            }
        }
        assertThat(counts.top(Integer.MAX_VALUE)).isEqualTo(TopNeighbours.of(model.entrySet(), Integer.MAX_VALUE));
    }

    @Test
    void isAFlinkPojo_andSurvivesASerializerRoundTripAndCopy() throws Exception {
        TypeInformation<NeighbourCounts> type = TypeInformation.of(NeighbourCounts.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<NeighbourCounts> serializer = type.createSerializer(new SerializerConfigImpl());
        NeighbourCounts counts = new NeighbourCounts();
        for (int i = 0; i < 50; i++) {
            counts.add("n" + i, i % 4 + 1);
        }
        counts.add("n7", -4);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(counts, out);
        NeighbourCounts read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        NeighbourCounts copy = serializer.copy(counts);
        copy.add("n0", 10);

        assertThat(read.size()).isEqualTo(49);
        assertThat(read.top(100)).isEqualTo(counts.top(100));
        assertThat(read.add("n1", 1)).isEqualTo(3);
        assertThat(read.add("n7", 1)).isEqualTo(1);
        assertThat(copy.top(1)).containsExactly(n("n0", 11));
        assertThat(counts.get("n0")).as("the copy is deep").isEqualTo(1);
    }

    @Test
    void serializerSnapshot_restoresACompatibleSerializer() throws Exception {
        TypeSerializer<NeighbourCounts> serializer =
                TypeInformation.of(NeighbourCounts.class).createSerializer(new SerializerConfigImpl());
        TypeSerializerSnapshot<NeighbourCounts> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

        TypeSerializerSnapshot<NeighbourCounts> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<NeighbourCounts> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);

        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("a", 2);
        DataOutputSerializer data = new DataOutputSerializer(64);
        serializer.serialize(counts, data);
        NeighbourCounts read =
                restored.restoreSerializer().deserialize(new DataInputDeserializer(data.getCopyOfBuffer()));
        assertThat(read.top(10)).isEqualTo(List.of(n("a", 2)));
    }

    @Test
    void increase_recordsItsTime_andDecreaseLeavesIt() {
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("b", 1, 1_000);
        counts.add("b", 2, 5_000);
        assertThat(counts.lastIncreasedAt("b")).isEqualTo(5_000);

        counts.add("b", -1, 9_000);
        counts.add("b", 0, 9_500);

        assertThat(counts.get("b")).isEqualTo(2);
        assertThat(counts.lastIncreasedAt("b"))
                .as("a decrease does not move it")
                .isEqualTo(5_000);
        assertThat(counts.top(1)).containsExactly(new NeighbourCount("b", 2, 5_000));
    }

    @Test
    void increaseTime_neverMovesBack_andAnUnknownTimeKeepsTheKnownOne() {
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("b", 1, 5_000);
        counts.add("b", 1, 4_000);
        counts.add("b", 1, NeighbourCount.UNKNOWN);
        counts.add("b", 1);

        assertThat(counts.get("b")).isEqualTo(4);
        assertThat(counts.lastIncreasedAt("b")).isEqualTo(5_000);
    }

    @Test
    void withoutTimes_noTimeArrayIsMade_andTimesAreUnknown() {
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("a", 3);
        counts.add("b", 1, NeighbourCount.UNKNOWN);

        assertThat(counts.increasedAt).isNull();
        assertThat(counts.lastIncreasedAt("a")).isEqualTo(NeighbourCount.UNKNOWN);
        assertThat(counts.latestIncrease()).isEqualTo(NeighbourCount.UNKNOWN);
        assertThat(counts.top(2)).containsExactly(n("a", 3), n("b", 1));

        counts.add("c", 1, 7_000);
        assertThat(counts.top(3)).containsExactly(n("a", 3), n("b", 1), new NeighbourCount("c", 1, 7_000));
        assertThat(counts.latestIncrease()).isEqualTo(7_000);
    }

    @Test
    void pairBackToZero_dropsItsTime_andARenewedPairStartsAfresh() {
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("a", 1, 1_000);
        counts.add("b", 1, 2_000);
        counts.add("c", 1, 3_000);
        counts.add("a", -1, 4_000);

        // the last entry moved into a's place, with its own time
        assertThat(counts.top(10))
                .containsExactly(new NeighbourCount("b", 1, 2_000), new NeighbourCount("c", 1, 3_000));
        assertThat(counts.lastIncreasedAt("a")).isEqualTo(NeighbourCount.UNKNOWN);

        counts.add("a", -1, 5_000);
        assertThat(counts.lastIncreasedAt("a"))
                .as("a negative sum is no increase")
                .isEqualTo(NeighbourCount.UNKNOWN);
        counts.add("a", 2, 6_000);
        assertThat(counts.top(1)).containsExactly(new NeighbourCount("a", 1, 6_000));
    }

    @Test
    void increaseTimes_followTheirEntriesThroughGrowthAndRandomChanges() {
        NeighbourCounts counts = new NeighbourCounts();
        Map<String, Long> expectedCounts = new HashMap<>();
        Map<String, Long> expectedTimes = new HashMap<>();
        Random random = new Random(7);
        for (long t = 1; t <= 20_000; t++) {
            String id = "i" + random.nextInt(300);
            int change = random.nextInt(5) - 2;
            long sum = expectedCounts.getOrDefault(id, 0L) + change;
            if (sum == 0) {
                expectedCounts.remove(id);
                expectedTimes.remove(id);
            } else {
                expectedCounts.put(id, sum);
                if (change > 0) {
                    expectedTimes.put(id, t);
                }
            }
            counts.add(id, change, t);
        }
        for (Map.Entry<String, Long> e : expectedCounts.entrySet()) {
            assertThat(counts.get(e.getKey())).isEqualTo(e.getValue());
            assertThat(counts.lastIncreasedAt(e.getKey()))
                    .as(e.getKey())
                    .isEqualTo(expectedTimes.getOrDefault(e.getKey(), NeighbourCount.UNKNOWN));
        }
        assertThat(counts.size()).isEqualTo(expectedCounts.size());
    }

    @Test
    void serializer_roundTripsTheIncreaseTimes() throws Exception {
        TypeSerializer<NeighbourCounts> serializer =
                TypeInformation.of(NeighbourCounts.class).createSerializer(new SerializerConfigImpl());
        NeighbourCounts counts = new NeighbourCounts();
        counts.add("a", 2, 1_000);
        counts.add("b", 1, 2_000);
        counts.add("c", 1);
        DataOutputSerializer data = new DataOutputSerializer(64);
        serializer.serialize(counts, data);

        NeighbourCounts read = serializer.deserialize(new DataInputDeserializer(data.getCopyOfBuffer()));
        NeighbourCounts copy = serializer.copy(counts);

        List<NeighbourCount> expected = List.of(
                new NeighbourCount("a", 2, 1_000), new NeighbourCount("b", 1, 2_000), new NeighbourCount("c", 1));
        assertThat(read.top(10)).isEqualTo(expected);
        assertThat(copy.top(10)).isEqualTo(expected);
        read.add("c", 1, 3_000);
        assertThat(read.lastIncreasedAt("c")).isEqualTo(3_000);
    }
}

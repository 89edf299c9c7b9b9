package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RecentBuyersTest {
    private static final int WINDOW = 3;

    @Test
    void newBuyersOfADay_sumInItsBucket() {
        RecentBuyers recent = new RecentBuyers();
        recent.add(10, 1, WINDOW);
        recent.add(10, 2, WINDOW);
        recent.add(11, 1, WINDOW);

        assertThat(recent.toString()).isEqualTo("{10=3, 11=1}");
        assertThat(recent.total(11, WINDOW)).isEqualTo(4);
    }

    @Test
    void aNewDay_rollsTheWindow_andDropsTheDaysOutOfIt() {
        RecentBuyers recent = new RecentBuyers();
        recent.add(10, 2, WINDOW);
        recent.add(11, 1, WINDOW);
        recent.add(12, 3, WINDOW);
        assertThat(recent.total(12, WINDOW)).isEqualTo(6);

        recent.add(13, 1, WINDOW);

        assertThat(recent.toString()).as("day 10 is out of (10, 13]").isEqualTo("{11=1, 12=3, 13=1}");
        assertThat(recent.total(13, WINDOW)).isEqualTo(5);
        assertThat(recent.oldestDay()).isEqualTo(11);
        assertThat(recent.newestDay()).isEqualTo(13);
    }

    @Test
    void total_countsOnlyTheDaysOfTheWindowUpToToday_andPruneDropsTheRest() {
        RecentBuyers recent = new RecentBuyers();
        recent.add(10, 2, WINDOW);
        recent.add(12, 3, WINDOW);

        assertThat(recent.total(12, WINDOW)).isEqualTo(5);
        assertThat(recent.total(13, WINDOW)).as("(10, 13]").isEqualTo(3);
        assertThat(recent.total(15, WINDOW)).as("(12, 15]").isZero();
        assertThat(recent.total(RecentBuyers.UNDATED, WINDOW))
                .as("every day held")
                .isEqualTo(5);

        recent.prune(14, WINDOW);
        assertThat(recent.toString()).isEqualTo("{12=3}");
        recent.prune(15, WINDOW);
        assertThat(recent.isEmpty()).isTrue();
        assertThat(recent.oldestDay()).isEqualTo(RecentBuyers.UNDATED);
    }

    @Test
    void removals_landInTheBucketOfTheirDay_andTheTotalNeverGoesBelowZero() {
        RecentBuyers recent = new RecentBuyers();
        recent.add(10, 2, WINDOW);
        recent.add(11, -3, WINDOW); // e.g. erases of customers who bought long ago

        assertThat(recent.toString()).isEqualTo("{10=2, 11=-3}");
        assertThat(recent.total(11, WINDOW)).as("2 − 3, not below 0").isZero();
        recent.add(12, 2, WINDOW);
        assertThat(recent.total(12, WINDOW)).isEqualTo(1);
        assertThat(recent.total(13, WINDOW)).as("day 10 left: −3 + 2").isZero();
        assertThat(recent.total(14, WINDOW)).as("day 11 left too").isEqualTo(2);
    }

    @Test
    void undatedChanges_countAtOnce_andJoinTheFirstDatedDay() {
        RecentBuyers recent = new RecentBuyers();
        recent.add(RecentBuyers.UNDATED, 2, WINDOW);
        assertThat(recent.isEmpty()).isFalse();
        assertThat(recent.total(RecentBuyers.UNDATED, WINDOW)).isEqualTo(2);

        recent.add(20, 1, WINDOW);

        assertThat(recent.toString()).isEqualTo("{20=3}");
        assertThat(recent.undated).isZero();
    }

    @Test
    void aChangeForADayAlreadyOutOfTheWindow_isIgnored_andAnEarlierDayInItIsKept() {
        RecentBuyers recent = new RecentBuyers();
        recent.add(20, 1, WINDOW);
        recent.add(17, 5, WINDOW);
        recent.add(18, 2, WINDOW);

        assertThat(recent.toString()).isEqualTo("{18=2, 20=1}");
    }

    @Test
    void buckets_neverExceedTheWindow() {
        RecentBuyers recent = new RecentBuyers();
        Random random = new Random(5);
        long day = 1_000;
        for (int i = 0; i < 5_000; i++) {
            day += random.nextInt(3);
            recent.add(day - random.nextInt(5), random.nextInt(5) - 1, 30);
            assertThat(recent.size).isLessThanOrEqualTo(30);
            assertThat(recent.days.length).isLessThanOrEqualTo(64);
            assertThat(recent.oldestDay()).isGreaterThan(recent.newestDay() - 30);
        }
    }

    @Test
    void isAFlinkPojo_andSurvivesASerializerRoundTrip() throws Exception {
        TypeInformation<RecentBuyers> type = TypeInformation.of(RecentBuyers.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(ItemCounts.class)).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<RecentBuyers> serializer = type.createSerializer(new SerializerConfigImpl());
        RecentBuyers recent = new RecentBuyers();
        recent.add(10, 2, WINDOW);
        recent.add(12, -1, WINDOW);
        recent.add(RecentBuyers.UNDATED, 4, WINDOW);

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(recent, out);
        RecentBuyers read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.toString()).isEqualTo("{10=2, 12=-1} undated 4");
        assertThat(read.total(12, WINDOW)).isEqualTo(5);
    }
}

package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.ingest.ShopperActionSerializer;
import io.rapport.jobs.kafka.TopicRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every type on a stream or in state is a Flink POJO or has its own serializer, so none falls back to Kryo. */
class StreamTypesTest {
    @Test
    void streamAndStateTypes_arePojos() {
        for (Class<?> type :
                new Class<?>[] {TopicRecord.class, CustomerMarks.class, ItemCounts.class, NeighbourCounts.class}) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void shopperActions_useTheirOwnSerializer() {
        assertThat(TypeInformation.of(ShopperAction.class)).isInstanceOf(ShopperActionSerializer.Info.class);
        assertThat(TypeInformation.of(ShopperAction.class).createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(ShopperActionSerializer.class);
    }

    @Test
    void itemDeltas_useTheirOwnSerializer() {
        assertThat(TypeInformation.of(ItemDelta.class)).isInstanceOf(ItemDeltaSerializer.Info.class);
        assertThat(TypeInformation.of(ItemDelta.class).createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(ItemDeltaSerializer.class);
    }
}

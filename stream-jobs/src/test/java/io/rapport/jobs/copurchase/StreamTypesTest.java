package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.TopicRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every type on a stream or in state is a Flink POJO or has its own serializer, so none falls back to Kryo. */
class StreamTypesTest {
    @Test
    void streamAndStateTypes_arePojos() {
        for (Class<?> type : new Class<?>[] {
            ShopperAction.class, TopicRecord.class, ItemMark.class, ItemCounts.class, NeighbourCounts.class
        }) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void itemDeltas_useTheirOwnSerializer() {
        assertThat(TypeInformation.of(ItemDelta.class)).isInstanceOf(ItemDeltaSerializer.Info.class);
        assertThat(TypeInformation.of(ItemDelta.class).createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(ItemDeltaSerializer.class);
    }
}

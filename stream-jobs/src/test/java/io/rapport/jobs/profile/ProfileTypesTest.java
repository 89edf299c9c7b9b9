package io.rapport.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.ingest.CustomerEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every type of the profile job on a stream or in state is a Flink POJO, so none falls back to Kryo. */
class ProfileTypesTest {
    @Test
    void streamAndStateTypes_arePojos() {
        for (Class<?> type : new Class<?>[] {
            CustomerEvent.class, ProfileState.class, CategoryScore.class, Interaction.class, CartEntry.class
        }) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }
}

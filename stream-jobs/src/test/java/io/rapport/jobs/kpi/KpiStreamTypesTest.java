package io.rapport.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every type of the KPI job on a stream or in state is a Flink POJO, so none falls back to Kryo. */
class KpiStreamTypesTest {
    @Test
    void streamAndStateTypes_arePojos() {
        for (Class<?> type : new Class<?>[] {KpiEvent.class, KpiDelta.class, OfferExposure.class}) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }
}

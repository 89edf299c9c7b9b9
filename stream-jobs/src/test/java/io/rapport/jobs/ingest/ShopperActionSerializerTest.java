package io.rapport.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.EventType;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ShopperActionSerializerTest {
    private final TypeSerializer<ShopperAction> serializer =
            TypeInformation.of(ShopperAction.class).createSerializer(new SerializerConfigImpl());

    @Test
    void actions_readBackUnchanged_includingNullsEmptyAndNonAsciiStrings() throws Exception {
        String longId = "x".repeat(300) + "\u00e9";
        ShopperAction purchase = new ShopperAction(
                "e1",
                "c\u00e9-1",
                EventType.PURCHASE,
                1_700_000_000_123L,
                new String[] {"whole milk", "", longId, "\uD83E\uDD50 croissant"},
                new String[] {"dairy", null, "caf\u00e9", ""});
        ShopperAction erase = new ShopperAction("e2", "c2", EventType.ERASE, -5L, new String[0], new String[0]);
        ShopperAction bare = new ShopperAction(null, null, null, 0L, null, null);

        ShopperAction[] back = roundTrip(purchase, erase, bare);

        assertThat(back)
                .extracting(ShopperActionSerializerTest::describe)
                .containsExactly(describe(purchase), describe(erase), describe(bare));
    }

    @Test
    void repeatedItemIds_comeBackAsOneStringInstance_whileCustomerIdsDoNot() throws Exception {
        ShopperAction first = new ShopperAction(
                "e1", "c1", EventType.PURCHASE, 1L, new String[] {"whole milk", "butter"}, new String[] {
                    "dairy", "dairy"
                });
        ShopperAction second = new ShopperAction(
                "e2", "c1", EventType.VIEW, 2L, new String[] {new String("whole milk")}, new String[] {
                    new String("dairy")
                });

        ShopperAction[] back = roundTrip(first, second);

        assertThat(back[1].itemIds[0]).isEqualTo("whole milk").isSameAs(back[0].itemIds[0]);
        assertThat(back[1].categories[0]).isSameAs(back[0].categories[0]).isSameAs(back[0].categories[1]);
        assertThat(back[1].customerId).isEqualTo(back[0].customerId).isNotSameAs(back[0].customerId);
    }

    @Test
    void copies_areDeep() {
        ShopperAction a = new ShopperAction("e1", "c1", EventType.PURCHASE, 1L, new String[] {"a"}, new String[] {"x"});

        ShopperAction copy = serializer.copy(a);
        a.itemIds[0] = "changed";

        assertThat(copy.itemIds).containsExactly("a");
        assertThat(describe(copy)).isEqualTo("PURCHASE e1 c1 1 [a] [x]");
    }

    private ShopperAction[] roundTrip(ShopperAction... actions) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (ShopperAction a : actions) {
            serializer.serialize(a, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        TypeSerializer<ShopperAction> reader = serializer.duplicate();
        ShopperAction[] back = new ShopperAction[actions.length];
        for (int i = 0; i < back.length; i++) {
            back[i] = reader.deserialize(in);
        }
        assertThat(in.available()).isZero();
        return back;
    }

    private static String describe(ShopperAction a) {
        return a.type + " " + a.eventId + " " + a.customerId + " " + a.timestamp + " " + Arrays.toString(a.itemIds)
                + " " + Arrays.toString(a.categories);
    }
}

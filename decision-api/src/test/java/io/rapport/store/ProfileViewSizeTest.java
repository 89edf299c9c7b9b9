package io.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.testing.Profiles;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * Estimates the heap one customer takes in the {@link ProfileView} (the profile as decoded from the
 * topic, plus its map entry), for the module README: the growth of the used heap, after full
 * collections, when {@value #CUSTOMERS} typical profiles are applied, divided by their number. The
 * loose bounds asserted keep the README's figure honest without making the test flaky.
 */
class ProfileViewSizeTest {
    private static final int CUSTOMERS = 20_000;

    @Test
    void typicalProfile_takesAFewKilobytesOfHeap() {
        byte[][] records = new byte[CUSTOMERS][];
        for (int i = 0; i < CUSTOMERS; i++) {
            records[i] = Json.encode(Profiles.typical("customer-" + (100_000 + i)));
        }
        Views views = Views.empty();
        long before = usedHeapAfterGc();
        for (int i = 0; i < CUSTOMERS; i++) {
            views.apply(Topics.PROFILES, "customer-" + (100_000 + i), records[i]);
        }
        long after = usedHeapAfterGc();
        long perCustomer = (after - before) / CUSTOMERS;
        System.out.printf(
                "profile view, typical: about %d bytes of heap per customer (%d bytes of JSON)%n",
                perCustomer, records[0].length);

        assertThat(views.profiles().size()).isEqualTo(CUSTOMERS);
        assertThat(perCustomer).isBetween(2_000L, 12_000L);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

package io.rapport.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactCapsTest {
    @Test
    void unsetOrEmptyVariables_giveTheDocumentedDefaults() {
        assertThat(ContactCaps.fromEnvironment(Map.of())).isEqualTo(new ContactCaps(3, 10));
        assertThat(ContactCaps.fromEnvironment(
                        Map.of("RAPPORT_CONTACTS_PER_DAY", " ", "RAPPORT_CONTACTS_PER_WEEK", "")))
                .isEqualTo(ContactCaps.DEFAULTS);
    }

    @Test
    void eachVariableSetsItsCap() {
        assertThat(ContactCaps.fromEnvironment(Map.of("RAPPORT_CONTACTS_PER_DAY", "1")))
                .isEqualTo(new ContactCaps(1, 10));
        assertThat(ContactCaps.fromEnvironment(Map.of("RAPPORT_CONTACTS_PER_WEEK", " 4 ")))
                .isEqualTo(new ContactCaps(3, 4));
        assertThat(ContactCaps.fromEnvironment(
                        Map.of("RAPPORT_CONTACTS_PER_DAY", "0", "RAPPORT_CONTACTS_PER_WEEK", "1000")))
                .isEqualTo(new ContactCaps(0, 1000));
    }

    @Test
    void aCapOfZero_blocksEveryMarketingOffer_andNoServiceOffer() {
        ContactCaps none = ContactCaps.fromEnvironment(Map.of("RAPPORT_CONTACTS_PER_DAY", "0"));

        assertThat(none.remaining(0, 0)).isZero();
        assertThat(none.blocks(
                        Offers.offer("m", OfferTrigger.ALWAYS).marketing().build(), 0, 0))
                .as("a marketing offer, before any contact")
                .isTrue();
        assertThat(none.blocks(Offers.offer("s", OfferTrigger.ALWAYS).build(), 0, 0))
                .as("a service offer")
                .isFalse();
        assertThat(new ContactCaps(2, 10).remaining(1, 1)).isEqualTo(1);
        assertThat(new ContactCaps(2, 10).remaining(0, 9)).isEqualTo(1);
    }

    @Test
    void aBadValue_isRefusedNamingTheVariable() {
        for (String bad : new String[] {"-1", "1001", "abc", "2.5", "99999999999"}) {
            assertThatThrownBy(() -> ContactCaps.fromEnvironment(Map.of("RAPPORT_CONTACTS_PER_WEEK", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("RAPPORT_CONTACTS_PER_WEEK must be a whole number from 0 to 1000, not '" + bad + "'");
        }
    }

    @Test
    void capsOfZero_areValid_andNegativeCapsAreRefused() {
        assertThat(new ContactCaps(0, 0)).isEqualTo(new ContactCaps(0, 0));
        assertThat(new ContactCaps(0, 0)
                        .blocks(
                                Offers.offer("m", OfferTrigger.ALWAYS)
                                        .marketing()
                                        .build(),
                                0,
                                0))
                .isTrue();
        assertThatThrownBy(() -> new ContactCaps(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContactCaps(3, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}

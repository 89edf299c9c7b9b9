package io.rapport.offer;

import static io.rapport.offer.Offers.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.offer.Eligibility.Outcome;
import io.rapport.offer.Eligibility.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EligibilityTest {
    private static final long NOW = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;

    private static OfferFacts facts(
            LocalDate birthday,
            boolean consent,
            int cartUnits,
            Long cartUpdatedAt,
            Long lastPurchaseAt,
            Set<String> bought,
            List<SuggestedItem> crossSell,
            List<SuggestedItem> upSell) {
        return new OfferFacts(
                "c-1",
                true,
                birthday,
                consent,
                cartUnits,
                cartUpdatedAt,
                lastPurchaseAt,
                Set.of("loyal"),
                bought,
                crossSell,
                upSell);
    }

    private static OfferFacts plain(boolean consent) {
        return facts(null, consent, 0, null, null, Set.of(), List.of(), List.of());
    }

    private static Verdict check(Offer offer, OfferFacts facts) {
        return Eligibility.check(offer, facts, "app", NOW);
    }

    @Test
    void alwaysOffer_isEligibleForUnknownCustomerWhenItNeedsNoConsent() {
        Verdict v = check(offer("o", OfferTrigger.ALWAYS).build(), OfferFacts.unknown("c-9"));
        assertThat(v.eligible()).isTrue();
        assertThat(v.reason()).isEqualTo("Picked for you: Title of o");
        assertThat(check(offer("o", OfferTrigger.ALWAYS).marketing().build(), OfferFacts.unknown("c-9"))
                        .outcome())
                .isEqualTo(Outcome.CONSENT);
    }

    @Test
    void validityWindow_includesFromAndExcludesTo() {
        assertThat(check(
                                offer("o", OfferTrigger.ALWAYS)
                                        .valid("2026-11-23T12:00:00Z", "2026-11-24T00:00:00Z")
                                        .build(),
                                plain(false))
                        .eligible())
                .isTrue();
        assertThat(check(
                                offer("o", OfferTrigger.ALWAYS)
                                        .valid("2026-11-01T00:00:00Z", "2026-11-23T12:00:00Z")
                                        .build(),
                                plain(false))
                        .outcome())
                .isEqualTo(Outcome.NOT_VALID);
    }

    @Test
    void channelAndSegments_mustMatch() {
        assertThat(check(offer("o", OfferTrigger.ALWAYS).channels("email").build(), plain(false))
                        .outcome())
                .isEqualTo(Outcome.CHANNEL);
        assertThat(check(offer("o", OfferTrigger.ALWAYS).segments("champions").build(), plain(false))
                        .outcome())
                .isEqualTo(Outcome.SEGMENT);
        assertThat(check(
                                offer("o", OfferTrigger.ALWAYS)
                                        .segments("champions", "loyal")
                                        .build(),
                                plain(false))
                        .eligible())
                .isTrue();
    }

    @Test
    void channelNames_matchWhateverTheirCase() {
        Offer app = offer("o", OfferTrigger.ALWAYS).channels("app", "Email").build();
        assertThat(Eligibility.check(app, plain(false), "APP", NOW).eligible()).isTrue();
        assertThat(Eligibility.check(app, plain(false), "email", NOW).eligible())
                .isTrue();
        assertThat(Eligibility.check(app, plain(false), "apps", NOW).outcome()).isEqualTo(Outcome.CHANNEL);
        assertThat(Eligibility.check(app, plain(false), null, NOW).eligible())
                .as("asked without a channel: every channel's offers")
                .isTrue();
    }

    @Test
    void marketingOffer_needsConsentAndServiceOfferDoesNot() {
        Offer marketing = offer("m", OfferTrigger.ALWAYS).marketing().build();
        assertThat(check(marketing, plain(false)).outcome()).isEqualTo(Outcome.CONSENT);
        assertThat(check(marketing, plain(true)).eligible()).isTrue();
        assertThat(check(offer("s", OfferTrigger.ALWAYS).build(), plain(false)).eligible())
                .isTrue();
        Offer serviceWithConsent = new Offer(
                "s",
                "t",
                "a",
                OfferTrigger.ALWAYS,
                null,
                null,
                List.of("app"),
                ContactClass.SERVICE,
                List.of(),
                true,
                1,
                1,
                0,
                "2026-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z");
        assertThat(check(serviceWithConsent, plain(false)).outcome()).isEqualTo(Outcome.CONSENT);
    }

    @Test
    void birthday_isTodayInUtc() {
        Offer birthday = offer("b", OfferTrigger.BIRTHDAY).build();
        Verdict v = check(
                birthday, facts(LocalDate.parse("1990-11-23"), false, 0, null, null, Set.of(), List.of(), List.of()));
        assertThat(v.reason()).isEqualTo("It's your birthday today: Title of b");
        assertThat(check(
                                birthday,
                                facts(
                                        LocalDate.parse("1990-11-24"),
                                        false,
                                        0,
                                        null,
                                        null,
                                        Set.of(),
                                        List.of(),
                                        List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
        assertThat(check(birthday, plain(false)).outcome()).isEqualTo(Outcome.TRIGGER);
    }

    @Test
    void leapDayBirthday_isCelebratedOn28FebruaryInOtherYears() {
        long feb28 = Instant.parse("2027-02-28T08:00:00Z").toEpochMilli();
        assertThat(Eligibility.isBirthday(LocalDate.parse("2000-02-29"), feb28)).isTrue();
        assertThat(Eligibility.isBirthday(
                        LocalDate.parse("2000-02-29"),
                        Instant.parse("2028-02-28T08:00:00Z").toEpochMilli()))
                .isFalse();
    }

    @Test
    void abandonedCart_needsItemsUntouchedForTheThreshold() {
        Offer cart = offer("c", OfferTrigger.ABANDONED_CART).marketing().build();
        Verdict v = check(cart, facts(null, true, 2, NOW - 45 * MINUTE, null, Set.of(), List.of(), List.of()));
        assertThat(v.reason()).isEqualTo("You left 2 items in your cart 45 minutes ago: Title of c");
        assertThat(check(cart, facts(null, true, 2, NOW - 29 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
        assertThat(check(cart, facts(null, true, 0, NOW - 45 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
        Offer patient = offer("c", OfferTrigger.ABANDONED_CART)
                .abandonAfterMinutes(60)
                .marketing()
                .build();
        assertThat(check(patient, facts(null, true, 1, NOW - 45 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
        assertThat(check(patient, facts(null, true, 1, NOW - 300 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .reason())
                .isEqualTo("You left 1 item in your cart 5 hours ago: Title of c");
        assertThat(check(patient, facts(null, true, 1, NOW - 47 * 60 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .reason())
                .isEqualTo("You left 1 item in your cart 47 hours ago: Title of c");
        assertThat(check(patient, facts(null, true, 1, NOW - 25 * DAY, null, Set.of(), List.of(), List.of()))
                        .reason())
                .as("not 600 hours")
                .isEqualTo("You left 1 item in your cart 25 days ago: Title of c");
    }

    @Test
    void winBack_needsALastPurchaseOlderThanInactiveDays() {
        Offer winBack = offer("w", OfferTrigger.WIN_BACK).build();
        assertThat(check(winBack, facts(null, false, 0, null, NOW - 75 * DAY, Set.of("i"), List.of(), List.of()))
                        .reason())
                .isEqualTo("We miss you: your last order was 75 days ago. Title of w");
        assertThat(check(winBack, facts(null, false, 0, null, NOW - 59 * DAY, Set.of("i"), List.of(), List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
        assertThat(check(winBack, plain(false)).outcome()).isEqualTo(Outcome.TRIGGER);
        assertThat(check(
                                offer("w", OfferTrigger.WIN_BACK)
                                        .inactiveDays(30)
                                        .build(),
                                facts(null, false, 0, null, NOW - 31 * DAY, Set.of("i"), List.of(), List.of()))
                        .eligible())
                .isTrue();
    }

    @Test
    void crossSell_needsAPurchaseAndSuggestionsAndNamesTheItems() {
        Offer crossSell = offer("x", OfferTrigger.CROSS_SELL).build();
        List<SuggestedItem> suggestions = List.of(
                new SuggestedItem("butter", "whole milk"),
                new SuggestedItem("bread", "whole milk"),
                new SuggestedItem("jam", "bread"),
                new SuggestedItem("tea", "bread"));
        Verdict v = check(crossSell, facts(null, false, 0, null, NOW, Set.of("whole milk"), suggestions, List.of()));
        assertThat(v.items()).containsExactly("butter", "bread", "jam");
        assertThat(v.reason()).isEqualTo("Customers who bought whole milk also bought butter");
        assertThat(check(crossSell, facts(null, false, 0, null, NOW, Set.of(), suggestions, List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
        assertThat(check(crossSell, facts(null, false, 0, null, NOW, Set.of("whole milk"), List.of(), List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
    }

    @Test
    void upSell_needsAPricierItem() {
        Offer upSell = offer("u", OfferTrigger.UP_SELL).build();
        Verdict v = check(
                upSell,
                facts(
                        null,
                        false,
                        0,
                        null,
                        NOW,
                        Set.of("tea"),
                        List.of(),
                        List.of(new SuggestedItem("fine tea", "tea"))));
        assertThat(v.items()).containsExactly("fine tea");
        assertThat(v.reason()).isEqualTo("A step up in tea, which you buy: fine tea");
        assertThat(check(upSell, plain(false)).outcome()).isEqualTo(Outcome.TRIGGER);
    }

    @Test
    void abandonedCart_isEligibleFromExactlyTheThreshold() {
        // default threshold 30 minutes (29 is too early, see above): 30 minutes is enough
        Offer cart = offer("c", OfferTrigger.ABANDONED_CART).marketing().build();
        assertThat(check(cart, facts(null, true, 2, NOW - 30 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .reason())
                .isEqualTo("You left 2 items in your cart 30 minutes ago: Title of c");
    }

    @Test
    void winBack_isEligibleFromExactlyInactiveDays() {
        // default 60 days (59 is too recent, see above); with inactiveDays 30, 30 days is enough, 29 not
        assertThat(check(
                                offer("w", OfferTrigger.WIN_BACK).build(),
                                facts(null, false, 0, null, NOW - 60 * DAY, Set.of("i"), List.of(), List.of()))
                        .reason())
                .isEqualTo("We miss you: your last order was 60 days ago. Title of w");
        Offer thirty = offer("w", OfferTrigger.WIN_BACK).inactiveDays(30).build();
        assertThat(check(thirty, facts(null, false, 0, null, NOW - 30 * DAY, Set.of("i"), List.of(), List.of()))
                        .eligible())
                .isTrue();
        assertThat(check(thirty, facts(null, false, 0, null, NOW - 29 * DAY, Set.of("i"), List.of(), List.of()))
                        .outcome())
                .isEqualTo(Outcome.TRIGGER);
    }

    @Test
    void abandonedCart_saysMinutesBelowTwoHours_hoursBelowTwoDays_thenDays() {
        Offer cart = offer("c", OfferTrigger.ABANDONED_CART).marketing().build();
        // 119 minutes: still minutes; 120 minutes = 2 hours
        assertThat(check(cart, facts(null, true, 1, NOW - 119 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .reason())
                .isEqualTo("You left 1 item in your cart 119 minutes ago: Title of c");
        assertThat(check(cart, facts(null, true, 1, NOW - 120 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .reason())
                .isEqualTo("You left 1 item in your cart 2 hours ago: Title of c");
        // 48 hours = 2 days
        assertThat(check(cart, facts(null, true, 1, NOW - 48 * 60 * MINUTE, null, Set.of(), List.of(), List.of()))
                        .reason())
                .isEqualTo("You left 1 item in your cart 2 days ago: Title of c");
    }

    @Test
    void aTriggerNotMet_isReportedAsTheTrigger_evenWithoutConsent() {
        // the trigger is checked before consent: a customer without consent whose cart is empty is
        // refused for the trigger, not for consent
        Offer cart = offer("c", OfferTrigger.ABANDONED_CART).marketing().build();
        assertThat(check(cart, plain(false)).outcome()).isEqualTo(Outcome.TRIGGER);
        assertThat(Verdict.no(Outcome.TRIGGER).eligible()).isFalse();
        assertThat(Verdict.no(Outcome.CONSENT).eligible()).isFalse();
    }
}

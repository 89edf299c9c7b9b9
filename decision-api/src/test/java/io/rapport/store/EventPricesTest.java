package io.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.profile.CustomerProfile;
import io.rapport.profile.RecentItem;
import io.rapport.testing.Profiles;
import org.junit.jupiter.api.Test;

class EventPricesTest {
    private static CustomerProfile profile(RecentItem... lines) {
        return Profiles.withRecentItems("c", 0, lines);
    }

    @Test
    void anItemHasThePriceOfItsNewestLine_underThatLinesCategory_whateverTheOrderSeen() {
        EventPrices prices = new EventPrices();
        prices.observe(profile(new RecentItem("tea", "drinks", "purchase", 20, 4.0)));
        prices.observe(profile(new RecentItem("tea", "hot drinks", "view", 10, 3.0)));
        prices.observe(profile(new RecentItem("mug", "kitchen", "view", 5, 7.0)));

        assertThat(prices.price("tea")).isEqualTo(4.0);
        assertThat(prices.dearerInCategory("drinks", 1.0, 10)).containsExactly("tea");
        assertThat(prices.dearerInCategory("hot drinks", 1.0, 10)).isEmpty();

        prices.observe(profile(new RecentItem("tea", "hot drinks", "add_to_cart", 30, 2.5)));

        assertThat(prices.price("tea")).isEqualTo(2.5);
        assertThat(prices.dearerInCategory("drinks", 1.0, 10))
                .as("moved out of its old category")
                .isEmpty();
        assertThat(prices.dearerInCategory("hot drinks", 1.0, 10)).containsExactly("tea");
        assertThat(prices.size()).isEqualTo(2);
    }

    @Test
    void stepsUp_areStrictlyDearer_cheapestFirst_atMostMax() {
        EventPrices prices = new EventPrices();
        prices.observe(profile(
                new RecentItem("a", "c", "purchase", 1, 3.0),
                new RecentItem("b", "c", "purchase", 1, 5.0),
                new RecentItem("same", "c", "purchase", 1, 3.0),
                new RecentItem("d", "c", "purchase", 1, 9.0),
                new RecentItem("e", "c", "purchase", 1, 7.0)));

        assertThat(prices.dearerInCategory("c", 3.0, 10)).containsExactly("b", "e", "d");
        assertThat(prices.dearerInCategory("c", 3.0, 2)).containsExactly("b", "e");
        assertThat(prices.dearerInCategory("unknown", 0, 10)).isEmpty();
        assertThat(prices.dearerInCategory(null, 0, 10)).isEmpty();
    }

    @Test
    void linesWithoutAPriceOrCategory_andAnErasedCustomer_changeNothing() {
        EventPrices prices = new EventPrices();
        prices.observe(profile(new RecentItem("x", "c", "view", 1), new RecentItem("y", null, "view", 1, 2.0)));
        prices.observe(null);

        assertThat(prices.size()).isZero();
        assertThat(prices.price("x")).isNull();
    }

    @Test
    void anErasedCustomersLines_goWithThem_andAnotherCustomersStay() {
        EventPrices prices = new EventPrices();
        prices.observe(Profiles.withRecentItems("gone", 0, new RecentItem("tea", "drinks", "purchase", 5, 4.0)));
        prices.observe(Profiles.withRecentItems("kept", 0, new RecentItem("mug", "kitchen", "view", 5, 7.0)));

        prices.forget("gone");

        assertThat(prices.price("tea")).isNull();
        assertThat(prices.dearerInCategory("drinks", 0, 10)).isEmpty();
        assertThat(prices.price("mug")).isEqualTo(7.0);
        assertThat(prices.size()).isEqualTo(1);
    }
}

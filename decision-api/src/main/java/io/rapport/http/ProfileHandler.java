package io.rapport.http;

import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.Money;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RfmScores;
import io.rapport.segment.CustomerSegments;
import io.rapport.segment.CustomerSegments.Assessment;
import io.rapport.store.ProfileView;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/customers/{customerId}/profile}: the customer's 360 view from the profile job,
 * with RFM scores against the live population and the named segments the customer is in; 404 for an
 * unknown or erased customer. Times are ISO-8601 UTC strings.
 */
public final class ProfileHandler implements Handler<RoutingContext> {
    private final ProfileView profiles;
    private final CustomerSegments segments;
    private final RequestParams params;

    public ProfileHandler(ProfileView profiles, CustomerSegments segments, RequestParams params) {
        this.profiles = profiles;
        this.segments = segments;
        this.params = params;
    }

    /**
     * The response body.
     *
     * @param recency the same as {@code recencyDays}, under the contract's word for it
     * @param recencyDays whole days since the last purchase, null without orders
     * @param frequency orders, the F of RFM
     * @param monetary total spent, the M of RFM
     * @param aov {@code monetary / orders}, unrounded, null without orders
     * @param rfm quintile scores 1–5 among buyers, null without orders
     * @param segment the first of {@code segments} in the configured order (the rules' priority), null
     *     when the customer is in none
     * @param segments names of the configured segments the customer is in, in the configured order
     */
    public record Response(
            String customerId,
            Long recency,
            Long recencyDays,
            int frequency,
            double monetary,
            int orders,
            Double aov,
            long itemsBought,
            RfmScores rfm,
            String segment,
            List<String> segments,
            String journeyStage,
            String firstSeen,
            String lastSeen,
            String lastPurchaseAt,
            List<CategoryAffinity> topCategories,
            List<RecentItemView> recentItems,
            Cart cart,
            Map<String, Object> attributes,
            Feedback feedback,
            OfferResponses offers,
            String updatedAt) {}

    /** One recent interaction; {@code type} is {@code view}, {@code add_to_cart} or {@code purchase}. */
    /** A recent interaction; {@code price} the line's unit price on the event, null without one. */
    public record RecentItemView(String itemId, String category, String type, String at, Double price) {}

    /** The live cart; {@code updatedAt} is null when it never changed. */
    public record Cart(List<CartItem> items, int units, String updatedAt) {}

    public record CartItem(String itemId, String category, Double price, int quantity, String addedAt) {}

    /** {@code averageRating} and {@code lastAt} are null without feedback. */
    public record Feedback(int count, Double averageRating, String lastComment, String lastAt) {}

    @Override
    public void handle(RoutingContext ctx) {
        String customerId = params.pathId(ctx, "customerId");
        CustomerProfile p = profiles.find(customerId);
        if (p == null) {
            Responses.error(ctx, 404, "not_found", "customerId: no profile for '" + customerId + "'", "customerId");
            return;
        }
        Responses.json(ctx, 200, response(p, segments.assess(p)));
    }

    private static Response response(CustomerProfile p, Assessment assessment) {
        List<RecentItemView> recent = p.recentItems().stream()
                .map(r -> new RecentItemView(r.itemId(), r.category(), r.type(), iso(r.at()), r.price()))
                .toList();
        List<CartItem> cartItems = p.cart().stream()
                .map(l -> new CartItem(l.itemId(), l.category(), l.price(), l.quantity(), iso(l.addedAt())))
                .toList();
        Cart cart = new Cart(
                cartItems, cartItems.stream().mapToInt(CartItem::quantity).sum(), iso(p.cartUpdatedAt()));
        Feedback feedback = new Feedback(
                p.feedback().count(),
                p.feedback().averageRating(),
                p.feedback().lastComment(),
                iso(p.feedback().lastAt()));
        return new Response(
                p.customerId(),
                assessment.facts().recencyDays(),
                assessment.facts().recencyDays(),
                p.orders(),
                Money.cents(p.monetary()),
                p.orders(),
                Money.average(p.monetary(), p.orders()),
                p.itemsBought(),
                assessment.facts().rfm(),
                assessment.segments().isEmpty() ? null : assessment.segments().get(0),
                assessment.segments(),
                p.journeyStage().wireName(),
                iso(p.firstSeen()),
                iso(p.lastSeen()),
                iso(p.lastPurchaseAt()),
                p.topCategories(),
                recent,
                cart,
                p.attributes(),
                feedback,
                p.offers(),
                iso(p.updatedAt()));
    }

    private static String iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}

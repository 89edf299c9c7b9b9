package io.rapport.rank;

import io.rapport.rank.PersonalRecommender.Settings;

/** What the customer did with a source item: its weight and how a reason names it. */
enum SourceKind {
    BOUGHT,
    CARTED,
    VIEWED;

    double weight(Settings settings) {
        return switch (this) {
            case BOUGHT -> 1.0;
            case CARTED -> settings.cartWeight();
            case VIEWED -> settings.viewWeight();
        };
    }

    String because(String name) {
        return switch (this) {
            case BOUGHT -> "because you bought " + name;
            case CARTED -> "because you added " + name + " to your cart";
            case VIEWED -> "because you viewed " + name;
        };
    }

    /** Said after the evidence of a candidate that is itself one of the customer's items of this kind. */
    String too() {
        return switch (this) {
            case BOUGHT -> "; you bought it too";
            case CARTED -> "; you added it to your cart too";
            case VIEWED -> "; you viewed it too";
        };
    }

    /** The kind of a profile's recent item type, null for one that is not a browsing source. */
    static SourceKind browsing(String type) {
        return switch (type == null ? "" : type) {
            case "view" -> VIEWED;
            case "add_to_cart" -> CARTED;
            default -> null;
        };
    }
}

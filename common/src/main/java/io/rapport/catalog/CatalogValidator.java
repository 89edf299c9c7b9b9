package io.rapport.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /v1/catalog}: one catalogue record or a JSON array of at most
 * {@value #MAX_ITEMS}, refused whole at the first broken rule with an {@link InvalidEventException}
 * naming the field ({@code items[1].price: must be a finite number >= 0}).
 *
 * <p>Rules: {@code itemId} and {@code category} are ids (1–{@code maxIdLength} characters, no
 * control characters), the {@code itemId} also as an event's item id is (not blank, no line separator or
 * noncharacter, not {@code .} or {@code ..}: {@code GET /v1/catalog/{itemId}} can name it); {@code name} is text of 1–{@code maxTextLength} characters without control
 * characters; {@code price} a finite number from 0 to {@code maxPrice}, as an event's; {@code
 * inStock} a boolean. All five are required; unknown fields are ignored. A repeated itemId in one
 * body: the last record wins, as it would on the compacted topic.
 */
public final class CatalogValidator {
    public static final int MAX_ITEMS = 1_000;

    private final Limits limits;

    public CatalogValidator(Limits limits) {
        this.limits = limits;
    }

    /** The records of a body: an object is one record (field paths unprefixed), an array many. */
    public List<CatalogItem> records(JsonNode body) {
        if (body != null && body.isObject()) {
            return List.of(record(body, ""));
        }
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw new InvalidEventException("items", "must be a catalogue record or a non-empty JSON array of them");
        }
        if (body.size() > MAX_ITEMS) {
            throw InvalidEventException.tooLarge("items", "has more than " + MAX_ITEMS + " records");
        }
        List<CatalogItem> records = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            records.add(record(body.get(i), "items[" + i + "]."));
        }
        return records;
    }

    /** One record; {@code prefix} (empty or {@code items[i].}) goes before the field names. */
    public CatalogItem record(JsonNode node, String prefix) {
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(
                    prefix.isEmpty() ? "items" : prefix.substring(0, prefix.length() - 1), "must be an object");
        }
        String itemId = Limits.checkAddressable(
                prefix + "itemId",
                Limits.checkIdText(prefix + "itemId", text(node, prefix, "itemId", limits.maxIdLength())));
        String name = text(node, prefix, "name", limits.maxTextLength());
        String category = text(node, prefix, "category", limits.maxIdLength());
        JsonNode price = node.get("price");
        if (price == null || price.isNull()) {
            throw new InvalidEventException(prefix + "price", "is required");
        }
        if (!price.isNumber() || !Double.isFinite(price.asDouble()) || price.asDouble() < 0) {
            throw new InvalidEventException(prefix + "price", "must be a finite number >= 0");
        }
        limits.checkPrice(prefix + "price", price.asDouble());
        JsonNode inStock = node.get("inStock");
        if (inStock == null || inStock.isNull()) {
            throw new InvalidEventException(prefix + "inStock", "is required");
        }
        if (!inStock.isBoolean()) {
            throw new InvalidEventException(prefix + "inStock", "must be true or false");
        }
        return new CatalogItem(itemId, name, category, price.asDouble(), inStock.asBoolean());
    }

    private static String text(JsonNode node, String prefix, String name, int maxLength) {
        JsonNode value = node.get(name);
        String field = prefix + name;
        if (value == null || value.isNull()) {
            throw new InvalidEventException(field, "is required");
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(field, "must be a string");
        }
        String text = value.asText();
        if (text.isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        if (Limits.longerThan(text, maxLength)) {
            throw new InvalidEventException(field, "is longer than " + maxLength + " characters");
        }
        Limits.checkPrintable(field, text, false);
        return text;
    }
}

package io.rapport.copurchase;

import java.util.List;

/** The items a customer bought (that take part in counting), in the order first bought. */
public record CustomerItems(String customerId, List<String> items) {}

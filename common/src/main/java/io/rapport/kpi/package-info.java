/**
 * Conversion KPIs: the minute, hour and day {@link io.rapport.kpi.KpiPane}s ({@link
 * io.rapport.kpi.PaneSize}) the KPI job publishes on the compacted {@code kpis} topic, their exact
 * roll-up into a window ({@link io.rapport.kpi.KpiRollup}, {@link io.rapport.kpi.KpiReport}) or a
 * campaign's period ({@link io.rapport.kpi.PaneTiling}) and the uplift interval ({@link
 * io.rapport.kpi.Uplift}).
 *
 * <h2>Event conventions the KPIs rely on</h2>
 *
 * <p>Both ride on the wire format's rule that unknown fields are kept on the events topic.
 *
 * <ul>
 *   <li><b>Holdout (control group).</b> When the offers engine holds an offer out for a customer
 *       (PRODUCT.md, {@code holdoutPercent}) it emits an {@code offer_impression} for that offer
 *       and customer with {@code "holdout": true}, meaning "would have been shown, but was held
 *       out". Such an event is not an impression: it only puts the customer in the offer's
 *       control group. Every other {@code offer_impression} (field absent or {@code false}) is a
 *       real impression and puts the customer in the treated group ({@code holdout} is a JSON
 *       boolean or null; {@code "true"}, {@code 1} and the like are refused). A customer belongs to the
 *       group of their first exposure to the offer.
 *   <li><b>Recommendations.</b> An {@code offer_impression} or {@code offer_click} that carries a
 *       {@code "recommendationId"} field (any id of the served list) is a recommendation
 *       impression or click, not an offer one; its {@code offerId} names the placement (e.g.
 *       {@code also-bought}, {@code home-recs}). A click names the clicked item in {@code itemId}
 *       (or as the one item of {@code items}, when it gives no {@code itemId}).
 *       A purchase line of that item by the same customer within the attribution window after
 *       the click (default 24 h) is attributed revenue.
 * </ul>
 *
 * <h2>Definitions</h2>
 *
 * <p>Every count is exact over the window in event time; an eventId counts once. {@code orders}
 * counts distinct orderIds; {@code revenue} sums price × quantity of purchases; {@code aov} is
 * revenue / orders. A treated or control customer is counted in the window that holds their first
 * exposure to the offer, and has converted when they made a purchase within the conversion window
 * (default 7 days) after it; so {@code converted ≤ customers} in every window.
 */
package io.rapport.kpi;

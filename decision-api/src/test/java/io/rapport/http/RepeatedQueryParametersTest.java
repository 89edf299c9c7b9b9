package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.Totals;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.KpiPanes;
import io.rapport.testing.Snapshots;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A query parameter that takes one value, given twice, is a 400 naming it on every route that
 * reads it (as {@code limit} always was), even when both values agree; none silently wins. Each
 * case is accepted with the parameter given once.
 */
class RepeatedQueryParametersTest extends ApiTestBase {

    @Override
    protected void fill(Views views) {
        KpiPanes.fill(views);
        views.totals().put(new Totals(1000));
        views.items()
                .put(Snapshots.item("whole milk", 300).neighbour("butter", 40).build());
        views.items().put(Snapshots.item("butter", 60).build());
        views.customers().put(new CustomerItems("c-1", List.of("butter")));
    }

    @ParameterizedTest(name = "{0} twice on {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "window           | /v1/kpis?                                       | 1h   | 2h",
                "window           | /v1/kpis?                                       | 1h   | 1h",
                "limit            | /v1/items/whole%20milk/also-bought?             | 1    | 5",
                "customerId       | /v1/items/whole%20milk/also-bought?             | c-1  | c-2",
                "customerId       | /v1/items/whole%20milk/also-viewed?             | c-1  | c-2",
                "channel          | /v1/customers/c-1/next-best-actions?            | app  | web",
                "limit            | /v1/customers/c-1/next-best-actions?channel=app& | 1    | 2",
                "excludePurchased | /v1/items/whole%20milk/also-bought?             | true | false",
                "inStock          | /v1/customers/c-1/recommendations?              | true | false",
                "maxPerCategory   | /v1/customers/c-1/recommendations?              | 1    | 2"
            })
    void singleValuedParameterGivenTwice_isRefusedNamingIt(
            String name, String route, String first, String second, VertxTestContext testContext) {
        get(route + name + "=" + first)
                .send()
                .compose(once -> {
                    testContext.verify(() -> assertThat(once.statusCode())
                            .as(once.bodyAsString())
                            .isEqualTo(200));
                    return get(route + name + "=" + first + "&" + name + "=" + second)
                            .send();
                })
                .onComplete(testContext.succeeding(twice -> testContext.verify(() -> {
                    assertThat(twice.statusCode()).isEqualTo(400);
                    JsonObject error = twice.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("field")).isEqualTo(name);
                    assertThat(error.getString("message")).isEqualTo(name + ": must be given once");
                    testContext.completeNow();
                })));
    }
}

package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ViewsLoadingGateTest {
    @ParameterizedTest
    @CsvSource({
        "POST,/v1/events,true",
        "GET,/health/ready,true",
        "GET,/health/live,true",
        "GET,/metrics,true",
        "GET,/dashboard,true",
        "GET,/v1/items/milk/also-bought,false",
        "GET,/v1/items/milk/stats,false",
        "GET,/v1/customers/c-1/profile,false",
        "GET,/v1/customers/c-1/recommendations,false",
        "GET,/v1/customers/c-1/next-best-actions,false",
        "DELETE,/v1/customers/c-1,false",
        "GET,/v1/kpis,false",
        "GET,/v1/dashboard/summary,false",
        "PUT,/v1/offers,false",
        "GET,/v1/events,false",
    })
    void whileTheViewsLoad_onlyEventsHealthMetricsAndThePageAnswer(String method, String path, boolean passes) {
        assertThat(ViewsLoadingGate.passesWhileLoading(HttpMethod.valueOf(method), path))
                .isEqualTo(passes);
    }
}

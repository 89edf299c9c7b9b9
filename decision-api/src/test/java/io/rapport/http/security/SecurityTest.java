package io.rapport.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.store.Views;
import io.rapport.testing.RecordingPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys, roles, rate limiting and CORS against the real router on in-memory views. */
@ExtendWith(VertxExtension.class)
class SecurityTest {
    static final String CLIENT = "client-key-0123456789";
    static final String ADMIN = "admin-key-0123456789ab";
    static final SecurityConfig KEYS = SecurityConfig.OPEN
            .withKeys(ApiKeys.of(List.of(CLIENT), List.of(ADMIN)))
            .withPublicMetrics(false);

    private final Views views = Views.empty();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private DecisionApi api;
    private WebClient client;

    private Future<DecisionApi> deploy(Vertx vertx, SecurityConfig security) {
        client = WebClient.create(vertx);
        return DecisionApi.start(vertx, ApiConfig.of(0, null), views, publisher, security)
                .onSuccess(a -> api = a);
    }

    @AfterEach
    void close(Vertx vertx) throws Exception {
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private HttpRequest<Buffer> req(HttpMethod method, String uri, String key) {
        HttpRequest<Buffer> r = client.request(method, api.port(), "localhost", uri);
        return key == null ? r : r.putHeader("Authorization", "Bearer " + key);
    }

    private static String event() {
        return "{\"eventId\":\"s-1\",\"type\":\"view\",\"customerId\":\"c-1\",\"timestamp\":\"" + Instant.now()
                + "\",\"items\":[{\"itemId\":\"milk\"}]}";
    }

    private static void assertError(HttpResponse<Buffer> resp, int status, String code) {
        assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(status);
        assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
        assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    @Test
    void dashboardPageIsOpen_butItsDataNeedsAKey(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, KEYS)
                .compose(a -> req(HttpMethod.GET, "/dashboard", null).send())
                .compose(page -> {
                    ctx.verify(() -> {
                        assertThat(page.statusCode()).isEqualTo(200);
                        assertThat(page.bodyAsString()).contains("X-API-Key").contains("sessionStorage");
                    });
                    return req(HttpMethod.GET, "/v1/dashboard/summary", null).send();
                })
                .compose(summary -> {
                    ctx.verify(() -> assertError(summary, 401, "unauthorized"));
                    return req(HttpMethod.DELETE, "/dashboard", null).send();
                })
                .onComplete(ctx.succeeding(other -> ctx.verify(() -> {
                    assertError(other, 401, "unauthorized");
                    ctx.completeNow();
                })));
    }

    @Test
    void withoutOrWithAnUnknownKeyEveryRouteButHealthIs401(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, KEYS)
                .compose(a -> req(HttpMethod.GET, "/v1/items/milk/stats", null).send())
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 401, "unauthorized");
                        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
                    });
                    return req(HttpMethod.GET, "/v1/items/milk/stats", "not-a-key-but-long-enough")
                            .send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 401, "unauthorized");
                        assertThat(r.bodyAsString()).doesNotContain("not-a-key");
                    });
                    return req(HttpMethod.POST, "/v1/events", null).sendBuffer(Buffer.buffer(event()));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 401, "unauthorized");
                        assertThat(publisher.published()).isEmpty();
                    });
                    return req(HttpMethod.GET, "/metrics", null).send();
                })
                .compose(r -> {
                    ctx.verify(() -> assertError(r, 401, "unauthorized"));
                    return req(HttpMethod.GET, "/health/live", null).send();
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(200));
                    return req(HttpMethod.GET, "/health/ready", null).send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(503); // not caught up, but answered without a key
                    ctx.completeNow();
                })));
    }

    @Test
    void clientKeysReadAndPostEventsButAdminRoutesAre403(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, KEYS)
                .compose(
                        a -> req(HttpMethod.GET, "/v1/items/milk/stats", CLIENT).send())
                .compose(r -> {
                    ctx.verify(() -> assertError(r, 404, "not_found"));
                    return client.post(api.port(), "localhost", "/v1/events")
                            .putHeader("X-API-Key", CLIENT)
                            .sendBuffer(Buffer.buffer(event()));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
                        assertThat(publisher.published()).hasSize(1);
                    });
                    return req(HttpMethod.PUT, "/v1/offers", CLIENT).sendBuffer(Buffer.buffer("[]"));
                })
                .compose(r -> {
                    ctx.verify(() -> assertError(r, 403, "forbidden"));
                    return req(HttpMethod.DELETE, "/v1/customers/c-1", CLIENT).send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 403, "forbidden");
                        assertThat(publisher.published()).hasSize(1);
                    });
                    return req(HttpMethod.DELETE, "/v1/customers/c-1", ADMIN).send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(202);
                        assertThat(publisher.published()).hasSize(2);
                    });
                    return req(HttpMethod.PUT, "/v1/offers", ADMIN).sendBuffer(Buffer.buffer("[]"));
                })
                .compose(r -> {
                    ctx.verify(() ->
                            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200));
                    return req(HttpMethod.GET, "/metrics", CLIENT).send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    void anEraseEventPostedWithAClientKey_is403NamingIt_andNothingIsPublished(Vertx vertx, VertxTestContext ctx) {
        String erase = "{\"eventId\":\"x-1\",\"type\":\"erase\",\"customerId\":\"c-1\",\"timestamp\":\"" + Instant.now()
                + "\"}";
        deploy(vertx, KEYS)
                .compose(a -> req(HttpMethod.POST, "/v1/events", CLIENT)
                        .sendBuffer(Buffer.buffer(" [" + event() + "," + erase + "]")))
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 403, "forbidden");
                        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
                        assertThat(error.getString("field")).isEqualTo("events[1].type");
                        assertThat(error.getString("message")).contains("needs an admin key");
                        assertThat(publisher.published())
                                .as("the batch is refused whole")
                                .isEmpty();
                    });
                    return req(HttpMethod.POST, "/v1/events", CLIENT).sendBuffer(Buffer.buffer(erase));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 403, "forbidden");
                        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("field"))
                                .isEqualTo("type");
                        assertThat(publisher.published()).isEmpty();
                    });
                    return req(HttpMethod.POST, "/v1/events", ADMIN).sendBuffer(Buffer.buffer(erase));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
                    assertThat(publisher.published()).hasSize(1);
                    ctx.completeNow();
                })));
    }

    @Test
    void pathTricksDoNotReachAnAdminRouteWithAClientKey(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, KEYS)
                .compose(
                        a -> req(HttpMethod.PUT, "/health/../v1/offers", CLIENT).sendBuffer(Buffer.buffer("[]")))
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isIn(403, 404));
                    return req(HttpMethod.PUT, "//v1/offers", CLIENT).sendBuffer(Buffer.buffer("[]"));
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isIn(400, 403, 404));
                    return req(HttpMethod.DELETE, "/health/%2e%2e/v1/customers/c-1", null)
                            .send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isIn(400, 401, 404);
                    assertThat(publisher.published()).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void overTheRateLimitA429WithRetryAfterPerKey(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, KEYS.withRateLimit(0.5, 3))
                .compose(a -> req(HttpMethod.GET, "/v1/segments", CLIENT).send())
                .compose(r -> req(HttpMethod.GET, "/v1/segments", CLIENT).send())
                .compose(r -> req(HttpMethod.GET, "/v1/segments", CLIENT).send())
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(200));
                    return req(HttpMethod.GET, "/v1/segments", CLIENT).send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 429, "rate_limited");
                        assertThat(Long.parseLong(r.getHeader("Retry-After"))).isBetween(1L, 2L);
                    });
                    // another key has its own bucket; health is never limited
                    return req(HttpMethod.GET, "/v1/segments", ADMIN).send();
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(200));
                    return req(HttpMethod.GET, "/health/live", CLIENT).send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    void requestsWithoutAValidKey_spendTheirAddresssBucket_soKeysCannotBeGuessedAtAnyRate(
            Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, KEYS.withRateLimit(0.5, 3))
                .compose(a -> req(HttpMethod.GET, "/v1/segments", "guess-1").send())
                .compose(r -> req(HttpMethod.GET, "/v1/segments", null).send())
                .compose(r -> req(HttpMethod.GET, "/v1/segments", "guess-2").send())
                .compose(r -> {
                    ctx.verify(() -> assertError(r, 401, "unauthorized"));
                    return req(HttpMethod.GET, "/v1/segments", "guess-3").send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 429, "rate_limited");
                        assertThat(r.getHeader("Retry-After")).isNotNull();
                    });
                    return req(HttpMethod.GET, "/v1/segments", null).send();
                })
                .compose(r -> {
                    ctx.verify(() -> assertError(r, 429, "rate_limited"));
                    // a valid key has its own bucket
                    return req(HttpMethod.GET, "/v1/segments", CLIENT).send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    void openModeLimitsPerAddressAndLetsEverythingThrough(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, SecurityConfig.OPEN.withRateLimit(0.5, 1))
                .compose(a -> req(HttpMethod.DELETE, "/v1/customers/c-9", null).send())
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(202));
                    return req(HttpMethod.GET, "/v1/segments", null).send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertError(r, 429, "rate_limited");
                    ctx.completeNow();
                })));
    }

    @Test
    void behindATrustedProxy_eachForwardedClientHasItsOwnBucket_andOthersCannotForgeOne(
            Vertx vertx, VertxTestContext ctx) {
        // the test client connects from the loopback address, here the trusted proxy
        deploy(
                        vertx,
                        SecurityConfig.OPEN
                                .withRateLimit(0.5, 1)
                                .withTrustedProxies(TrustedProxies.parse("127.0.0.1, ::1")))
                .compose(a -> req(HttpMethod.GET, "/v1/segments", null)
                        .putHeader("X-Forwarded-For", "203.0.113.1")
                        .send())
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(200));
                    return req(HttpMethod.GET, "/v1/segments", null)
                            .putHeader("X-Forwarded-For", "203.0.113.2")
                            .send();
                })
                .compose(r -> {
                    ctx.verify(() ->
                            assertThat(r.statusCode()).as("another client").isEqualTo(200));
                    return req(HttpMethod.GET, "/v1/segments", null)
                            .putHeader("X-Forwarded-For", "198.51.100.9, 203.0.113.1")
                            .send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    // a client's own X-Forwarded-For (left of what the proxy appended) changes nothing
                    assertError(r, 429, "rate_limited");
                    ctx.completeNow();
                })));
    }

    @Test
    void corsAllowsOnlyTheConfiguredOrigins(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, KEYS.withCorsOrigins(List.of("https://shop.example")))
                .compose(a -> client.request(HttpMethod.OPTIONS, api.port(), "localhost", "/v1/kpis")
                        .putHeader("Origin", "https://shop.example")
                        .putHeader("Access-Control-Request-Method", "GET")
                        .putHeader("Access-Control-Request-Headers", "authorization")
                        .send())
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isIn(200, 204);
                        assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
                    });
                    return req(HttpMethod.GET, "/v1/segments", CLIENT)
                            .putHeader("Origin", "https://shop.example")
                            .send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(200);
                        assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
                    });
                    return req(HttpMethod.GET, "/v1/segments", CLIENT)
                            .putHeader("Origin", "https://evil.example")
                            .send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertError(r, 403, "forbidden");
                        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("field"))
                                .isEqualTo("Origin");
                        assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
                        assertThat(r.headers().getAll("Vary")).containsExactly("Origin");
                        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
                    });
                    return req(HttpMethod.GET, "/health/ready", null)
                            .putHeader("Origin", "https://evil.example")
                            .send();
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode())
                                .as("health is open to any origin")
                                .isIn(200, 503);
                        assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
                    });
                    return req(HttpMethod.GET, "/health/ready", null)
                            .putHeader("Origin", "https://shop.example")
                            .send();
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isIn(200, 503);
                    assertThat(r.getHeader("Access-Control-Allow-Origin"))
                            .as("an allowed origin's page can read health")
                            .isEqualTo("https://shop.example");
                    ctx.completeNow();
                })));
    }

    @Test
    void keysAreCheckedByDigestAndNeverPrinted() {
        ApiKeys keys = ApiKeys.of(List.of(CLIENT), List.of(ADMIN));
        assertThat(keys.authenticate(CLIENT))
                .get()
                .extracting(ApiKeys.Caller::role)
                .isEqualTo(Role.CLIENT);
        assertThat(keys.authenticate(ADMIN))
                .get()
                .extracting(ApiKeys.Caller::role)
                .isEqualTo(Role.ADMIN);
        assertThat(keys.authenticate(CLIENT + "x")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(CLIENT).get().keyId()).hasSize(12).doesNotContain("client");
        assertThat(keys.toString()).doesNotContain(CLIENT);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ApiKeys.of(List.of("short"), List.of())))
                .hasMessageNotContaining("short")
                .hasMessageContaining("16");
    }

    @Test
    void environmentAndKeyFileAreRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("keys");
        java.nio.file.Files.writeString(
                file, "# keys\nadmin: file-admin-key-0123456789\n\nclient:file-client-key-0123456\n");
        SecurityConfig config = SecurityConfig.fromEnvironment(java.util.Map.of(
                "RAPPORT_API_KEYS_FILE",
                file.toString(),
                "RAPPORT_CLIENT_KEYS",
                CLIENT + ", ",
                "RAPPORT_RATE_LIMIT",
                "50",
                "RAPPORT_CORS_ORIGINS",
                "https://a.example, https://b.example"));
        assertThat(config.keys().size()).isEqualTo(3);
        assertThat(config.keys().authenticate("file-admin-key-0123456789"))
                .get()
                .extracting(ApiKeys.Caller::role)
                .isEqualTo(Role.ADMIN);
        assertThat(config.ratePerSecond()).isEqualTo(50);
        assertThat(config.rateBurst()).isEqualTo(100);
        assertThat(config.corsOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.publicMetrics()).isFalse();
        assertThat(SecurityConfig.fromEnvironment(java.util.Map.of()).keys().open())
                .isTrue();
    }

    @Test
    void eventKey_isTheFirstClientKey_elseTheFirstAdminKey_elseNone(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("keys");
        java.nio.file.Files.writeString(file, "admin: file-admin-key-0123456789\nclient: file-client-key-0123456\n");
        assertThat(ApiKeys.eventKey(
                        java.util.Map.of("RAPPORT_API_KEYS_FILE", file.toString(), "RAPPORT_CLIENT_KEYS", CLIENT)))
                .contains(CLIENT);
        assertThat(ApiKeys.eventKey(java.util.Map.of("RAPPORT_API_KEYS_FILE", file.toString())))
                .contains("file-client-key-0123456");
        assertThat(ApiKeys.eventKey(java.util.Map.of("RAPPORT_ADMIN_KEYS", "admin-key-0123456789ab")))
                .contains("admin-key-0123456789ab");
        assertThat(ApiKeys.eventKey(java.util.Map.of())).isEmpty();
    }

    @Test
    void publicMetrics_isTrueOrFalse_andAnythingElseIsRefusedNamingTheVariable() {
        assertThat(SecurityConfig.fromEnvironment(java.util.Map.of("RAPPORT_PUBLIC_METRICS", "TRUE"))
                        .publicMetrics())
                .isTrue();
        assertThat(SecurityConfig.fromEnvironment(java.util.Map.of("RAPPORT_PUBLIC_METRICS", "false"))
                        .publicMetrics())
                .isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> SecurityConfig.fromEnvironment(java.util.Map.of("RAPPORT_PUBLIC_METRICS", "maybe"))))
                .hasMessage("RAPPORT_PUBLIC_METRICS: must be true or false, not maybe");
    }

    @Test
    void aBadOriginOrBurst_isRefusedNamingTheVariable_beforeAnythingStarts() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SecurityConfig.fromEnvironment(
                        java.util.Map.of("RAPPORT_CORS_ORIGINS", "https://a.example, not an origin"))))
                .hasMessage("RAPPORT_CORS_ORIGINS: 'not an origin' is not an origin: expected scheme://host[:port],"
                        + " e.g. https://shop.example, or *");
        assertThat(SecurityConfig.fromEnvironment(java.util.Map.of("RAPPORT_CORS_ORIGINS", "*, http://localhost:3000"))
                        .corsOrigins())
                .containsExactly("*", "http://localhost:3000");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> SecurityConfig.fromEnvironment(java.util.Map.of("RAPPORT_RATE_BURST", "0.5"))))
                .hasMessage("RAPPORT_RATE_BURST: must be a number ≥ 1, not 0.5");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> SecurityConfig.fromEnvironment(java.util.Map.of("RAPPORT_RATE_BURST", "abc"))))
                .as("the same bound whatever is wrong")
                .hasMessage("RAPPORT_RATE_BURST: must be a number ≥ 1, not abc");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> SecurityConfig.fromEnvironment(java.util.Map.of("RAPPORT_RATE_LIMIT", "-1"))))
                .hasMessage("RAPPORT_RATE_LIMIT: must be a number ≥ 0, not -1");
    }

    @Test
    void tokenBucketRefillsAtTheConfiguredRate() {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(2, 2, () -> now[0]);
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isEqualTo(1);
        assertThat(limiter.acquire("other")).isZero();
        now[0] += 500_000_000L;
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isEqualTo(1);
    }
}

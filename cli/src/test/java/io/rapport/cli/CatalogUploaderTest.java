package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogUploaderTest {
    private HttpServer server;
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int refuseFromBatch = Integer.MAX_VALUE;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/catalog", exchange -> {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
            batchSizes.add(body.size());
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            boolean refuse = batchSizes.size() >= refuseFromBatch;
            byte[] answer = (refuse
                            ? "{\"error\":\"invalid_catalog\",\"message\":\"items[3].price: must be a number >= 0\"}"
                            : "{\"accepted\":" + body.size() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refuse ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static List<JsonNode> records(int n) {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(Json.mapper().createObjectNode().put("itemId", "i-" + i).put("name", "Item " + i));
        }
        return records;
    }

    @Test
    void upload_postsBatchesOfAtMostAThousand_withTheKey() throws Exception {
        long accepted = new CatalogUploader(url(), "admin-key").upload(records(2_500));

        assertThat(accepted).isEqualTo(2_500);
        assertThat(batchSizes).containsExactly(1_000, 1_000, 500);
        assertThat(authorizations).containsOnly("Bearer admin-key");
    }

    @Test
    void upload_withoutAKey_sendsNoAuthorization() throws Exception {
        new CatalogUploader(url(), null).upload(records(3));
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void refusedBatch_stopsTheUpload_withTheApisReason() {
        refuseFromBatch = 2;
        assertThatThrownBy(() -> new CatalogUploader(url(), null).upload(records(2_500)))
                .hasMessageContaining("records 1001-2000 refused with 400")
                .hasMessageContaining("items[3].price");
        assertThat(batchSizes).containsExactly(1_000, 1_000);
    }

    @Test
    void records_readAJsonArray_orOneObjectPerLine_andNameABrokenLine() throws Exception {
        assertThat(CatalogUploader.records("[{\"itemId\":\"a\"},{\"itemId\":\"b\"}]"))
                .hasSize(2);
        assertThat(CatalogUploader.records("{\"itemId\":\"a\"}\n\n{\"itemId\":\"b\"}\n"))
                .hasSize(2);
        assertThatThrownBy(() -> CatalogUploader.records("{\"itemId\":\"a\"}\n{oops\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2 is not JSON: ")
                .hasNoCause();
        assertThatThrownBy(() -> CatalogUploader.records("{\"itemId\":\"a\"}\n{\"itemId\":\"b\",\n"))
                .hasMessage("line 2 is not JSON: Unexpected end-of-input within/between Object entries");
    }

    @Test
    void aSecondValueOnALine_orAfterTheArray_isRefused_notDropped() {
        assertThatThrownBy(() -> CatalogUploader.records("{\"itemId\":\"a\"} {\"itemId\":\"b\"}"))
                .hasMessage(
                        "line 1 is not JSON: more follows the first JSON value (one record per line, or one array)");
        assertThatThrownBy(() -> CatalogUploader.records("[{\"itemId\":\"a\"}] {\"itemId\":\"b\"}"))
                .hasMessageStartingWith("the JSON array is not valid JSON: more follows the first JSON value");
    }

    @Test
    void anUnclosedArray_isSaidWithoutTheParsersLocationNote() {
        assertThatThrownBy(() -> CatalogUploader.records("[{\"itemId\":\"a\"},\n{\"itemId\":\"b\"}"))
                .hasMessage("the JSON array is not valid JSON: Unexpected end-of-input: expected close marker for"
                        + " Array (line 2, column 15)");
    }

    @Test
    void aBrokenArray_isRefusedInOneLine_sayingWhere() {
        assertThatThrownBy(() -> CatalogUploader.records("[{\"itemId\":\"a\"},\n{\"itemId\": ]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the JSON array is not valid JSON: ")
                .hasMessageEndingWith("(line 2, column 12)")
                .hasNoCause();
    }
}

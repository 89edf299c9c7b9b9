package io.rapport.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without a reachable broker, every batch is refused in bounded time, however many are queued. */
class KafkaEventPublisherTest {
    @Test
    void kafkaUnreachable_everyQueuedBatchFailsWithinAboutTheBlockTime() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Vertx vertx = Vertx.vertx();
        KafkaEventPublisher publisher = new KafkaEventPublisher(vertx, "localhost:" + deadPort);
        try {
            List<Event> batch = new ArrayList<>();
            EventParser parser = new EventParser();
            for (int i = 0; i < 10; i++) {
                batch.add(parser.parse(("{\"eventId\":\"e-" + i + "\",\"type\":\"search\",\"customerId\":\"c-" + i
                                + "\",\"timestamp\":0,\"query\":\"tea\"}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                CompletableFuture<Long> answered = new CompletableFuture<>();
                vertx.runOnContext(v -> publisher
                        .publish(batch)
                        .onComplete(r -> answered.complete(r.failed() ? (System.nanoTime() - t0) / 1_000_000 : -1L)));
                answers.add(answered);
            }
            for (CompletableFuture<Long> answered : answers) {
                long millis = answered.get(30, TimeUnit.SECONDS);
                assertThat(millis).as("failed, and soon (ms)").isBetween(0L, 5_000L);
            }
        } finally {
            Future<Void> closed = vertx.executeBlocking(() -> {
                publisher.close();
                return null;
            });
            closed.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}

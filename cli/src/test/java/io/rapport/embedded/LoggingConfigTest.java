package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded stack's {@code log4j2.properties} (the file {@code ./rapport up} logs with): the
 * notices every start and clean stop gives are dropped, the same loggers' other warnings are not.
 * The messages are those Kafka 4.0 and Flink 2.0.1 logged on a start and SIGTERM of {@code ./rapport
 * up}.
 */
class LoggingConfigTest {
    private static LoggerContext context;
    private static Configuration config;

    @BeforeAll
    static void loadTheStacksConfiguration() throws IOException {
        Path file = Path.of("src/main/resources/log4j2.properties");
        context = new LoggerContext("logging-config-test");
        try (InputStream in = Files.newInputStream(file)) {
            config = new PropertiesConfigurationFactory()
                    .getConfiguration(context, new ConfigurationSource(in, file.toFile()));
        }
        config.initialize();
    }

    @AfterAll
    static void stop() {
        config.stop();
        context.stop();
    }

    /** Whether the configuration lets an event of that logger, level and message through. */
    private static boolean logged(String logger, Level level, String message) {
        LoggerConfig loggerConfig = config.getLoggerConfig(logger);
        if (!level.isMoreSpecificThan(loggerConfig.getLevel())) {
            return false;
        }
        return !loggerConfig.isFiltered(Log4jLogEvent.newBuilder()
                .setLoggerName(logger)
                .setLevel(level)
                .setMessage(new SimpleMessage(message))
                .build());
    }

    @Test
    void shouldDropKafkasDoubleCloseOnShutdownButKeepItsConnectionWarnings() {
        String client = "org.apache.kafka.clients.NetworkClient";
        assertThat(logged(
                        client,
                        Level.WARN,
                        "[NodeToControllerChannelManager id=1 name=registration] Attempting to close"
                                + " NetworkClient that has already been closed."))
                .isFalse();
        assertThat(logged(
                        client,
                        Level.WARN,
                        "[Producer clientId=producer-1] Connection to node 1 (localhost/127.0.0.1:9092)"
                                + " could not be established. Node may not be available."))
                .isTrue();
        assertThat(logged(client, Level.INFO, "[Consumer clientId=c] Node 1 disconnected."))
                .isFalse();
    }

    @Test
    void shouldDropTheControllersActivationNoticeButKeepItsOtherWarnings() {
        String controller = "org.apache.kafka.controller.QuorumController";
        assertThat(logged(controller, Level.WARN, "[QuorumController id=1] Performing controller activation."))
                .as("a restart")
                .isFalse();
        assertThat(logged(
                        controller,
                        Level.WARN,
                        "[QuorumController id=1] Performing controller activation. The metadata log appears"
                                + " to be empty. Appending 3 bootstrap record(s) in metadata transaction at"
                                + " metadata.version 4.0-IV3."))
                .as("the first start")
                .isFalse();
        assertThat(logged(
                        controller,
                        Level.WARN,
                        "[QuorumController id=1] Renouncing the leadership due to" + " a metadata log event."))
                .isTrue();
    }

    @Test
    void shouldDropFlinksTruncatedOperatorNamesButKeepItsOtherMetricWarnings() {
        String metrics = "org.apache.flink.runtime.metrics.util.MetricUtils";
        assertThat(logged(
                        metrics,
                        Level.WARN,
                        "The operator name Source: events -> parse offer outcomes -> watermarks -> offer"
                                + " outcomes and erasures exceeded the 80 characters length limit and was"
                                + " truncated."))
                .isFalse();
        assertThat(logged(
                        metrics,
                        Level.WARN,
                        "Could not start MetricDumpActor. No metrics will be submitted" + " to the WebInterface."))
                .isTrue();
    }

    @Test
    void shouldDropFlinksLastCommandToAStoppedEndpointButKeepItsOtherWarnings() {
        String rpc = "org.apache.flink.runtime.rpc.RpcEndpoint$MainThreadExecutor";
        assertThat(logged(
                        rpc,
                        Level.WARN,
                        "The scheduled executor service is shutdown and ignores the command"
                                + " org.apache.flink.runtime.rpc.RpcEndpoint$MainThreadExecutor$$Lambda/0x1@2a3b"))
                .as("seen once in 11 clean stops")
                .isFalse();
        assertThat(logged(rpc, Level.WARN, "Some other warning")).isTrue();
    }

    @Test
    void shouldKeepOnlyErrorsOfFlinksTokenManagerAndWebLogLookup() {
        String tokens = "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager";
        assertThat(logged(tokens, Level.WARN, "No tokens obtained so skipping notifications"))
                .isFalse();
        assertThat(logged(tokens, Level.ERROR, "Failed to obtain delegation tokens"))
                .isTrue();
        String webLog = "org.apache.flink.runtime.webmonitor.WebMonitorUtils";
        assertThat(logged(webLog, Level.WARN, "Log file environment variable 'log.file' is not set."))
                .isFalse();
    }

    @Test
    void shouldKeepRapportsOwnInfoAndEveryoneElsesWarnings() {
        assertThat(logged("io.rapport.embedded.EmbeddedKafkaBroker", Level.INFO, "Kafka broker stopped"))
                .isTrue();
        assertThat(logged(
                        "io.rapport.http.SecurityHandler",
                        Level.WARN,
                        "No API keys configured: the API is open to anyone who can reach it"))
                .isTrue();
        assertThat(logged("org.apache.flink.runtime.checkpoint.CheckpointCoordinator", Level.WARN, "x"))
                .isTrue();
        assertThat(logged("org.apache.flink.runtime.checkpoint.CheckpointCoordinator", Level.INFO, "x"))
                .isFalse();
    }
}

package io.rapport.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rapport.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the deployment material of this module for the tests: YAML files as lists of documents
 * (multi-document files, empty documents skipped), and the topic catalogue of {@link Topics} by
 * reflection, so a topic added there fails these tests until every deployment creates it.
 */
final class Manifests {
    static final Path DEPLOY = locateDeployDir();
    static final Path COMPOSE = DEPLOY.resolve("compose");
    static final Path K8S = DEPLOY.resolve("k8s");
    static final Path DOCKER = DEPLOY.resolve("docker");

    /** Topics that keep every record (retention); every other topic is a compacted upsert topic. */
    static final Set<String> NOT_COMPACTED = Set.of(Topics.EVENTS, Topics.DEAD_LETTERS, Topics.ACTIONS);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {}

    /** Every document of a YAML file, in order. */
    static List<JsonNode> yaml(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** The one document of a YAML file. */
    static JsonNode yamlOne(Path file) {
        List<JsonNode> docs = yaml(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " has " + docs.size() + " documents, expected 1");
        }
        return docs.get(0);
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML file under a directory. */
    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of the Kustomize base, in the files its kustomization lists. */
    static List<JsonNode> k8sBase() {
        Path base = K8S.resolve("base");
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode resource : yamlOne(base.resolve("kustomization.yaml")).path("resources")) {
            docs.addAll(yaml(base.resolve(resource.asText())));
        }
        return docs;
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** The topic names declared in {@link Topics}: its public static String constants but the keys. */
    static Set<String> catalogueTopics() {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m)
                    && Modifier.isFinal(m)
                    && f.getType() == String.class
                    && !f.getName().endsWith("_KEY")) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    private static Path locateDeployDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.exists(here.resolve("compose/docker-compose.yml"))) {
            return here;
        }
        Path child = here.resolve("deploy");
        if (Files.exists(child.resolve("compose/docker-compose.yml"))) {
            return child;
        }
        throw new IllegalStateException("run from deploy/ or the repository root, not " + here);
    }
}

package io.rapport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The images: JRE base, non-root, health check, and the jars the Maven build attaches. */
class DockerfilesTest {
    private static final String API = Manifests.text(Manifests.DOCKER.resolve("api.Dockerfile"));
    private static final String JOBS = Manifests.text(Manifests.DOCKER.resolve("jobs.Dockerfile"));

    private static List<String> instructions(String dockerfile, String instruction) {
        return dockerfile
                .replace("\\\n", " ")
                .lines()
                .map(String::strip)
                .filter(l -> l.startsWith(instruction + " "))
                .toList();
    }

    @Test
    void apiImage_runsTheAppJarOnAJre_asNonRoot_withAHealthCheck() {
        assertThat(instructions(API, "FROM")).containsExactly("FROM eclipse-temurin:17-jre");
        List<String> users = instructions(API, "USER");
        assertThat(users).hasSize(1);
        assertThat(users.get(0)).doesNotContain("root").matches("USER [1-9][0-9]*(:[1-9][0-9]*)?");
        assertThat(instructions(API, "HEALTHCHECK"))
                .singleElement()
                .asString()
                .contains("http://127.0.0.1:8080/health/live");
        assertThat(instructions(API, "COPY"))
                .anyMatch(c -> c.contains("decision-api/target/rapport-decision-api-*-app.jar"));
        assertThat(instructions(API, "ENTRYPOINT")).singleElement().asString().contains("\"-jar\"");
    }

    @Test
    void apiAppJar_isBuiltByDecisionApiWithApiMainAsMainClass() {
        String pom =
                Manifests.text(Manifests.DEPLOY.resolveSibling("decision-api").resolve("pom.xml"));
        assertThat(pom)
                .contains("<shadedClassifierName>app</shadedClassifierName>")
                .contains("<mainClass>io.rapport.api.ApiMain</mainClass>");
    }

    @Test
    void jobsImage_isFlinkWithTheShadedJobJarInUsrlib() {
        List<String> from = instructions(JOBS, "FROM");
        assertThat(from).singleElement().asString().startsWith("FROM flink:2.0.1-java17");
        Matcher copy = Pattern.compile("COPY .*stream-jobs/target/rapport-stream-jobs-\\*-job\\.jar (\\S+)")
                .matcher(JOBS);
        assertThat(copy.find()).isTrue();
        assertThat(copy.group(1)).isEqualTo("/opt/flink/usrlib/rapport-jobs.jar");
        assertThat(instructions(JOBS, "USER")).containsExactly("USER flink");
        String pom =
                Manifests.text(Manifests.DEPLOY.resolveSibling("stream-jobs").resolve("pom.xml"));
        assertThat(pom).contains("<shadedClassifierName>job</shadedClassifierName>");
    }

    @Test
    void jobEntryPoint_exists() {
        assertThat(Manifests.DEPLOY.resolveSibling("stream-jobs").resolve("src/main/java/io/rapport/jobs/JobMain.java"))
                .exists();
    }
}

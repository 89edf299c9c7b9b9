# The decision API image. Build from the repository root after `./mvnw -B -pl common,decision-api install`:
#   docker build -f deploy/docker/api.Dockerfile -t rapport-api:0.1.0 .
FROM eclipse-temurin:17-jre

# curl for the health check only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 rapport \
 && useradd --system --uid 10001 --gid rapport --home-dir /opt/rapport --shell /usr/sbin/nologin rapport \
 && mkdir -p /opt/rapport \
 && chown rapport:rapport /opt/rapport

WORKDIR /opt/rapport
COPY decision-api/target/rapport-decision-api-*-app.jar /opt/rapport/rapport-api.jar
COPY deploy/docker/log4j2.properties /opt/rapport/log4j2.properties

USER 10001:10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dlog4j2.configurationFile=/opt/rapport/log4j2.properties -Djava.io.tmpdir=/tmp"
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["java", "-jar", "/opt/rapport/rapport-api.jar"]
CMD ["--port", "8080", "--bootstrap", "kafka:9092"]

# The stream jobs image: Flink with Rapport's shaded job jar in usrlib, for application mode
# (standalone-job, Flink Kubernetes Operator) and for `flink run` from a session cluster.
# Build from the repository root after `./mvnw -B -pl common,stream-jobs install`:
#   docker build -f deploy/docker/jobs.Dockerfile -t rapport-jobs:0.1.0 .
FROM flink:2.0.1-java17

# Checkpoints, savepoints and the S3 file system plugin (object storage on Kubernetes).
RUN mkdir -p /opt/flink/data /opt/flink/plugins/s3-fs-presto \
 && cp /opt/flink/opt/flink-s3-fs-presto-*.jar /opt/flink/plugins/s3-fs-presto/ \
 && chown -R flink:flink /opt/flink/data /opt/flink/plugins/s3-fs-presto

COPY --chown=flink:flink stream-jobs/target/rapport-stream-jobs-*-job.jar /opt/flink/usrlib/rapport-jobs.jar

USER flink

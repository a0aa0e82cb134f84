# landht image: the jar built by `mvn package` on Debian's Java 17 runtime. Build the jar first, then
#   docker build -t landht .          (or: podman build -t landht .)
# Run with host networking, which multicast peer discovery needs:
#   docker run -d --name landht --network host -v landht-state:/var/lib/landht landht
# or publish the DHT port and the DHT proxy's, with peer discovery off (its multicast does not cross Docker's NAT):
#   docker run -d --name landht -p 4222:4222/udp -p 8000:8000 -e LANDHT_DISCOVERY_ENABLED=false \
#     -v landht-state:/var/lib/landht landht
# Settings: LANDHT_<SECTION>_<KEY> variables (-e LANDHT_DHT_BOOTSTRAP=10.0.0.5), options after the image name
# (they replace the default "-c /etc/landht/landht.yaml"), or your own file mounted over /etc/landht/landht.yaml.
FROM debian:bookworm-slim

# Debian's JRE, no Maven: nothing is downloaded but Debian packages. The slim image lacks /usr/share/man/man1,
# which the JRE's postinst needs for its alternatives.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 4222 landht \
 && useradd --system --uid 4222 --gid landht --home-dir /var/lib/landht --no-create-home \
      --shell /usr/sbin/nologin landht \
 && install -d -o landht -g landht -m 0750 /var/lib/landht

COPY config/landht.yaml /etc/landht/landht.yaml
COPY docker/healthcheck.sh /usr/local/bin/landht-healthcheck
COPY target/landht.jar /opt/landht/landht.jar

# Class-data sharing archive of landht's own classes (AppCDS), made by one short start on loopback (DHT, ops and
# LAN HTTP endpoints, no discovery) that is stopped with SIGTERM: the first ping is then answered about 0.25 s sooner
# (BENCHMARKS.md). JDK 17 makes it only at a clean exit; `java -Xshare:dump` first makes sure the JDK's base
# archive, which it extends, exists. If the archive cannot be used (another JVM build), the JVM ignores it.
RUN java -Xshare:dump >/dev/null \
 && (java -XX:+UseSerialGC -XX:ArchiveClassesAtExit=/opt/landht/landht.jsa -jar /opt/landht/landht.jar \
       --no-peer-discovery --bind 127.0.0.1 -p 42229 --ops-port 48422 --http-bind 127.0.0.1 --http-port 48000 \
       --state-dir /tmp/landht-cds \
       >/tmp/landht-cds.log 2>&1 & \
     pid=$!; sleep 6; kill -TERM $pid; wait $pid || cat /tmp/landht-cds.log) \
 && test -s /opt/landht/landht.jsa \
 && rm -rf /tmp/landht-cds /tmp/landht-cds.log

# landht keeps its node id, routing table and values in $STATE_DIRECTORY.
ENV STATE_DIRECTORY=/var/lib/landht
VOLUME /var/lib/landht
WORKDIR /var/lib/landht
USER 4222:4222
EXPOSE 4222/udp
# the DHT proxy for Jami phones (http.port)
EXPOSE 8000/tcp

# GET /health on the ops endpoint with bash alone: healthy while the node's UDP sockets are up. The script finds the
# endpoint where the node does: --ops-port/--ops-bind, $LANDHT_OPS_PORT/$LANDHT_OPS_BIND, the config file (-c, else
# /etc/landht/landht.yaml), 127.0.0.1:8422. Needs the ops endpoint on (no --no-ops).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/landht-healthcheck"]

# JVM options: see README "Memory and start time". The serial collector with a 32 MiB young generation keeps the
# resident size near 120 MiB under load (the JVM's defaults reach ~330 MiB); the heap still grows with stored values.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmn32m", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:SharedArchiveFile=/opt/landht/landht.jsa", "-jar", "/opt/landht/landht.jar"]
CMD ["-c", "/etc/landht/landht.yaml"]

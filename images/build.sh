#!/usr/bin/env bash
# Builds every image of the project with the local Docker Engine, tagged with the project version:
#
#   rwx/volume-watcher, rwx/share-manager-controller, rwx/failover-service, rwx/migration-service, rwx/console
#                               the four services and the console (src/main/docker/Dockerfile.jvm of each module)
#   rwx/share-manager           NFS-Ganesha serving one volume over NFSv4 (share-manager/), run by the share-manager pods
#   rwx/local-cluster           the demo profile's cluster: in-memory API server + node simulator (not deployed)
#
# and picks the third-party images docker-compose.yml runs, writing the choice to .env:
#
#   Kafka        apache/kafka:4.1.2, or the stand-in rwx/kafka-standin:4.1.2 built from the Maven Central jars
#   Prometheus   prom/prometheus:v2.53.4, or the stand-in rwx/prometheus-standin built from Debian's prometheus
#   JRE base     eclipse-temurin:17-jre, or the stand-in rwx/stand-in-jre17 built from Debian's openjdk-17
#   Ganesha base debian:bookworm-slim, or the stand-in rwx/stand-in-ganesha built from Debian's nfs-ganesha
#
# A public image is used when it is present or can be pulled; where no registry answers, the stand-in is built
# from packages (mmdebstrap for the Debian ones) and the script says so. Options:
#   --maven       run ./mvnw install first even when every jar is newer than the sources
#   --no-maven    never run Maven (the jars are already built)
#   --stand-ins   build and use the stand-ins even where a registry answers
#   --share-manager-only   build rwx/share-manager alone (what the local stack's data plane runs; no Maven)
set -euo pipefail
export DOCKER_BUILDKIT=0 # the legacy builder: no buildx plugin is needed
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

MAVEN=auto; FORCE_STANDINS=0; SHARE_MANAGER_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --maven) MAVEN=1 ;;
    --no-maven) MAVEN=0 ;;
    --stand-ins) FORCE_STANDINS=1 ;;
    --share-manager-only) SHARE_MANAGER_ONLY=1; MAVEN=0 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "images: unknown option $arg (try --help)" >&2; exit 64 ;;
  esac
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "images: $1 is missing (Debian: apt-get install $2)" >&2; exit 69; }; }
need docker docker.io
docker info >/dev/null 2>&1 || { echo "images: no Docker Engine answers (start dockerd, or check DOCKER_HOST)" >&2; exit 69; }

VERSION="$(sed -n '/<artifactId>rwx-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -1)"
SERVICES=(volume-watcher share-manager-controller failover-service migration-service console)
log() { echo "images: $*"; }

# docker build, quiet unless it fails (the legacy builder's deprecation notice is not news)
build() {
  local out
  out="$(docker build -q "$@" 2>&1)" || { echo "$out" >&2; echo "images: docker build $* failed" >&2; exit 1; }
}
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
# present, or pulled now; never when stand-ins are forced
public_image() {
  [ "$FORCE_STANDINS" = 1 ] && return 1
  have_image "$1" && return 0
  docker pull -q "$1" >/dev/null 2>&1
}

# A root file system of Debian bookworm packages, imported as an image (about a minute; cached by tag).
debian_image() { # tag, comma-separated packages, a hook run in the root file system, docker import --change lines...
  local tag="$1" packages="$2" hook="$3"; shift 3
  if have_image "$tag"; then log "$tag already built"; return; fi
  need mmdebstrap mmdebstrap
  local tmp; tmp="$(mktemp -d)"
  log "no registry image: building $tag from Debian packages ($packages)"
  mmdebstrap --quiet --variant=apt --include="$packages" \
    --customize-hook="$hook" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    bookworm "$tmp/rootfs.tar"
  local changes=()
  for change in "$@"; do changes+=(--change "$change"); done
  docker import "${changes[@]}" "$tmp/rootfs.tar" "$tag" >/dev/null
  rm -rf "$tmp"
}

# the share-manager: NFS-Ganesha on Debian (share-manager/), what share-manager-controller's pods run
build_share_manager() {
  local base=debian:bookworm-slim
  if ! public_image "$base"; then
    base=rwx/stand-in-ganesha:bookworm
    debian_image "$base" nfs-ganesha,nfs-ganesha-vfs 'true' \
      'ENV LANG=C.UTF-8' 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  fi
  build --build-arg BASE_IMAGE="$base" -t "rwx/share-manager:$VERSION" share-manager
  log "built rwx/share-manager:$VERSION (on $base)"
}
if [ "$SHARE_MANAGER_ONLY" = 1 ]; then
  build_share_manager
  exit 0
fi

# The jars the images are made of; they are rebuilt when one is missing or a source is newer than the oldest.
JARS=()
for service in "${SERVICES[@]}"; do JARS+=("$service/target/quarkus-app/quarkus-run.jar"); done
JARS+=("local-stack/target/rwx-local-stack-$VERSION.jar" images/kafka/target/libs)
stale() {
  local oldest=""
  for jar in "${JARS[@]}"; do
    [ -e "$jar" ] || { log "$jar is missing"; return 0; }
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest="$jar"; fi
  done
  local newer
  newer="$(find pom.xml */pom.xml */*/pom.xml */src/main -newer "$oldest" -type f -not -path "*/src/main/docker/*" -print -quit 2>/dev/null)"
  [ -n "$newer" ] && { log "$newer is newer than $oldest"; return 0; }
  return 1
}
if [ "$MAVEN" = 1 ] || { [ "$MAVEN" = auto ] && stale; }; then
  log "building the jars (./mvnw install, tests skipped)"
  ./mvnw -B -q -DskipTests install
fi

BASE_IMAGE=eclipse-temurin:17-jre
if ! public_image "$BASE_IMAGE"; then
  BASE_IMAGE=rwx/stand-in-jre17:bookworm
  debian_image "$BASE_IMAGE" openjdk-17-jre-headless,ca-certificates,curl,rsync 'mkdir -p "$1/deployments"' \
    'ENV LANG=C.UTF-8' 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
fi
log "JRE base image: $BASE_IMAGE"

for service in "${SERVICES[@]}"; do
  [ -f "$service/target/quarkus-app/quarkus-run.jar" ] || { echo "images: $service is not built (run without --no-maven)" >&2; exit 65; }
  build --build-arg BASE_IMAGE="$BASE_IMAGE" -f "$service/src/main/docker/Dockerfile.jvm" \
    -t "rwx/$service:$VERSION" "$service"
  log "built rwx/$service:$VERSION"
done
build --build-arg BASE_IMAGE="$BASE_IMAGE" -f local-stack/src/main/docker/Dockerfile.cluster \
  -t "rwx/local-cluster:$VERSION" local-stack
log "built rwx/local-cluster:$VERSION"

build_share_manager

KAFKA_IMAGE="apache/kafka:$KAFKA_VERSION"
if ! public_image "$KAFKA_IMAGE"; then
  KAFKA_IMAGE="rwx/kafka-standin:$KAFKA_VERSION"
  log "no registry image apache/kafka: building the stand-in $KAFKA_IMAGE from the Kafka jars on Maven Central"
  [ -d images/kafka/target/libs ] || { echo "images: images/kafka/target/libs is missing (run without --no-maven)" >&2; exit 65; }
  build --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$KAFKA_IMAGE" images/kafka
fi
log "Kafka image: $KAFKA_IMAGE"

PROMETHEUS_IMAGE=prom/prometheus:v2.53.4
if ! public_image "$PROMETHEUS_IMAGE"; then
  PROMETHEUS_IMAGE=rwx/prometheus-standin:bookworm
  debian_image "$PROMETHEUS_IMAGE" prometheus,ca-certificates,curl \
    'mkdir -p "$1/prometheus" && chown 65534:65534 "$1/prometheus"' \
    'USER 65534:65534' 'WORKDIR /prometheus' 'EXPOSE 9090' 'ENTRYPOINT ["/usr/bin/prometheus"]'
fi
log "Prometheus image: $PROMETHEUS_IMAGE"

# docker-compose reads .env beside docker-compose.yml; an environment variable of the same name still wins
cat > "$ROOT/.env" <<EOF
# written by ./rwx images ($(date -u +%Y-%m-%dT%H:%M:%SZ)); the images docker-compose.yml runs
RWX_VERSION=$VERSION
RWX_KAFKA_IMAGE=$KAFKA_IMAGE
RWX_PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE
EOF
log "wrote .env (RWX_VERSION=$VERSION, RWX_KAFKA_IMAGE=$KAFKA_IMAGE, RWX_PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE)"

#!/usr/bin/env bash
# Builds the container image of erp-provisioning from what Maven already built, and pushes it.
#
#   deploy/build-image.sh IMAGE jvm|native     e.g. deploy/build-image.sh ghcr.io/acme/erp-provisioning:3f9c2e1 native
#
#   jvm     src/main/docker/Dockerfile.jvm            needs target/quarkus-app  (./mvnw package)
#   native  src/main/docker/Dockerfile.native-micro   needs target/*-runner     (./mvnw package -Dnative, or
#           -Dquarkus.native.container-build=true where no GraalVM/Mandrel is installed). Production runs this one.
#
#   CONTAINER_TOOL   docker or podman (default: docker when found, else podman)
#   PUSH=false       build only (default: build, then push IMAGE)
#   Log in to the registry first (docker login ghcr.io / podman login ghcr.io).
# The build context is the repository, cut down to what Maven built by the Dockerfile's own ignore file
# (src/main/docker/<Dockerfile>.dockerignore: Docker's BuildKit finds it by name, podman is given it).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ne 2 ]]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi
image=$1 flavour=$2

case $flavour in
  jvm)
    dockerfile=src/main/docker/Dockerfile.jvm
    [[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "build-image: no target/quarkus-app; run ./mvnw package first" >&2; exit 1; }
    ;;
  native)
    dockerfile=src/main/docker/Dockerfile.native-micro
    runners=(target/*-runner)
    [[ -x ${runners[0]} ]] || { echo "build-image: no native executable target/*-runner; run ./mvnw package -Dnative first" >&2; exit 1; }
    ;;
  *)
    echo "build-image: the second argument is jvm or native, not '$flavour'" >&2
    exit 2
    ;;
esac
[[ -f $dockerfile ]] || { echo "build-image: $dockerfile is missing" >&2; exit 1; }

tool=${CONTAINER_TOOL:-}
if [[ -z $tool ]]; then
  if command -v docker >/dev/null; then tool=docker; elif command -v podman >/dev/null; then tool=podman; fi
fi
[[ -n $tool ]] || { echo "build-image: neither docker nor podman is installed" >&2; exit 1; }

ignore_file=()
[[ $tool == podman ]] && ignore_file=(--ignorefile "$dockerfile.dockerignore")
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "build-image: $tool build -f $dockerfile -t $image"
"$tool" build \
  --file "$dockerfile" "${ignore_file[@]}" \
  --tag "$image" \
  --label "org.opencontainers.image.title=erp-provisioning" \
  --label "org.opencontainers.image.description=ERP provisioning API ($flavour)" \
  --label "org.opencontainers.image.revision=$revision" \
  --label "org.opencontainers.image.created=$created" \
  ${IMAGE_SOURCE:+--label "org.opencontainers.image.source=$IMAGE_SOURCE"} \
  .

if [[ ${PUSH:-true} == true ]]; then
  "$tool" push "$image"
  echo "build-image: pushed $image"
else
  echo "build-image: built $image (not pushed)"
fi

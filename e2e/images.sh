#!/usr/bin/env bash
# Builds the container images without a Docker engine or a registry, from the Maven build's
# output and Debian packages only, as `docker save` archives in e2e/target/images/:
#
#   local/neo4j-backup-operator:0.1.0   the operator   (after ./mvnw -pl operator -am package)
#   local/neo4j-backup-engine:0.1.0     neo4j-backup   (after ./mvnw -pl engine/client -am package)
#   local/neo4j-with-backup:5.26.30     Neo4j 5.26 Community with the backup service in plugins/
#                                       (after ./mvnw -pl engine/neo4j-home -am package)
#
# Usage: e2e/images.sh operator|engine|neo4j|all [...]
#
# Every image has two layers: a Debian bookworm minbase root file system with
# openjdk-17-jre-headless and a user and group `neo4j` (7474), built once with debootstrap from
# the Debian archive the system's apt uses and cached in $NEO4J_BACKUP_CACHE/images (about 60 s,
# 350 MB); then the application's files. All three share the base layer, and all run as 7474.
#
# No registry is reachable here, so nothing is pushed; instead each archive is checked: its
# manifest and layer digests, and the image's own files unpacked and run in a chroot as uid 7474
# (`neo4j-backup --help` answers; Neo4j's strict validation accepts the default neo4j.conf with the
# plugin's settings, so the plugin loads; the operator's main class reaches its configuration).
# Import an archive with `ctr -n k8s.io images import FILE` (e2e/cluster.sh does), or
# `docker load -i FILE` / `podman load -i FILE` where those exist; pushing to a registry is then
# `docker tag` + `docker push`. Needs root (debootstrap, chroot).
set -Eeuo pipefail
LOG_NAME=images
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR

BASE_VERSION=bookworm-minbase-openjdk17-uid7474-1
BASE_DIR=$CACHE_ROOT/images
BASE_LAYER=$BASE_DIR/base-$BASE_VERSION.tar
JAVA_OPENS=(--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED)

# The base layer: built once, then reused by every image and every run.
base_layer() {
  [[ -s $BASE_LAYER && -s $BASE_LAYER.sha256 ]] && return 0
  apt_install debootstrap
  local mirror rootfs=$BASE_DIR/rootfs.tmp
  mirror=$(debian_mirror)
  [[ -n $mirror ]] || die "cannot tell which Debian archive apt uses; set DEBIAN_MIRROR"
  mkdir -p "$BASE_DIR"
  rm -rf "$rootfs"
  log "debootstrap bookworm minbase + openjdk-17-jre-headless from $mirror (about a minute)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs" "$mirror" >"$BASE_DIR/debootstrap.log" 2>&1 ||
    die "debootstrap failed; see $BASE_DIR/debootstrap.log"
  chroot "$rootfs" groupadd --gid 7474 neo4j
  chroot "$rootfs" useradd --uid 7474 --gid 7474 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin neo4j
  # What a container never needs: package caches and lists, device nodes (the runtime mounts /dev).
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/dev/* "$rootfs"/tmp/* "$rootfs"/var/log/*.log
  tar --numeric-owner --sort=name -C "$rootfs" -cf "$BASE_LAYER.tmp" .
  sha256sum "$BASE_LAYER.tmp" | cut -d' ' -f1 >"$BASE_LAYER.sha256"
  mv "$BASE_LAYER.tmp" "$BASE_LAYER"
  rm -rf "$rootfs"
  log "base layer: $BASE_LAYER ($(du -h "$BASE_LAYER" | cut -f1))"
}

# Writes a `docker save` archive: the base layer, then a layer of the files in $app (a directory
# holding the paths below /), with the config's entrypoint, environment and user.
#   write_archive NAME:TAG APP_DIR OUTPUT ENTRYPOINT_JSON [ENV_JSON]
write_archive() {
  local tag=$1 app=$2 out=$3 entrypoint=$4 env=${5:-[]}
  local dir=$out.dir base_sha app_sha config_sha
  rm -rf "$dir" && mkdir -p "$dir"
  base_sha=$(cat "$BASE_LAYER.sha256")
  mkdir -p "$dir/$base_sha"
  ln "$BASE_LAYER" "$dir/$base_sha/layer.tar" 2>/dev/null || cp "$BASE_LAYER" "$dir/$base_sha/layer.tar"
  tar --numeric-owner --sort=name --mtime=@0 -C "$app" -cf "$dir/app.tar" .
  app_sha=$(sha256sum "$dir/app.tar" | cut -d' ' -f1)
  mkdir -p "$dir/$app_sha" && mv "$dir/app.tar" "$dir/$app_sha/layer.tar"
  jq -n --arg base "sha256:$base_sha" --arg app "sha256:$app_sha" --argjson entrypoint "$entrypoint" \
    --argjson env "$env" --arg tag "$tag" '{
      architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
      config: {
        User: "7474:7474",
        Env: (["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
               "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"] + $env),
        Entrypoint: $entrypoint, WorkingDir: "/",
        Labels: {"org.opencontainers.image.title": $tag,
                 "org.opencontainers.image.source": "https://github.com/neo4j-backup/neo4j-backup"}
      },
      rootfs: {type: "layers", diff_ids: [$base, $app]},
      history: [{created_by: "debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm; user neo4j 7474"},
                {created_by: "e2e/images.sh: application files"}]
    }' >"$dir/config.json"
  config_sha=$(sha256sum "$dir/config.json" | cut -d' ' -f1)
  mv "$dir/config.json" "$dir/$config_sha.json"
  jq -n --arg config "$config_sha.json" --arg tag "$tag" --arg base "$base_sha/layer.tar" --arg app "$app_sha/layer.tar" \
    '[{Config: $config, RepoTags: [$tag], Layers: [$base, $app]}]' >"$dir/manifest.json"
  jq -n --arg tag "${tag%:*}" --arg version "${tag##*:}" --arg id "$app_sha" '{($tag): {($version): $id}}' >"$dir/repositories"
  (cd "$dir" && tar -cf "$out.tmp" -- *)
  mv "$out.tmp" "$out"
  rm -rf "$dir"
}

# Runs COMMAND in a chroot of the root file system ROOTFS as USER (uid:gid), with /proc and
# /dev/null mounted and a clean environment, its output into the host's file OUT:
#   in_chroot ROOTFS USER OUT COMMAND...   (returns COMMAND's exit status)
in_chroot() {
  local rootfs=$1 user=$2 out=$3 status=0
  shift 3
  mount -t proc proc "$rootfs/proc"
  mkdir -p "$rootfs/dev" && touch "$rootfs/dev/null" && mount --bind /dev/null "$rootfs/dev/null"
  chroot --userspec="$user" "$rootfs" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp "$@" >"$out" 2>&1 || status=$?
  umount "$rootfs/dev/null" "$rootfs/proc"
  return "$status"
}

# Checks an archive as a registry-less build can: the manifest names the tag, the config's layer
# digests match the layers, and the image's files, unpacked in order, run as uid 7474:
#   verify_archive FILE NAME:TAG COMMAND...   (COMMAND runs in a chroot of the unpacked image)
verify_archive() {
  local file=$1 tag=$2
  shift 2
  local dir layer config diff_ids i=0 status=0
  dir=$(mktemp -d "$IMAGE_DIR/verify.XXXXXX")
  tar -C "$dir" -xf "$file" manifest.json
  [[ $(jq -r '.[0].RepoTags[0]' "$dir/manifest.json") == "$tag" ]] || die "$file: manifest does not name $tag"
  config=$(jq -r '.[0].Config' "$dir/manifest.json")
  tar -C "$dir" -xf "$file" "$config"
  [[ $(jq -r '.config.User' "$dir/$config") == 7474:7474 ]] || die "$file: does not run as 7474"
  mapfile -t diff_ids < <(jq -r '.rootfs.diff_ids[]' "$dir/$config")
  mkdir -p "$dir/rootfs"
  while read -r layer; do
    [[ $(tar -xOf "$file" "$layer" | sha256sum | cut -d' ' -f1) == "${diff_ids[i]#sha256:}" ]] ||
      die "$file: layer $layer does not match the config's diff_id ${diff_ids[i]}"
    tar -xOf "$file" "$layer" | tar --numeric-owner -C "$dir/rootfs" -xf -
    i=$((i + 1))
  done < <(jq -r '.[0].Layers[]' "$dir/manifest.json")
  grep -q '^neo4j:x:7474:7474:' "$dir/rootfs/etc/passwd" || die "$file: no user 7474"
  in_chroot "$dir/rootfs" 7474:7474 "$dir/out" "$@" || status=$?
  if ((status != 0)); then
    cat "$dir/out" >&2
    rm -rf "$dir"
    die "$file: '$*' failed in the image as uid 7474 (exit $status)"
  fi
  rm -rf "$dir"
  log "verified $tag: manifest, layer digests, user 7474, its entry point runs"
}

newest_jar() {
  ls "$1"/$2-*.jar 2>/dev/null | grep -v -e sources -e tests -e javadoc | head -n 1 || true
}

# The engine's default JVM options, one source for the image, bin/neo4j-backup and the benchmark.
engine_java_options() {
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$REPO_ROOT/engine/client/src/main/jvm/java-options" | paste -sd' '
}

# Dumps the engine image's class-data sharing archive into APP: the classes a one-shot backup
# loads (engine/client/src/main/cds/neo4j-backup.classlist), parsed and verified once rather than in
# every Job. An archive fits only the JDK build that made it and exactly the class path it was made
# with (the same jars in the same order, each with the same size and time), and a JVM ignores one
# that does not fit, silently: so the image's own JDK makes it, as root in a chroot of the base
# layer and APP, whose files already carry the time the layer gives them (@0).
#   dump_class_data APP ARCHIVE CLASS_PATH   (ARCHIVE and CLASS_PATH as the image sees them)
dump_class_data() {
  local app=$1 archive=$2 classpath=$3 rootfs
  rootfs=$(mktemp -d "$IMAGE_DIR/cds.XXXXXX")
  tar --numeric-owner -C "$rootfs" -xf "$BASE_LAYER"
  cp -a "$app/." "$rootfs/"
  cp "$REPO_ROOT/engine/client/src/main/cds/neo4j-backup.classlist" "$rootfs/tmp/neo4j-backup.classlist"
  if ! in_chroot "$rootfs" 0:0 "$IMAGE_DIR/cds-dump.log" java -Xshare:dump \
    -XX:SharedClassListFile=/tmp/neo4j-backup.classlist -XX:SharedArchiveFile="$archive" -cp "$classpath"; then
    rm -rf "$rootfs"
    die "the class-data sharing dump failed; see $IMAGE_DIR/cds-dump.log"
  fi
  cp "$rootfs$archive" "$app$archive"
  rm -rf "$rootfs"
  log "class-data sharing archive: $(du -h "$app$archive" | cut -f1) ($IMAGE_DIR/cds-dump.log)"
}

build_engine() {
  local target=$REPO_ROOT/engine/client/target home=/opt/neo4j-backup-engine app jar options classpath name
  options=$(engine_java_options)
  [[ -n $options ]] || die "no JVM options in engine/client/src/main/jvm/java-options"
  jar=$(newest_jar "$target" neo4j-backup-client)
  [[ -n $jar && -d $target/lib ]] || die "engine not built: run ./mvnw -q -pl engine/client -am package -DskipTests first"
  app=$IMAGE_DIR/engine.app && rm -rf "$app"
  mkdir -p "$app$home/lib" "$app/usr/local/bin"
  cp "$jar" "$target"/lib/*.jar "$app$home/lib/"
  # An explicit class path, the engine's jar first, then its libraries by name: a lib/* expansion
  # follows the directory's order, which the class-data sharing archive cannot.
  classpath=$home/lib/$(basename "$jar")
  for name in $(cd "$target/lib" && LC_ALL=C ls -- *.jar); do
    classpath+=:$home/lib/$name
  done
  cat >"$app/usr/local/bin/neo4j-backup" <<EOF
#!/bin/sh
# neo4j-backup: online backups of Neo4j servers that run the backup service plugin.
# NEO4J_BACKUP_JAVA_OPTS replaces the default JVM options (engine/client/src/main/jvm/java-options);
# -Xshare:off in it turns the class-data sharing archive off (a JVM it does not fit ignores it).
# -Dneo4j.backup.started: the launch's start, for the -json result's phases (jvm).
exec java -XX:SharedArchiveFile=$home/neo4j-backup.jsa -Xshare:auto \${NEO4J_BACKUP_JAVA_OPTS:-$options} ${JAVA_OPENS[*]} \\
  -Dneo4j.backup.started=\$(date +%s%N) \\
  -cp '$classpath' io.neo4jbackup.cli.Neo4jBackupCommand "\$@"
EOF
  chmod 0755 "$app/usr/local/bin/neo4j-backup"
  # The time write_archive gives every file of the layer (@0), which the archive records per jar.
  find "$app" -exec touch -h -d @0 {} +
  dump_class_data "$app" "$home/neo4j-backup.jsa" "$classpath"
  write_archive "$ENGINE_IMAGE" "$app" "$IMAGE_DIR/neo4j-backup-engine.tar" '["neo4j-backup"]'
  rm -rf "$app"
  # The entry point runs; and the image's JVM maps the archive (-Xshare:on fails when it cannot)
  # and loads the engine's classes from it: an archive the image would ignore fails the build.
  verify_archive "$IMAGE_DIR/neo4j-backup-engine.tar" "$ENGINE_IMAGE" /bin/sh -c \
    "neo4j-backup --help && out=\$(NEO4J_BACKUP_JAVA_OPTS='-Xshare:on -Xlog:class+load=info $options' neo4j-backup --version 2>&1);
     echo \"\$out\" | tail -n 3; echo \"\$out\" | grep -q 'io.neo4jbackup.cli.Neo4jBackupCommand source: shared objects file'"
}

build_operator() {
  local lib=$REPO_ROOT/operator/target/dist/lib app
  [[ -d $lib ]] && ls "$lib"/*.jar >/dev/null 2>&1 ||
    die "operator not built: run ./mvnw -q -pl operator -am package -DskipTests first (it leaves operator/target/dist/lib)"
  app=$IMAGE_DIR/operator.app && rm -rf "$app"
  mkdir -p "$app/opt/neo4j-backup-operator/lib"
  cp "$lib"/*.jar "$app/opt/neo4j-backup-operator/lib/"
  write_archive "$OPERATOR_IMAGE" "$app" "$IMAGE_DIR/neo4j-backup-operator.tar" \
    '["java", "-XX:MaxRAMPercentage=75", "-cp", "/opt/neo4j-backup-operator/lib/*", "io.neo4jbackup.operator.Main"]'
  rm -rf "$app"
  # Without ENGINE_IMAGE the operator must stop at its configuration, before it looks for a
  # Kubernetes API: that proves the entry point and its class path load in the image.
  verify_archive "$IMAGE_DIR/neo4j-backup-operator.tar" "$OPERATOR_IMAGE" /bin/sh -c \
    'out=$(java -cp "/opt/neo4j-backup-operator/lib/*" io.neo4jbackup.operator.Main 2>&1); echo "$out";
     ! echo "$out" | grep -qE "ClassNotFoundException|NoClassDefFoundError|Could not find or load main class" &&
     echo "$out" | grep -q ENGINE_IMAGE'
}

build_neo4j() {
  local home=$REPO_ROOT/engine/neo4j-home/target/neo4j-home app
  [[ -d $home/lib && -d $home/plugins ]] ||
    die "Neo4j home not built: run ./mvnw -q -pl engine/neo4j-home -am package -DskipTests first"
  app=$IMAGE_DIR/neo4j.app && rm -rf "$app"
  mkdir -p "$app/opt/neo4j/conf" "$app/usr/local/bin" "$app/data" "$app/logs"
  cp -r "$home/lib" "$home/plugins" "$app/opt/neo4j/"
  cat >"$app/opt/neo4j/conf/neo4j.conf" <<'EOF'
# Defaults of the local/neo4j-with-backup image; mount a directory with your own neo4j.conf and
# set NEO4J_CONF to it, or mount over /opt/neo4j/conf.
server.default_listen_address=0.0.0.0
server.directories.data=/data
server.directories.logs=/logs
server.memory.pagecache.size=256m
server.config.strict_validation.enabled=true
# The backup service (the plugin in /opt/neo4j/plugins) listens on 127.0.0.1:6362, loopback only,
# until you open it: set server.online_backup.listen_address=0.0.0.0:6362 with mutual TLS, or TLS
# and a shared secret (docs/neo4j-plugin-on-kubernetes.md).
server.online_backup.enabled=true
EOF
  cat >"$app/usr/local/bin/neo4j-server" <<EOF
#!/bin/sh
# Runs Neo4j 5.26 Community in the foreground with the configuration in \${NEO4J_CONF:-/opt/neo4j/conf}.
# NEO4J_JAVA_OPTS replaces the default JVM options.
exec java \${NEO4J_JAVA_OPTS:--Xmx512m -XX:+UseG1GC} ${JAVA_OPENS[*]} \\
  -cp '/opt/neo4j/plugins/*:/opt/neo4j/lib/*' org.neo4j.server.CommunityEntryPoint \\
  --home-dir=/opt/neo4j --config-dir="\${NEO4J_CONF:-/opt/neo4j/conf}" "\$@"
EOF
  chmod 0755 "$app/usr/local/bin/neo4j-server"
  chown 7474:7474 "$app/data" "$app/logs"
  write_archive "$NEO4J_IMAGE" "$app" "$IMAGE_DIR/neo4j-with-backup.tar" '["neo4j-server"]'
  rm -rf "$app"
  verify_archive "$IMAGE_DIR/neo4j-with-backup.tar" "$NEO4J_IMAGE" /bin/sh -c \
    'ls /opt/neo4j/plugins/neo4j-backup-service-*.jar && NEO4J_HOME=/opt/neo4j NEO4J_CONF=/opt/neo4j/conf \
       java -cp "/opt/neo4j/plugins/*:/opt/neo4j/lib/*" org.neo4j.server.startup.Neo4jAdminCommand server validate-config'
}

main() {
  (($#)) || die "usage: e2e/images.sh operator|engine|neo4j|all [...]"
  [[ $(id -u) == 0 ]] || die "needs root (debootstrap, chroot)"
  local images=() image
  for image in "$@"; do
    case $image in
      all) images+=(engine neo4j operator) ;;
      operator | engine | neo4j) images+=("$image") ;;
      *) die "unknown image '$image' (operator, engine, neo4j or all)" ;;
    esac
  done
  apt_install jq unzip
  mkdir -p "$IMAGE_DIR"
  base_layer
  for image in "${images[@]}"; do
    local start=$SECONDS
    "build_$image"
    log "$image image built and verified in $((SECONDS - start)) s"
  done
}

main "$@"

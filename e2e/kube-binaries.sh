#!/usr/bin/env bash
# Builds (once) the Kubernetes 1.20.2 binaries the tests run against, from Debian bookworm
# packages only, into a cache directory outside the repository:
#
#   ${NEO4J_BACKUP_CACHE:-$HOME/.cache/neo4j-backup}/k8s/1.20.2-linux-amd64/<binary>
#
# That is the layout io.fabric8:kube-api-test reads in offline mode (KUBE_API_TEST_DIR is the
# cache root). Binaries already in the cache are left alone, so running it again is cheap.
#
# Usage: bash e2e/kube-binaries.sh [BINARY...]    (default: etcd kube-apiserver kubectl)
#
# Where each binary comes from:
#   etcd            Debian package etcd-server (3.4)
#   kubectl         Debian package kubernetes-client (1.20.2), unpacked, not installed
#   kube-*, kubelet built from Debian's `kubernetes` source package (the upstream tree with
#                   vendor/), with vendor/github.com/modern-go/reflect2 swapped for Debian's copy
#                   (the vendored 1.0.1 crashes under Go >= 1.18 on the first custom resource)
#
# Needs root (apt-get) on Debian 12 with Debian's archive reachable; nothing else is downloaded.
# The unpacked source tree and Go's build cache stay in $CACHE_ROOT/build (about 2 GB) so that more
# binaries build quickly later; deleting it is safe.
#
# Variables: NEO4J_BACKUP_CACHE (cache root), DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR (default:
# the archives the system's apt already uses), and
# K8S_DEB_VERSION (the Debian version of the kubernetes and kubernetes-client packages, should
# bookworm replace 1.20.5+really1.20.2-1.1+deb12u1).
set -Eeuo pipefail

K8S_VERSION=1.20.2
K8S_DEB_VERSION=${K8S_DEB_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}
CACHE_ROOT=${NEO4J_BACKUP_CACHE:-$HOME/.cache/neo4j-backup}
BIN_DIR=$CACHE_ROOT/k8s/$K8S_VERSION-linux-amd64
WORK_DIR=$CACHE_ROOT/build
# The archives the system's apt already uses (deb822 .sources or one-line .list files); their
# deb-src twins hold the source package.
system_apt_uris() {
  grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{for (i = 2; i <= NF; i++) print $i}'
  grep -h '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break }}'
}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-$(system_apt_uris | grep -v -- '-security' | head -n 1 || true)}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-$(system_apt_uris | grep -- '-security' | head -n 1 || true)}
DEFAULT_BINARIES=(etcd kube-apiserver kubectl)

# Binaries this script can build with `make WHAT=cmd/<name>` from the source package; it builds
# only those asked for (a full cluster asks for all of them), in one make run.
GO_BUILT=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)

log() { printf '[kube-binaries] %s\n' "$*" >&2; }
die() {
  printf '[kube-binaries] ERROR: %s\n' "$*" >&2
  exit 1
}
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR

is_go_built() {
  local b
  for b in "${GO_BUILT[@]}"; do [[ $b == "$1" ]] && return 0; done
  return 1
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
  if [[ -z ${APT_UPDATED:-} ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

version_of() {
  case $1 in
    kubectl) "$BIN_DIR/kubectl" version --client --short 2>&1 | sed -n 1p ;;
    *) "$BIN_DIR/$1" --version 2>&1 | sed -n 1p ;;
  esac
}

# A binary counts as present when it exists and runs.
present() { [[ -x $BIN_DIR/$1 ]] && version_of "$1" >/dev/null; }

provide_etcd() {
  apt_install etcd-server
  install -m 0755 /usr/bin/etcd "$BIN_DIR/etcd"
}

provide_kubectl() {
  local dir=$WORK_DIR/kubectl
  rm -rf "$dir" && mkdir -p "$dir"
  if [[ -z ${APT_UPDATED:-} ]] && ! apt-cache show "kubernetes-client=$K8S_DEB_VERSION" >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    APT_UPDATED=1
  fi
  log "downloading kubernetes-client $K8S_DEB_VERSION (unpacked, not installed)"
  (cd "$dir" && apt-get download -q "kubernetes-client=$K8S_DEB_VERSION" >&2) ||
    die "cannot download kubernetes-client=$K8S_DEB_VERSION (see K8S_DEB_VERSION above)"
  dpkg-deb --fsys-tarfile "$dir"/kubernetes-client_*.deb | tar -x -C "$dir" ./usr/bin/kubectl
  install -m 0755 "$dir/usr/bin/kubectl" "$BIN_DIR/kubectl"
  rm -rf "$dir"
}

# Fetches and unpacks the `kubernetes` source package with a private apt configuration, so the
# system's sources.list is left untouched. Prints the source tree's path.
kubernetes_source() {
  local apt_dir=$WORK_DIR/apt src=$WORK_DIR/kubernetes-$K8S_DEB_VERSION
  if [[ -f $src/.ready ]]; then
    echo "$src"
    return
  fi
  [[ -n $DEBIAN_MIRROR && -n $DEBIAN_SECURITY_MIRROR ]] ||
    die "cannot tell which Debian archive apt uses (no URIs in /etc/apt/sources.list*); set DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR"
  apt_install dpkg-dev
  rm -rf "$apt_dir" "$src"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  cat >"$apt_dir/sources.list" <<EOF
deb-src [signed-by=$keyring] $DEBIAN_MIRROR bookworm main
deb-src [signed-by=$keyring] $DEBIAN_MIRROR bookworm-updates main
deb-src [signed-by=$keyring] $DEBIAN_SECURITY_MIRROR bookworm-security main
EOF
  local opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -q)
  log "fetching source package kubernetes=$K8S_DEB_VERSION"
  apt-get "${opts[@]}" update >&2
  (cd "$apt_dir/download" && apt-get "${opts[@]}" source --download-only "kubernetes=$K8S_DEB_VERSION" >&2) ||
    die "cannot download source package kubernetes=$K8S_DEB_VERSION (see K8S_DEB_VERSION above)"
  log "unpacking source package into $src"
  dpkg-source -x "$apt_dir"/download/kubernetes_*.dsc "$src" >&2
  log "replacing vendored modern-go/reflect2 with Debian's copy"
  rm -rf "$src/vendor/github.com/modern-go/reflect2"
  cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 "$src/vendor/github.com/modern-go/reflect2"
  rm -rf "$apt_dir"
  touch "$src/.ready"
  echo "$src"
}

provide_go_built() {
  apt_install golang-go make gcc rsync golang-github-modern-go-reflect2-dev
  local src targets=() b
  src=$(kubernetes_source)
  for b in "$@"; do targets+=("cmd/$b"); done
  log "building ${targets[*]} with $(go version) (under nice; ~7 minutes cold on 2 cores)"
  rm -rf "$src/_output/bin" # a failed run can leave half-written tools that make takes as built
  (cd "$src" && CGO_ENABLED=0 GOPROXY=off GOFLAGS=-mod=vendor GO111MODULE=on \
    nice -n 19 make WHAT="${targets[*]}" >&2)
  for b in "$@"; do
    install -m 0755 "$src/_output/local/bin/linux/amd64/$b" "$BIN_DIR/$b"
  done
}

main() {
  local wanted=("$@") b
  ((${#wanted[@]})) || wanted=("${DEFAULT_BINARIES[@]}")
  [[ $(uname -m) == x86_64 ]] || die "only linux-amd64 is supported (this is $(uname -m))"
  [[ -r /etc/debian_version ]] || die "needs Debian 12 (bookworm) and its package archive"
  mkdir -p "$BIN_DIR" "$WORK_DIR"
  exec 9>"$CACHE_ROOT/.kube-binaries.lock"
  flock 9 # one build at a time per cache

  local go_missing=()
  for b in "${wanted[@]}"; do
    if present "$b"; then
      log "$b: present in $BIN_DIR"
      continue
    fi
    case $b in
      etcd) provide_etcd ;;
      kubectl) provide_kubectl ;;
      *) is_go_built "$b" && go_missing+=("$b") || die "unknown binary '$b'" ;;
    esac
  done
  ((${#go_missing[@]} == 0)) || provide_go_built "${go_missing[@]}"

  for b in "${wanted[@]}"; do
    present "$b" || die "$b is missing or does not run after the build: $BIN_DIR/$b"
    log "$b: $(version_of "$b")"
  done
  log "ready: $BIN_DIR (kube-api-test: KUBE_API_TEST_DIR=$CACHE_ROOT)"
}

main "$@"

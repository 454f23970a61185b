#!/usr/bin/env bash
# A real single-node Kubernetes 1.20.2 cluster on this machine, from Debian bookworm packages only:
# the control plane and node binaries built from Debian's `kubernetes` source package (cached, see
# kube-binaries.sh), containerd + runc, the standard CNI plugins (bridge, host-local, portmap),
# kube-proxy in iptables mode, and dnsmasq standing in for CoreDNS. No registry: images are
# imported into containerd from the archives e2e/images.sh writes.
#
# Usage:
#   e2e/cluster.sh up        start it (builds what is missing), import the images, wait until
#                            the node is Ready; prints the KUBECONFIG to use
#   e2e/cluster.sh down      stop everything it started and remove what it left (idempotent)
#   e2e/cluster.sh import F  import more image archives
#   e2e/cluster.sh env       print `export KUBECONFIG=...` for the running cluster
#
# Everything lives in $E2E_WORK (default /var/tmp/neo4j-backup-e2e): state, logs, PID files, the
# containerd root, and volumes/ for hostPath PersistentVolumes. A scratch cluster only: the kubelet
# allows anonymous access and every component uses one administrator token. Needs root on
# Debian 12 (amd64), with Debian's archive reachable the first time.
set -Eeuo pipefail
LOG_NAME=cluster
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

W=$E2E_WORK
NODE_NAME=neo4j-backup-e2e
ETCD_PORT=12379
API_PORT=16443
SERVICE_CIDR=10.96.0.0/24
API_SERVICE_IP=10.96.0.1
POD_CIDR=10.244.0.0/24
CLUSTER_DOMAIN=cluster.local
SOCK=$W/containerd/containerd.sock
KUBECONFIG_FILE=$W/kubeconfig
PACKAGES=(containerd runc containernetworking-plugins iptables conntrack dnsmasq-base jq openssl gcc libc6-dev)
BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

node_ip() { ip -4 route get 1.1.1.1 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit }}'; }
kubectl() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
ctr_() { ctr -a "$SOCK" -n k8s.io "$@"; }

# Starts "$@" in the background in its own session, logging to logs/NAME.log, PID in run/NAME.pid.
start_process() {
  local name=$1
  shift
  (
    # Inherited descriptors would outlive this script: a caller's lock (flock) would stay held as
    # long as the cluster runs.
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid "$@"
  ) >>"$W/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$W/run/$name.pid"
}

running() { [[ -s $W/run/$1.pid ]] && kill -0 "$(cat "$W/run/$1.pid")" 2>/dev/null; }

# Waits up to $2 seconds for the command in $3... to succeed; names it $1 in the error.
await() {
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what not ready after $seconds s (logs in $W/logs)"
    sleep 1
  done
}

# Stops a process by its PID file: SIGTERM, then SIGKILL after $2 seconds (default 15).
stop_process() {
  local name=$1 wait=${2:-15} pid
  [[ -s $W/run/$name.pid ]] || return 0
  pid=$(cat "$W/run/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + wait))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$W/run/$name.pid"
}

certificates() {
  local pki=$W/pki ip=$1
  mkdir -p "$pki"
  [[ -s $pki/apiserver.crt ]] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=neo4j-backup-e2e-ca \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:%s,IP:%s,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.%s\n' \
    "$ip" "$API_SERVICE_IP" "$CLUSTER_DOMAIN" >"$pki/apiserver.ext"
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 30 \
    -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  local token
  token=$(openssl rand -hex 24)
  echo "$token,admin,admin,system:masters" >"$pki/tokens.csv"
  chmod 0600 "$pki"/*.key "$pki/tokens.csv"
  cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: "https://$ip:$API_PORT", certificate-authority: "$pki/ca.crt"}
users:
- name: admin
  user: {token: "$token"}
contexts:
- name: e2e
  context: {cluster: e2e, user: admin, namespace: default}
current-context: e2e
EOF
  chmod 0600 "$KUBECONFIG_FILE"
}

pause_image() {
  local dir=$W/images/pause out=$W/images/pause.tar
  [[ -s $out ]] && return 0
  rm -rf "$dir" && mkdir -p "$dir/rootfs" "$dir/layer"
  gcc -static -O2 -o "$dir/rootfs/pause" "$E2E_DIR/pause.c"
  tar --numeric-owner --sort=name --mtime=@0 -C "$dir/rootfs" -cf "$dir/layer.tar" .
  local layer config
  layer=$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)
  mkdir -p "$dir/out/$layer" && mv "$dir/layer.tar" "$dir/out/$layer/layer.tar"
  jq -n --arg l "sha256:$layer" '{architecture: "amd64", os: "linux", config: {Entrypoint: ["/pause"], User: "65535:65535"},
    rootfs: {type: "layers", diff_ids: [$l]}}' >"$dir/out/config.json"
  config=$(sha256sum "$dir/out/config.json" | cut -d' ' -f1)
  mv "$dir/out/config.json" "$dir/out/$config.json"
  jq -n --arg c "$config.json" --arg t "$PAUSE_IMAGE" --arg l "$layer/layer.tar" \
    '[{Config: $c, RepoTags: [$t], Layers: [$l]}]' >"$dir/out/manifest.json"
  (cd "$dir/out" && tar -cf "$out" -- *)
  rm -rf "$dir"
}

containerd_config() {
  mkdir -p "$W/containerd" "$W/cni/net.d" "$W/cni/ipam"
  cat >"$W/containerd/config.toml" <<EOF
version = 2
root = "$W/containerd/root"
state = "$W/containerd/state"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/$PAUSE_IMAGE"
  # This VM drops CAP_SYS_RESOURCE for everyone: without it every sandbox fails to start.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$W/cni/net.d"
EOF
  cat >"$W/cni/net.d/10-e2e.conflist" <<EOF
{"cniVersion": "0.4.0", "name": "e2e", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_CIDR"}]], "routes": [{"dst": "0.0.0.0/0"}],
            "dataDir": "$W/cni/ipam"}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
EOF
}

node_configs() {
  local ip=$1
  cat >"$W/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
failSwapOn: false
# A scratch cluster: anyone who reaches the kubelet may use it.
authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}
authorization: {mode: AlwaysAllow}
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
clusterDNS: ["$ip"]
clusterDomain: $CLUSTER_DOMAIN
serializeImagePulls: false
EOF
  cat >"$W/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: "$KUBECONFIG_FILE"}
mode: iptables
clusterCIDR: $POD_CIDR
hostnameOverride: $NODE_NAME
bindAddress: $ip
conntrack: {maxPerCore: 0}
EOF
}

# The DNS stand-in: dnsmasq answers for cluster.local from a hosts file that a loop regenerates
# every second from the API's Services and Endpoints (ClusterIP names, and headless Services'
# endpoints by hostname), and forwards every other name to the host's resolvers.
dns_loop() {
  local hosts=$W/dns/hosts/cluster
  while :; do
    if kubectl get services,endpoints --all-namespaces -o json >"$W/dns/objects.json" 2>/dev/null; then
      jq -r --arg d "svc.$CLUSTER_DOMAIN" '.items[] |
        if .kind == "Service" then
          select(.spec.clusterIP != null and .spec.clusterIP != "None")
          | "\(.spec.clusterIP) \(.metadata.name).\(.metadata.namespace).\($d)"
        else
          (.metadata.name) as $svc | (.metadata.namespace) as $ns
          | (.subsets // [])[] | (.addresses // [])[] | select(.hostname != null)
          | "\(.ip) \(.hostname).\($svc).\($ns).\($d)"
        end' "$W/dns/objects.json" >"$hosts.new" 2>/dev/null || true
      # Headless Services resolve to their endpoints' addresses.
      jq -r --arg d "svc.$CLUSTER_DOMAIN" '
        ([.items[] | select(.kind == "Service" and .spec.clusterIP == "None") | "\(.metadata.namespace)/\(.metadata.name)"]) as $headless
        | .items[] | select(.kind == "Endpoints")
        | select(("\(.metadata.namespace)/\(.metadata.name)") as $k | $headless | index($k))
        | (.metadata.name) as $svc | (.metadata.namespace) as $ns
        | (.subsets // [])[] | (.addresses // [])[] | "\(.ip) \($svc).\($ns).\($d)"' \
        "$W/dns/objects.json" >>"$hosts.new" 2>/dev/null || true
      if ! cmp -s "$hosts.new" "$hosts"; then mv "$hosts.new" "$hosts"; fi
    fi
    sleep 1
  done
}

start_dns() {
  local ip=$1 upstream
  mkdir -p "$W/dns/hosts"
  : >"$W/dns/hosts/cluster"
  upstream=$(awk '$1 == "nameserver" {print "--server=" $2}' /etc/resolv.conf | grep -v -e '=127\.' -e "=$ip\$" || true)
  start_process dnsmasq dnsmasq --keep-in-foreground --no-resolv --no-hosts $upstream \
    --listen-address="$ip" --bind-interfaces --port=53 --hostsdir="$W/dns/hosts" \
    --local="/$CLUSTER_DOMAIN/" --pid-file="$W/run/dnsmasq.own.pid" --user=root --log-facility=-
  export -f dns_loop kubectl
  export W CLUSTER_DOMAIN K8S_BIN KUBECONFIG_FILE
  start_process dns-loop bash -c dns_loop
}

up() {
  [[ $(id -u) == 0 ]] || die "needs root"
  [[ $(uname -m) == x86_64 ]] || die "only linux-amd64 is supported"
  if [[ -s $W/run/kube-apiserver.pid ]]; then
    log "a cluster from an earlier run is still there; stopping it first"
    down
  fi
  mkdir -p "$W"/{logs,run,images,volumes,etcd,kubelet}
  local ip
  ip=$(node_ip)
  [[ -n $ip ]] || die "cannot tell this machine's IP address (no default route)"
  log "node $NODE_NAME at $ip; state in $W"

  apt_install "${PACKAGES[@]}"
  bash "$E2E_DIR/kube-binaries.sh" "${BINARIES[@]}"

  sysctl -qw net.ipv4.ip_forward=1
  modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null ||
    log "net.bridge.bridge-nf-call-iptables cannot be set (no br_netfilter); hairpin Service traffic may fail"

  certificates "$ip"
  pause_image
  containerd_config
  node_configs "$ip"

  start_process containerd containerd --config "$W/containerd/config.toml"
  start_process etcd "$K8S_BIN/etcd" --data-dir "$W/etcd" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" --listen-peer-urls http://127.0.0.1:12380 \
    --initial-advertise-peer-urls http://127.0.0.1:12380 --initial-cluster "default=http://127.0.0.1:12380" \
    --unsafe-no-fsync
  local pki=$W/pki
  start_process kube-apiserver "$K8S_BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --advertise-address "$ip" --bind-address 0.0.0.0 --secure-port "$API_PORT" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" --token-auth-file "$pki/tokens.csv" --authorization-mode Node,RBAC \
    --service-account-issuer "https://kubernetes.default.svc" --service-account-key-file "$pki/sa.key" \
    --service-account-signing-key-file "$pki/sa.key" --api-audiences "https://kubernetes.default.svc" \
    --service-cluster-ip-range "$SERVICE_CIDR" --allow-privileged --insecure-port 0 \
    --kubelet-preferred-address-types InternalIP,Hostname \
    --enable-admission-plugins NamespaceLifecycle,ServiceAccount,DefaultStorageClass,ResourceQuota
  await "kube-apiserver" 90 kubectl get --raw /readyz
  start_process kube-controller-manager "$K8S_BIN/kube-controller-manager" --kubeconfig "$KUBECONFIG_FILE" \
    --leader-elect=false --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --controllers '*,-nodeipam' --use-service-account-credentials=false --port 0 --bind-address 127.0.0.1
  start_process kube-scheduler "$K8S_BIN/kube-scheduler" --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false \
    --port 0 --bind-address 127.0.0.1
  await "containerd" 30 ctr_ version
  import_images "$W/images/pause.tar"
  start_process kubelet "$K8S_BIN/kubelet" --kubeconfig "$KUBECONFIG_FILE" --config "$W/kubelet.yaml" \
    --container-runtime remote --container-runtime-endpoint "unix://$SOCK" \
    --pod-infra-container-image "docker.io/$PAUSE_IMAGE" --node-ip "$ip" --hostname-override "$NODE_NAME" \
    --root-dir "$W/kubelet" --cert-dir "$W/kubelet/pki"
  start_process kube-proxy "$K8S_BIN/kube-proxy" --config "$W/kube-proxy.yaml"
  start_dns "$ip"
  local archives=()
  mapfile -t archives < <(ls "$IMAGE_DIR"/*.tar 2>/dev/null || true)
  ((${#archives[@]} == 0)) || import_images "${archives[@]}"
  await "node $NODE_NAME" 120 kubectl wait --for=condition=Ready "node/$NODE_NAME" --timeout=2s
  await "default service account" 60 kubectl get serviceaccount default
  log "cluster up: export KUBECONFIG=$KUBECONFIG_FILE  (kubectl: $K8S_BIN/kubectl)"
}

import_images() {
  local file
  for file in "$@"; do
    ctr_ images import "$file" >/dev/null
    log "imported $(tar -xOf "$file" manifest.json | jq -r '.[0].RepoTags[0]') from $file"
  done
}

# Everything below tolerates what is already gone, so that `down` can always run again.
down() {
  [[ $(id -u) == 0 ]] || die "needs root"
  [[ -d $W ]] || return 0
  log "stopping the cluster in $W"
  stop_process kube-scheduler
  stop_process kube-controller-manager
  if running kube-apiserver && running kubelet; then
    # Pods deleted through the API let the kubelet tear their sandboxes and networks down.
    kubectl delete pods --all-namespaces --all --grace-period=5 --timeout=60s --wait=true >/dev/null 2>&1 || true
  fi
  stop_process kubelet
  stop_process dns-loop 2
  stop_process dnsmasq 5
  stop_process kube-proxy
  [[ -x $K8S_BIN/kube-proxy ]] && "$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  if running containerd; then
    local task
    for task in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true; done
    sleep 1
    for task in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$task" >/dev/null 2>&1 || true; done
  fi
  stop_process containerd 20
  # Shims outlive containerd; each one's command line names our socket.
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $SOCK" 2>/dev/null || true); do kill -KILL "$pid" 2>/dev/null || true; done
  stop_process kube-apiserver
  stop_process etcd
  local mnt
  for mnt in $(awk -v w="$W" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount -l "$mnt" 2>/dev/null || true
  done
  for mnt in /run/netns/cni-*; do
    [[ -e $mnt ]] || continue
    umount "$mnt" 2>/dev/null || true
    rm -f "$mnt"
  done
  ip link delete cni0 2>/dev/null || true
  local table
  for table in nat filter mangle; do
    iptables-save -t "$table" 2>/dev/null | grep -v -E -e '(KUBE-|CNI-)' | iptables-restore -T "$table" 2>/dev/null || true
  done
  # The kubelet keeps container logs in /var/log/pods (NAMESPACE_POD_UID) whatever its root dir.
  local uid dir
  for uid in $(ls "$W/kubelet/pods" 2>/dev/null); do
    rm -rf /var/log/pods/*_"$uid"
    find /var/log/containers -maxdepth 1 -xtype l -delete 2>/dev/null || true
  done
  for dir in /sys/fs/cgroup/*/kubepods; do
    [[ -d $dir ]] || continue
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  rm -rf "$W"
  log "cluster stopped and $W removed"
}

case ${1:-} in
  up)
    started=
    trap '[[ -n $started ]] || { log "cluster up failed; cleaning up"; down; }' EXIT
    trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR
    up
    started=1
    ;;
  down) down ;;
  import)
    shift
    import_images "$@"
    ;;
  env) echo "export KUBECONFIG=$KUBECONFIG_FILE PATH=$K8S_BIN:\$PATH" ;;
  *) die "usage: e2e/cluster.sh up|down|import FILE...|env" ;;
esac

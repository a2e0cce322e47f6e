#!/usr/bin/env bash
# The vSphere API simulator (tests/peers/vcsim, govmomi's simulator package from Debian),
# built offline in GOPATH mode and run on loopback with TLS. Stopped by PID.
#   vcsim.sh build DIR                 compile DIR/vcsim (once; later builds are warm)
#   vcsim.sh start DIR MODEL PORT [VMS] MODEL esx|vpx; /sdk on PORT (HTTPS), control on
#                                      PORT+1 (HTTP), a never-answering listener on PORT+2
#   vcsim.sh stop DIR
# VCSIM_BIN=PATH starts a binary built elsewhere (one build, several instances).
# DIR/url holds the /sdk URL, DIR/ca.pem the server certificate; user vcuser, password vcpass.
set -euo pipefail

usage() { echo "usage: $0 build DIR | start DIR esx|vpx PORT [VMS] | stop DIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
CMD=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
PIDFILE=$DIR/vcsim.pid
# One build serves several running instances: VCSIM_BIN names it (else DIR/vcsim).
BIN=${VCSIM_BIN:-$DIR/vcsim}

# shellcheck source=pidfile.sh
source "$HERE/pidfile.sh"
alive() { pidfile_alive "$PIDFILE" vcsim; }
die() { echo "vcsim.sh: $*" >&2; [[ -f $DIR/vcsim.log ]] && tail -n 20 "$DIR/vcsim.log" >&2; exit 1; }

build() {
    command -v go >/dev/null || die "go is missing (scripts/install-deps.sh test)"
    [[ -d /usr/share/gocode/src/github.com/vmware/govmomi/simulator ]] ||
        die "govmomi is missing (package golang-github-vmware-govmomi-dev)"
    BIN=$DIR/vcsim
    local src=$DIR/gopath/src/virtcheck-vcsim
    mkdir -p "$src"
    cp "$HERE"/vcsim/*.go "$src/"
    # No network, no modules: Debian's Go sources only.
    GO111MODULE=off GOFLAGS= GOPROXY=off GOPATH="/usr/share/gocode:$DIR/gopath" GOCACHE="$DIR/gocache" \
        timeout 300 go build -o "$BIN.tmp" virtcheck-vcsim
    mv "$BIN.tmp" "$BIN"
}

start() {
    local model=${1:?model} port=${2:?port} vms=${3:-2}
    if alive; then echo "vcsim already running (pid $(<"$PIDFILE"))"; return; fi
    [[ -x $BIN ]] || build
    rm -f "$DIR/ready" "$DIR/url"
    "$BIN" -model "$model" -listen "127.0.0.1:$port" -control "127.0.0.1:$((port + 1))" \
        -hang "127.0.0.1:$((port + 2))" -vms "$vms" -dir "$DIR" </dev/null >"$DIR/vcsim.log" 2>&1 &
    echo $! >"$PIDFILE"
    local end=$((SECONDS + 60))
    until [[ -s $DIR/ready ]]; do
        # Right after the fork the process may not be called vcsim yet: any live PID will do.
        pidfile_alive "$PIDFILE" || die "vcsim exited during startup"
        ((SECONDS < end)) || { stop; die "vcsim was not ready within 60 s"; }
        sleep 0.05
    done
    echo "vcsim ($model, $vms VMs per host/pool) ready at $(<"$DIR/url") (pid $(<"$PIDFILE"))"
}

stop() {
    pidfile_stop "$PIDFILE" vcsim vcsim || die "could not stop vcsim"
    rm -f "$DIR/ready"
    echo "vcsim stopped"
}

case $CMD in
build) build ;;
start) shift 2; start "$@" ;;
stop) stop ;;
*) usage ;;
esac

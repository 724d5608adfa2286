# shellcheck shell=bash
# scripts/lib/mailpit.sh: a throw-away Mailpit for one test run: an SMTP server that
# keeps every mail and shows it through an HTTP API, so that the mail tests send real
# mail and read what arrived. It listens on 127.0.0.1 only, on free ports, and keeps
# its database in the run dir. Needs common.sh and postgres.sh (port_in_use).
#
# Mailpit is a Go program with no Debian package: mailpit_ensure builds it once with
# "go install" from the Go module proxy (about two minutes on two cores, plus the
# module download on a fresh machine) into $(go env GOPATH)/bin, and later runs find
# it there. mailpit_start RUN_DIR sets MAILPIT_PID and MAILPIT_ENV (the value of
# TEILHABE_TEST_MAILPIT); mailpit_stop stops it again (safe to call twice, or when it
# never started).

MAILPIT_VERSION=v1.27.11
MAILPIT_BIN="" MAILPIT_DIR="" MAILPIT_PID=""
# shellcheck disable=SC2034 # read by the sourcing script
MAILPIT_ENV=""

# mailpit_version_of BIN prints the Mailpit module version BIN was built from.
mailpit_version_of() {
	go version -m "$1" 2>/dev/null | awk '$1 == "mod" && $2 == "github.com/axllent/mailpit" { print $3 }'
}

# mailpit_ensure sets MAILPIT_BIN, building Mailpit when that version is not there.
mailpit_ensure() {
	local gobin log start
	gobin=$(go env GOBIN)
	[[ -n $gobin ]] || gobin=$(go env GOPATH)/bin
	MAILPIT_BIN=$gobin/mailpit
	if [[ -x $MAILPIT_BIN && $(mailpit_version_of "$MAILPIT_BIN") == "$MAILPIT_VERSION" ]]; then
		info "Mailpit $MAILPIT_VERSION is built: $MAILPIT_BIN"
		return 0
	fi
	info "building Mailpit $MAILPIT_VERSION into $gobin (go install, about 2 minutes; once per machine)"
	start=$SECONDS
	log=$(mktemp "${TMPDIR:-/tmp}/teilhabe-mailpit-build.XXXXXX")
	# From / so that this repository's go.mod plays no part in the build.
	if ! (cd / && GOBIN=$gobin go install "github.com/axllent/mailpit@$MAILPIT_VERSION") >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		rm -f "$log"
		die "go install github.com/axllent/mailpit@$MAILPIT_VERSION failed (last lines above; it needs the Go module proxy)"
	fi
	rm -f "$log"
	[[ $(mailpit_version_of "$MAILPIT_BIN") == "$MAILPIT_VERSION" ]] ||
		die "go install put no Mailpit $MAILPIT_VERSION at $MAILPIT_BIN (is GOBIN set differently here?)"
	info "built in $((SECONDS - start))s"
}

# mailpit_free_port FROM prints the first port from FROM on that nothing listens on.
mailpit_free_port() {
	local port=$1
	while port_in_use "$port"; do
		port=$((port + 1))
	done
	printf '%s\n' "$port"
}

# mailpit_start RUN_DIR starts Mailpit with SMTP on the first free port from 51025
# (TEILHABE_TEST_MAILPIT_PORT sets where to start looking) and its HTTP API on the
# next free one, and waits until both accept connections.
mailpit_start() {
	local run_dir=$1 from=${TEILHABE_TEST_MAILPIT_PORT:-51025} smtp http last i
	last=$((from + 100))
	MAILPIT_DIR=$run_dir/mailpit
	mkdir -p "$MAILPIT_DIR"
	while :; do
		smtp=$(mailpit_free_port "$from")
		http=$(mailpit_free_port $((smtp + 1)))
		[[ $http -le $last ]] || die "no free ports for Mailpit in ${TEILHABE_TEST_MAILPIT_PORT:-51025}..$last"
		"$MAILPIT_BIN" --smtp "127.0.0.1:$smtp" --listen "127.0.0.1:$http" \
			--database "$MAILPIT_DIR/mailpit.db" --max 10000 \
			--disable-version-check --smtp-disable-rdns >"$MAILPIT_DIR/mailpit.log" 2>&1 &
		MAILPIT_PID=$!
		echo "$MAILPIT_PID" >"$MAILPIT_DIR/pid"
		for ((i = 0; i < 300; i++)); do
			if port_in_use "$smtp" && port_in_use "$http"; then
				# shellcheck disable=SC2034 # read by the sourcing script
				MAILPIT_ENV="smtp=127.0.0.1:$smtp,api=http://127.0.0.1:$http"
				return 0
			fi
			kill -0 "$MAILPIT_PID" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$MAILPIT_PID" 2>/dev/null; then
			mailpit_stop
			tail -n 30 "$MAILPIT_DIR/mailpit.log" >&2
			die "Mailpit did not open 127.0.0.1:$smtp and 127.0.0.1:$http within 30 s (log above)"
		fi
		MAILPIT_PID=""
		if grep -q 'address already in use' "$MAILPIT_DIR/mailpit.log"; then
			# Taken between our check and Mailpit's bind (e.g. a concurrent run).
			info "ports $smtp/$http are taken, trying further up"
			from=$((http + 1))
			continue
		fi
		tail -n 30 "$MAILPIT_DIR/mailpit.log" >&2
		die "Mailpit did not start (log above)"
	done
}

# mailpit_kill PID stops the Mailpit with that process id, if it still runs: SIGTERM,
# then after 10 s SIGKILL. Any other process under that id is left alone.
mailpit_kill() {
	local pid=$1 i
	[[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || return 0
	grep -qx mailpit "/proc/$pid/comm" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		[[ -d /proc/$pid ]] || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
}

mailpit_stop() {
	[[ -n $MAILPIT_PID ]] || return 0
	mailpit_kill "$MAILPIT_PID"
	wait "$MAILPIT_PID" 2>/dev/null || true
	MAILPIT_PID=""
}

# mailpit_sweep_stale stops the Mailpit of runs that were killed too hard to clean
# up (their owner process is gone); call it before sweep_stale_runs removes their
# run dirs, which hold the process ids.
mailpit_sweep_stale() {
	local d owner
	for d in "${TMPDIR:-/tmp}"/teilhabe-test.*; do
		[[ -f $d/owner.pid && -f $d/mailpit/pid ]] || continue
		owner=$(<"$d/owner.pid")
		[[ $owner =~ ^[0-9]+$ ]] || continue
		[[ -d /proc/$owner ]] && continue # that run is still going
		mailpit_kill "$(<"$d/mailpit/pid")"
	done
}

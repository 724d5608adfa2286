# shellcheck shell=bash
# scripts/lib/clamd.sh: a throw-away clamd (ClamAV's daemon, Debian's clamav-daemon)
# for one test run, so that the virus-scan tests stream real uploads to a real
# scanner. It listens on 127.0.0.1 only, on a free port, and loads a database of one
# signature written here: the EICAR test file at any offset. No freshclam, no
# download: with that database clamd is up in well under a second. Needs common.sh
# and postgres.sh (port_in_use).
#
# clamd_start RUN_DIR sets CLAMD_PID and CLAMD_ENV (the value of
# TEILHABE_TEST_CLAMD); clamd_stop stops it again (safe to call twice, or when it
# never started).

CLAMD_BIN=/usr/sbin/clamd
CLAMD_DIR="" CLAMD_PID=""
# shellcheck disable=SC2034 # read by the sourcing script
CLAMD_ENV=""

# The EICAR test file (https://www.eicar.org), harmless by design.
CLAMD_EICAR='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

# clamd_write_db DIR writes the test database: an extended (.ndb) signature for
# any file type (0) at any offset (*), so that the string is found inside a PDF too.
clamd_write_db() {
	local hex
	hex=$(printf '%s' "$CLAMD_EICAR" | od -An -tx1 -v | tr -d ' \n')
	printf 'Teilhabe.Test.EICAR:0:*:%s\n' "$hex" >"$1/teilhabe-test.ndb"
}

# clamd_start RUN_DIR starts clamd on the first free port from 53310
# (TEILHABE_TEST_CLAMD_PORT sets where to start looking) and waits until it answers
# PING.
clamd_start() {
	local run_dir=$1 port=${TEILHABE_TEST_CLAMD_PORT:-53310} last i
	last=$((port + 100))
	[[ -x $CLAMD_BIN ]] || die "no clamd at $CLAMD_BIN (apt-get install clamav-daemon)"
	CLAMD_DIR=$run_dir/clamd
	mkdir -p "$CLAMD_DIR/db"
	clamd_write_db "$CLAMD_DIR/db"
	while :; do
		while port_in_use "$port"; do
			port=$((port + 1))
		done
		[[ $port -le $last ]] || die "no free port for clamd in ${TEILHABE_TEST_CLAMD_PORT:-53310}..$last"
		cat >"$CLAMD_DIR/clamd.conf" <<-CONF
			Foreground yes
			TCPSocket $port
			TCPAddr 127.0.0.1
			DatabaseDirectory $CLAMD_DIR/db
			TemporaryDirectory $CLAMD_DIR
			LogFile $CLAMD_DIR/clamd.log
			MaxThreads 4
			StreamMaxLength 25M
			Bytecode no
			SelfCheck 0
		CONF
		"$CLAMD_BIN" -c "$CLAMD_DIR/clamd.conf" >"$CLAMD_DIR/stdout.log" 2>&1 &
		CLAMD_PID=$!
		echo "$CLAMD_PID" >"$CLAMD_DIR/pid"
		for ((i = 0; i < 300; i++)); do
			if clamd_ping "$port"; then
				# shellcheck disable=SC2034 # read by the sourcing script
				CLAMD_ENV="tcp:127.0.0.1:$port"
				return 0
			fi
			kill -0 "$CLAMD_PID" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$CLAMD_PID" 2>/dev/null; then
			clamd_stop
			tail -n 30 "$CLAMD_DIR/clamd.log" >&2
			die "clamd did not answer on 127.0.0.1:$port within 30 s (log above)"
		fi
		CLAMD_PID=""
		if grep -qiE 'address already in use|bind.*failed' "$CLAMD_DIR/clamd.log" "$CLAMD_DIR/stdout.log" 2>/dev/null; then
			info "port $port is taken, trying further up"
			port=$((port + 1))
			continue
		fi
		tail -n 30 "$CLAMD_DIR/clamd.log" "$CLAMD_DIR/stdout.log" >&2
		die "clamd did not start (log above)"
	done
}

# clamd_ping PORT is true when clamd on 127.0.0.1:PORT answers PONG.
clamd_ping() {
	local reply
	reply=$(
		{ exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || exit 1
		printf 'zPING\0' >&3
		timeout 2 head -c 4 <&3
	)
	[[ $reply == PONG ]]
}

# clamd_kill PID stops the clamd with that process id, if it still runs: SIGTERM,
# then after 10 s SIGKILL. Any other process under that id is left alone.
clamd_kill() {
	local pid=$1 i
	[[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || return 0
	grep -qx clamd "/proc/$pid/comm" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		[[ -d /proc/$pid ]] || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
}

clamd_stop() {
	[[ -n $CLAMD_PID ]] || return 0
	clamd_kill "$CLAMD_PID"
	wait "$CLAMD_PID" 2>/dev/null || true
	CLAMD_PID=""
}

# clamd_sweep_stale stops the clamd of runs that were killed too hard to clean up
# (their owner process is gone); call it before sweep_stale_runs removes their run
# dirs, which hold the process ids.
clamd_sweep_stale() {
	local d owner
	for d in "${TMPDIR:-/tmp}"/teilhabe-test.*; do
		[[ -f $d/owner.pid && -f $d/clamd/pid ]] || continue
		owner=$(<"$d/owner.pid")
		[[ $owner =~ ^[0-9]+$ ]] || continue
		[[ -d /proc/$owner ]] && continue # that run is still going
		clamd_kill "$(<"$d/clamd/pid")"
	done
}

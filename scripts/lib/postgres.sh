# shellcheck shell=bash
# scripts/lib/postgres.sh: a throw-away PostgreSQL server for one test run: its own
# data dir under the run dir, listening on 127.0.0.1 only, on a free port, with
# fsync off. It never touches another PostgreSQL (not the package's "main" cluster,
# not another run's). Needs common.sh and deps.sh.
#
# pg_start RUN_DIR sets PG_BIN, PG_BASE, PG_PORT, PG_DB and PG_URL; pg_stop stops the
# server again (safe to call twice, or when it never started).

# shellcheck disable=SC2034 # PG_URL is read by the sourcing script
PG_BIN="" PG_BASE="" PG_PORT="" PG_DB=teilhabe_test PG_URL=""

# pg_as_owner runs a server command as the user that owns the data dir: postgres
# when we are root (the server refuses to run as root), else ourselves.
pg_as_owner() {
	if is_root; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# port_in_use is true when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pg_bind_failed is true when the server log says the port was taken.
pg_bind_failed() {
	grep -qE 'could not bind|Address already in use|could not create any TCP/IP sockets' "$PG_BASE/server.log" 2>/dev/null
}

pg_start() {
	local run_dir=$1
	PG_BIN=$(pg_bindir) || die "no PostgreSQL server found under /usr/lib/postgresql"
	if is_root; then
		id -u postgres >/dev/null 2>&1 || die "there is no 'postgres' user to run the server as (is the postgresql package installed?)"
	fi
	PG_BASE=$run_dir/pg
	mkdir -p "$PG_BASE/data" "$PG_BASE/sock"
	chmod 700 "$PG_BASE/data"
	if is_root; then
		chown -R postgres:postgres "$PG_BASE"
	fi

	if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_BASE/data" -U postgres --auth=trust \
		-E UTF8 --locale=C.UTF-8 >"$PG_BASE/initdb.log" 2>&1; then
		tail -n 30 "$PG_BASE/initdb.log" >&2
		die "initdb failed (log above)"
	fi

	local port=${TEILHABE_TEST_PG_PORT:-55432} last
	last=$((port + 100))
	while :; do
		[[ $port -le $last ]] || die "no free port for PostgreSQL in ${TEILHABE_TEST_PG_PORT:-55432}..$last"
		if port_in_use "$port"; then
			port=$((port + 1))
			continue
		fi
		rm -f "$PG_BASE/server.log"
		PG_PORT=$port # from here on pg_stop must look at the data dir
		if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_BASE/data" -l "$PG_BASE/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $PG_BASE/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >>"$PG_BASE/pg_ctl.log" 2>&1; then
			break
		fi
		if pg_bind_failed; then
			# Taken between our check and the server's bind (e.g. a concurrent run).
			info "port $port is taken, trying $((port + 1))"
			port=$((port + 1))
			continue
		fi
		pg_show_log all
		die "PostgreSQL did not start (server log above)"
	done

	if ! "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB" >>"$PG_BASE/pg_ctl.log" 2>&1; then
		pg_show_log all
		die "could not create database $PG_DB"
	fi
	# shellcheck disable=SC2034 # read by the sourcing script
	PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB?sslmode=disable"
}

# pg_show_log [all] prints the tail of the server log to stderr; with "all" also
# the pg_ctl/createdb output (for failures to start).
pg_show_log() {
	[[ -n $PG_BASE ]] || return 0
	local f
	local -a files=("$PG_BASE/server.log")
	[[ ${1:-} == all ]] && files=("$PG_BASE/initdb.log" "$PG_BASE/pg_ctl.log" "$PG_BASE/server.log")
	for f in "${files[@]}"; do
		[[ -s $f ]] || continue
		printf -- '--- last lines of %s ---\n' "$f" >&2
		tail -n 40 "$f" >&2
	done
}

# pg_stop_dir stops the server whose data dir is DIR/data, if it runs: a fast
# shutdown, then an immediate one, then SIGKILL to its postmaster.
pg_stop_dir() {
	local base=$1 bin=${PG_BIN:-} pid
	[[ -f $base/data/postmaster.pid ]] || return 0
	[[ -n $bin ]] || bin=$(pg_bindir) || true
	if [[ -n $bin ]]; then
		pg_as_owner "$bin/pg_ctl" -D "$base/data" -m fast -w -t 30 stop >>"$base/pg_ctl.log" 2>&1 ||
			pg_as_owner "$bin/pg_ctl" -D "$base/data" -m immediate -w -t 30 stop >>"$base/pg_ctl.log" 2>&1 ||
			true
	fi
	if [[ -f $base/data/postmaster.pid ]]; then
		pid=$(head -n 1 "$base/data/postmaster.pid" 2>/dev/null || true)
		if [[ $pid =~ ^[0-9]+$ ]] && [[ -d /proc/$pid ]] &&
			grep -q postgres "/proc/$pid/comm" 2>/dev/null; then
			kill -KILL "$pid" 2>/dev/null || true
			sleep 1
		fi
	fi
}

pg_stop() {
	[[ -n $PG_BASE && -n $PG_PORT ]] || return 0
	pg_stop_dir "$PG_BASE"
}

# sweep_stale_runs removes what runs of this script left behind when they were
# killed too hard to clean up (SIGKILL, a lost machine): their run dirs hold the
# PID of the script that made them, and that process is gone. Only such dirs, and
# only servers in them, are touched.
sweep_stale_runs() {
	local d owner
	for d in "${TMPDIR:-/tmp}"/teilhabe-test.*; do
		[[ -d $d && -f $d/owner.pid ]] || continue
		owner=$(<"$d/owner.pid")
		[[ $owner =~ ^[0-9]+$ ]] || continue
		[[ -d /proc/$owner ]] && continue # that run is still going
		info "removing what an earlier, killed run left: $d"
		[[ -d $d/pg ]] && pg_stop_dir "$d/pg"
		rm -rf "$d"
	done
}

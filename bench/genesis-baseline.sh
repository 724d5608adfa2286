#!/usr/bin/env bash
# Times "teilhabe import genesis" on a generated GENESIS table against loading the same
# observations as a long-format CSV with the sqlite3 shell's .import into a plain table.
# Prints a Markdown table: values/s, ratio (teilhabe time / sqlite3 .import time) and
# peak RSS. PostgreSQL is included when TEILHABE_TEST_POSTGRES is set.
#
#   bench/genesis-baseline.sh                    # 1M and 4M values, 3 runs each
#   RUNS=1 COLUMNS_LIST="100" bench/genesis-baseline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
KREISE=${KREISE:-400}
YEARS=${YEARS:-25}
COLUMNS_LIST=${COLUMNS_LIST:-"100 400"} # 400 × 25 × 100 = 1M values, × 400 = 4M
PG=${TEILHABE_TEST_POSTGRES:-}

install() { # command package
	command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}
install sqlite3 sqlite3
[ -x /usr/bin/time ] || install /usr/bin/time time
[ -z "$PG" ] || install psql postgresql-client

tmp=$(mktemp -d)
schema="bench_$$"
cleanup() {
	rm -rf "$tmp"
	[ -z "$PG" ] || psql -qX "$PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT
go build -o "$tmp/teilhabe" ./cmd/teilhabe
go -C bench build -o "$tmp/gengenesis" ./gengenesis # bench is its own module

# measure CMD...: runs CMD under /usr/bin/time, sets secs and kb (peak RSS).
measure() {
	if ! /usr/bin/time -o "$tmp/time" -f '%e %M' "$@" >"$tmp/out" 2>&1; then
		cat "$tmp/out" >&2
		exit 1
	fi
	read -r secs kb <"$tmp/time"
}

# row LABEL VALUES BASE_SECS FILE_OF_"secs kb"_LINES: median time, max RSS.
row() {
	local med mb
	med=$(cut -d' ' -f1 "$4" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	mb=$(cut -d' ' -f2 "$4" | sort -g | tail -1 | awk '{printf "%.0f", $1/1024}')
	awk -v l="$1" -v n="$2" -v b="$3" -v t="$med" -v mb="$mb" -v runs="$(awk '{printf "%s%ss/%.0fMB", (NR > 1 ? ", " : ""), $1, $2 / 1024}' "$4")" \
		'BEGIN {printf "| %s | %d | %.2f | %.0f | %.2f | %s | %s |\n", l, n, t, n/t, t/b, mb, runs}'
}

count_sqlite() { sqlite3 "$1" 'SELECT COUNT(*) FROM observations'; }
check() { # what got want
	[ "$2" = "$3" ] || { echo "$1: $2 observations, want $3" >&2; exit 1; }
}

echo "| method | values | median s | values/s | ratio vs .import | peak MB | runs |"
echo "|---|---:|---:|---:|---:|---:|---|"
for cols in $COLUMNS_LIST; do
	n=$((KREISE * YEARS * cols))
	"$tmp/gengenesis" -kreise "$KREISE" -years "$YEARS" -columns "$cols" -out "$tmp/g.csv" -long "$tmp/long.csv" 2>/dev/null
	echo "$n values: GENESIS file $(du -m "$tmp/g.csv" | cut -f1) MB, long CSV $(du -m "$tmp/long.csv" | cut -f1) MB" >&2
	: >"$tmp/base" >"$tmp/keyed" >"$tmp/sqlite" >"$tmp/pg"
	for _ in $(seq "$RUNS"); do
		rm -f "$tmp/base.db"
		sqlite3 "$tmp/base.db" 'CREATE TABLE observations ("table" TEXT, series TEXT, unit TEXT,
			region_key TEXT, region_name TEXT, period TEXT, breakdown TEXT, value TEXT, symbol TEXT)'
		printf '.mode csv\n.import --skip 1 %s observations\n' "$tmp/long.csv" >"$tmp/import.sql"
		measure sh -c "sqlite3 '$tmp/base.db' <'$tmp/import.sql'"
		echo "$secs $kb" >>"$tmp/base"
		check sqlite3 "$(count_sqlite "$tmp/base.db")" "$n"

		# The same load into a table keyed like teilhabe's observations (primary key,
		# WITHOUT ROWID): what maintaining that key costs in native SQLite.
		rm -f "$tmp/base.db"
		sqlite3 "$tmp/base.db" 'CREATE TABLE observations ("table" TEXT, series TEXT, unit TEXT,
			region_key TEXT, region_name TEXT, period TEXT, breakdown TEXT, value TEXT, symbol TEXT,
			PRIMARY KEY ("table", series, unit, region_key, period, breakdown)) WITHOUT ROWID'
		measure sh -c "sqlite3 '$tmp/base.db' <'$tmp/import.sql'"
		echo "$secs $kb" >>"$tmp/keyed"

		rm -f "$tmp/t.db" "$tmp/t.db-wal" "$tmp/t.db-shm"
		measure "$tmp/teilhabe" import genesis --db "sqlite:$tmp/t.db" "$tmp/g.csv"
		echo "$secs $kb" >>"$tmp/sqlite"
		check "teilhabe sqlite" "$(count_sqlite "$tmp/t.db")" "$n"

		if [ -n "$PG" ]; then
			psql -qX "$PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" 2>/dev/null
			sep='?'
			[[ "$PG" == *\?* ]] && sep='&'
			measure "$tmp/teilhabe" import genesis --db "$PG${sep}search_path=$schema" "$tmp/g.csv"
			echo "$secs $kb" >>"$tmp/pg"
			check "teilhabe postgres" "$(psql -qXtA "$PG" -c "SELECT COUNT(*) FROM $schema.observations")" "$n"
			psql -qX "$PG" -c "DROP SCHEMA $schema CASCADE" 2>/dev/null
		fi
	done
	base=$(cut -d' ' -f1 "$tmp/base" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	row "sqlite3 .import long CSV (baseline)" "$n" "$base" "$tmp/base"
	row "sqlite3 .import long CSV, table keyed like observations" "$n" "$base" "$tmp/keyed"
	row "teilhabe import genesis → SQLite" "$n" "$base" "$tmp/sqlite"
	[ -z "$PG" ] || row "teilhabe import genesis → PostgreSQL" "$n" "$base" "$tmp/pg"
done

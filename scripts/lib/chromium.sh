# shellcheck shell=bash
# scripts/lib/chromium.sh: finds a Chromium binary that works headless here.
# Needs common.sh.

# chromium_works BIN SCRATCH_DIR is true when BIN renders about:blank headless.
chromium_works() {
	local bin=$1 scratch=$2 out
	[[ -x $bin ]] || return 1
	mkdir -p "$scratch"
	out=$(timeout 60 "$bin" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$scratch/profile" \
		--dump-dom about:blank 2>"$scratch/chromium.log") || return 1
	[[ $out == *"<html"* ]]
}

# find_chromium SCRATCH_DIR prints the first candidate that works headless:
# TEILHABE_TEST_CHROMIUM if set, then Debian's real binary (the wrapper
# /usr/bin/chromium adds flags from /etc/chromium.d), then what PATH offers.
find_chromium() {
	local scratch=$1 c
	local -a candidates=()
	[[ -n ${TEILHABE_TEST_CHROMIUM:-} ]] && candidates+=("$TEILHABE_TEST_CHROMIUM")
	candidates+=(/usr/lib/chromium/chromium /usr/bin/chromium)
	c=$(command -v chromium 2>/dev/null) && candidates+=("$c")
	c=$(command -v chromium-browser 2>/dev/null) && candidates+=("$c")
	for c in "${candidates[@]}"; do
		if chromium_works "$c" "$scratch"; then
			printf '%s\n' "$c"
			return 0
		fi
	done
	if [[ -s $scratch/chromium.log ]]; then
		tail -n 20 "$scratch/chromium.log" >&2
	fi
	return 1
}

# shellcheck shell=bash
# scripts/lib/deps.sh: installs the Debian packages the test suite needs, and only
# those that are missing. Needs common.sh.

# The packages, and how to see that each is already there (no dpkg database lookups
# for the binaries: what counts is that the program can be run).
#   postgresql        -> a server bin dir /usr/lib/postgresql/<major>/bin with initdb
#   chromium          -> /usr/lib/chromium/chromium or chromium in PATH
#   fonts-dejavu-core -> the DejaVu Sans font file (so pages render text headless)
#   clamav-daemon     -> /usr/sbin/clamd (the virus-scan tests; no signatures are
#                        downloaded: scripts/lib/clamd.sh writes a test database)

# pg_bindir prints the bin dir of the newest installed PostgreSQL server, or fails.
pg_bindir() {
	local d best=""
	while read -r d; do
		[[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && best=$d
	done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
	[[ -n $best ]] || return 1
	printf '%s\n' "$best"
}

have_postgres() { pg_bindir >/dev/null; }
have_chromium() { [[ -x /usr/lib/chromium/chromium ]] || command -v chromium >/dev/null 2>&1; }
have_clamd() { [[ -x /usr/sbin/clamd ]]; }
have_dejavu() {
	[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] ||
		dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'install ok installed'
}

# missing_packages prints the Debian packages that are not installed yet, one a line.
missing_packages() {
	have_postgres || echo postgresql
	have_chromium || echo chromium
	have_dejavu || echo fonts-dejavu-core
	have_clamd || echo clamav-daemon
}

# apt_install runs "apt-get update" once and then installs the given packages,
# without prompts; the pair is tried a second time if it fails (a mirror hiccup or
# a dpkg lock held by a concurrent run).
apt_install() {
	local -a opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
	local try
	for try in 1 2; do
		if DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update &&
			DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@"; then
			return 0
		fi
		if [[ $try -eq 1 ]]; then
			warn "apt-get failed; trying once more in 10s"
			sleep 10
		fi
	done
	return 1
}

# ensure_packages installs what is missing, or fails with a clear message when it
# cannot (not root, or no apt-get).
ensure_packages() {
	local -a missing
	mapfile -t missing < <(missing_packages)
	if [[ ${#missing[@]} -eq 0 ]]; then
		info "postgresql, chromium, fonts-dejavu-core and clamav-daemon are installed"
		return 0
	fi
	if ! is_root; then
		die "missing packages: ${missing[*]}. Run this script as root, or install them first:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "missing packages: ${missing[*]}, and there is no apt-get to install them (this script expects Debian 12)"
	info "installing: ${missing[*]}"
	local log
	log=$(mktemp "${TMPDIR:-/tmp}/teilhabe-apt-log.XXXXXX")
	info "(apt output goes to $log while it runs)"
	if ! apt_install "${missing[@]}" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		rm -f "$log"
		die "apt-get install ${missing[*]} failed (last lines above)"
	fi
	rm -f "$log"
	mapfile -t missing < <(missing_packages)
	[[ ${#missing[@]} -eq 0 ]] || die "still missing after apt-get install: ${missing[*]}"
	info "installed"
}

# shellcheck shell=bash
# scripts/lib/validators.sh: installs the third-party validators that the tests run
# on the open-data catalogue (SHACL, DCAT-AP.de 3.0) and the OpenAPI document: the
# exact npm packages of scripts/validators/package-lock.json, with npm ci, once per
# lock file, into a cache folder (npm's own cache makes a re-install work offline).
# Needs common.sh, and Node.js >= 20.19 with npm (the machine's; Debian 12's own
# nodejs 18 is too old for @redocly/cli 2).
#   TEILHABE_VALIDATORS_CACHE  default: ${XDG_CACHE_HOME:-$HOME/.cache}/teilhabe/validators

VALIDATORS_SRC=scripts/validators

# validators_node_ok is true when node is at least 20.19.
validators_node_ok() {
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
		node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}

# validators_ensure installs the packages if this lock file has not been installed
# yet, and sets VALIDATORS_DIR to the folder holding their node_modules.
validators_ensure() {
	validators_node_ok ||
		die "the validator tests need Node.js >= 20.19 with npm (found: $(node --version 2>/dev/null || echo none))"
	local hash base
	hash=$(sha256sum "$VALIDATORS_SRC/package-lock.json" | cut -c1-16)
	base=${TEILHABE_VALIDATORS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/teilhabe/validators}
	VALIDATORS_DIR=$base/$hash
	if [[ -d $VALIDATORS_DIR/node_modules ]]; then
		info "npm packages of $VALIDATORS_SRC/package-lock.json already in $VALIDATORS_DIR"
		return 0
	fi
	mkdir -p "$base"
	local tmp log
	tmp=$(mktemp -d "$base/.install.XXXXXX")
	log=$tmp.log
	cp "$VALIDATORS_SRC/package.json" "$VALIDATORS_SRC/package-lock.json" "$tmp/"
	info "npm ci into $VALIDATORS_DIR (output in $log while it runs)"
	if ! (cd "$tmp" && npm ci --no-audit --no-fund --ignore-scripts --prefer-offline --loglevel=error) >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		rm -rf "$tmp" "$log"
		die "npm ci of $VALIDATORS_SRC failed (last lines above)"
	fi
	rm -f "$log"
	# A concurrent run may have finished first; either copy is the same.
	mv -T "$tmp" "$VALIDATORS_DIR" 2>/dev/null || rm -rf "$tmp"
	info "installed"
}

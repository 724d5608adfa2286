# shellcheck shell=bash
# scripts/lib/common.sh: logging helpers shared by the scripts in scripts/.
# Source it; it defines functions only and changes no shell options.

# step prints a section header, so a long run reads as a list of steps.
step() { printf '\n==> %s\n' "$*"; }

# info prints an indented detail line under the current step.
info() { printf '    %s\n' "$*"; }

# warn prints to stderr and goes on.
warn() { printf 'warning: %s\n' "$*" >&2; }

# die prints to stderr and exits non-zero (the EXIT trap still runs).
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# is_root is true when the script runs as root.
is_root() { [[ ${EUID:-$(id -u)} -eq 0 ]]; }

# elapsed prints the seconds since the script started.
elapsed() { printf '%ss' "$SECONDS"; }

#!/bin/sh
# install-deps.sh: install what argolab needs to build and test, and
# nothing when everything is already there.
#   Debian/Ubuntu: apt-get (run as root, or with sudo available)
#   macOS: Homebrew
# The packages: a C compiler and make, pkg-config, and the development
# files of libyaml, jansson, libcurl (OpenSSL), OpenSSL, libarchive,
# libgit2, libmicrohttpd and Criterion; for the tests, python3 (a local
# HTTP server, archive fixtures), git, curl and openssl (requests and
# certificates of the fetch and sim tests) and procps (pkill).  The
# tests also use kubectl, which is not a Debian package (it is on every
# machine this project runs on; see README.md).  With
# WITH_OPTIONAL=1 also GNU time
# (for `make bench`), valgrind and clang (libFuzzer).
set -eu

DEB_PKGS="gcc make pkg-config python3 git curl openssl procps libyaml-dev libjansson-dev libcurl4-openssl-dev \
libssl-dev libarchive-dev libgit2-dev libmicrohttpd-dev libcriterion-dev"
DEB_OPTIONAL="time valgrind clang"
BREW_PKGS="pkg-config libyaml jansson curl openssl@3 libarchive libgit2 \
libmicrohttpd criterion"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "install-deps: need root (or sudo) to run: $*" >&2
		exit 1
	fi
}

case "$(uname -s)" in
Linux)
	if ! command -v dpkg-query >/dev/null 2>&1; then
		echo "install-deps: not a Debian/Ubuntu system; install by hand: $DEB_PKGS" >&2
		exit 1
	fi
	missing=""
	for p in $DEB_PKGS ${WITH_OPTIONAL:+$DEB_OPTIONAL}; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing="$missing $p"
		fi
	done
	if [ -z "$missing" ]; then
		echo "install-deps: everything is installed"
		exit 0
	fi
	echo "install-deps: installing:$missing"
	as_root apt-get update -qq
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
	;;
Darwin)
	if ! command -v brew >/dev/null 2>&1; then
		echo "install-deps: Homebrew is needed: https://brew.sh" >&2
		exit 1
	fi
	missing=""
	for p in $BREW_PKGS; do
		brew list --versions "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	if [ -z "$missing" ]; then
		echo "install-deps: everything is installed"
		exit 0
	fi
	# shellcheck disable=SC2086
	brew install $missing
	;;
*)
	echo "install-deps: unsupported system $(uname -s)" >&2
	exit 1
	;;
esac

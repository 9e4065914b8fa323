#!/bin/sh
# deps.sh — install what zhifa needs on Debian 12, then the npm packages.
#
#   scripts/deps.sh build|run|test|bench|fuzz
#
# Installs only the Debian packages that are missing (apt-get, so it must
# run as root; otherwise it prints the command to run). Node.js: whatever
# `node` is on the PATH, else Debian's nodejs + npm (Node 18). npm ci runs
# when node_modules is missing or older than package-lock.json.
set -eu
cd "$(dirname "$0")/.."
purpose=${1:-build}

pkgs="make gcc libc6-dev pkg-config ca-certificates gzip findutils
      libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libcsv-dev sqlite3
      libzip-dev libxml2-dev libxlsxwriter-dev libexif-dev libssl-dev libheif-dev"
case "$purpose" in
  test)  pkgs="$pkgs libcmocka-dev chromium" ;;
  bench) pkgs="$pkgs wrk procps curl" ;;
  fuzz)  pkgs="$pkgs clang libclang-rt-14-dev" ;;
esac
if ! command -v node >/dev/null 2>&1; then
  pkgs="$pkgs nodejs npm"
elif ! command -v npm >/dev/null 2>&1; then
  pkgs="$pkgs npm"
fi

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "zhifa: these Debian packages are missing:$missing" >&2
    echo "zhifa: run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
  fi
  echo "zhifa: installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
fi

# A symlinked node_modules (a git worktree sharing another checkout's) is
# left alone: npm ci would empty the directory it points to.
if [ -L node_modules ]; then
  :
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "zhifa: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
  touch node_modules
fi

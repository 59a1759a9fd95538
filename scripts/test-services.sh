#!/usr/bin/env bash
# Runs a command with what the end-to-end tests need: Debian's Chromium (for Playwright), a Korean
# font for it (fonts-nanum: Hangul on the pages), and a throwaway PostgreSQL server on a free port
# of 127.0.0.1, installed with apt-get when missing (as root). The server is stopped and its data
# removed when the command ends.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/nanum ] || need+=(fonts-nanum)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} from Debian's packages" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "warning: ${need[*]} missing and cannot be installed here (not root): those tests will be skipped" >&2
  fi
fi

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ]; then
  pgdata=$(mktemp -d /tmp/burdenshare-pg.XXXXXX)
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$pgdata"
    as_pg=(runuser -u postgres --)
  fi
  stop_pg() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$pgdata"; }
  trap stop_pg EXIT
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1" -w -l "$pgdata/log" start >/dev/null
  export BURDENSHARE_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
fi

"$@"

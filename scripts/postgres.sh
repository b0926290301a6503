#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1:55432 (installing Debian's server if needed)
# and prints the SQLAlchemy URL of an empty database `sandbox`. Used by .ci/run for the second
# pass of the test suite:  MOCKSERVER_DATABASE_URL=$(scripts/postgres.sh) make test
set -euo pipefail
PORT=${PGPORT_SANDBOX:-55432}
DIR=${PGDIR_SANDBOX:-/tmp/wxcc-sandbox-pg}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ]; then
  if [ "$(id -u)" != 0 ]; then echo "postgres.sh: PostgreSQL is not installed and this is not root" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if ! run "$bin/pg_isready -h 127.0.0.1 -p $PORT -q"; then
  rm -rf "$DIR"; mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  run "$bin/initdb -D $DIR/data -A trust -U postgres >$DIR/initdb.log 2>&1"
  run "$bin/pg_ctl -D $DIR/data -l $DIR/server.log -w -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off' start" >&2
fi
run "$bin/psql -h 127.0.0.1 -p $PORT -U postgres -qc 'drop database if exists sandbox' -c 'create database sandbox'" >&2
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/sandbox"

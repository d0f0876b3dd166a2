#!/usr/bin/env bash
# make loadtest: the example site on PostgreSQL and Redis under gunicorn with several worker
# processes, driven by wrk. Everything runs on 127.0.0.1 and is stopped at the end.
#   bash scripts/loadtest.sh
# Installs the Debian packages postgresql, redis-server and wrk with apt-get when they are
# missing, and the `loadtest` extra (gunicorn, redis) into the virtualenv. Then: a throw-away
# PostgreSQL cluster and Redis server, `migrate` and `jeugdzorg_demo`, and
# scripts/loadtest_content.py, which adds in bulk LOADTEST_SESSIONS sessions (default 2,000),
# LOADTEST_EXAMPLES practice examples (default 1,000) and an agenda of partner calendars
# (LOADTEST_PARTNER_EVENTS events, default 500, fetched from 127.0.0.1) and runs ANALYZE.
# Then gunicorn with LOADTEST_WORKERS workers (default 4), and scripts/loadtest.py, which finds
# the URLs in the site's content, runs wrk against each for LOADTEST_DURATION seconds (default
# 10) with LOADTEST_CONNECTIONS connections (default 20), prints the table with each URL's
# ratio to the home page and its goal, and checks that a publication made by another process
# shows in the feeds served by every worker; then stops and restarts Redis, and pauses and
# resumes it, under load, and checks that nothing failed and that a change published meanwhile
# reaches every worker once Redis is back. Exits non-zero on any error or missed goal.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$ROOT/.venv/bin/python}
WORKERS=${LOADTEST_WORKERS:-4}
PG_PORT=${LOADTEST_PG_PORT:-54339}
REDIS_PORT=${LOADTEST_REDIS_PORT:-63799}
APP_PORT=${LOADTEST_APP_PORT:-8799}

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian packages)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! "$PY" -c "import gunicorn, redis, psycopg, dj_database_url" 2>/dev/null; then
  echo "Installing the loadtest extra..."
  "$(dirname "$PY")/pip" install --quiet -e "$ROOT[loadtest]"
fi

BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DIR=$(mktemp -d /tmp/jw-loadtest.XXXXXX)
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DIR"
  RUN_AS=(runuser -u postgres --)
fi
mkdir -p "$DIR/redis" "$DIR/site"

GUNICORN_PID=""
cleanup() {
  if [ -n "$GUNICORN_PID" ]; then
    kill "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  if [ -f "$DIR/redis/redis.pid" ]; then  # resumed first, in case it was left paused
    kill -CONT "$(cat "$DIR/redis/redis.pid")" 2>/dev/null || true
  fi
  timeout 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres jeugdzorg
# The Redis of the run, as docs/deployment.md advises (a memory limit, LRU eviction); the load
# test stops and restarts it, and pauses and resumes it, with this same command.
REDIS_COMMAND="redis-server --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no \
  --maxmemory 256mb --maxmemory-policy allkeys-lru \
  --dir $DIR/redis --daemonize yes --pidfile $DIR/redis/redis.pid --logfile $DIR/redis/log"
eval "$REDIS_COMMAND"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT," \
  "Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$REDIS_PORT"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/jeugdzorg"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DEBUG=0
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY=loadtest-only-not-secret
export EXAMPLE_SITE_DATA_DIR="$DIR/site"  # media and private attachments of this run
export DJANGO_SETTINGS_MODULE=example_site.settings

cd "$ROOT/example_site"
"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py jeugdzorg_demo --yes >/dev/null
echo "Demo content loaded."
export LOADTEST_SESSIONS=${LOADTEST_SESSIONS:-2000}
export LOADTEST_EXAMPLES=${LOADTEST_EXAMPLES:-1000}
export LOADTEST_PARTNER_EVENTS=${LOADTEST_PARTNER_EVENTS:-500}
"$PY" "$ROOT/scripts/loadtest_content.py"

"$(dirname "$PY")/gunicorn" loadtest_wsgi:application \
  --pythonpath "$ROOT/example_site,$ROOT/scripts" \
  --bind "127.0.0.1:$APP_PORT" --workers "$WORKERS" --log-level warning &
GUNICORN_PID=$!

"$PY" "$ROOT/scripts/loadtest.py" --url "http://127.0.0.1:$APP_PORT" --workers "$WORKERS" \
  --connections "${LOADTEST_CONNECTIONS:-20}" \
  --redis-port "$REDIS_PORT" --redis-pidfile "$DIR/redis/redis.pid" --redis-command "$REDIS_COMMAND"

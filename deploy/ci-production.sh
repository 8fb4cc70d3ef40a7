#!/usr/bin/env bash
# CI's production stage (called by .ci/run after the PostgreSQL suite; runnable alone):
# build the wheel, install it in a fresh virtualenv, run the documented release steps
# (docs/deploy.md) against a new database on the running PostgreSQL, start two
# `assemblea serve` processes and a task worker behind Debian's nginx with a self-signed
# certificate on loopback, then drive the site over https:// (tests/deploy/test_deployed.py).
#
# Needs: PG_PORT (a PostgreSQL on 127.0.0.1 accepting user `assemblea` without a password)
# and PG_BIN (its binaries, for createdb). Ports: ASSEMBLEA_CI_PORTS="app1 app2 http https".
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
started=$SECONDS
: "${PG_PORT:?PG_PORT: the port of a running PostgreSQL on 127.0.0.1}"
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
read -r APP1 APP2 HTTP_PORT HTTPS_PORT <<<"${ASSEMBLEA_CI_PORTS:-18701 18702 18780 18743}"
PYTHON=${PYTHON:-$REPO/.venv/bin/python}
step() { printf '== production: %s (%ss)\n' "$*" "$((SECONDS - started))"; }

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  step "installing Debian's nginx"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/assemblea-production.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  status=$?
  [ -f "$WORK/nginx.pid" ] && "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" -s stop 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    for log in "$WORK"/*.log; do echo "--- $log"; tail -n 40 "$log"; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step "building the wheel"
"$PYTHON" -m pip wheel --no-deps -q -w "$WORK/dist" "$REPO"
step "installing it in a fresh virtualenv"
"$PYTHON" -m venv "$WORK/venv"
# (pip warns about every name missing from one of several configured indexes: not shown.)
"$WORK/venv/bin/pip" install -q "$WORK"/dist/assemblea-*.whl 2> >(grep -v "is ignored: it is neither" >&2)

DATABASE=assemblea_production
"$PG_BIN/dropdb" --if-exists -h 127.0.0.1 -p "$PG_PORT" -U assemblea "$DATABASE"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U assemblea "$DATABASE"
BASE_URL="https://127.0.0.1:$HTTPS_PORT"
# The documented production environment (docs/deploy.md), on loopback; plus the test-only
# URL that raises, to see the 500 page.
PRODUCTION=(
  ASSEMBLEA_DEBUG=false
  "ASSEMBLEA_SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  "ASSEMBLEA_BASE_URL=$BASE_URL"
  ASSEMBLEA_ALLOWED_HOSTS=127.0.0.1
  ASSEMBLEA_TRUSTED_PROXIES=127.0.0.1
  ASSEMBLEA_HSTS_PRELOAD=true
  "ASSEMBLEA_VAR_DIR=$WORK/var"
  "DATABASE_URL=postgres://assemblea@127.0.0.1:$PG_PORT/$DATABASE"
  ASSEMBLEA_TASKS=database
  ASSEMBLEA_WORKERS=2
  ASSEMBLEA_THREADS=4
  ASSEMBLEA_LOG_LEVEL=INFO
  ASSEMBLEA_TEST_ERROR_URL=true
  # Mail is queued and sent by the worker; here it goes nowhere (the console would log it).
  ASSEMBLEA_EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
)
# The installed app alone: not this checkout's sources, not the CI runner's settings.
PRODUCTION_ENV=(env -u PYTHONPATH -u DJANGO_SETTINGS_MODULE -u DATABASE_URL -u ASSEMBLEA_TASKS
  "${PRODUCTION[@]}" "PATH=$WORK/venv/bin:$PATH")
production() { (cd "$WORK" && exec "${PRODUCTION_ENV[@]}" "$@"); }
# In the background: `( … exec … ) &` makes $! the server's own process id, to stop it.
serve_in_background() {
  local log=$1
  shift
  (cd "$WORK" && exec "${PRODUCTION_ENV[@]}" "$@") >"$WORK/$log" 2>&1 &
  PIDS+=($!)
}

step "release: migrate, collectstatic (and the demo data for the journey)"
production assemblea manage migrate --noinput >"$WORK/release.log"
production assemblea manage collectstatic --noinput >>"$WORK/release.log"
production assemblea manage check --deploy --fail-level ERROR >>"$WORK/release.log" 2>&1
production assemblea manage load_demo >>"$WORK/release.log"
production python -c "import assemblea, sys; sys.exit('not the installed wheel' if '/venv/' not in assemblea.__file__ else 0)"

step "starting two app processes and a task worker"
serve_in_background app1.log assemblea serve --bind "127.0.0.1:$APP1"
serve_in_background app2.log assemblea serve --bind "127.0.0.1:$APP2"
serve_in_background worker.log assemblea manage db_worker

# Each app process answers on its own port before nginx starts: one still booting would be
# refused its first request and left out by nginx for a while, and both must serve.
for port in "$APP1" "$APP2"; do
  for _ in $(seq 1 60); do
    if curl -fs -o /dev/null -H "Host: 127.0.0.1" "http://127.0.0.1:$port/healthz"; then break; fi
    sleep 1
  done
  curl -fs -o /dev/null -H "Host: 127.0.0.1" "http://127.0.0.1:$port/healthz" \
    || { echo "the app process on port $port does not answer" >&2; exit 1; }
done

step "nginx with a self-signed certificate"
mkdir -p "$WORK/tls" "$WORK/nginx-tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" \
  2>/dev/null
# deploy/nginx/assemblea.conf itself, moved onto loopback ports and this run's paths.
sed -e "s#server 127.0.0.1:8001;#server 127.0.0.1:$APP1;#" \
  -e "s#server 127.0.0.1:8002;#server 127.0.0.1:$APP2;#" \
  -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
  -e "s#listen 443 ssl http2;#listen 127.0.0.1:$HTTPS_PORT ssl http2;#" \
  -e "/listen \[::\]/d" \
  -e "s#server_name assemblea.example.org;#server_name 127.0.0.1;#" \
  -e "s#/etc/letsencrypt/live/assemblea.example.org/fullchain.pem#$WORK/tls/cert.pem#" \
  -e "s#/etc/letsencrypt/live/assemblea.example.org/privkey.pem#$WORK/tls/key.pem#" \
  -e "s#/var/lib/assemblea/static/#$WORK/var/static/#g" \
  -e "s#/var/log/nginx/#$WORK/#g" \
  deploy/nginx/assemblea.conf >"$WORK/site.conf"
if grep -v '^ *#' "$WORK/site.conf" | grep -q -e example.org -e letsencrypt -e /var/lib/assemblea; then
  echo "deploy/nginx/assemblea.conf changed: update the substitutions in $0" >&2
  exit 1
fi
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
$( [ "$(id -u)" = 0 ] && echo "user www-data;" )
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  include $WORK/site.conf;
}
NGINX
"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"

step "waiting for /healthz through nginx"
for _ in $(seq 1 60); do
  if curl -fsk -o /dev/null "$BASE_URL/healthz"; then break; fi
  sleep 1
done
curl -fsk "$BASE_URL/healthz"
echo

step "the journey over https (Playwright)"
ASSEMBLEA_DEPLOYED_URL="$BASE_URL" ASSEMBLEA_DEPLOYED_HTTP_URL="http://127.0.0.1:$HTTP_PORT" \
  "$REPO/.venv/bin/pytest" -p no:cacheprovider -q tests/deploy/test_deployed.py

step "the worker ran the queued tasks; the logs are JSON with request ids, without addresses"
for _ in $(seq 1 15); do
  waiting=$(production assemblea manage shell -c \
    "from django_tasks_db.models import DBTaskResult as T; print(T.objects.filter(status='READY').count())" \
    | tail -n 1)
  [ "$waiting" = 0 ] && break
  sleep 1
done
[ "$waiting" = 0 ] || { echo "$waiting tasks still wait for the worker" >&2; exit 1; }
grep -q '"logger": "assemblea.request".*"request_id"' "$WORK/app1.log"
grep -q '"logger": "assemblea.request".*"request_id"' "$WORK/app2.log"
if grep -E '[A-Za-z0-9._%+-]+@example\.org|assemblea-demo' "$WORK"/app*.log "$WORK"/worker.log; then
  echo "personal data in the logs" >&2
  exit 1
fi
step "done"

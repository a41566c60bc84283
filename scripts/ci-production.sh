#!/usr/bin/env bash
# CI production stage (issue 13): build the wheel, install it with the production extra in a
# fresh venv outside the checkout, migrate a fresh PostgreSQL database, serve it with gunicorn
# (2 workers) beside the job worker (which also indexes for search), then sign in, upload, find and sign
# out, and run schemathesis against the served OpenAPI with a member's and a chairman's token
# (bounded in time; no 5xx and no response that violates the schema).
set -euo pipefail
cd "$(dirname "$0")/.."
checkout="$PWD"
py="$checkout/.venv/bin/python"
work="$(mktemp -d /tmp/llp-gov-prod.XXXXXX)"
db="llp_gov_prod_$$"
port="${LLP_GOV_CI_PORT:-18$((RANDOM % 900 + 100))}"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

echo "== production: wheel"
"$py" -m pip wheel --quiet --no-deps -w "$work/dist" "$checkout"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet -c "$checkout/requirements.lock" "$(ls "$work"/dist/llp_gov-*.whl)[production]"

echo "== production: database and first users"
psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $db"
cd "$work"  # nothing of the checkout on the path from here on
export LLP_GOV_INSTANCE_PATH="$work/instance"
export LLP_GOV_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
export LLP_GOV_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
export LLP_GOV_RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/14"
export LLP_GOV_JOBS_URL="redis://127.0.0.1:6379/15"
export LLP_GOV_SESSION_COOKIE_SECURE=false  # plain http on the loopback in CI only
redis-cli -h 127.0.0.1 -n 15 flushdb >/dev/null
flask=("$work/venv/bin/flask" --app llp_gov)
"${flask[@]}" db upgrade
"${flask[@]}" orgs create ci-llp --name "CI有限責任事業組合" --effective-date 2026-04-01 --end-date 2036-03-31
password="ci-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
# The interactive prompt of the README (password twice).
printf '%s\n%s\n' "$password" "$password" | "${flask[@]}" users create chair@ci.example.org --name Chair --org ci-llp --role chairman
printf '%s\n%s\n' "$password" "$password" | "${flask[@]}" users create member@ci.example.org --name Member --org ci-llp --role member
chair_token="$("${flask[@]}" users create-token chair@ci.example.org --name ci | tail -1)"
member_token="$("${flask[@]}" users create-token member@ci.example.org --name ci | tail -1)"

echo "== production: serve"
"$work/venv/bin/gunicorn" -w 2 -b "127.0.0.1:$port" --access-logfile /dev/null 'llp_gov:create_app()' &
pids+=($!)
"${flask[@]}" jobs worker &
pids+=($!)
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/login" >/dev/null && break; sleep 0.5; done

echo "== production: sign in, upload, find, sign out"
"$py" "$checkout/scripts/smoke.py" "http://127.0.0.1:$port" chair@ci.example.org "$password" ci-llp

echo "== production: schemathesis (member, chairman)"
cat > "$work/schemathesis.toml" <<TOML
[parameters]
"path.slug" = "ci-llp"
TOML
for token in "$member_token" "$chair_token"; do
  timeout 200 "$checkout/.venv/bin/st" --config-file "$work/schemathesis.toml" run \
    "http://127.0.0.1:$port/api/v1/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples 15 --max-time 60 --request-timeout 20 \
    --generation-deterministic --no-color
done
echo "production stage passed"

# Start throwaway PostgreSQL and Redis servers on 127.0.0.1 for the tests; sourced by .ci/run.
# Exports FAQBOT_TEST_POSTGRES_URL and FAQBOT_TEST_REDIS_URL, which the service tests read.

start_services() {
  local base=${FAQBOT_SERVICES_DIR:-/tmp/faqbot-ci-services}
  rm -rf "$base"; mkdir -p "$base"; chmod 777 "$base"
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local pgport redisport
  pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redisport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  su postgres -s /bin/bash -c "$pgbin/initdb -D $base/pg -A trust -U postgres >/dev/null"
  su postgres -s /bin/bash -c "$pgbin/pg_ctl -D $base/pg -l $base/pg.log -o '-p $pgport -k $base -c listen_addresses=127.0.0.1' -w start >/dev/null"
  redis-server --port "$redisport" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --logfile "$base/redis.log" --dir "$base"
  # --daemonize returns before Redis listens: wait (bounded) until it answers, so no test races its start.
  local i
  for i in $(seq 1 100); do
    redis-cli -p "$redisport" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$redisport" ping >/dev/null || { echo "redis-server did not start: $base/redis.log" >&2; return 1; }
  export FAQBOT_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pgport/postgres"
  export FAQBOT_TEST_REDIS_URL="redis://127.0.0.1:$redisport/0"
  trap "su postgres -s /bin/bash -c '$pgbin/pg_ctl -D $base/pg -m fast stop' >/dev/null 2>&1 || true; redis-cli -p $redisport shutdown nosave >/dev/null 2>&1 || true" EXIT
}

#!/usr/bin/env bash
# Runs redis-benchmark against redis-server and against vigil.jar on loopback, alternating, and prints
# requests per second for SET and GET with and without pipelining, with the ratio Vigil/Redis.
#
# Usage: benchmarks/compare-redis.sh [requests] [clients] [rounds]
# Needs: redis-server and redis-benchmark (apt-get install -y redis-server redis-tools),
#        and examples/target/vigil.jar (mvn -B -DskipTests -pl examples -am package).
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS="${1:-500000}"
CLIENTS="${2:-50}"
ROUNDS="${3:-2}"
JAR=examples/target/vigil.jar

for bin in redis-server redis-benchmark redis-cli; do
    command -v "$bin" >/dev/null || { echo "missing $bin: apt-get install -y redis-server redis-tools" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -DskipTests -pl examples -am package" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_ready() {
    for _ in $(seq 1 100); do
        redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server on port $1 did not start" >&2
    return 1
}

REDIS_PORT=$(free_port)
VIGIL_PORT=$(free_port)
WORK=$(mktemp -d)
cleanup() {
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    redis-cli -p "$VIGIL_PORT" shutdown nosave >/dev/null 2>&1 || true
    kill "${REDIS_PID:-}" "${VIGIL_PID:-}" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
java -jar "$JAR" --port "$VIGIL_PORT" --bind 127.0.0.1 --loglevel warning >"$WORK/vigil.log" 2>&1 &
VIGIL_PID=$!
wait_ready "$REDIS_PORT"
wait_ready "$VIGIL_PORT"

# One untimed run against Vigil first, so the JIT has compiled the request path before measuring.
redis-benchmark -p "$VIGIL_PORT" -t set,get -n 200000 -c "$CLIENTS" -P 16 -q >/dev/null 2>&1

declare -A SUM
run() {
    local name=$1 port=$2 pipeline=$3
    redis-benchmark -p "$port" -t set,get -n "$REQUESTS" -c "$CLIENTS" -P "$pipeline" --csv 2>/dev/null |
        tr -d '"' | while IFS=, read -r test rps _; do
            case "$test" in SET|GET) echo "$name $pipeline $test $rps" ;; esac
        done
}

RESULTS="$WORK/results"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    for pipeline in 1 16; do
        run redis "$REDIS_PORT" "$pipeline" >>"$RESULTS"
        run vigil "$VIGIL_PORT" "$pipeline" >>"$RESULTS"
    done
done

echo "redis-benchmark -n $REQUESTS -c $CLIENTS, $ROUNDS alternating rounds, mean requests per second"
printf '%-6s %-4s %14s %14s %8s\n' test P redis vigil ratio
for pipeline in 1 16; do
    for test in SET GET; do
        awk -v p="$pipeline" -v t="$test" '
            $2 == p && $3 == t { sum[$1] += $4; n[$1]++ }
            END {
                r = sum["redis"] / n["redis"]; v = sum["vigil"] / n["vigil"];
                printf "%-6s %-4s %14.0f %14.0f %8.2f\n", t, p, r, v, v / r
            }' "$RESULTS"
    done
done

#!/usr/bin/env bash
# Measures truinlagd against redis-server on this machine, in the same run:
# redis-benchmark and truinlag-bench alternate for REPS repetitions, and the
# medians are compared. Both servers listen on unix sockets in temporary
# directories on the same file system; redis runs with appendonly yes and
# appendfsync always, the discipline truinlagd's group commit matches
# (nothing acknowledged before it is on disk).
#
#   read:  redis GET   vs truinlag GetConfig   (one request outstanding per client)
#   write: redis SET   vs truinlag SendLocation in a running game (durable)
#
# Usage: bench/compare-redis.sh [BUILD_DIR]   (default: ./build)
# Environment: REPS (5), SECONDS_PER_RUN (3): seconds per measurement.
# The last line is always: ratios read1=R read50=R write1=R write50=R
# (truinlag / redis; above 1 means truinlag is faster).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
reps="${REPS:-5}"
secs="${SECONDS_PER_RUN:-3}"
bench="$build/bench/truinlag-bench"

[ -x "$bench" ] || { echo "no $bench: build first (ninja -C $build)" >&2; exit 2; }

# Debian's packages, installed only when missing.
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-benchmark >/dev/null || missing+=(redis-tools)
command -v jq >/dev/null || missing+=(jq)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y "${missing[@]}" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y "${missing[@]}" >/dev/null; }
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/compare-redis-XXXXXX")"
redis_pid=""
cleanup() {
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

sock="$tmp/redis.sock"
redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$tmp" \
  --appendonly yes --appendfsync always --save "" --logfile "$tmp/redis.log" &
redis_pid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
[ -S "$sock" ] || { echo "redis-server did not start" >&2; exit 1; }

# Requests per redis-benchmark run, sized from the issue's figures (rates
# redis reaches at least), so a run lasts at most about $secs seconds.
redis_rps() {  # test clients requests
  redis-benchmark -s "$sock" -t "$1" -c "$2" -n "$3" --csv 2>/dev/null |
    awk -F'"' -v t="${1^^}" '$2 == t { print $4 }' || true
}
n_of() { awk -v r="$1" -v s="$secs" 'BEGIN { printf "%d", r * s }'; }

declare -A samples
for rep in $(seq "$reps"); do
  samples[redis_read1]+="$(redis_rps get 1 "$(n_of 26000)") "
  samples[redis_read50]+="$(redis_rps get 50 "$(n_of 60000)") "
  samples[redis_write1]+="$(redis_rps set 1 "$(n_of 2500)") "
  samples[redis_write50]+="$(redis_rps set 50 "$(n_of 40000)") "

  out="$("$bench" -w read -w write -c 1 -c 50 --seconds "$secs")" ||
    { echo "truinlag-bench failed in repetition $rep" >&2; out=""; }
  pick() { jq -r --arg w "$1" --argjson c "$2" \
    'select(.workload == $w) | .results[] | select(.clients == $c) | .requests_per_second' <<<"$out" || true; }
  samples[truinlag_read1]+="$(pick read 1) "
  samples[truinlag_read50]+="$(pick read 50) "
  samples[truinlag_write1]+="$(pick write 1) "
  samples[truinlag_write50]+="$(pick write 50) "
  printf 'rep %d/%d done\n' "$rep" "$reps" >&2
done

# The median of the numbers on stdin; 0 if a tool produced none (so the
# ratios line is still printed, and shows the failure as 0).
median() { tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-8s %14s %14s %8s   (requests/s, median of %d)\n' test redis truinlag ratio "$reps"
line="ratios"
for t in read1 read50 write1 write50; do
  r="$(median <<<"${samples[redis_$t]}")"
  x="$(median <<<"${samples[truinlag_$t]}")"
  ratio="$(awk -v a="$x" -v b="$r" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  printf '%-8s %14.0f %14.0f %8s   redis: %s  truinlag: %s\n' "$t" "$r" "$x" "$ratio" \
    "${samples[redis_$t]}" "${samples[truinlag_$t]}"
  line+=" $t=$ratio"
done
echo "$line"

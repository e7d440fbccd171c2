#!/usr/bin/env bash
# deploy/bench/dovecot-compare.sh: mailtier vs Dovecot, side by side, on this machine, in one run.
#
# Starts, all on loopback:
#   A  "dovecot-direct"  a private Dovecot (maildir in a temp dir, passwd-file users, no system config)
#   B  "dovecot-proxy"   a second private Dovecot that proxies every login to A (proxy=y in its passdb)
#   C  "mailtier"        ./mailtier up --bench-users N (directory + front-end + two mailstore nodes)
# seeds the same messages into A (B reads A's maildir) and C with `mailtier bench seed-imap`, runs
# `mailtier bench imap` in each mode against A, B and C interleaved (A,B,C,A,B,C... so they share
# whatever else the machine is doing), and prints a table of medians and ratios. Raw JSON reports and
# the server logs stay in the work directory it prints.
#
# Needs: root (Dovecot switches users), Debian's dovecot-imapd, python3, a JDK >= 21, and the
# ports of `mailtier up` (1143, 1993, 1389, 9101-9103, 7101-7102) plus DIRECT_PORT/PROXY_PORT free.
# Every setting is an environment variable; defaults in brackets:
#   USERS [20]  MESSAGES [50]  SIZE [4096]  CONCURRENCY [16]  DURATION [10s]  WARMUP [2s]
#   ROUNDS [3]  (interleaved repetitions per mode)  MODES ["sessions fetch-bodies idle"]
#   IDLE_SESSIONS [500]  (K for every target)  IDLE_WAIT [35s] (longer than Dovecot's 30 s
#   mailbox_idle_check_interval, so its slowest notifications are measured, not dropped)  IDLE_MAILTIER_LARGE [10000] (one extra mailtier-only
#   idle run with K=10000 and its heap; 0 to skip)  DIRECT_PORT [21143]  PROXY_PORT [21144]
#   KEEP [no] (keep the work directory)  MAILTIER_JAVA_OPTS [-Xms256m -Xmx1g] (the cluster's JVM)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
USERS=${USERS:-20}
MESSAGES=${MESSAGES:-50}
SIZE=${SIZE:-4096}
CONCURRENCY=${CONCURRENCY:-16}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-sessions fetch-bodies idle}
IDLE_SESSIONS=${IDLE_SESSIONS:-500}
IDLE_MAILTIER_LARGE=${IDLE_MAILTIER_LARGE:-10000}
IDLE_WAIT=${IDLE_WAIT:-35s}
DIRECT_PORT=${DIRECT_PORT:-21143}
PROXY_PORT=${PROXY_PORT:-21144}
KEEP=${KEEP:-no}
PASSWORD=bench # the password `mailtier up --bench-users` gives user1..userN@example.test

command -v dovecot >/dev/null || { echo "dovecot-compare: install dovecot-imapd first (see docs/benchmarks.md)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "dovecot-compare: python3 is needed for the summary" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "dovecot-compare: run as root (Dovecot drops privileges per user)" >&2; exit 1; }

inotify_max=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
if [ "$inotify_max" -lt "$((IDLE_SESSIONS + 100))" ]; then
  echo "dovecot-compare: note: fs.inotify.max_user_instances is $inotify_max; Dovecot's imap processes" \
    "beyond it fall back to polling every 30 s in IDLE (raise it with sysctl for a fair idle run)" >&2
fi

work="$(mktemp -d /tmp/mailtier-bench.XXXXXX)"
chmod 755 "$work"
results="$work/results"
mkdir -p "$results"
mt_pid=""
cleanup() {
  set +e
  [ -n "$mt_pid" ] && kill "$mt_pid" 2>/dev/null && wait "$mt_pid" 2>/dev/null
  for inst in direct proxy; do
    [ -f "$work/$inst/dovecot.conf" ] && dovecot -c "$work/$inst/dovecot.conf" stop 2>/dev/null
  done
  if [ "$KEEP" = yes ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- build the tool (and the cluster)
"$root/mailtier" --version >/dev/null
bench() { "$root/mailtier" bench "$@"; }

# ---------------------------------------------------------------- Dovecot A (direct) and B (proxy)
users_file="$work/direct/users"
proxy_users_file="$work/proxy/users"
mkdir -p "$work/direct" "$work/proxy" "$work/mail"
chown nobody:nogroup "$work/mail"
: >"$users_file"
: >"$proxy_users_file"
for i in $(seq 1 "$USERS"); do
  echo "user$i@example.test:{PLAIN}$PASSWORD" >>"$users_file"
  echo "user$i@example.test:{PLAIN}$PASSWORD::::::proxy=y host=127.0.0.1 port=$DIRECT_PORT" >>"$proxy_users_file"
done
chmod 644 "$users_file" "$proxy_users_file"

# Common settings: loopback, no TLS (mailtier is also measured on its plain port), plain LOGIN,
# imap-login in "high-performance" mode (one process serves many logins, the documented setting
# for busy servers) and limits high enough for the idle runs. Everything else is Dovecot's default.
common_conf() { # $1 instance name, $2 port
  cat <<EOF
instance_name = bench-$1
base_dir = $work/$1/run
state_dir = $work/$1/state
log_path = $work/$1/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
last_valid_uid = 0
default_client_limit = 20000
default_vsz_limit = 0
protocol imap {
  mail_max_userip_connections = 100000
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $2
  }
  inet_listener imaps {
    port = 0
  }
  service_count = 0
  process_min_avail = $(nproc)
  client_limit = 20000
}
service imap {
  process_limit = 12000
}
EOF
}
{
  common_conf direct "$DIRECT_PORT"
  cat <<EOF
mail_location = maildir:$work/mail/%d/%n/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN $users_file
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$work/mail/%d/%n
}
EOF
} >"$work/direct/dovecot.conf"
{
  common_conf proxy "$PROXY_PORT"
  cat <<EOF
passdb {
  driver = passwd-file
  args = scheme=PLAIN $proxy_users_file
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup
}
EOF
} >"$work/proxy/dovecot.conf"

wait_port() { # $1 port, $2 what
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.5
  done
  echo "dovecot-compare: $2 did not open port $1" >&2
  return 1
}
dovecot -c "$work/direct/dovecot.conf"
dovecot -c "$work/proxy/dovecot.conf"
wait_port "$DIRECT_PORT" "dovecot-direct"
wait_port "$PROXY_PORT" "dovecot-proxy"

# ---------------------------------------------------------------- C: mailtier up
MAILTIER_JAVA_OPTS=${MAILTIER_JAVA_OPTS:--Xms256m -Xmx1g} \
  "$root/mailtier" up --data-dir "$work/mailtier" --bench-users "$USERS" >"$work/mailtier.log" 2>&1 &
mt_pid=$!
for _ in $(seq 1 240); do
  grep -q "mailtier is up" "$work/mailtier.log" && break
  kill -0 "$mt_pid" 2>/dev/null || { cat "$work/mailtier.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "mailtier is up" "$work/mailtier.log" || { echo "dovecot-compare: mailtier up did not start" >&2; exit 1; }
MT_PORT=1143
MT_METRICS=http://127.0.0.1:9101/metrics
JCMD="$(dirname "$(readlink -f "/proc/$mt_pid/exe")")/jcmd"

target_port() { case "$1" in direct) echo "$DIRECT_PORT" ;; proxy) echo "$PROXY_PORT" ;; mailtier) echo "$MT_PORT" ;; esac; }
userargs=(--users 'user%d@example.test' --user-count "$USERS" --password "$PASSWORD")

# ---------------------------------------------------------------- seed
echo "== seeding $MESSAGES messages of $SIZE bytes into each of $USERS INBOXes (Dovecot, mailtier)"
bench seed-imap --port "$DIRECT_PORT" "${userargs[@]}" -m "$MESSAGES" -s "$SIZE"
bench seed-imap --port "$MT_PORT" "${userargs[@]}" -m "$MESSAGES" -s "$SIZE"

# ---------------------------------------------------------------- machine
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
  echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "jdk: $("$(dirname "$JCMD")/java" -version 2>&1 | head -1)"
  echo "dovecot: $(dovecot --version)"
  echo "settings: USERS=$USERS MESSAGES=$MESSAGES SIZE=$SIZE CONCURRENCY=$CONCURRENCY DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS IDLE_SESSIONS=$IDLE_SESSIONS"
} | tee "$results/machine.txt"

dovecot_rss_mb() { # total RSS of one Dovecot instance's processes, MiB
  ps -eo rss=,args= | awk -v p="bench-$1/" 'index($0, p) {s += $1} END {printf "%.1f", s / 1024}'
}

run() { # $1 target, $2 mode, $3 label, rest: extra arguments
  local t=$1 mode=$2 label=$3
  shift 3
  local out="$results/$t-$mode-$label.json"
  local sampler=""
  if [ "$mode" = idle ] && [ "$t" != mailtier ]; then
    # Dovecot has no heap: sample the RSS of all its processes while the idlers are connected
    inst=$t
    (m=0; while :; do r=$(dovecot_rss_mb "$inst"); m=$(python3 -c "print(max($m,$r))"); echo "$m" >"$out.rss"; sleep 1; done) &
    sampler=$!
  fi
  echo "-- $t $mode $label (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  set +e
  bench imap --port "$(target_port "$t")" "${userargs[@]}" --mode "$mode" -c "${RUN_CONCURRENCY:-$CONCURRENCY}" \
    -d "$DURATION" --warmup "$WARMUP" --json "$@" >"$out" 2>"$out.err"
  local rc=$?
  set -e
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null && wait "$sampler" 2>/dev/null || true
  [ $rc -eq 0 ] || echo "   (exit $rc: errors in the report, or see $out.err)"
  python3 - "$out" <<'EOF' || true
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception as e:
    print("   no report:", e); sys.exit(0)
f = r["figures"]
print("   " + ", ".join(f"{k}={v:.1f}" for k, v in f.items()) + f"; errors={r['errors_total']}; tool CPU={r['tool_cpu_cores']:.2f} cores")
EOF
}

for mode in $MODES; do
  echo "== mode $mode"
  for round in $(seq 1 "$ROUNDS"); do
    for t in direct proxy mailtier; do
      if [ "$mode" = idle ]; then
        extra=(--idle-sessions "$IDLE_SESSIONS" --idle-rounds 3 --idle-wait "$IDLE_WAIT")
        [ "$t" = mailtier ] && extra+=(--metrics-url "$MT_METRICS" --gc-command "$JCMD $mt_pid GC.run")
        run "$t" idle "r$round" "${extra[@]}"
      else
        run "$t" "$mode" "r$round"
      fi
    done
  done
done
if [[ " $MODES " == *" idle "* ]] && [ "$IDLE_MAILTIER_LARGE" -gt 0 ]; then
  echo "== idle, mailtier only, $IDLE_MAILTIER_LARGE sessions on one front-end"
  RUN_CONCURRENCY=64 run mailtier idle large --idle-sessions "$IDLE_MAILTIER_LARGE" --idle-rounds 2 \
    --idle-wait "$IDLE_WAIT" --metrics-url "$MT_METRICS" --gc-command "$JCMD $mt_pid GC.run"
fi

# ---------------------------------------------------------------- summary
python3 - "$results" <<'EOF'
import glob, json, os, statistics, sys
d = sys.argv[1]
runs = {}
for p in sorted(glob.glob(os.path.join(d, "*.json"))):
    name = os.path.basename(p)[:-5]
    target, rest = name.split("-", 1)
    mode, label = rest.rsplit("-", 1)
    try:
        runs.setdefault((mode, label == "large"), {}).setdefault(target, []).append(json.load(open(p)))
    except Exception:
        pass
def med(rs, get):
    vals = [v for v in (get(r) for r in rs) if v is not None]
    return statistics.median(vals) if vals else None
def fig(k): return lambda r: r["figures"].get(k)
def lat(step, p): return lambda r: (r["latency_ms"].get(step) or {}).get(p) if (r["latency_ms"].get(step) or {}).get("count") else None
rows = {
    "sessions": [("sessions/s", fig("sessions_per_second")), ("session p50 ms", lat("session", "p50")),
                 ("session p99 ms", lat("session", "p99")), ("login p50 ms", lat("login", "p50")),
                 ("select p50 ms", lat("select", "p50")), ("fetch p50 ms", lat("fetch", "p50"))],
    "fetch-bodies": [("MB/s", fig("megabytes_per_second")), ("messages/s", fig("messages_per_second")),
                     ("FETCH p50 ms", lat("fetch", "p50")), ("FETCH p99 ms", lat("fetch", "p99"))],
    "idle": [("idle sessions up", fig("idle_sessions_established")), ("time-to-EXISTS p50 ms", lat("time_to_exists", "p50")),
             ("time-to-EXISTS p99 ms", lat("time_to_exists", "p99")), ("time-to-EXISTS max ms", lat("time_to_exists", "max")),
             ("heap idle MiB (mailtier JVM)", fig("target_heap_idle_mb")), ("heap per session KiB", fig("target_heap_per_session_kb"))],
}
common = [("errors (sum)", None), ("tool CPU cores", lambda r: r["tool_cpu_cores"])]
def fmt(v): return "-" if v is None else (str(v) if isinstance(v, int) else f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}")
print()
print("== results: median over the interleaved rounds (raw JSON in %s)" % d)
for (mode, large), by in sorted(runs.items()):
    title = mode + (" (mailtier only, large K)" if large else "")
    print(f"\n{title}")
    print(f"  {'':30} {'dovecot-direct':>15} {'dovecot-proxy':>15} {'mailtier':>15} {'mt/proxy':>9} {'mt/direct':>9}")
    for label, get in rows.get(mode, []) + common:
        vals = {}
        for t in ("direct", "proxy", "mailtier"):
            rs = by.get(t, [])
            if not rs: vals[t] = None; continue
            vals[t] = sum(r["errors_total"] for r in rs) if get is None else med(rs, get)
        def ratio(a, b): return "-" if get is None or label.startswith("tool") or a is None or not b else f"{a / b:.2f}x"
        if get is None: vals = {k: (None if v is None else int(v)) for k, v in vals.items()}
        print(f"  {label:30} {fmt(vals['direct']):>15} {fmt(vals['proxy']):>15} {fmt(vals['mailtier']):>15} {ratio(vals['mailtier'], vals['proxy']):>9} {ratio(vals['mailtier'], vals['direct']):>9}")
    if mode == "idle":
        for t in ("direct", "proxy"):
            rss = [float(open(p).read()) for p in glob.glob(os.path.join(d, f"{t}-idle-*.json.rss"))]
            if rss: print(f"  dovecot-{t} RSS of all processes while idling (max): {max(rss):,.0f} MiB")
    loads = [r["load_average_before"] for t in by.values() for r in t]
    print(f"  load averages seen before the runs: {', '.join(loads)}")
EOF

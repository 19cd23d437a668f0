#!/usr/bin/env bash
# Batch throughput and memory: 100,000 generated appointments (several zones, routines, areas
# and products), rendered in memory (--dry-run) and written as files, with the release binary.
# Prints rows/s and peak RSS (from /proc via /usr/bin/time, or GNU time's -v when present).
# Usage: bash benches/batch.sh [ROWS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
jobs=${2:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --locked --quiet
bin=target/release/aftercare

python3 - "$rows" > "$work/appointments.csv" <<'PY'
import sys
zones = ["America/New_York", "Europe/London", "Europe/Madrid", "Australia/Sydney", "Asia/Kolkata",
         "America/Sao_Paulo", "America/Los_Angeles", "Europe/Berlin"]
routines = ["mon,wed,fri 06:30 45m hiit; sat 09:00 1h30m running", "tue,thu 18:00 1h hot-yoga",
            "daily 07:00 30m walking", "", "mon,thu 19:00 1h weights; sun 10:00 1h swimming"]
areas = ["", "forehead", "glabella;crows-feet", "masseter", "neck"]
products = ["", "botox", "dysport", "xeomin"]
print("id,name,email,at,tz,minutes,sweat,areas,product,workouts,discreet")
for i in range(int(sys.argv[1])):
    day = 1 + i % 28
    hour = 9 + i % 9
    print(f"P{i:07d},Patient {i},p{i}@example.com,2026-12-{day:02d} {hour:02d}:{(i % 4) * 15:02d},"
          f"{zones[i % len(zones)]},30,{['light', 'moderate', 'heavy'][i % 3]},{areas[i % len(areas)]},"
          f"{products[i % len(products)]},\"{routines[i % len(routines)]}\",{'yes' if i % 7 == 0 else 'no'}")
PY

measure() {
    local label=$1
    shift
    local start end rss
    start=$(date +%s.%N)
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f "%M" -o "$work/rss" "$bin" "$@" 2>/dev/null || true
        rss=$(tail -n 1 "$work/rss")
    else
        "$bin" "$@" 2>/dev/null &
        local pid=$! peak=0
        while kill -0 "$pid" 2>/dev/null; do
            local now
            now=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
            ((now > peak)) && peak=$now
            sleep 0.02
        done
        wait "$pid" || true
        rss=$peak
    fi
    end=$(date +%s.%N)
    python3 -c "import sys; r,t,k=int(sys.argv[1]),float(sys.argv[2])-float(sys.argv[3]),int(sys.argv[4]); print(f'{sys.argv[5]}: {r} rows in {t:.2f} s = {r/t:,.0f} rows/s, peak RSS {k/1024:.1f} MiB')" \
        "$rows" "$end" "$start" "$rss" "$label"
}

export SOURCE_DATE_EPOCH=1764547200
measure "in memory (--dry-run), $jobs jobs" batch "$work/appointments.csv" --out-dir "$work/none" --dry-run --jobs "$jobs"
measure "as files, $jobs jobs" batch "$work/appointments.csv" --out-dir "$work/plans" --jobs "$jobs"
echo "files: $(find "$work/plans" -name '*.ics' | wc -l), $(du -sh "$work/plans" | cut -f1)"
measure "as files + e-mail messages, $jobs jobs" batch "$work/appointments.csv" --out-dir "$work/plans-eml" --eml --from clinic@example.com --jobs "$jobs"

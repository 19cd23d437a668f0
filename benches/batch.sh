#!/usr/bin/env bash
# Batch throughput and memory: ROWS generated appointments (several zones, routines, areas and
# products), rendered in memory (--dry-run), written as files on the disk and on tmpfs, and
# with e-mail messages, with the release binary. Each measurement runs RUNS times; the median
# and the best are printed with the peak RSS (GNU time, else /proc polling).
#
# The file figures depend on the filesystem more than on aftercare, so the script also times a
# bare loop (Python) that writes the same number of files of the same size the same way (a
# temporary file, then a rename) into the same directory: the ceiling for that filesystem.
#
# Usage: bash benches/batch.sh [ROWS] [JOBS]   (RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
jobs=${2:-$(nproc)}
runs=${RUNS:-3}
work=$(mktemp -d)
shm=""
if [[ -d /dev/shm && -w /dev/shm ]]; then
    shm=$(mktemp -d -p /dev/shm)
fi
trap 'rm -rf "$work" ${shm:+"$shm"}' EXIT
cargo build --release --locked --quiet
bin=$PWD/target/release/aftercare

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

export SOURCE_DATE_EPOCH=1764547200

# One timed run of "$@": prints "seconds peak-KiB".
timed() {
    local start end rss=0
    start=$(date +%s.%N)
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1 || true
        rss=$(tail -n 1 "$work/rss")
    else
        "$@" >/dev/null 2>&1 &
        local pid=$! now
        while kill -0 "$pid" 2>/dev/null; do
            now=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
            ((now > rss)) && rss=$now
            sleep 0.02
        done
        wait "$pid" || true
    fi
    end=$(date +%s.%N)
    echo "$(python3 -c "print(float('$end') - float('$start'))") $rss"
}

# measure LABEL SETUP-COMMAND -- COMMAND...: RUNS runs (SETUP before each, untimed).
measure() {
    local label=$1 setup=$2
    shift 3
    local results=()
    for _ in $(seq "$runs"); do
        eval "$setup"
        results+=("$(timed "$@")")
    done
    printf '%s\n' "${results[@]}" | python3 -c "
import statistics, sys
runs = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
times = sorted(t for t, _ in runs)
rows, median, best = $rows, statistics.median(times), times[0]
print(f'$label: {rows / median:,.0f} rows/s median, {rows / best:,.0f} best '
      f'({median:.2f} s median of {len(times)}), peak RSS {max(k for _, k in runs) / 1024:.1f} MiB')
"
}

# The filesystem's ceiling: create, write and rename the same files, nothing else.
bare_files() {
    python3 - "$1" "$2" <<'PY'
import os, sys, time
source, target = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(source) if n.endswith(".ics"))
blobs = [open(os.path.join(source, n), "rb").read() for n in names]
os.makedirs(target, exist_ok=True)
start = time.time()
for name, blob in zip(names, blobs):
    tmp = os.path.join(target, "." + name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, blob)
    os.close(fd)
    os.rename(tmp, os.path.join(target, name))
print(f"  bare filesystem (one Python loop: create, write, rename the same files): "
      f"{len(names) / (time.time() - start):,.0f} files/s")
PY
}

echo "$rows rows, $jobs jobs, $runs runs each"
# Between runs the previous output is removed and the disk allowed to settle (sync), untimed,
# so one run does not pay for the last one's deletions and write-back. tmpfs goes first, before
# the disk has gigabytes to write back.
measure "in memory (--dry-run)" "true" -- \
    "$bin" batch "$work/appointments.csv" --out-dir "$work/none" --dry-run --jobs "$jobs"
if [[ -n $shm ]]; then
    measure "as files on tmpfs ($shm)" "rm -rf '$shm/plans'; sync" -- \
        "$bin" batch "$work/appointments.csv" --out-dir "$shm/plans" --jobs "$jobs"
    bare_files "$shm/plans" "$shm/bare"
    rm -rf "$shm/plans" "$shm/bare"
fi
measure "as files on $(df --output=fstype "$work" | tail -n 1) ($work)" "rm -rf '$work/plans'; sync" -- \
    "$bin" batch "$work/appointments.csv" --out-dir "$work/plans" --jobs "$jobs"
echo "  files: $(find "$work/plans" -name '*.ics' | wc -l), $(du -sh "$work/plans" | cut -f1)"
sync
bare_files "$work/plans" "$work/bare"
rm -rf "$work/bare"
measure "as files + e-mail messages" "rm -rf '$work/plans-eml'; sync" -- \
    "$bin" batch "$work/appointments.csv" --out-dir "$work/plans-eml" --eml \
    --from clinic@example.com --jobs "$jobs"

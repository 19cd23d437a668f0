#!/usr/bin/env bash
# Runs every fuzz target (or those named) for a set time each, from a seed corpus made of the
# project's fixtures and ../shared/ical-corpus, and prints one line per target with the number
# of executions. Any crash, panic, or input taking over a second (-timeout=1) fails the run;
# libFuzzer leaves the input under fuzz/artifacts/TARGET/.
#
#   bash fuzz/run.sh SECONDS [TARGET...]     e.g. bash fuzz/run.sh 20 (what CI runs)
#   bash fuzz/run.sh --runs N [TARGET...]    N executions per target (the campaign in the README)
#
# No sanitizer (-s none): aftercare has no unsafe code, so what fuzzing hunts here is panics,
# hangs and wrong results, and the targets run about twice as fast without AddressSanitizer.
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")"
limit=(-max_total_time="${1:?usage: fuzz/run.sh SECONDS|--runs N [TARGET...]}")
if [ "$1" = --runs ]; then
    limit=(-runs="${2:?usage: fuzz/run.sh --runs N [TARGET...]}")
    shift
fi
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(calendar_import habits_toml habits_json protocol csv_rows flags render)
fi
shared=../../shared

seed() { # seed TARGET FILE...
    local dir="corpus/$1"
    shift
    mkdir -p "$dir"
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    return 0
}
seed_text() { # seed_text TARGET NAME TEXT
    mkdir -p "corpus/$1"
    printf '%b' "$3" > "corpus/$1/seed-$2"
}

shopt -s nullglob globstar
seed calendar_import ../fixtures/calendars/*.ics "$shared"/ical-corpus/**/*.ics
seed habits_toml ../fixtures/habits/*.toml ../src/data/habits-template.toml
seed habits_json ../fixtures/habits/*.json
seed protocol ../fixtures/protocol/*.toml ../src/data/protocol.toml
seed_text csv_rows basic 'id,name,email,at,tz,minutes,sweat,areas,product\nP-1,Ana,ana@example.com,2026-12-04 15:00,Europe/London,30,heavy,"forehead,glabella",botox\nP-2,Bo,,2026-12-05T10:00:00+01:00,Europe/Paris,45,light,,\n'
seed_text flags at '\x00 2026-12-04 15:00'
seed_text flags rfc3339 '\x01 2026-10-25T02:30:00+02:00'
seed_text flags workout '\x02mon,wed,fri 06:30 45m hiit'
seed_text flags hours '\x03tue-fri 09:00-18:00, sat 09:00-13:00'
seed_text flags protect '\x04 2026-12-12 photo shoot'
seed_text flags duration '\x051h30m'
seed_text flags areas '\x06forehead,crows-feet'
seed_text render plain 'Morning HIIT\x00no heat\x00Sauna, hot yoga; steam.'
seed_text render awkward 'Leg\\nday é 🧖\x00titre; très long, vraiment\x00C:\\\\temp\\\\notes — 熱いお風呂'

status=0
printf '%-16s %12s %8s %10s\n' target executions seconds "exec/s"
for t in "${targets[@]}"; do
    max_len=4096
    [ "$t" = calendar_import ] && max_len=65536
    log="artifacts/$t.log"
    mkdir -p "artifacts/$t"
    started=$(date +%s)
    if cargo +nightly fuzz run -s none "$t" "corpus/$t" -- "${limit[@]}" -timeout=1 \
        -rss_limit_mb=2048 -max_len="$max_len" -artifact_prefix="artifacts/$t/" \
        -print_final_stats=1 > "$log" 2>&1; then
        runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
        took=$(( $(date +%s) - started ))
        fuzzed=$(grep -oE '^Done [0-9]+ runs in [0-9]+' "$log" | grep -oE '[0-9]+$' || echo "$took")
        printf '%-16s %12s %8s %10s\n' "$t" "$runs" "$fuzzed" "$(( runs / (fuzzed > 0 ? fuzzed : 1) ))"
    else
        status=1
        printf '%-16s FAILED: see fuzz/%s\n' "$t" "$log"
        grep -E "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -n 8 || true
    fi
done
exit $status

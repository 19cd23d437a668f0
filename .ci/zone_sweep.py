"""Zone sweep: plans whose windows cross a change of the clocks, in every zone that has one
between 2000 and 2040, checked against Python's zoneinfo (with the `tzdata` package, an
implementation and a copy of the data independent of aftercare's) and, for their calendars,
by ../shared/conformance/check-ics.

For every such zone, the plans start 30 hours before a change: the first change of 2001 (or
the first after 2000 when there is none that year), the first of 2026, the first of 2027 and
the first of 2037, when the zone has them. For each plan:

* every time in the JSON has the offset zoneinfo gives at that instant;
* every restriction window lasts what the same plan, made in UTC, says: windows are elapsed
  time, whatever the zone;
* its calendar goes to check-ics (all of them with --full; otherwise one per distinct set of
  rules and plan kind, which keeps CI short).

Usage: python zone_sweep.py [--full] AFTERCARE OUTDIR
Prints one line per failure and a closing line "zone sweep: N passed, N failed".
"""
import concurrent.futures
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
import zoneinfo

import tzdata

zoneinfo.reset_tzpath([])  # the tzdata package only, never the system's older copy
UTC = dt.timezone.utc
START = int(dt.datetime(2000, 1, 1, tzinfo=UTC).timestamp())
END = int(dt.datetime(2040, 1, 1, tzinfo=UTC).timestamp())
DAY = 86400
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1800000000", TZ="UTC")
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def offset(zone, ts):
    return int(dt.datetime.fromtimestamp(ts, zone).utcoffset().total_seconds())


def changes(zone):
    """Instants (seconds) in 2000-2040 where the zone's offset changes: daily steps, then
    bisection to the second."""
    found = []
    lo, lo_off = START, offset(zone, START)
    while lo < END:
        hi = min(lo + DAY, END)
        hi_off = offset(zone, hi)
        if hi_off != lo_off:
            a, b = lo, hi
            while b - a > 1:
                mid = (a + b) // 2
                if offset(zone, mid) == lo_off:
                    a = mid
                else:
                    b = mid
            found.append(b)
            lo_off = offset(zone, b)
        lo = hi
    return found


def anchors(found):
    """(kind, change) for the plans of one zone."""
    year = lambda ts: dt.datetime.fromtimestamp(ts, UTC).year
    picks = []
    early = [t for t in found if year(t) == 2001] or [t for t in found if year(t) <= 2005]
    if early:
        picks.append(("2001", early[0]))
    for y in (2026, 2027, 2037):
        same = [t for t in found if year(t) == y]
        if same:
            picks.append((str(y), same[0]))
    return picks


def run(aftercare, args):
    out = subprocess.run([aftercare, *args], capture_output=True, env=ENV, timeout=60)
    return out.returncode, out.stdout.decode(), out.stderr.decode()


def stamps(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from stamps(v)
    elif isinstance(value, list):
        for v in value:
            yield from stamps(v)
    elif isinstance(value, str) and STAMP.match(value):
        yield value


def one_plan(aftercare, outdir, name, kind, change):
    """Plans 30 h before `change`; returns (failures, calendar path or None)."""
    zone = zoneinfo.ZoneInfo(name)
    start = change - 30 * 3600
    # A local time that exists once (30 h before a change, it nearly always does).
    for shift in (0, -2, -4, 2):
        ts = start + shift * 3600
        local = dt.datetime.fromtimestamp(ts, zone).replace(tzinfo=None, second=0)
        readings = {
            int(local.replace(tzinfo=zone, fold=f).timestamp()) for f in (0, 1)
        }
        if len(readings) == 1 and dt.datetime.fromtimestamp(
            readings.pop(), zone
        ).replace(tzinfo=None) == local:
            break
    at = local.strftime("%Y-%m-%d %H:%M")
    base = ["plan", "--at", at, "--tz", name, "--workout", "daily 06:30 45m hiit"]
    label = f"{name} {at} ({kind})"
    rc, out, err = run(aftercare, base + ["--format", "json", "-o", "-"])
    if rc != 0:
        return [f"{label}: exit {rc}: {err.strip()}"], None
    plan = json.loads(out)
    failures = []
    for text in stamps(plan):
        t = dt.datetime.fromisoformat(text)
        want = offset(zone, int(t.timestamp()))
        if int(t.utcoffset().total_seconds()) != want:
            failures.append(f"{label}: {text} has the wrong offset (zoneinfo: {want} s)")
    utc_at = dt.datetime.fromisoformat(plan["appointment"]["start"]).astimezone(UTC)
    rc, out, err = run(
        aftercare,
        ["plan", "--at", utc_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "--tz", "UTC",
         "--format", "json", "-o", "-"],
    )
    if rc != 0:
        return failures + [f"{label}: the UTC plan failed: {err.strip()}"], None
    in_utc = {w["rule"]: w for w in json.loads(out)["windows"]}
    for w in plan["windows"]:
        length = lambda w: (dt.datetime.fromisoformat(w["end"])
                            - dt.datetime.fromisoformat(w["start"]))
        if length(w) != length(in_utc[w["rule"]]):
            failures.append(f"{label}: window {w['rule']} lasts {length(w)}, "
                            f"{length(in_utc[w['rule']])} in UTC")
    path = os.path.join(outdir, f"{name.replace('/', '-')}-{kind}.ics")
    rc, out, err = run(aftercare, base + ["-o", path, "--force"])
    if rc != 0:
        return failures + [f"{label}: writing the calendar failed: {err.strip()}"], None
    return failures, path


def main():
    args = sys.argv[1:]
    full = "--full" in args
    args = [a for a in args if a != "--full"]
    aftercare, outdir = args
    os.makedirs(outdir, exist_ok=True)
    began = time.monotonic()
    version = run(aftercare, ["--version"])[1]
    if f"tz {tzdata.IANA_VERSION}" not in version:
        print(f"zone sweep: the reference is tz {tzdata.IANA_VERSION}, aftercare says: {version}")
        print("0 passed, 1 failed")
        return 1
    names = sorted(zoneinfo.available_timezones())
    jobs, rule_sets = [], {}
    for name in names:
        found = changes(zoneinfo.ZoneInfo(name))
        if not found:
            continue
        key = tuple(found)
        for kind, change in anchors(found):
            # Links and zones with the same changes make the same calendars: check-ics reads
            # one of each unless --full.
            first = (key, kind) not in rule_sets
            rule_sets.setdefault((key, kind), name)
            jobs.append((name, kind, change, full or first))
    scanned = time.monotonic() - began
    zones = len({j[0] for j in jobs})
    failures, calendars, failed_plans = [], [], 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(lambda j: (j, one_plan(aftercare, outdir, *j[:3])), jobs)
        for (name, kind, change, check), (failed, path) in results:
            failures.extend(failed)
            failed_plans += bool(failed)
            if path and check:
                calendars.append(path)
    planned = time.monotonic() - began - scanned
    print(f"zone sweep: {zones} zones with a change in 2000-2040, {len(jobs)} plans "
          f"(JSON checked against zoneinfo, tz {tzdata.IANA_VERSION}); "
          f"{len(calendars)} calendars for check-ics; "
          f"scan {scanned:.1f} s, plans {planned:.1f} s")
    with open(os.path.join(outdir, "calendars.txt"), "w") as f:
        f.write("\n".join(calendars) + "\n")
    for line in failures:
        print("FAIL " + line)
    print(f"{len(jobs) - failed_plans} passed, {failed_plans} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

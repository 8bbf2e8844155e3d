#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end checks of `myk10 flood ...` on the bundled river network.

Usage: cli_flood.py PATH_TO_MYK10 SOURCE_DIR
"""
import json
import subprocess
import sys
import tempfile

MYK10, SOURCE = sys.argv[1], sys.argv[2]
RIVERS = SOURCE + "/examples/data/rivers.json"
results = {"passed": 0, "failed": 0}


def run(*args):
    """Exit code, JSON lines (if the output is JSON lines), stdout, stderr."""
    proc = subprocess.run([MYK10, *args], capture_output=True, text=True)
    try:
        lines = [json.loads(line) for line in proc.stdout.splitlines()]
    except json.JSONDecodeError:
        lines = []
    return proc.returncode, lines, proc.stdout, proc.stderr


def check(name, condition, detail=""):
    if condition:
        results["passed"] += 1
    else:
        results["failed"] += 1
        print(f"FAIL {name}: {detail}")


# validate, with the routing report at a 5-minute step
code, lines, _, err = run("flood", "validate", RIVERS, "--dt", "300")
report = lines[0] if lines else {}
check("validate", code == 0 and report.get("valid") is True and report["reaches"] == len(report["routing"])
      and all(r["subreaches"] >= 1 and r["substeps"] >= 1 for r in report["routing"]), (report, err))
check("adapt", any(not r["in_range"] for r in report["routing"])
      and all(r["subreaches"] > 1 or r["substeps"] > 1 for r in report["routing"] if not r["in_range"]),
      report.get("routing"))

# JSON -> GeoJSON -> validate gives the same network
code, _, geojson, _ = run("flood", "convert", RIVERS, "--to", "geojson")
with tempfile.NamedTemporaryFile("w", suffix=".geojson") as f:
    f.write(geojson)
    f.flush()
    code2, lines2, _, _ = run("flood", "validate", f.name)
check("geojson round trip", code == 0 and code2 == 0 and lines2[0]["nodes"] == report["nodes"]
      and lines2[0]["reaches"] == report["reaches"], lines2)

# Mass: 10 m3/s more at the top of the Nette reach the Rhine once the wave has passed.
steps = 400
code, base, _, _ = run("flood", "route", RIVERS, "--dt", "900", "--steps", "1")
outlet0 = base[0]["flow_m3s"]["outlet-nette-rhein"]
top0 = base[0]["flow_m3s"]["pegel-kirchwald"]
code, lines, _, err = run("flood", "route", RIVERS, "--dt", "900", "--steps", str(steps),
                          "--inflow", f"pegel-kirchwald={top0 + 10}")
last = lines[-1]["flow_m3s"] if lines else {}
check("route steady", code == 0 and len(lines) == steps
      and abs(last["outlet-nette-rhein"] - (outlet0 + 10)) < 1e-6, (last.get("outlet-nette-rhein"), outlet0, err))
first = lines[0]["flow_m3s"] if lines else {}
check("route delays", first.get("outlet-nette-rhein", 0) < outlet0 + 0.1, first)

# bad input: unknown node, bad step, missing file, malformed file
code, _, _, err = run("flood", "route", RIVERS, "--dt", "900", "--steps", "2", "--inflow", "nowhere=1")
check("unknown node", code == 1 and "MYK10_ENOTFOUND" in err and "nowhere" in err, err)
code, _, _, err = run("flood", "route", RIVERS, "--dt", "0", "--steps", "2")
check("bad dt", code == 2, err)
code, _, _, err = run("flood", "validate", SOURCE + "/no/such/file.json")
check("missing file", code == 1 and "MYK10_EIO" in err, err)
code, _, _, err = run("flood", "validate", SOURCE + "/examples/data/devices.json")
check("not a network", code == 1 and "MYK10_" in err, err)

# forecast and CAP on the bundled gauges and readings of the heavy-rain night
DATA = SOURCE + "/examples/data/"
common = ["--gauges", DATA + "gauges.json", "--readings", DATA + "readings-night.csv",
          "--now", "2026-11-27T00:00:00Z"]
code, villages, _, err = run("flood", "forecast", RIVERS, *common)
by_id = {v["village"]: v for v in villages}
mayen = by_id.get("village-mayen", {})
check("forecast", code == 0 and len(villages) == 6 and mayen.get("max_level", 0) >= 2
      and mayen["levels"][1]["time"] > "2026-11-27T00:00:00Z"
      and mayen["levels"][1]["warning_s"] > 0 and mayen["driving_gauge"] == "pegel-kirchwald"
      and not mayen["stale"] and not mayen["routed_only"]
      and mayen["band"][0] <= mayen["band"][1] <= mayen["band"][2], (mayen, err))
check("lead time won", mayen.get("levels", [{}])[0].get("lead_won_s", 0) > 0, mayen)
code, _, xml, err = run("flood", "cap", RIVERS, *common)
alerts = xml.count("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
warned = sum(1 for v in villages if v["max_level"] > 0)
check("cap", code == 0 and alerts == warned and alerts > 0
      and "<areaDesc>Mayen</areaDesc>" in xml and "Meldestufe 2 für Mayen" in xml, (alerts, warned, err))
# much later the readings are stale and the forecast says so
code, villages, _, err = run("flood", "forecast", RIVERS, *common[:-1], "2026-11-28T00:00:00Z")
check("stale", code == 0 and all(v["stale"] or v["routed_only"] for v in villages), villages[:1])
code, _, _, err = run("flood", "forecast", RIVERS, "--gauges", DATA + "gauges.json")
check("forecast usage", code == 2, err)


def run_stdin(text, *args):
    proc = subprocess.run([MYK10, *args], input=text, capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


# the same readings as `frame decode` verdicts on stdin give the same forecast
def as_verdict(row):
    gauge, time, level = row.split(",")
    return json.dumps({"mtype": "UnconfirmedDataUp", "device": gauge, "measurements": [
        {"device": gauge, "time": time, "quantity": "battery_voltage", "unit": "V", "value": 3.3},
        {"device": gauge, "time": time, "quantity": "water_level", "unit": "m", "value": float(level)}]})


rows = open(DATA + "readings-night.csv").read().split("\n")[1:]
verdicts = "\n".join(as_verdict(r) for r in rows if r.strip())
verdicts += "\n" + json.dumps({"mtype": "UnconfirmedDataUp", "error": {"status": "MYK10_EREPLAY"}})
forecast_args = ["flood", "forecast", RIVERS, "--gauges", DATA + "gauges.json", "--now",
                 "2026-11-27T00:00:00Z"]
_, from_csv, _ = run_stdin("", *forecast_args, "--readings", DATA + "readings-night.csv")
code, from_frames, err = run_stdin(verdicts, *forecast_args, "--readings", "-")
check("readings from frame verdicts", code == 0 and from_frames == from_csv and from_csv, err)
code, _, err = run_stdin('{"mtype": "UnconfirmedDataUp"}\n{"mtype": ', *forecast_args,
                         "--readings", "-")
check("bad verdict line", code == 1 and "MYK10_EMALFORMED" in err and "-:2" in err, err)
bad = json.dumps({"mtype": "x", "measurements": [{"device": "pegel-mayen", "quantity": "water_level",
                                                   "time": "yesterday", "value": 1}]})
code, _, err = run_stdin(bad, *forecast_args, "--readings", "-")
check("bad verdict time", code == 1 and "measurement 0" in err, err)

# straight from the frame module: a decoded Kirchwald frame feeds its gauge
FRAME = "40011a0b2603070006fe05028dc9867357887a03ebf038f4"
decoded = subprocess.run([MYK10, "frame", "decode", "--devices", DATA + "devices.json", "--time",
                          "2026-11-27T00:15:00Z", FRAME], capture_output=True, text=True).stdout
code, out, err = run_stdin(decoded, "flood", "forecast", RIVERS, "--gauges", DATA + "gauges.json",
                           "--readings", "-", "--now", "2026-11-27T00:20:00Z")
mayen = next((json.loads(l) for l in out.splitlines() if '"village-mayen"' in l), {})
check("decoded frame to forecast", code == 0 and mayen.get("driving_gauge") == "pegel-kirchwald"
      and not mayen.get("routed_only", True), (mayen, err))

print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)

#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end checks of `myk10 frame ...` and `myk10 demo` on the bundled data.

Usage: cli_frame.py PATH_TO_MYK10 SOURCE_DIR
"""
import base64
import json
import subprocess
import sys

MYK10, SOURCE = sys.argv[1], sys.argv[2]
DEVICES = SOURCE + "/examples/data/devices.json"
results = {"passed": 0, "failed": 0}


def run(*args, stdin=None):
    proc = subprocess.run([MYK10, *args], input=stdin, capture_output=True, text=True)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc.returncode, lines, proc.stdout, proc.stderr


def check(name, condition, detail=""):
    if condition:
        results["passed"] += 1
    else:
        results["failed"] += 1
        print(f"FAIL {name}: {detail}")


def encode(fcnt, payload="0cf00b5400003e01", device="pegel-kirchwald", extra=()):
    code, lines, _, err = run("frame", "encode", "--devices", DEVICES, "--device", device,
                              "--fcnt", str(fcnt), "--fport", "2", "--payload", payload, *extra)
    assert code == 0, err
    return lines[0]["phy_payload"]


# encode -> parse: header fields without keys
phy = encode(7, extra=("--fopts", "06fe05"))
code, lines, _, _ = run("frame", "parse", phy)
frame = lines[0]
check("parse", code == 0 and frame["mtype"] == "UnconfirmedDataUp" and frame["dev_addr"] == "260b1a01"
      and frame["fcnt16"] == 7 and frame["fport"] == 2 and frame["fopts"] == "06fe05", frame)
check("parse mac", frame["mac_commands"][0]["name"] == "DevStatusAns"
      and frame["mac_commands"][0]["battery"] == 254 and frame["mac_commands"][0]["margin_db"] == 5,
      frame.get("mac_commands"))

# decode: MIC, counter, decryption, codec, water level from the mounting height (3.2 m - 2.9 m)
code, lines, _, _ = run("frame", "decode", "--devices", DEVICES, "--time", "2026-11-27T00:15:00Z",
                        phy, phy)
first, second = lines
levels = [m["value"] for m in first.get("measurements", []) if m["quantity"] == "water_level"]
check("decode", first.get("mic_check") == "ok" and first["fcnt"] == 7
      and first["payload"] == "0cf00b5400003e01" and levels == [0.3], first)
check("decode time", first["measurements"][0]["time"] == "2026-11-27T00:15:00Z", first)
check("replay", code == 1 and second["error"]["status"] == "MYK10_EREPLAY", second)

# a flipped payload bit breaks the MIC
forged = bytearray.fromhex(phy)
forged[-6] ^= 1
code, lines, _, err = run("frame", "decode", "--devices", DEVICES, forged.hex())
check("forgery", code == 1 and lines[0]["error"]["status"] == "MYK10_EINTEGRITY"
      and "MYK10_EINTEGRITY" in err, lines)

# unknown DevAddr, truncated frame, garbage line
code, lines, _, _ = run("frame", "decode", "--devices", DEVICES, "40ffffffff00010002abcdef01", "40011a0b", "zz")
check("unknown addr", lines[0]["error"]["status"] == "MYK10_ENOKEY", lines[0])
check("truncated", lines[1]["error"]["status"] == "MYK10_ETRUNCATED", lines[1])
check("garbage", lines[2]["error"]["status"] == "MYK10_EMALFORMED" and code == 1, lines[2])

# the same frame through a packet-forwarder datagram
phy8 = bytes.fromhex(encode(8))
push = {"rxpk": [{"time": "2026-11-27T00:30:00Z", "tmst": 1, "freq": 868.3, "stat": 1,
                  "modu": "LORA", "datr": "SF9BW125", "codr": "4/5", "rssi": -101, "lsnr": 5.5,
                  "size": len(phy8), "data": base64.b64encode(phy8).decode()}]}
code, lines, _, _ = run("frame", "decode", "--devices", DEVICES, stdin=json.dumps(push) + "\n")
v = lines[0]
check("packet forwarder", code == 0 and v["source"] == "packet-forwarder" and v["fcnt"] == 8
      and v["radio"]["frequency_hz"] == 868300000 and v["radio"]["spreading_factor"] == 9
      and v["time"] == "2026-11-27T00:30:00Z", v)

# a ChirpStack v4 event: already decrypted, the device found by DevEUI
chirpstack = {"deduplicationId": "3ac7e3c4-4401-4b8d-9386-a5c902f9202d",
              "time": "2026-11-27T00:45:00.123456+00:00",
              "deviceInfo": {"tenantId": "t", "applicationId": "a", "deviceName": "pegel-kirchwald",
                             "devEui": "70b3d57ed001a100"},
              "devAddr": "260b1a01", "dr": 3, "fCnt": 9, "fPort": 2, "confirmed": False,
              "data": base64.b64encode(bytes.fromhex("0cf00a8c0000400a")).decode(),
              "rxInfo": [{"gatewayId": "b827ebfffe6a1c01", "rssi": -99, "snr": 7.0}],
              "txInfo": {"frequency": 868100000,
                         "modulation": {"lora": {"bandwidth": 125000, "spreadingFactor": 9,
                                                 "codeRate": "CR_4_5"}}}}
code, lines, _, err = run("frame", "decode", "--devices", DEVICES, json.dumps(chirpstack))
v = lines[0]
levels = [m["value"] for m in v.get("measurements", []) if m["quantity"] == "water_level"]
check("chirpstack", code == 0 and v["device"] == "pegel-kirchwald" and v["fcnt"] == 9
      and levels == [0.5], (v, err))

# payload codecs directly, and a codec error with its byte
code, lines, _, _ = run("frame", "payload", "--codec", "cayenne-lpp", "--time",
                        "2026-11-27T00:00:00Z", "03670110056700ff")
temps = [m["value"] for m in lines[0]["measurements"]]
check("lpp", code == 0 and temps == [27.2, 25.5], lines)
code, lines, _, _ = run("frame", "payload", "--codec", "dragino-ldds75", "0cf00b")
check("codec error", code == 1 and lines[0]["error"]["status"] == "MYK10_ETRUNCATED", lines)
code, _, _, _ = run("frame", "payload", "0cf00b")
check("usage", code == 2, code)

# the demo: the night's story with both attacks rejected
code, _, out, err = run("demo", "--data", SOURCE + "/examples/data")
check("demo", code == 0 and "rejected: MYK10_EREPLAY" in out and "rejected: MYK10_EINTEGRITY" in out
      and "wraps from 0xFFFF" in out and "2 rejected" in out, out[-600:] + err)
# the flood chapter: warnings with warning times and a CAP alert for the worst
check("demo flood", "== Flood warnings ==" in out and "Meldestufe 3 expected at" in out
      and "warning time" in out and "CAP 1.2 alert for civil protection" in out, out[-1500:])

print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)

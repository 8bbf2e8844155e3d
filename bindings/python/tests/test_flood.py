# SPDX-License-Identifier: Apache-2.0
"""The flood module through the Python binding (myk10.flood): textbook
Muskingum, the example network, gauges and the readings parsers."""

import json
import math
import pathlib

import pytest

import myk10
from myk10 import flood

SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[3]
RIVERS = SOURCE_ROOT / "examples" / "data" / "rivers.json"

# Chow, Maidment & Mays, Applied Hydrology (1988), Example 8.4.1 / Table 8.4.1:
# K = 2.3 h, X = 0.15, dt = 1 h; inflow in cfs, O0 = 85 cfs.
CHOW_INFLOW = [93, 137, 208, 320, 442, 546, 630, 678, 691, 675, 634, 571, 477, 390, 329,
               247, 184, 134, 108, 90]
CHOW_C = (0.0631, 0.3442, 0.5927)
CHOW_OUTFLOW = [85, 91, 114, 159, 233, 324, 420, 509, 578, 623, 642, 635, 603, 546, 479,
                413, 341, 274, 215, 170]

T0 = 1_795_680_000  # 2026-11-26T08:00:00Z


def test_chow_table_8_4_1_with_the_book_coefficients():
    out = flood.muskingum_apply(CHOW_INFLOW, CHOW_C, 85)
    assert isinstance(out, list) and len(out) == len(CHOW_INFLOW)
    assert [round(q) for q in out] == CHOW_OUTFLOW


def test_chow_coefficients_match_the_book():
    c = flood.muskingum_coefficients(2.3 * 3600, 0.15, 3600)
    assert c == pytest.approx(CHOW_C, abs=5e-5)
    assert sum(c) == pytest.approx(1.0)
    with pytest.raises(myk10.RangeError):
        flood.muskingum_coefficients(-1, 0.15, 3600)


def test_chow_through_a_router_in_plain_mode():
    net = flood.Network()
    net.add_node("up", flood.NodeKind.GAUGE)
    net.add_node("down", flood.NodeKind.OUTLET)
    net.add_reach("r", "up", "down", length_m=1000, method=flood.Method.MUSKINGUM,
                  k_s=2.3 * 3600, x=0.15)
    net.validate()
    router = flood.Router(net, dt=3600, mode=flood.Mode.PLAIN)
    router.set_reach_state("r", 93, 85)
    flows = router.route(19, inflows={"up": CHOW_INFLOW[1:]})
    # The router uses the exact coefficients (the book rounds them to four
    # digits): the same as muskingum_apply with them, within 1.5 cfs of the book.
    exact = flood.muskingum_apply(CHOW_INFLOW, flood.muskingum_coefficients(2.3 * 3600, 0.15,
                                                                             3600), 85)
    assert flows["down"] == pytest.approx(exact[1:], rel=1e-12)
    assert all(abs(q - b) < 1.5 for q, b in zip(flows["down"], CHOW_OUTFLOW[1:]))
    assert flows["up"] == [float(q) for q in CHOW_INFLOW[1:]]
    report = router.report("r")
    assert report.method is flood.Method.MUSKINGUM
    assert report.k_s == pytest.approx(2.3 * 3600)
    assert (report.subreaches, report.substeps) == (1, 1)
    assert report.negative_steps == 0


@pytest.fixture
def rivers():
    with flood.Network.from_json(RIVERS.read_text(encoding="utf-8")) as net:
        yield net


def test_rivers_json_loads_as_dataclasses(rivers):
    nodes = rivers.nodes
    reaches = rivers.reaches
    assert len(nodes) == 16 and len(reaches) == 13
    assert nodes[0] == flood.Node("pegel-kirchwald", flood.NodeKind.GAUGE, 50.362, 7.139, 0.4,
                                  "Pegel Kirchwald")
    assert reaches[0].id == "nette-1" and reaches[0].from_ == "pegel-kirchwald"
    assert reaches[0].method is flood.Method.MUSKINGUM_CUNGE
    assert rivers.find_node("outlet-nette-rhein") == 6
    with pytest.raises(myk10.NotFoundError, match="nowhere"):
        rivers.find_node("nowhere")


def test_rivers_round_trip_through_json_and_geojson(rivers):
    again = flood.Network.from_json(rivers.to_json())
    assert again.nodes == rivers.nodes and again.reaches == rivers.reaches
    geo = flood.Network.from_geojson(rivers.to_geojson())
    assert [n.id for n in geo.nodes] == [n.id for n in rivers.nodes]
    assert json.loads(rivers.to_geojson())["type"] == "FeatureCollection"


def test_rivers_routes_10_m3s_to_the_outlet(rivers):
    router = flood.Router(rivers, dt=900)
    rivers.close()  # the router keeps what it needs
    base = router.node_flow("outlet-nette-rhein")
    assert base == pytest.approx(0.4)  # Kirchwald's baseflow
    steps = 400
    # The local inflow replaces the baseflow: 0.4 + 10 m3/s, as a tuple.
    flows = router.route(steps, inflows={"pegel-kirchwald": (0.4 + 10.0,) * steps})
    assert set(flows) >= {"pegel-kirchwald", "outlet-nette-rhein", "outlet-elzbach-mosel"}
    outlet = flows["outlet-nette-rhein"]
    assert len(outlet) == steps
    assert outlet[0] < 1.0  # the wave has not arrived after one step
    assert outlet[-1] == pytest.approx(base + 10.0, rel=1e-6)
    assert all(b >= a - 1e-9 for a, b in zip(outlet, outlet[1:]))  # monotone rise
    assert flows["outlet-elzbach-mosel"][-1] == pytest.approx(0.2)  # another river
    assert router.storage() > 0
    assert router.report("nette-1").subreaches >= 1
    router.reset()
    assert router.node_flow("outlet-nette-rhein") == pytest.approx(base)


def test_route_rejects_bad_inflows(rivers):
    router = flood.Router(rivers, dt=900)
    with pytest.raises(myk10.RangeError, match="pegel-kirchwald"):
        router.route(3, inflows={"pegel-kirchwald": [1.0, -1.0, 1.0]})
    with pytest.raises(ValueError):
        router.route(3, inflows={"pegel-kirchwald": [1.0]})
    with pytest.raises(myk10.NotFoundError):
        router.route(1, inflows={"nowhere": [1.0]})


def test_validation_error_names_the_id():
    net = flood.Network()
    net.add_node("a", flood.NodeKind.GAUGE)
    net.add_node("b", flood.NodeKind.VILLAGE)  # not an outlet, yet ends the river
    net.add_reach("a-b", "a", "b", length_m=100, method=flood.Method.LAG, lag_s=60)
    with pytest.raises(myk10.InvalidArgumentError) as info:
        net.validate()
    assert "'b'" in str(info.value)
    with pytest.raises(myk10.InvalidArgumentError):
        flood.Router(net, 60)
    net.add_node("c", flood.NodeKind.GAUGE)
    with pytest.raises(myk10.RangeError, match="bad"):
        net.add_reach("bad", "c", "b", length_m=-1, method=flood.Method.LAG)


def test_malformed_network_json_has_an_offset():
    with pytest.raises(myk10.MalformedError) as info:
        flood.Network.from_json('{"format": "myk10-flood-network", ')
    assert info.value.offset is not None


def test_rating_curve():
    curve = flood.RatingCurve([(0.0, 1.0, 10.0, 0.0, 2.0), (1.0, math.inf, 10.0, 0.0, 2.0)])
    assert len(curve) == 2
    assert curve.discharge(0.5) == pytest.approx(2.5)
    assert curve.stage(10.0) == pytest.approx(1.0)
    with pytest.raises(myk10.RangeError):
        curve.discharge(-1.0)
    with pytest.raises(myk10.ConflictError):
        flood.RatingCurve([(0.0, 1.0, 1.0, 0.0, 1.0), (2.0, 3.0, 1.0, 0.0, 1.0)])


def test_alert_state_hysteresis():
    state = flood.AlertState(flood.AlertConfig((1.0, 2.0), 0.1))
    assert state.update(T0, 1.05) and state.level == 1
    assert not state.update(T0 + 900, 0.95)  # within the hysteresis
    assert state.level == 1
    assert state.update(T0 + 1800, 0.85) and state.level == 0
    with pytest.raises(myk10.ConflictError):
        flood.AlertConfig((2.0, 1.0)).check()


RAMP = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 0.95, 0.92,
        0.88, 0.85]
# Alert level after each reading of RAMP with threshold 1.0 m and hysteresis
# 0.1 m: raised at 1.0 m, kept down to 0.92 m, lowered below 0.9 m.
RAMP_LEVELS = [0] * 6 + [1] * 8 + [0] * 2


def test_gauge_hysteresis_and_spike():
    gauge = flood.Gauge("pegel-mayen", flood.AlertConfig((1.0, 2.0, 3.0, 4.0), 0.1))
    seen = []
    for i, h in enumerate(RAMP):
        assert gauge.add(T0 + 900 * i, h) is flood.Outcome.ACCEPTED
        seen.append(gauge.status(T0 + 900 * i).alert_level)
    assert seen == RAMP_LEVELS
    st = gauge.status(T0 + 900 * len(RAMP))
    assert st.readings == len(RAMP) and st.spikes == 0 and not st.stale
    assert st.raised_at[0] is None  # the episode has ended

    spiky = flood.Gauge("spiky")
    flat = [(T0 + 900 * i, 0.5) for i in range(20)]
    flat[10] = (flat[10][0], 3.5)
    outcomes = spiky.extend(flat)
    assert outcomes[10] is flood.Outcome.SPIKE
    st = spiky.status(T0 + 900 * 20)
    assert st.spikes == 1 and st.alert_level == 0  # the spike raised nothing
    assert [r.spike for r in spiky.readings].count(True) == 1
    assert spiky.add(T0, 0.5) is flood.Outcome.DUPLICATE
    with pytest.raises(myk10.RangeError):
        spiky.add(T0 + 10**6, 0.5, now=T0)


def test_gauge_gaps_and_staleness():
    gauge = flood.Gauge("gappy")
    gauge.extend([(T0, 0.5), (T0 + 900, 0.5), (T0 + 900 * 10, 0.5), (T0 + 900 * 11, 0.5)])
    assert gauge.gaps() == [flood.Gap(T0 + 900, T0 + 900 * 10)]
    assert gauge.status(T0 + 900 * 20).stale


def test_time_to_threshold_on_a_linear_ramp():
    gauge = flood.Gauge("ramp", flood.AlertConfig((1.0, 2.0, 3.0, 4.0), 0.05))
    gauge.extend((T0 + 900 * i, 0.5 + 0.05 * i) for i in range(12))  # 0.2 m/h
    now = T0 + 900 * 11  # level 1.05 m: level 1 raised, next is 2.0 m
    fc = gauge.time_to_threshold(now, horizon_s=12 * 3600)
    assert fc.crossing is flood.Crossing.EXPECTED
    assert fc.level == 2 and fc.threshold_m == 2.0
    assert fc.slope_m_per_h == pytest.approx(0.2)
    assert fc.time == pytest.approx(now + 4.75 * 3600, abs=60)
    assert fc.time_early <= fc.time <= fc.time_late
    short = gauge.time_to_threshold(now, horizon_s=3600)
    assert short.crossing is flood.Crossing.NOT_EXPECTED and short.time is None
    with pytest.raises(myk10.StateError):
        flood.Gauge("empty").time_to_threshold(now)


CSV = ("gauge_id,time,level_m\r\n"
       "pegel-mayen,2026-11-26T08:00:00Z,1.25\r\n"
       "\"pegel-mayen\",2026-11-26T08:15:00+00:00,1.31\r\n")


def test_parse_readings_csv_and_feed_a_gauge():
    readings = flood.parse_readings(CSV, "csv")
    assert readings == [flood.Reading("pegel-mayen", T0, 1.25, 2),
                        flood.Reading("pegel-mayen", T0 + 900, 1.31, 3)]
    gauge = flood.Gauge("pegel-mayen")
    gauge.extend(readings)
    assert len(gauge) == 2
    jsonl = '{"gauge": "g", "time": "2026-11-26T08:00:00Z", "level_m": 0.5}\n'
    assert flood.parse_readings(jsonl, flood.ReadingsFormat.JSONL)[0].level_m == 0.5


def test_malformed_csv_raises_with_offset():
    text = "gauge_id,time,level_m\ng1,2026-11-26T08:00:00Z,abc\n"
    with pytest.raises(myk10.MalformedError) as info:
        flood.parse_readings(text)
    assert info.value.offset == text.index("abc")
    assert "line 2" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_closed_handles_raise_state_error(rivers):
    router = flood.Router(rivers, 900)
    router.close()
    with pytest.raises(myk10.StateError):
        router.route(1)

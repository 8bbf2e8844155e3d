# SPDX-License-Identifier: Apache-2.0
"""Village forecasts and CAP warnings through the Python binding
(myk10.flood.Forecaster, cap_classify, cap_write)."""

import datetime
import math
import xml.etree.ElementTree as ET

import pytest

import myk10
from myk10 import core, flood

T0 = 1_795_680_000  # 2026-11-26T08:00:00Z
LAG_S = 7200
# Gauge readings: 0.5 m rising 0.25 m per 15 min (exact in binary), for 90 min.
START = T0 - 3 * 3600
READINGS = [(START + 900 * i, 0.5 + 0.25 * i) for i in range(7)]
NOW = READINGS[-1][0]
VILLAGE_M3S = (1.875, 2.5)
IDENTITY = [(0.0, math.inf, 1.0, 0.0, 1.0)]  # Q = h
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


def crossing(level):
    """When the linear ramp of READINGS reaches `level` (m, = m3/s here)."""
    (t0, h0), (t1, h1) = READINGS[0], READINGS[1]
    return t0 + (level - h0) * (t1 - t0) / (h1 - h0)


@pytest.fixture
def net():
    """pegel (gauge) -- lag 2 h --> dorf (village) -- 10 min --> mouth."""
    net = flood.Network()
    net.add_node("pegel", flood.NodeKind.GAUGE, lat=50.30, lon=7.20, baseflow_m3s=0.5)
    net.add_node("dorf", flood.NodeKind.VILLAGE, lat=50.31, lon=7.25)
    net.add_node("mouth", flood.NodeKind.OUTLET, lat=50.32, lon=7.30)
    net.add_reach("r1", "pegel", "dorf", length_m=5000, method=flood.Method.LAG, lag_s=LAG_S)
    net.add_reach("r2", "dorf", "mouth", length_m=1000, method=flood.Method.LAG, lag_s=600)
    net.set_village_levels("dorf", VILLAGE_M3S)
    return net


def test_village_levels_round_trip(net):
    assert net.village_levels("dorf") == VILLAGE_M3S
    assert net.village_levels(net.find_node("dorf")) == VILLAGE_M3S
    assert net.village_levels("pegel") == ()
    with pytest.raises(myk10.ConflictError):
        net.set_village_levels("dorf", [3.0, 2.0])
    assert net.village_levels("dorf") == VILLAGE_M3S  # unchanged on failure
    with pytest.raises(myk10.InvalidArgumentError, match="pegel"):
        net.set_village_levels("pegel", [1.0])
    net.set_village_levels("dorf", [])
    assert net.village_levels("dorf") == ()


def test_config_defaults_match_c():
    native = core.FloodForecastConfig()
    for field, value in vars(flood.ForecastConfig()).items():
        assert getattr(native, field) == value, field


def test_pure_lag_reach_arrives_at_the_gauge_crossing_plus_the_lag(net):
    forecaster = flood.Forecaster(net)
    net.close()  # the forecaster copied what it needs
    # Readings as plain (time, level) pairs, the rating as segments.
    gauge = forecaster.attach("pegel", READINGS, IDENTITY)
    assert isinstance(gauge, flood.Gauge) and len(gauge) == len(READINGS)
    villages = forecaster.run(NOW)
    assert len(villages) == len(forecaster) == 1
    v = villages[0]
    arrival = crossing(1.875) + LAG_S
    assert (v.node_id, v.now, v.level_count) == ("dorf", NOW, 2)
    assert (v.current_level, v.max_level) == (0, 1)
    assert v.level_time == (arrival, None)
    assert v.warning_s == (arrival - NOW, None)
    # The gauge's default level 1 (1.0 m) was raised by the third reading.
    assert v.lead_won_s == (arrival - READINGS[2][0], None)
    assert v.current_m3s == pytest.approx(0.5)  # what left the gauge a lag ago
    assert v.peak_m3s == pytest.approx(2.0)  # the last reading, persisted
    # Ensemble lags 0.8, 0.9, 1.0, 1.1, 1.2 x LAG_S; type-7 10/50/90 % quantiles.
    lags = [LAG_S * (1 + 0.2 * s) for s in (-1, -0.5, 0, 0.5, 1)]
    expected_band = (lags[0] + 0.4 * (lags[1] - lags[0]), lags[2],
                     lags[3] + 0.6 * (lags[4] - lags[3]))
    assert v.band == pytest.approx([crossing(1.875) + lag for lag in expected_band], abs=1)
    assert all(isinstance(t, int) for t in v.band)
    assert (v.driving_gauge, v.path) == ("pegel", "pegel > dorf")
    assert not v.stale and not v.routed_only
    assert forecaster.villages() == villages


def test_stale_and_routed_only(net):
    forecaster = flood.Forecaster(net)
    gauge = flood.Gauge("pegel")
    gauge.extend(READINGS)
    forecaster.attach("pegel", gauge, flood.RatingCurve(IDENTITY))
    gauge.close()  # the forecaster holds the native gauge while attached
    assert forecaster.run(NOW + 3 * 3600)[0].stale
    forecaster.detach("pegel")
    v = forecaster.run(NOW)[0]
    assert v.routed_only and not v.stale
    assert v.max_level == 0 and v.level_time == (None, None) and v.band == (None,) * 3
    assert v.peak_m3s == pytest.approx(0.5)  # baseflow only


def test_errors_raise_myk10_exceptions(net):
    with pytest.raises(myk10.RangeError, match="dt_s"):
        flood.Forecaster(net, flood.ForecastConfig(dt_s=-1))
    with pytest.raises(myk10.RangeError, match="k_spread"):
        flood.Forecaster(net, flood.ForecastConfig(k_spread=2.0))
    forecaster = flood.Forecaster(net, flood.ForecastConfig(horizon_s=3600,
                                                           inflow=flood.Inflow.TREND))
    with pytest.raises(myk10.StateError):
        forecaster.villages()
    with pytest.raises(myk10.NotFoundError, match="nowhere"):
        forecaster.attach("nowhere", READINGS, IDENTITY)
    with pytest.raises(myk10.InvalidArgumentError, match="dorf"):
        forecaster.attach("dorf", READINGS, IDENTITY)
    closed = flood.Gauge("pegel")
    closed.close()
    with pytest.raises(myk10.StateError):
        forecaster.attach("pegel", closed, IDENTITY)
    with pytest.raises(myk10.RangeError):
        forecaster.run(-10**15)


def test_cap_classify_follows_the_table():
    c = flood.cap_classify(flood.CapForecast(4, 4, reached=True))
    assert c == flood.CapClass(flood.CapSeverity.EXTREME, flood.CapUrgency.IMMEDIATE,
                               flood.CapCertainty.OBSERVED)
    assert (str(c.severity), c.urgency.text, str(c.certainty)) == ("Extreme", "Immediate",
                                                                   "Observed")
    c = flood.cap_classify(flood.CapForecast(3, 8, False, 7 * 3600, 8 * 3600, 30 * 3600,
                                             horizon_s=21600))
    assert c == flood.CapClass(flood.CapSeverity.MODERATE, flood.CapUrgency.FUTURE,
                               flood.CapCertainty.UNLIKELY)
    with pytest.raises(myk10.RangeError, match="level"):
        flood.cap_classify(flood.CapForecast(5, 4))


def cap_time(text):
    return int(datetime.datetime.fromisoformat(text).timestamp())


def test_cap_warning_of_a_village_parses_back(net):
    forecaster = flood.Forecaster(net)
    forecaster.attach("pegel", READINGS, IDENTITY)
    village = forecaster.run(NOW)[0]
    area = "Dorf (Mosel) <Süd> & Ürzig"
    warning = flood.CapWarning.for_village(
        village, 21600, identifier=f"myk10-dorf-{NOW}-1", sender="hochwasser@kreis-myk.example",
        area_desc=area, circle=flood.CapCircle(50.31, 7.25, 1.5), utc_offset_min=60,
        headline="Hochwasser: Meldestufe 1 erwartet")
    assert warning.onset == village.level_time[0] and warning.level == 1
    alert = ET.fromstring(flood.cap_write(warning))
    assert alert.tag == CAP + "alert"
    assert alert.findtext(CAP + "identifier") == f"myk10-dorf-{NOW}-1"
    assert alert.findtext(CAP + "status") == "Actual"
    sent = alert.findtext(CAP + "sent")
    assert sent.endswith("+01:00") and cap_time(sent) == NOW
    info = alert.find(CAP + "info")
    # Level 1 of 2 is Minor; the early arrival is 1-6 h away, the median within the horizon.
    assert info.findtext(CAP + "severity") == "Minor"
    assert info.findtext(CAP + "urgency") == "Expected"
    assert info.findtext(CAP + "certainty") == "Likely"
    assert cap_time(info.findtext(CAP + "onset")) == village.level_time[0]
    assert info.find(CAP + "expires") is None
    params = {p.findtext(CAP + "valueName"): p.findtext(CAP + "value")
              for p in info.iter(CAP + "parameter")}
    assert params == {"alertLevel": "1", "alertLevelCount": "2"}
    area_el = info.find(CAP + "area")
    assert area_el.findtext(CAP + "areaDesc") == area
    lat_lon, radius = area_el.findtext(CAP + "circle").split()
    assert [float(x) for x in lat_lon.split(",")] == [50.31, 7.25]
    assert float(radius) == 1.5
    assert area_el.findtext(f"{CAP}geocode/{CAP}value") == "dorf"


def test_cap_polygon_and_errors():
    ring = [(50.0, 7.0), (50.0, 7.1), (50.1, 7.1), (50.0, 7.0)]
    warning = flood.CapWarning("id-1", "sender", T0, "Hochwasser", "Feld", polygon=ring,
                               msg_type=flood.CapMsgType.UPDATE,
                               references="sender,id-0,2026-11-26T07:00:00-00:00",
                               expires=T0 + 3600)
    alert = ET.fromstring(warning.to_xml())
    assert alert.findtext(CAP + "msgType") == "Update"
    assert alert.findtext(CAP + "sent") == "2026-11-26T08:00:00-00:00"
    polygon = alert.findtext(f"{CAP}info/{CAP}area/{CAP}polygon").split()
    assert [tuple(float(x) for x in p.split(",")) for p in polygon] == ring
    with pytest.raises(myk10.InvalidArgumentError, match="identifier"):
        flood.cap_write(flood.CapWarning("has space", "s", T0, "e", "a",
                                         circle=flood.CapCircle(50, 7, 1)))
    with pytest.raises(myk10.InvalidArgumentError):
        flood.cap_write(flood.CapWarning("id", "s", T0, "e", "a"))  # no area shape
    with pytest.raises(myk10.RangeError):
        flood.cap_write(flood.CapWarning("id", "s", T0, "e", "a",
                                         circle=flood.CapCircle(95, 7, 1)))
    with pytest.raises(myk10.RangeError, match="'v' expects no alert level"):
        flood.CapForecast.from_village(dataclass_village(max_level=0), 21600)
    with pytest.raises(myk10.RangeError, match="horizon_s"):
        flood.CapForecast.from_village(dataclass_village(max_level=1, warning_s=(60,)), 0)


def test_cap_forecast_of_a_village_reads_the_band():
    v = dataclass_village(level_count=2, max_level=2, current_level=1,
                          warning_s=(0, 5400), band=(T0 + 4000, T0 + 5400, None))
    f = flood.CapForecast.from_village(v, 21600)
    # the late bound runs past the horizon: "not within it"
    assert f == flood.CapForecast(2, 2, False, 4000, 5400, 21600, 21600)
    reached = flood.CapForecast.from_village(
        dataclass_village(level_count=2, max_level=1, current_level=1, warning_s=(0, None)),
        3600)
    assert (reached.reached, reached.warning_p10_s, reached.warning_p50_s) == (True, 0, 0)


def test_an_update_after_one_reading_reroutes_only_what_changed(net):
    forecaster = flood.Forecaster(net)
    with pytest.raises(myk10.StateError):
        forecaster.last_run
    gauge = forecaster.attach("pegel", READINGS[:-1], IDENTITY)
    forecaster.run(NOW)
    first = forecaster.last_run
    assert first.full and first.reaches_routed == first.reaches_varying == 2
    gauge.add(*READINGS[-1])
    updated = forecaster.run(NOW)
    stats = forecaster.last_run
    assert not stats.full
    assert (stats.gauges_refreshed, stats.gauges_changed, stats.reaches_routed) == (1, 1, 2)
    # the same answer as a fresh forecaster
    fresh = flood.Forecaster(net)
    fresh.attach("pegel", gauge, IDENTITY)
    assert fresh.run(NOW) == updated
    forecaster.run(NOW)  # nothing new: nothing re-routed
    assert forecaster.last_run.reaches_routed == 0


def dataclass_village(**fields):
    values = dict(node_id="v", node_index=0, now=T0, level_count=1, current_m3s=0.0,
                  peak_m3s=0.0, peak_time=T0, current_level=0, max_level=0,
                  level_time=(None,), warning_s=(None,), lead_won_s=(None,),
                  band=(None, None, None), stale=False, routed_only=False,
                  driving_gauge=None, path="")
    return flood.VillageForecast(**{**values, **fields})

# SPDX-License-Identifier: Apache-2.0
"""River networks, flood routing, gauges, village forecasts and CAP warnings.

The Python face of ``include/myk10/flood.h``. Failures raise
:class:`myk10.Error` subclasses whose message names the offending node,
reach or field (a JSON syntax error is :class:`myk10.MalformedError` with
``.offset``)::

    from myk10 import flood

    net = flood.Network.from_json(open("rivers.json").read())
    router = flood.Router(net, dt=900)
    flows = router.route(96, inflows={"pegel-kirchwald": hydrograph})
    flows["outlet-nette-rhein"]          # list of 96 floats, m3/s

    gauge = flood.Gauge("pegel-mayen", flood.AlertConfig((1.2, 1.8, 2.4, 3.0)))
    gauge.extend(readings)               # any iterable of (time, level) pairs
    gauge.status(now).alert_level

    net.set_village_levels("village-mayen", (20.0, 40.0, 60.0, 80.0))   # m3/s
    forecaster = flood.Forecaster(net, flood.ForecastConfig(horizon_s=6 * 3600))
    forecaster.attach("pegel-mayen", gauge, rating)   # kept alive while attached
    for village in forecaster.run(now):
        village.max_level, village.level_time, village.band

    xml = flood.CapWarning.for_village(village, 6 * 3600, identifier="...", sender="...",
                                       area_desc="Mayen", circle=flood.CapCircle(50.33, 7.22, 1.5)
                                       ).to_xml()

Handles (:class:`Network`, :class:`Router`, :class:`RatingCurve`,
:class:`Gauge`, :class:`AlertState`, :class:`Forecaster`) free themselves; ``close()`` / ``with``
frees them at once. Results are plain values: lists of floats and frozen
dataclasses (:class:`Node`, :class:`Reach`, :class:`ReachReport`,
:class:`Reading`, :class:`GaugeStatus`, :class:`Forecast`, :class:`Gap`).
Units are SI: metres, seconds, m³/s; times are ``int`` seconds since the
epoch.

Threads: a network may be shared once built; a router, gauge or alert state
must be used by one thread at a time (the wrappers hold the GIL during each
C call, so this only matters for consistency of a sequence of calls).
"""

from __future__ import annotations

import array
import dataclasses
import enum
import math
import struct
from typing import Iterable, Mapping, Sequence

from . import core as _core
from .frame import _Handle

__all__ = [
    "NodeKind", "Method", "Mode", "Outcome", "Crossing", "ReadingsFormat", "TIME_NONE",
    "Node", "Reach", "Network", "ReachReport", "Router",
    "muskingum_coefficients", "muskingum_apply", "cunge_parameters",
    "RatingCurve", "AlertConfig", "AlertState",
    "GaugeConfig", "Gauge", "GaugeReading", "GaugeStatus", "Gap", "Forecast",
    "Reading", "parse_readings",
    "Inflow", "ENSEMBLE", "ForecastConfig", "VillageForecast", "Forecaster",
    "CapSeverity", "CapUrgency", "CapCertainty", "CapStatus", "CapMsgType", "CapClass",
    "RunStats", "CapForecast", "cap_classify", "CapCircle", "CapWarning", "cap_write",
]

#: "No time" (``MYK10_TIME_NONE``); results use ``None`` instead.
TIME_NONE: int = _core.TIME_NONE


class NodeKind(enum.IntEnum):
    GAUGE = _core.FLOOD_GAUGE
    CONFLUENCE = _core.FLOOD_CONFLUENCE
    VILLAGE = _core.FLOOD_VILLAGE
    OUTLET = _core.FLOOD_OUTLET


class Method(enum.IntEnum):
    LAG = _core.FLOOD_LAG
    MUSKINGUM = _core.FLOOD_MUSKINGUM
    MUSKINGUM_CUNGE = _core.FLOOD_MUSKINGUM_CUNGE


class Mode(enum.IntEnum):
    """How the router treats a time step outside a reach's stable range."""
    ADAPT = _core.FLOOD_ADAPT  #: sub-step or split reaches: no negative coefficient
    PLAIN = _core.FLOOD_PLAIN  #: textbook coefficients as they are


class Outcome(enum.IntEnum):
    """What :meth:`Gauge.add` did with a reading."""
    ACCEPTED = _core.READING_ACCEPTED
    DUPLICATE = _core.READING_DUPLICATE
    REPLACED = _core.READING_REPLACED
    SPIKE = _core.READING_SPIKE


class Crossing(enum.IntEnum):
    """Verdict of :meth:`Gauge.time_to_threshold`."""
    EXPECTED = _core.CROSSING_EXPECTED
    POSSIBLE = _core.CROSSING_POSSIBLE
    NOT_EXPECTED = _core.CROSSING_NOT_EXPECTED
    TOP_LEVEL = _core.CROSSING_TOP_LEVEL


class ReadingsFormat(enum.IntEnum):
    CSV = _core.READINGS_CSV
    JSONL = _core.READINGS_JSONL


def _pack(values: Iterable[float]) -> bytes:
    """Native doubles, as the C layer expects them (floats and ints accepted)."""
    return array.array("d", values).tobytes()


def _unpack(data: bytes) -> list[float]:
    return array.array("d", data).tolist()


def _or_none(value: int | None) -> int:
    """``None`` as ``MYK10_TIME_NONE``, for C."""
    return TIME_NONE if value is None else value


def _time(value: int) -> int | None:
    return None if value == TIME_NONE else value


def _fill(native, settings):
    """Copies a settings dataclass into the SWIG struct with the same field names."""
    for field in dataclasses.fields(settings):
        setattr(native, field.name, getattr(settings, field.name))
    return native


# ---- networks -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Node:
    """A node of a network (``myk10_flood_node``)."""
    id: str
    kind: NodeKind = NodeKind.GAUGE
    lat: float = 0.0
    lon: float = 0.0
    baseflow_m3s: float = 0.0
    name: str = ""


@dataclasses.dataclass(frozen=True)
class Reach:
    """A reach draining ``from_`` into ``to`` (``myk10_flood_reach``). Only
    the parameters of its method are used."""
    id: str
    from_: str
    to: str
    length_m: float
    method: Method = Method.MUSKINGUM
    lag_s: float = 0.0
    k_s: float = 0.0
    x: float = 0.0
    slope: float = 0.0
    manning_n: float = 0.0
    width_m: float = 0.0
    reference_m3s: float = 0.0
    lateral_m3s: float = 0.0


class Network(_Handle):
    """A river network: nodes joined by reaches, each draining one node into
    the next one downstream. Build it with :meth:`add_node` /
    :meth:`add_reach` and :meth:`validate` it, or load it with
    :meth:`from_json` / :meth:`from_geojson` (which validate)."""

    __slots__ = ()

    def __init__(self, _native=None) -> None:
        super().__init__(_core.FloodNetwork() if _native is None else _native)

    @classmethod
    def from_json(cls, text: str) -> "Network":
        """Loads the JSON format of docs/flood-network.md."""
        return cls(_core.FloodNetwork.load_json(text))

    @classmethod
    def from_geojson(cls, text: str) -> "Network":
        """Loads a GeoJSON FeatureCollection (Points are nodes, LineStrings reaches)."""
        return cls(_core.FloodNetwork.load_geojson(text))

    def to_json(self) -> str:
        return self._h.to_json().decode("utf-8")

    def to_geojson(self) -> str:
        return self._h.to_geojson().decode("utf-8")

    def add_node(self, node: Node | str, kind: NodeKind | int = NodeKind.GAUGE, *,
                 lat: float = 0.0, lon: float = 0.0, baseflow_m3s: float = 0.0,
                 name: str = "") -> None:
        """Adds a :class:`Node`, or one given by id and keywords."""
        if not isinstance(node, Node):
            node = Node(node, NodeKind(kind), lat, lon, baseflow_m3s, name)
        self._h.add_node(node.id, node.name or "", int(node.kind), node.lat, node.lon,
                         node.baseflow_m3s)

    def add_reach(self, reach: Reach | str, from_: str | None = None, to: str | None = None,
                  **params) -> None:
        """Adds a :class:`Reach`, or one given by id, ends and keywords
        (``length_m=``, ``method=``, ``k_s=``, ``x=``, ...)."""
        if not isinstance(reach, Reach):
            reach = Reach(reach, from_, to, **params)
        r = reach
        self._h.add_reach(r.id, r.from_, r.to, r.length_m, int(r.method), r.lag_s, r.k_s, r.x,
                          r.slope, r.manning_n, r.width_m, r.reference_m3s, r.lateral_m3s)

    def validate(self) -> None:
        """Checks the whole network; :class:`myk10.InvalidArgumentError` names
        the first offending node or reach."""
        self._h.validate()

    def _node(self, i: int) -> Node:
        h = self._h
        return Node(h.node_text(i, 0), NodeKind(int(h.node_number(i, 0))), h.node_number(i, 1),
                    h.node_number(i, 2), h.node_number(i, 3), h.node_text(i, 1))

    def _reach(self, i: int) -> Reach:
        h = self._h
        n = [h.reach_number(i, f) for f in range(10)]
        return Reach(h.reach_text(i, 0), h.reach_text(i, 1), h.reach_text(i, 2), n[0],
                     Method(int(n[1])), *n[2:])

    @property
    def nodes(self) -> list[Node]:
        """The nodes in the order they were added."""
        return [self._node(i) for i in range(self._h.node_count())]

    @property
    def reaches(self) -> list[Reach]:
        """The reaches in the order they were added."""
        return [self._reach(i) for i in range(self._h.reach_count())]

    def find_node(self, id: str) -> int:
        """Index of a node (:class:`myk10.NotFoundError` naming the id)."""
        return self._h.find_node(id)

    def find_reach(self, id: str) -> int:
        return self._h.find_reach(id)

    def set_village_levels(self, node_id: str, thresholds_m3s: Iterable[float]) -> None:
        """Sets the alert levels of a village node as discharges: level k at
        the k-th threshold (m³/s, strictly increasing, at most
        ``ALERT_MAX_LEVELS``); an empty sequence clears them."""
        self._h.set_village_levels(node_id, _pack(thresholds_m3s))

    def village_levels(self, node: str | int) -> tuple[float, ...]:
        """The discharge thresholds of a node, by id or index (``()`` if none)."""
        index = self.find_node(node) if isinstance(node, str) else node
        return tuple(_unpack(self._h.village_levels_packed(index)))

    @property
    def description(self) -> str:
        return self._h.description()

    @description.setter
    def description(self, text: str | None) -> None:
        self._h.set_description(text or "")

    def __len__(self) -> int:
        return self._h.node_count()


# ---- routing -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReachReport:
    """What the router did with one reach (``myk10_flood_reach_report``)."""
    method: Method
    k_s: float
    x: float
    x_clamped: bool
    in_range: bool
    subreaches: int
    substeps: int
    c0: float
    c1: float
    c2: float
    delay_steps: int
    delay_fraction: float
    negative_steps: int
    min_outflow_m3s: float

    @classmethod
    def _from_core(cls, r) -> "ReachReport":
        return cls(Method(r.method), r.k_s, r.x, r.x_clamped, r.in_range, r.subreaches,
                   r.substeps, r.c0, r.c1, r.c2, r.delay_steps, r.delay_fraction,
                   r.negative_steps, r.min_outflow_m3s)


class Router(_Handle):
    """A router prepared from a valid network and a time step ``dt`` (s),
    in the steady state. It copies what it needs: the network may be closed
    afterwards."""

    __slots__ = ("_nodes", "_reaches")

    def __init__(self, network: Network, dt: float, mode: Mode | int = Mode.ADAPT) -> None:
        super().__init__(_core.FloodRouter(network._h, dt, int(mode)))
        h = self._h
        self._nodes = {h.node_id(i): i for i in range(h.node_count())}
        self._reaches = {h.reach_id(i): i for i in range(h.reach_count())}

    @property
    def dt(self) -> float:
        return self._h.dt()

    @property
    def node_ids(self) -> list[str]:
        return list(self._nodes)

    def _node_index(self, node: str | int) -> int:
        if isinstance(node, int):
            return node
        try:
            return self._nodes[node]
        except KeyError:
            from .errors import NotFoundError
            raise NotFoundError(f"no node '{node}' in the router") from None

    def route(self, steps: int, inflows: Mapping[str, Sequence[float]] | None = None
              ) -> dict[str, list[float]]:
        """Routes ``steps`` time steps. ``inflows`` maps node ids to local
        inflow hydrographs (any sequence of ``steps`` numbers, m³/s), which
        replace those nodes' baseflow; other nodes keep their baseflow.
        Returns every node's flow at each step: ``{node_id: [float] * steps}``.
        A negative or non-finite inflow raises :class:`myk10.RangeError`
        naming the node and step, and routes nothing."""
        if steps < 0:
            raise ValueError("steps must be >= 0")
        n = len(self._nodes)
        local = b""
        mask = b""
        if inflows:
            rows = [None] * n
            for node, values in inflows.items():
                values = list(values)
                if len(values) != steps:
                    raise ValueError(f"inflow of '{node}' has {len(values)} values, "
                                     f"expected {steps}")
                rows[self._node_index(node)] = values
            mask = bytes(1 if row is not None else 0 for row in rows)
            flat = array.array("d")
            for row in rows:
                flat.extend(row if row is not None else [0.0] * steps)
            local = flat.tobytes()
        flows = _unpack(self._h.route_packed(steps, local, mask))
        return {node: flows[i * steps:(i + 1) * steps] for node, i in self._nodes.items()}

    def reset(self) -> None:
        """Back to the initial steady state; clears the reports' counters."""
        self._h.reset()

    def set_reach_state(self, reach: str | int, inflow_m3s: float, outflow_m3s: float) -> None:
        """Sets a reach's last inflow and outflow (a textbook's I0, O0)."""
        self._h.set_reach_state(self._reach_index(reach), inflow_m3s, outflow_m3s)

    def _reach_index(self, reach: str | int) -> int:
        if isinstance(reach, int):
            return reach
        try:
            return self._reaches[reach]
        except KeyError:
            from .errors import NotFoundError
            raise NotFoundError(f"no reach '{reach}' in the router") from None

    def node_flow(self, node: str | int) -> float:
        """Flow at a node in the current state."""
        return self._h.node_flow(self._node_index(node))

    def storage(self) -> float:
        """Water stored in all reaches, m³."""
        return self._h.storage()

    def report(self, reach: str | int) -> ReachReport:
        """What was done with a reach (by id or index)."""
        return ReachReport._from_core(self._h.report(self._reach_index(reach)))

    @property
    def segment_count(self) -> int:
        return self._h.segment_count()


def muskingum_coefficients(k: float, x: float, dt: float) -> tuple[float, float, float]:
    """Muskingum (C0, C1, C2) for K (s), X and dt (s)."""
    return tuple(_unpack(_core.flood_muskingum_coefficients(k, x, dt)))


def muskingum_apply(inflow: Iterable[float], c: Sequence[float], o0: float) -> list[float]:
    """``O[j] = C0·I[j] + C1·I[j−1] + C2·O[j−1]`` with ``O[0] = o0``, as written."""
    return _unpack(_core.flood_muskingum_apply(_pack(inflow), _pack(c), o0))


def cunge_parameters(length_m: float, slope: float, manning_n: float, width_m: float,
                     reference_m3s: float) -> tuple[float, float, bool]:
    """Muskingum–Cunge ``(K, X, clamped)`` of a rectangular reach."""
    k, x, clamped = _unpack(_core.flood_cunge_parameters(length_m, slope, manning_n, width_m,
                                                         reference_m3s))
    return k, x, clamped != 0.0


# ---- rating curves and alert levels -------------------------------------------------------


class RatingCurve(_Handle):
    """``Q = a·(h − h0)^b`` piecewise by stage. ``segments``: a sequence of
    ``(stage_min, stage_max, a, h0, b)`` in increasing stage order."""

    __slots__ = ()

    def __init__(self, segments: Iterable[Sequence[float]]) -> None:
        flat: list[float] = []
        for segment in segments:
            segment = tuple(segment)
            if len(segment) != 5:
                raise ValueError("a segment is (stage_min, stage_max, a, h0, b)")
            flat.extend(segment)
        super().__init__(_core.RatingCurve(_pack(flat)))

    def discharge(self, h: float) -> float:
        return self._h.discharge(h)

    def stage(self, q: float) -> float:
        return self._h.stage(q)

    def __len__(self) -> int:
        return self._h.segment_count()


@dataclasses.dataclass(frozen=True)
class AlertConfig:
    """Alert levels 1..n (strictly increasing thresholds, m) and the
    hysteresis for lowering them. The default is four levels at 1, 2, 3, 4 m."""
    thresholds: tuple[float, ...] = (1.0, 2.0, 3.0, 4.0)
    hysteresis_m: float = 0.05

    def __post_init__(self) -> None:
        object.__setattr__(self, "thresholds", tuple(float(t) for t in self.thresholds))

    def check(self) -> None:
        """Raises :class:`myk10.RangeError` / :class:`myk10.ConflictError` if invalid."""
        _core.alert_config_check(_pack(self.thresholds), self.hysteresis_m)


class AlertState(_Handle):
    """The alert state machine alone, fed levels in time order."""

    __slots__ = ("config",)

    def __init__(self, config: AlertConfig = AlertConfig()) -> None:
        config.check()
        super().__init__(_core.AlertState())
        self.config = config

    def update(self, time: int, level_m: float) -> bool:
        """Feeds a level; returns whether the alert level changed."""
        return self._h.update(_pack(self.config.thresholds), self.config.hysteresis_m, time,
                              level_m)

    @property
    def level(self) -> int:
        return self._h.level()

    def raised_at(self, level: int) -> int | None:
        return _time(self._h.raised_at(level))


# ---- gauges ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class GaugeConfig:
    """Gauge settings besides id and alert levels (defaults of
    ``myk10_gauge_config_init``)."""
    capacity: int = 2880
    reporting_interval_s: int = 900
    gap_factor: float = 2.5
    stale_factor: float = 3.0
    max_future_s: int = 300
    floor_m: float = -1.0
    hampel_half_window: int = 3
    hampel_k: float = 3.0
    hampel_min_sigma_m: float = 0.02
    rise_window_s: int = 3600
    rise_alarm_cm_per_h: float = 10.0
    fit_window_s: int = 10800
    fit_min_points: int = 6
    fit_coverage: float = 0.8


@dataclasses.dataclass(frozen=True)
class GaugeReading:
    """A reading held by a gauge."""
    time: int
    level_m: float
    spike: bool


@dataclasses.dataclass(frozen=True)
class Gap:
    start: int  #: last accepted reading before the gap
    end: int  #: first accepted reading after it


@dataclasses.dataclass(frozen=True)
class GaugeStatus:
    readings: int
    spikes: int
    last_time: int | None
    last_level_m: float
    stale: bool
    alert_level: int
    raised_at: tuple[int | None, ...]  #: per level 1..n, first raise in this episode
    rise_cm_per_h: float
    rise_alarm: bool


@dataclasses.dataclass(frozen=True)
class Forecast:
    """When the next alert level will be crossed (``myk10_gauge_forecast``)."""
    crossing: Crossing
    level: int
    threshold_m: float
    time: int | None
    time_early: int | None
    time_late: int | None
    slope_m_per_h: float
    slope_lo_m_per_h: float
    slope_hi_m_per_h: float
    pivot_time: int
    pivot_level_m: float
    level_halfwidth_m: float
    slope_halfwidth_m_per_h: float
    points: int
    stale: bool


class Gauge(_Handle):
    """A gauge: a buffer of readings (any order; duplicates, corrections,
    spikes handled), its alert state, staleness, rate of rise and time to
    threshold. Times are ``int`` seconds since the epoch."""

    __slots__ = ("_alerts", "_now")

    def __init__(self, id: str, config: AlertConfig | None = None, *,
                 settings: GaugeConfig | None = None) -> None:
        config = config or AlertConfig()
        settings = settings or GaugeConfig()
        native = _fill(_core.GaugeConfig(), settings)
        native.set_alerts(_pack(config.thresholds), config.hysteresis_m)
        super().__init__(_core.Gauge(id, native))
        self._alerts = config

    @property
    def id(self) -> str:
        return self._h.id()

    @property
    def alerts(self) -> AlertConfig:
        return self._alerts

    def add(self, time: int, level_m: float, now: int | None = None) -> Outcome:
        """Adds a reading. ``now`` (default: the reading's time) bounds how
        far in the future a reading may lie."""
        return Outcome(self._h.add(time, level_m, time if now is None else now))

    def extend(self, readings: Iterable[Sequence], now: int | None = None) -> list[Outcome]:
        """Adds every ``(time, level)`` pair (any iterable of pairs, e.g. a
        list of tuples or :class:`Reading` objects); returns the outcomes."""
        outcomes = []
        for item in readings:
            if isinstance(item, (Reading, GaugeReading)):
                time, level = item.time, item.level_m
            else:
                time, level = item
            outcomes.append(self.add(int(time), float(level), now))
        return outcomes

    def __len__(self) -> int:
        return self._h.count()

    @property
    def readings(self) -> list[GaugeReading]:
        """The held readings in time order, spikes included (flagged)."""
        out = []
        for i in range(self._h.count()):
            r = self._h.reading(i)
            out.append(GaugeReading(r.time, r.level_m, r.spike))
        return out

    def gaps(self) -> list[Gap]:
        return [Gap(s, e) for s, e in struct.iter_unpack("=qq", self._h.gaps_packed())]

    def status(self, now: int) -> GaugeStatus:
        s = self._h.status(now)
        n = len(self._alerts.thresholds)
        return GaugeStatus(s.readings, s.spikes, _time(s.last_time), s.last_level_m, s.stale,
                           s.alert_level(), tuple(_time(s.raised_at(k)) for k in range(1, n + 1)),
                           s.rise_cm_per_h, s.rise_alarm)

    def time_to_threshold(self, now: int, horizon_s: int = 6 * 3600) -> Forecast:
        """When the next alert level will be crossed, looking ``horizon_s``
        ahead. :class:`myk10.StateError` with too few readings to fit."""
        f = self._h.time_to_threshold(now, horizon_s)
        return Forecast(Crossing(f.crossing), f.level, f.threshold_m, _time(f.time),
                        _time(f.time_early), _time(f.time_late), f.slope_m_per_h,
                        f.slope_lo_m_per_h, f.slope_hi_m_per_h, f.pivot_time, f.pivot_level_m,
                        f.level_halfwidth_m, f.slope_halfwidth_m_per_h, f.points, f.stale)


# ---- readings parsers --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reading:
    """A parsed reading."""
    gauge: str
    time: int
    level_m: float
    line: int


def parse_readings(text: str, format: ReadingsFormat | int | str = ReadingsFormat.CSV
                   ) -> list[Reading]:
    """Parses CSV (header with ``gauge_id``, ``time``, ``level_m``) or JSON
    lines (``"csv"`` / ``"jsonl"``). Errors are :class:`myk10.MalformedError`
    or :class:`myk10.RangeError` with the byte ``offset`` of the field."""
    if isinstance(format, str):
        format = ReadingsFormat[format.upper()]
    rl = _core.readings_parse(text, int(format))
    return [Reading(rl.gauge(i), rl.time(i), rl.level_m(i), rl.line(i))
            for i in range(rl.count())]


# ---- forecasts -----------------------------------------------------------------------------


class Inflow(enum.IntEnum):
    """Future inflow at a gauge after its newest reading."""
    PERSIST = _core.FLOOD_INFLOW_PERSIST  #: the last observed discharge
    TREND = _core.FLOOD_INFLOW_TREND  #: the stage along its Theil–Sen rate of rise


#: Members of the travel-time ensemble behind the uncertainty band.
ENSEMBLE: int = _core.FLOOD_ENSEMBLE


@dataclasses.dataclass(frozen=True)
class ForecastConfig:
    """Forecast settings (defaults of ``myk10_flood_forecast_config_init``)."""
    dt_s: float = 300.0  #: routing step, s
    horizon_s: int = 21600  #: how far past ``now``, s
    warmup_s: int = 43200  #: routed before ``now`` from the observations, s
    k_spread: float = 0.2  #: the ensemble scales every K and lag by 1 ± this
    inflow: Inflow = Inflow.PERSIST


@dataclasses.dataclass(frozen=True)
class VillageForecast:
    """One village's forecast (``myk10_flood_village_forecast``). Times are
    ``int`` seconds since the epoch and durations ``int`` seconds, ``None``
    where there is none (not within the horizon, unknown); the per-level
    tuples have one entry per configured level, level k at index k−1."""
    node_id: str
    node_index: int
    now: int  #: the time the run was for
    level_count: int
    current_m3s: float
    peak_m3s: float
    peak_time: int
    current_level: int
    max_level: int
    level_time: tuple[int | None, ...]  #: first time level k is reached (``now`` if it is)
    warning_s: tuple[int | None, ...]  #: level_time − now
    lead_won_s: tuple[int | None, ...]  #: level_time − first raise of a gauge upstream
    band: tuple[int | None, int | None, int | None]  #: 10/50/90 % arrival of max_level
    stale: bool  #: an attached gauge upstream was stale at ``now``
    routed_only: bool  #: a gauge node upstream had no valid reading: routed flow used
    driving_gauge: str | None
    path: str  #: node ids from driving_gauge down to the village, joined by " > "

    @classmethod
    def _from_core(cls, v, now: int) -> "VillageForecast":
        def per_level(get):
            return tuple(_time(get(k)) for k in range(1, v.level_count + 1))

        return cls(v.node_id, v.node_index, now, v.level_count, v.current_m3s, v.peak_m3s,
                   v.peak_time, v.current_level, v.max_level, per_level(v.level_time),
                   per_level(v.warning_s), per_level(v.lead_won_s),
                   tuple(_time(v.band(q)) for q in (1, 2, 3)), v.stale, v.routed_only,
                   v.driving_gauge, v.path)


@dataclasses.dataclass(frozen=True)
class RunStats:
    """What one forecaster run did (``myk10_flood_run_stats``)."""
    full: bool               #: routed everything: the first run, or a new grid step
    gauges_refreshed: int    #: gauge series recomputed from their readings
    gauges_changed: int      #: of those, series (or validity) that changed
    reaches_routed: int      #: reaches re-routed
    reaches_varying: int     #: reaches at or below a gauge: what a full run routes
    villages_observed: int   #: villages whose crossings were recomputed

    @classmethod
    def _from_core(cls, s) -> "RunStats":
        return cls(bool(s.full), s.gauges_refreshed, s.gauges_changed, s.reaches_routed,
                   s.reaches_varying, s.villages_observed)


class Forecaster(_Handle):
    """Forecasts the alert level of every village of a network from the
    gauges attached to its gauge nodes (``myk10_flood_forecaster``). It
    copies what it needs, village thresholds included: the network may be
    closed afterwards. ``config`` ``None`` means :class:`ForecastConfig()`.

    C borrows the attached gauges and curves; the forecaster holds their
    native objects while they are attached, so closing the :class:`Gauge`
    or :class:`RatingCurve` wrapper cannot free them under it. A run reads
    the gauges, which counts as writing to them: one thread at a time."""

    __slots__ = ("config", "_attached", "_now")

    def __init__(self, network: Network, config: ForecastConfig | None = None) -> None:
        config = config or ForecastConfig()
        super().__init__(_core.FloodForecaster(network._h,
                                               _fill(_core.FloodForecastConfig(), config)))
        self.config = config
        self._attached: dict[str, tuple] = {}
        self._now: int | None = None

    def attach(self, node_id: str, gauge: Gauge | Iterable[Sequence],
               rating: RatingCurve | Iterable[Sequence[float]]) -> Gauge:
        """Attaches a gauge and its rating curve to the gauge node
        ``node_id``, replacing any earlier one. ``gauge`` may instead be
        readings (an iterable of ``(time, level)`` pairs), which fill a new
        :class:`Gauge` named ``node_id`` with the default alert levels;
        ``rating`` may be the segments of a new :class:`RatingCurve`.
        Returns the gauge, to add readings to between runs."""
        if not isinstance(gauge, Gauge):
            readings, gauge = gauge, Gauge(node_id)
            gauge.extend(readings)
        if not isinstance(rating, RatingCurve):
            rating = RatingCurve(rating)
        self._h.attach(node_id, gauge._h, rating._h)
        self._attached[node_id] = (gauge._h, rating._h)
        return gauge

    def detach(self, node_id: str) -> None:
        """Removes the gauge of a gauge node: it routes from upstream again."""
        self._h.detach(node_id)
        self._attached.pop(node_id, None)

    def run(self, now: int) -> list[VillageForecast]:
        """Forecasts from ``now`` (``config.warmup_s`` before it to
        ``config.horizon_s`` after it); returns every village in network
        order. :class:`myk10.RangeError` if that span leaves years 0000–9999."""
        self._now = None
        self._h.run(now)
        self._now = now
        return self.villages()

    @property
    def last_run(self) -> RunStats:
        """What the last successful run did: after one new reading a run
        re-routes only the branch below that gauge (:class:`myk10.StateError`
        before a run)."""
        return RunStats._from_core(self._h.run_stats())

    def villages(self) -> list[VillageForecast]:
        """The villages of the last successful run (:class:`myk10.StateError`
        before one, or after a failed one)."""
        h = self._h
        return [VillageForecast._from_core(h.village(i), self._now)
                for i in range(h.village_count())]

    def __len__(self) -> int:
        """The number of village nodes."""
        return self._h.village_count()


# ---- CAP 1.2 warnings ------------------------------------------------------------------------


class _CapText(enum.IntEnum):
    """A CAP qualifier whose ``str()`` / ``text`` is its CAP spelling."""

    @property
    def text(self) -> str:
        return self._cap_text(int(self))

    def __str__(self) -> str:
        return self.text


class CapSeverity(_CapText):
    """``<severity>``, most severe first as in CAP."""
    _cap_text = staticmethod(_core.cap_severity_str)
    EXTREME = _core.CAP_EXTREME
    SEVERE = _core.CAP_SEVERE
    MODERATE = _core.CAP_MODERATE
    MINOR = _core.CAP_MINOR
    UNKNOWN = _core.CAP_SEVERITY_UNKNOWN


class CapUrgency(_CapText):
    """``<urgency>``."""
    _cap_text = staticmethod(_core.cap_urgency_str)
    IMMEDIATE = _core.CAP_IMMEDIATE
    EXPECTED = _core.CAP_EXPECTED
    FUTURE = _core.CAP_FUTURE
    PAST = _core.CAP_PAST
    UNKNOWN = _core.CAP_URGENCY_UNKNOWN


class CapCertainty(_CapText):
    """``<certainty>``."""
    _cap_text = staticmethod(_core.cap_certainty_str)
    OBSERVED = _core.CAP_OBSERVED
    LIKELY = _core.CAP_LIKELY
    POSSIBLE = _core.CAP_POSSIBLE
    UNLIKELY = _core.CAP_UNLIKELY
    UNKNOWN = _core.CAP_CERTAINTY_UNKNOWN


class CapStatus(enum.IntEnum):
    """``<status>`` of an alert."""
    ACTUAL = _core.CAP_ACTUAL
    EXERCISE = _core.CAP_EXERCISE
    SYSTEM = _core.CAP_SYSTEM
    TEST = _core.CAP_TEST
    DRAFT = _core.CAP_DRAFT


class CapMsgType(enum.IntEnum):
    """``<msgType>`` of an alert (Update and Cancel need ``references``)."""
    ALERT = _core.CAP_ALERT
    UPDATE = _core.CAP_UPDATE
    CANCEL = _core.CAP_CANCEL


@dataclasses.dataclass(frozen=True)
class CapClass:
    """The three mandatory qualifiers of a CAP ``<info>`` block."""
    severity: CapSeverity = CapSeverity.UNKNOWN
    urgency: CapUrgency = CapUrgency.UNKNOWN
    certainty: CapCertainty = CapCertainty.UNKNOWN


@dataclasses.dataclass(frozen=True)
class CapForecast:
    """What :func:`cap_classify` needs: level k of n, whether it is already
    reached, and the warning time (s from issue to arrival) as 10/50/90 %
    quantiles; a quantile beyond ``horizon_s`` means "not within it"."""
    level: int
    level_count: int
    reached: bool = False
    warning_p10_s: int = 0
    warning_p50_s: int = 0
    warning_p90_s: int = 0
    horizon_s: int = 21600

    @classmethod
    def from_village(cls, village: VillageForecast, horizon_s: int) -> "CapForecast":
        """The highest level ``village`` reaches, as issued at the run's
        ``now`` (``myk10_cap_forecast_of_village``): the forecast arrival is
        the median, the ensemble band the early and late bounds (the late one
        the horizon when the band runs past it). :class:`myk10.RangeError`
        (a ValueError) if it reaches no level or ``horizon_s`` is not positive."""
        k = village.max_level
        warning = village.warning_s[k - 1] if 1 <= k <= len(village.warning_s) else None
        early, _, late = village.band
        r = _core.cap_forecast_of_village(
            village.node_id, k, village.level_count, village.current_level, _or_none(warning),
            _or_none(early), _or_none(late), village.now, horizon_s)
        return cls(r.level, r.level_count, r.reached, r.warning_p10_s, r.warning_p50_s,
                   r.warning_p90_s, r.horizon_s)


def cap_classify(forecast: CapForecast) -> CapClass:
    """CAP severity, urgency and certainty of a forecast by the table in
    flood.h. :class:`myk10.RangeError` naming the field for bad input."""
    f = forecast
    c = _core.cap_classify(f.level, f.level_count, f.reached, f.warning_p10_s, f.warning_p50_s,
                           f.warning_p90_s, f.horizon_s)
    return CapClass(CapSeverity(c.severity), CapUrgency(c.urgency), CapCertainty(c.certainty))


@dataclasses.dataclass(frozen=True)
class CapCircle:
    lat: float
    lon: float
    radius_km: float


@dataclasses.dataclass(frozen=True)
class CapWarning:
    """One village warning, the input of :func:`cap_write`
    (``myk10_cap_warning``). Optional texts are ``None`` when absent; times
    are ``int`` seconds since the epoch, written at ``utc_offset_min``. The
    area needs a ``circle`` or a ``polygon`` (closed ring of (lat, lon))."""
    identifier: str
    sender: str
    sent: int
    event: str
    area_desc: str
    classification: CapClass = CapClass()
    circle: CapCircle | None = None
    polygon: tuple[tuple[float, float], ...] = ()
    utc_offset_min: int = 0
    status: CapStatus = CapStatus.ACTUAL
    msg_type: CapMsgType = CapMsgType.ALERT
    references: str | None = None
    language: str | None = None  #: None means "de-DE"
    level: int = 0  #: parameter alertLevel; 0 omits it
    level_count: int = 0  #: parameter alertLevelCount; 0 omits it
    onset: int | None = None
    expires: int | None = None
    sender_name: str | None = None
    headline: str | None = None
    description: str | None = None
    instruction: str | None = None
    web: str | None = None
    contact: str | None = None
    village_id: str | None = None  #: written as <geocode> named geocode_name
    geocode_name: str | None = None  #: None means "village"

    def __post_init__(self) -> None:
        object.__setattr__(self, "polygon", tuple(tuple(p) for p in self.polygon))

    @classmethod
    def for_village(cls, village: VillageForecast, horizon_s: int, *, identifier: str,
                    sender: str, area_desc: str, event: str = "Hochwasser",
                    **fields) -> "CapWarning":
        """A warning of the highest level ``village`` reaches, issued at the
        run's ``now``: level, level count, onset (its arrival), village id
        and the classification of :meth:`CapForecast.from_village` are
        filled in; ``fields`` sets the rest (``circle=``, ``headline=``, ...)."""
        forecast = CapForecast.from_village(village, horizon_s)
        k = forecast.level
        derived = dict(classification=cap_classify(forecast), level=k,
                       level_count=village.level_count, onset=village.level_time[k - 1],
                       village_id=village.node_id)
        return cls(identifier, sender, village.now, event, area_desc, **{**derived, **fields})

    def to_xml(self) -> str:
        return cap_write(self)


_CAP_TEXTS = ("identifier", "sender", "references", "language", "event", "sender_name",
              "headline", "description", "instruction", "web", "contact", "area_desc",
              "village_id", "geocode_name")
# Integers (enumerations included) and times, where None is "omitted".
_CAP_NUMBERS = ("sent", "onset", "expires", "utc_offset_min", "status", "msg_type", "level",
                "level_count")


def cap_write(warning: CapWarning) -> str:
    """``warning`` as one CAP 1.2 ``<alert>`` document (validated first;
    :class:`myk10.InvalidArgumentError` or :class:`myk10.RangeError`
    naming the field)."""
    w = _core.CapWriter()
    for name in _CAP_TEXTS:
        w.set_text(name, getattr(warning, name) or "")
    for name in _CAP_NUMBERS:
        value = getattr(warning, name)
        w.set_number(name, TIME_NONE if value is None else int(value))
    for name in ("severity", "urgency", "certainty"):
        w.set_number(name, int(getattr(warning.classification, name)))
    if warning.circle is not None:
        c = warning.circle
        w.set_circle(c.lat, c.lon, c.radius_km)
    if warning.polygon:
        w.set_polygon(_pack(x for point in warning.polygon for x in point))
    return w.write().decode("utf-8")

# SPDX-License-Identifier: Apache-2.0
"""Every function of a bound C module is reachable from Python, unless it is
listed below with the reason it is not bound.

Reads the public headers: include/myk10/<module>.h counts as bound once
bindings/<module>.i exists, and from then on a C function added to the
header without a binding (or a NOT_BOUND entry) fails here. Headers without
an interface file yet are reported as skipped."""

import pathlib
import re

import pytest

import myk10

SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[3]
HEADERS = SOURCE_ROOT / "include" / "myk10"
INTERFACES = SOURCE_ROOT / "bindings"

# C functions deliberately not bound, with the reason (the module .i files
# say the same).
NOT_BOUND = {
    "myk10_set_allocator": "hosts cannot supply C allocator functions",
    "myk10_malloc": "the binding copies all memory into Python objects",
    "myk10_free": "the binding copies all memory into Python objects",
    "myk10_time_strlen": "time_format returns a str, there is no buffer to size",
    # frame.h (bindings/frame.i says the same)
    "myk10_frame_max_size": "the constant myk10.frame.FRAME_MAX_SIZE carries the value",
    "myk10_frame_min_data_size": "the constant core.FRAME_MIN_DATA_SIZE carries the value",
    "myk10_frame_max_fopts": "the constant core.FRAME_MAX_FOPTS carries the value",
    "myk10_frame_key_size": "the constant myk10.frame.FRAME_KEY_SIZE carries the value",
    "myk10_mac_iter_init": "C's allocation-free iterator; decode_mac_commands returns all",
    "myk10_mac_iter_done": "C's allocation-free iterator; decode_mac_commands returns all",
    "myk10_mac_iter_next": "C's allocation-free iterator; decode_mac_commands returns all",
    "myk10_codec_context_init": "contexts are keyword arguments; the binding calls it itself",
    "myk10_session_max_fcnt_gap": "the constant frame.SESSION_MAX_FCNT_GAP carries the value",
    # flood.h (bindings/flood.i says the same)
    "myk10_alert_config_init4": "flood.AlertConfig takes the thresholds directly",
    "myk10_gauge_config_init": "flood.GaugeConfig carries the defaults; core.GaugeConfig() calls it",
    "myk10_readings_parse": "C's callback form; flood.parse_readings returns every record",
}

# C functions reached as something other than myk10.<name without myk10_>:
# methods of the handle classes and the idiomatic names of myk10.frame.
BOUND_AS = {
    "myk10_frame_parse": "frame.parse",
    "myk10_frame_mtype_name": "core.frame_mtype_name",
    "myk10_frame_mtype_is_data": "core.frame_mtype_is_data",
    "myk10_frame_mtype_is_uplink": "core.frame_mtype_is_uplink",
    "myk10_frame_key_role_name": "core.frame_key_role_name",
    "myk10_frame_keys_create": "frame.Keys",
    "myk10_frame_keys_destroy": "frame.Keys.close",
    "myk10_frame_keys_version": "frame.Keys.version.fget",
    "myk10_frame_keys_set": "frame.Keys.set",
    "myk10_frame_keys_set_nwk_s_key": "frame.Keys.set_nwk_s_key",
    "myk10_frame_keys_unset": "frame.Keys.unset",
    "myk10_frame_keys_has": "frame.Keys.has",
    "myk10_frame_keys_get": "frame.Keys.get",
    "myk10_frame_keys_derive_session": "frame.Keys.derive_session",
    "myk10_frame_keys_derive_js": "frame.Keys.derive_js",
    "myk10_frame_mic": "frame.Frame.compute_mic",
    "myk10_frame_verify": "frame.Frame.verify",
    "myk10_frame_decrypt": "frame.Frame.decrypt",
    "myk10_frame_decrypt_fopts": "frame.Frame.decrypt_fopts",
    "myk10_frame_join_accept_open": "frame.Frame.open_join_accept",
    "myk10_frame_encode_data": "frame.encode_data",
    "myk10_frame_encode_join_request": "frame.encode_join_request",
    "myk10_frame_encode_join_accept": "frame.encode_join_accept",
    "myk10_mac_name": "frame.mac_name",
    "myk10_mac_payload_size": "frame.mac_payload_size",
    "myk10_mac_decode": "frame.decode_mac_commands",
    "myk10_mac_encode": "frame.encode_mac_commands",
    "myk10_measurements_create": "core.MeasurementList",
    "myk10_measurements_destroy": "core.MeasurementList.__swig_destroy__",
    "myk10_measurements_clear": "core.MeasurementList.clear",
    "myk10_measurements_count": "core.MeasurementList.count",
    "myk10_measurements_get": "core.MeasurementList.quantity",
    "myk10_measurements_add": "core.MeasurementList.add",
    "myk10_codec_registry_create": "frame.CodecRegistry",
    "myk10_codec_registry_destroy": "frame.CodecRegistry.close",
    "myk10_codec_registry_register": "frame.CodecRegistry.register",
    "myk10_codec_registry_register_declarative": "frame.CodecRegistry.register_declarative",
    "myk10_codec_registry_unregister": "frame.CodecRegistry.unregister",
    "myk10_codec_registry_contains": "frame.CodecRegistry.__contains__",
    "myk10_codec_registry_count": "frame.CodecRegistry.__len__",
    "myk10_codec_registry_name": "frame.CodecRegistry.names",
    "myk10_codec_registry_decode": "frame.CodecRegistry.decode",
    "myk10_lpp_decode": "frame.lpp_decode",
    "myk10_senml_json_decode": "frame.senml_json_decode",
    "myk10_senml_cbor_decode": "frame.senml_cbor_decode",
    "myk10_senml_json_encode": "frame.senml_json_encode",
    "myk10_senml_cbor_encode": "frame.senml_cbor_encode",
    "myk10_uplink_format_name": "core.uplink_format_name",
    "myk10_uplink_parse": "frame.parse_uplinks",
    "myk10_uplink_reader_create": "frame.UplinkReader",
    "myk10_uplink_reader_destroy": "frame.UplinkReader.close",
    "myk10_uplink_reader_load": "frame.UplinkReader.load",
    "myk10_uplink_reader_format": "frame.UplinkReader.format.fget",
    "myk10_uplink_reader_get": "frame.UplinkReader.__getitem__",
    "myk10_session_table_create": "frame.SessionTable",
    "myk10_session_table_destroy": "frame.SessionTable.close",
    "myk10_session_count": "frame.SessionTable.__len__",
    "myk10_session_add": "frame.SessionTable.add",
    "myk10_session_remove": "frame.SessionTable.remove",
    "myk10_session_get": "frame.SessionTable.get",
    "myk10_session_get_at": "frame.SessionTable.__iter__",
    "myk10_session_update": "frame.SessionTable.update",
    "myk10_session_find": "frame.SessionTable.find",
    "myk10_session_keys": "frame.SessionTable.keys",
    "myk10_session_next_fcnt_down": "frame.SessionTable.next_fcnt_down",
    "myk10_session_uplink": "frame.SessionTable.uplink",
    "myk10_session_uplink_frame": "frame.SessionTable.uplink_frame",
    "myk10_session_table_save": "frame.SessionTable.snapshot",
    "myk10_session_table_load": "frame.SessionTable.load",
    "myk10_flood_network_create": "flood.Network",
    "myk10_flood_network_destroy": "flood.Network.close",
    "myk10_flood_network_add_node": "flood.Network.add_node",
    "myk10_flood_network_add_reach": "flood.Network.add_reach",
    "myk10_flood_network_validate": "flood.Network.validate",
    "myk10_flood_network_node_count": "flood.Network.__len__",
    "myk10_flood_network_reach_count": "core.FloodNetwork.reach_count",
    "myk10_flood_network_node": "flood.Network.nodes.fget",
    "myk10_flood_network_reach": "flood.Network.reaches.fget",
    "myk10_flood_network_find_node": "flood.Network.find_node",
    "myk10_flood_network_find_reach": "flood.Network.find_reach",
    "myk10_flood_network_set_description": "flood.Network.description.fset",
    "myk10_flood_network_description": "flood.Network.description.fget",
    "myk10_flood_network_load_json": "flood.Network.from_json",
    "myk10_flood_network_load_geojson": "flood.Network.from_geojson",
    "myk10_flood_network_to_json": "flood.Network.to_json",
    "myk10_flood_network_to_geojson": "flood.Network.to_geojson",
    "myk10_flood_muskingum_coefficients": "flood.muskingum_coefficients",
    "myk10_flood_muskingum_apply": "flood.muskingum_apply",
    "myk10_flood_cunge_parameters": "flood.cunge_parameters",
    "myk10_flood_router_create": "flood.Router",
    "myk10_flood_router_destroy": "flood.Router.close",
    "myk10_flood_router_reset": "flood.Router.reset",
    "myk10_flood_router_set_reach_state": "flood.Router.set_reach_state",
    "myk10_flood_router_route": "flood.Router.route",
    "myk10_flood_router_node_flow": "flood.Router.node_flow",
    "myk10_flood_router_storage": "flood.Router.storage",
    "myk10_flood_router_report": "flood.Router.report",
    "myk10_flood_router_segment_count": "flood.Router.segment_count.fget",
    "myk10_flood_router_dt": "flood.Router.dt.fget",
    "myk10_rating_create": "flood.RatingCurve",
    "myk10_rating_destroy": "flood.RatingCurve.close",
    "myk10_rating_discharge": "flood.RatingCurve.discharge",
    "myk10_rating_stage": "flood.RatingCurve.stage",
    "myk10_rating_segment_count": "flood.RatingCurve.__len__",
    "myk10_alert_config_check": "flood.AlertConfig.check",
    "myk10_alert_state_init": "flood.AlertState",
    "myk10_alert_update": "flood.AlertState.update",
    "myk10_gauge_create": "flood.Gauge",
    "myk10_gauge_destroy": "flood.Gauge.close",
    "myk10_gauge_id": "flood.Gauge.id.fget",
    "myk10_gauge_add": "flood.Gauge.add",
    "myk10_gauge_count": "flood.Gauge.__len__",
    "myk10_gauge_reading": "flood.Gauge.readings.fget",
    "myk10_gauge_gaps": "flood.Gauge.gaps",
    "myk10_gauge_get_status": "flood.Gauge.status",
    "myk10_gauge_time_to_threshold": "flood.Gauge.time_to_threshold",
    "myk10_readings_parse_array": "flood.parse_readings",
    "myk10_flood_forecast_config_init": "core.FloodForecastConfig",
    "myk10_flood_network_set_village_levels": "flood.Network.set_village_levels",
    "myk10_flood_network_village_levels": "flood.Network.village_levels",
    "myk10_flood_forecaster_create": "flood.Forecaster",
    "myk10_flood_forecaster_destroy": "flood.Forecaster.close",
    "myk10_flood_forecaster_attach_gauge": "flood.Forecaster.attach",
    "myk10_flood_forecaster_run": "flood.Forecaster.run",
    "myk10_flood_forecaster_village_count": "flood.Forecaster.__len__",
    "myk10_flood_forecaster_village": "flood.Forecaster.villages",
    "myk10_cap_classify": "flood.cap_classify",
    "myk10_cap_forecast_of_village": "flood.CapForecast.from_village",
    "myk10_flood_forecaster_run_stats": "flood.Forecaster.last_run",
    "myk10_cap_severity_str": "flood.CapSeverity.text.fget",
    "myk10_cap_urgency_str": "flood.CapUrgency.text.fget",
    "myk10_cap_certainty_str": "flood.CapCertainty.text.fget",
    "myk10_cap_warning_init": "core.CapWriter",
    "myk10_cap_write": "flood.cap_write",
}

DECLARATION = re.compile(r"^MYK10_API\b[^;(]*?\b(myk10_\w+)\s*\(", re.MULTILINE)

MODULES = sorted(header.stem for header in HEADERS.glob("*.h") if header.stem != "myk10")


def declared_functions(module):
    return DECLARATION.findall((HEADERS / f"{module}.h").read_text(encoding="utf-8"))


def reachable(name):
    """Whether the C function `name` can be called from Python."""
    path = BOUND_AS.get(name)
    if path is None:
        return callable(getattr(myk10, name.removeprefix("myk10_"), None))
    target = myk10
    for part in path.split("."):
        target = getattr(target, part, None)
    return callable(target) or isinstance(target, property)


def is_bound(module):
    return (INTERFACES / f"{module}.i").is_file()


def test_common_module_is_bound():
    assert is_bound("common")
    assert "myk10_time_parse" in declared_functions("common")


@pytest.mark.parametrize("module", MODULES)
def test_every_function_is_bound(module):
    if not is_bound(module):
        pytest.skip(f"{module}.h has no bindings/{module}.i yet")
    missing = [name for name in declared_functions(module)
               if name not in NOT_BOUND
               and not reachable(name)]
    assert not missing, (f"not reachable from Python: {', '.join(missing)} - bind them in "
                         f"bindings/{module}.i or list them in NOT_BOUND with a reason")


def test_not_bound_list_has_no_stale_entries():
    declared = {name for module in MODULES for name in declared_functions(module)}
    assert set(NOT_BOUND) <= declared
    assert set(BOUND_AS) <= declared
    assert not set(NOT_BOUND) & set(BOUND_AS)

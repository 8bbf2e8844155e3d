# SPDX-License-Identifier: Apache-2.0
"""The frame module through the Python binding (myk10.frame). Vectors come
from public sources, as in tests/frame/test_frame.c: lora-packet's README
and tests, ChirpStack's lrwn crate, the Cayenne LPP documentation and the
Semtech packet forwarder's PROTOCOL.TXT."""

import base64
import gc
import json
import threading

import pytest

import myk10
from myk10 import frame
from myk10 import core

NWK_S_KEY = bytes.fromhex("44024241ed4ce9a68c6a8bc055233fd3")
APP_S_KEY = bytes.fromhex("ec925802ae430ca77fd3dd73cb2cc588")
# lora-packet README: FPort 1, FCnt 2, payload "test".
LORA_PACKET_UPLINK = bytes.fromhex("40F17DBE4900020001954378762B11FF0D")


def keys_1_0(nwk=NWK_S_KEY, app=APP_S_KEY):
    keys = frame.Keys(frame.Version.V1_0)
    keys.set_nwk_s_key(nwk)
    if app is not None:
        keys.set(frame.KeyRole.APP_S, app)
    return keys


# ---- parse, verify, decrypt ------------------------------------------------------------

def test_lora_packet_uplink_parses_verifies_and_decrypts():
    keys = keys_1_0()
    f = frame.parse(LORA_PACKET_UPLINK)
    assert f.mtype is frame.MType.UNCONFIRMED_UP
    assert f.mtype.spec_name == "UnconfirmedDataUp"
    assert f.uplink and f.major == 0
    assert f.dev_addr == 0x49BE7DF1
    assert (f.fctrl, f.adr, f.ack, f.fcnt16, f.fport) == (0, False, False, 2, 1)
    assert f.fopts == b""
    assert f.payload == bytes.fromhex("95437876")
    assert f.mic == bytes.fromhex("2B11FF0D")
    assert f.phy == LORA_PACKET_UPLINK
    assert f.join_eui is None and f.dev_nonce is None
    assert f.compute_mic(keys, 2) == f.mic
    assert f.verify(keys, fcnt=2) is None
    assert f.decrypt(keys, 2) == b"test"
    # decrypt_test.ts: a wrong AppSKey scrambles to 5999fc3f.
    keys.set(frame.KeyRole.APP_S, bytes.fromhex("ec925802ae430ca77fd3dd73cb2cc580"))
    assert f.decrypt(keys) == bytes.fromhex("5999fc3f")


def test_long_payload_decrypts_over_three_blocks():
    f = frame.parse(bytes.fromhex(
        "40f17dbe490004000155332de41a11adc072553544429ce7787707d1c316e027e7e5e33426"
        "3376affb8aa17ad30075293f28dea8a20af3c5e7"))
    assert f.decrypt(keys_1_0(), 4) == b"The quick brown fox jumps over the lazy dog."


def test_forged_mic_raises_integrity_error_with_offset():
    keys = keys_1_0(app=None)
    good = frame.parse(bytes.fromhex("40F17DBE49000300012A3518AF"))
    good.verify(keys, 3)
    forged = frame.parse(bytes.fromhex("40F17DBE49000300012A3518AA"))
    with pytest.raises(myk10.IntegrityError) as info:
        forged.verify(keys, 3)
    assert info.value.status is myk10.Status.EINTEGRITY
    assert info.value.offset == 9
    assert info.value.message == "frame: MIC at byte 9 does not match"
    # The 32-bit counter is part of B0; a counter whose low bits differ is EINVAL.
    down = frame.parse(bytes.fromhex("60f17dbe4920020001f9d65d27"))
    assert down.mtype is frame.MType.UNCONFIRMED_DOWN and down.ack and not down.uplink
    down.verify(keys, 2)
    with pytest.raises(myk10.IntegrityError):
        down.verify(keys, 0x00010002)
    with pytest.raises(myk10.InvalidArgumentError):
        down.verify(keys, 3)


def test_truncated_and_malformed_frames_name_the_byte():
    with pytest.raises(myk10.TruncatedError) as info:
        frame.parse(LORA_PACKET_UPLINK[:10])
    assert isinstance(info.value, ValueError)
    assert info.value.offset is not None
    with pytest.raises(myk10.TruncatedError) as info:
        frame.parse(b"")
    assert info.value.offset == 0
    with pytest.raises(myk10.MalformedError) as info:
        frame.parse(bytes(256))
    assert info.value.offset == 255
    with pytest.raises(TypeError):
        frame.parse("40F17DBE")  # text is not bytes
    # bytes-likes are fine
    assert frame.parse(bytearray(LORA_PACKET_UPLINK)) == frame.parse(memoryview(LORA_PACKET_UPLINK))


def test_missing_key_raises_no_key_error():
    keys = frame.Keys(frame.Version.V1_0)
    f = frame.parse(LORA_PACKET_UPLINK)
    with pytest.raises(myk10.NoKeyError):
        f.verify(keys, 2)
    with pytest.raises(myk10.NoKeyError):
        keys.get(frame.KeyRole.APP_S)
    with pytest.raises(myk10.InvalidArgumentError):
        keys.set(frame.KeyRole.APP_S, b"short")


# ---- keys -----------------------------------------------------------------------------

def test_keys_roles_and_copy_out():
    keys = keys_1_0()
    assert keys.version is frame.Version.V1_0
    assert frame.KeyRole.NWK_S_ENC in keys and keys.has(frame.KeyRole.F_NWK_S_INT)
    assert keys.get(frame.KeyRole.S_NWK_S_INT) == NWK_S_KEY
    keys.unset(frame.KeyRole.APP_S)
    assert not keys.has(frame.KeyRole.APP_S)
    assert frame.KeyRole.NWK_S_ENC.spec_name == "NwkSEncKey"


def test_otaa_derivation_matches_lora_packet():
    # lora-packet key_gen_test.ts: AppKey 98929b92..., NetID aabbcc,
    # AppNonce 112233 (hex bytes as sent), DevNonce 3344.
    root = frame.Keys(frame.Version.V1_0)
    root.set(frame.KeyRole.APP, bytes.fromhex("98929b92f09e2daf676d646d0f61d251"))
    session = frame.Keys(frame.Version.V1_0)
    session.derive_session(root, join_nonce=0x332211, net_id=0xCCBBAA, dev_nonce=0x4433)
    # Derivation is deterministic and fills every session role.
    again = frame.Keys(frame.Version.V1_0)
    again.derive_session(root, join_nonce=0x332211, net_id=0xCCBBAA, dev_nonce=0x4433)
    for role in (frame.KeyRole.APP_S, frame.KeyRole.F_NWK_S_INT, frame.KeyRole.NWK_S_ENC):
        assert session.get(role) == again.get(role)
        assert len(session.get(role)) == 16
    assert session.get(frame.KeyRole.APP_S) != session.get(frame.KeyRole.NWK_S_ENC)


def test_closed_keys_refuse_use():
    keys = keys_1_0()
    with keys:
        pass
    assert keys.closed
    with pytest.raises(myk10.StateError):
        keys.get(frame.KeyRole.APP_S)
    with pytest.raises(myk10.StateError):
        frame.parse(LORA_PACKET_UPLINK).verify(keys, 2)


# ---- encoders ---------------------------------------------------------------------------

def test_chirpstack_confirmed_uplink_encodes_byte_for_byte():
    keys = keys_1_0(bytes.fromhex("0102030405060708090a0b0c0d0e0f10"),
                    bytes.fromhex("100f0e0d0c0b0a090807060504030201"))
    fopts = frame.encode_mac_commands(
        [frame.MacCommand(frame.MacCid.DEV_STATUS, uplink=True, battery=115, margin=7)])
    assert fopts == bytes.fromhex("067307")
    phy = frame.encode_data(keys, mtype=frame.MType.CONFIRMED_UP, dev_addr=0x01020304, fcnt=0,
                            fport=10, payload=bytes([1, 2, 3, 4]), fopts=fopts)
    assert phy == bytes.fromhex("80040302010300000673070ae264d4f7e117d2c0")
    f = frame.parse(phy)
    f.verify(keys, 0)
    assert f.decrypt(keys, 0) == bytes([1, 2, 3, 4])
    [command] = f.mac_commands()
    assert command.name == "DevStatusAns"
    assert command.cid is frame.MacCid.DEV_STATUS
    assert command.fields == {"battery": 115, "margin": 7}
    assert command["margin"] == 7


def test_encode_parse_round_trip_with_32_bit_counter():
    keys = keys_1_0()
    phy = frame.encode_data(keys, dev_addr=0x26011BDA, fcnt=0x0001_0005, fport=42,
                            payload=b"\x00\x01\xfe\xff", adr=True)
    f = frame.parse(phy)
    assert (f.dev_addr, f.fcnt16, f.fport, f.adr) == (0x26011BDA, 5, 42, True)
    f.verify(keys, 0x0001_0005)
    with pytest.raises(myk10.IntegrityError):
        f.verify(keys)  # fcnt16 alone misses the high bits
    assert f.decrypt(keys, 0x0001_0005) == b"\x00\x01\xfe\xff"
    no_port = frame.parse(frame.encode_data(keys, dev_addr=1, fcnt=7))
    assert no_port.fport is None and no_port.payload == b""
    with pytest.raises(myk10.InvalidArgumentError):
        frame.encode_data(keys, dev_addr=1, fcnt=1, payload=b"x")  # payload needs an FPort


def test_lorawan_1_1_downlink_with_encrypted_fopts():
    keys = frame.Keys(frame.Version.V1_1)
    keys.set(frame.KeyRole.S_NWK_S_INT, bytes.fromhex("01010101010101010101010101010100"))
    keys.set(frame.KeyRole.NWK_S_ENC, bytes.fromhex("01010101010101010101010101010200"))
    keys.set(frame.KeyRole.APP_S, bytes.fromhex("100f0e0d0c0b0a090807060504030201"))
    phy = bytes.fromhex("600403020103000022ac0a01f0b468ddaa5ed13a")
    f = frame.parse(phy)
    f.verify(keys, 0)
    assert f.decrypt_fopts(keys, 0) == bytes.fromhex("020701")
    [ans] = f.mac_commands(keys, 0)
    assert ans.name == "LinkCheckAns" and ans.fields == {"margin": 7, "gw_cnt": 1}
    assert f.decrypt(keys, 0) == bytes([1, 2, 3, 4])
    again = frame.encode_data(keys, mtype=frame.MType.UNCONFIRMED_DOWN, dev_addr=0x01020304,
                              fcnt=0, fport=1, payload=bytes([1, 2, 3, 4]),
                              fopts=bytes.fromhex("020701"))
    assert again == phy


def test_join_request_and_join_accept_round_trip():
    keys = frame.Keys(frame.Version.V1_0)
    keys.set(frame.KeyRole.APP, bytes.fromhex("0102030405060708090a0b0c0d0e0f10"))
    request = frame.encode_join_request(keys, join_eui=0x0101010101010101,
                                        dev_eui=0x0202020202020202, dev_nonce=0x0304)
    assert len(request) == 23
    f = frame.parse(request)
    assert f.mtype is frame.MType.JOIN_REQUEST
    assert (f.join_eui, f.dev_eui, f.dev_nonce) == (0x0101010101010101, 0x0202020202020202,
                                                    0x0304)
    f.verify(keys)
    cflist = bytes(range(16))
    accept = frame.encode_join_accept(keys, join_nonce=0x010203, net_id=0x040506,
                                      dev_addr=0x01020304, rx1_dr_offset=2, rx2_dr=3,
                                      rx_delay=1, cflist=cflist)
    assert len(accept) == 33
    opened = frame.parse(accept).open_join_accept(keys)
    assert (opened.join_nonce, opened.net_id, opened.dev_addr) == (0x010203, 0x040506,
                                                                   0x01020304)
    assert (opened.rx1_dr_offset, opened.rx2_dr, opened.rx_delay) == (2, 3, 1)
    assert opened.cflist == cflist and not opened.opt_neg
    tampered = bytearray(accept)
    tampered[5] ^= 1
    with pytest.raises(myk10.IntegrityError):
        frame.parse(bytes(tampered)).open_join_accept(keys)
    # EUIs above 2**63 survive the trip.
    high = frame.parse(frame.encode_join_request(keys, join_eui=0xFFFFFFFFFFFFFFFE,
                                                 dev_eui=0x8000000000000001, dev_nonce=1))
    assert (high.join_eui, high.dev_eui) == (0xFFFFFFFFFFFFFFFE, 0x8000000000000001)


# ---- MAC commands -------------------------------------------------------------------------

def test_mac_commands_both_directions():
    down = frame.decode_mac_commands(bytes.fromhex("0350FF0001" "020A02"), uplink=False)
    assert [c.name for c in down] == ["LinkADRReq", "LinkCheckAns"]
    assert down[0].fields == {"data_rate": 5, "tx_power": 0, "ch_mask": 0x00FF,
                              "ch_mask_cntl": 0, "nb_trans": 1}
    assert (down[1].offset, down[1].size) == (5, 2)
    assert frame.encode_mac_commands(down) == bytes.fromhex("0350FF0001020A02")
    assert frame.mac_name(frame.MacCid.LINK_ADR, True) == "LinkADRAns"
    assert frame.mac_payload_size(frame.MacCid.LINK_ADR, False) == 4
    with pytest.raises(myk10.TruncatedError) as info:
        frame.decode_mac_commands(bytes.fromhex("0350FF"), uplink=False)
    assert info.value.offset == 0
    with pytest.raises(myk10.UnsupportedError):
        frame.decode_mac_commands(b"\x80", uplink=True)
    with pytest.raises(myk10.NotFoundError):
        frame.MacCommand(frame.MacCid.DEV_STATUS, uplink=True, voltage=3)
    with pytest.raises(myk10.RangeError):
        frame.MacCommand(frame.MacCid.DEV_STATUS, uplink=True, margin=200)


# ---- codecs -----------------------------------------------------------------------------

def test_lpp_documentation_example():
    # Cayenne LPP documentation: two temperature sensors.
    got = frame.lpp_decode(bytes.fromhex("03670110056700FF"), device="lpp-1", time=1795680000)
    assert [(m.quantity, m.unit, m.channel, m.value) for m in got] == [
        ("temperature", "Cel", 3, pytest.approx(27.2)),
        ("temperature", "Cel", 5, pytest.approx(25.5))]
    assert all(m.device == "lpp-1" and m.time == 1795680000 for m in got)
    registry = frame.CodecRegistry()
    assert registry.decode("cayenne-lpp", bytes.fromhex("03670110056700FF")) == \
        frame.lpp_decode(bytes.fromhex("03670110056700FF"))
    with pytest.raises(myk10.TruncatedError):
        registry.decode("cayenne-lpp", bytes.fromhex("0367011003"))
    with pytest.raises(myk10.NotFoundError):
        registry.decode("no-such-codec", b"")


def test_python_codec_through_the_registry():
    seen = []

    def gauge(payload, ctx):
        seen.append((payload, ctx))
        distance = int.from_bytes(payload[0:2], "big") / 1000
        yield frame.Measurement("distance", distance, "m")
        yield ("battery_voltage", payload[2] / 10, "V", 1)

    registry = frame.CodecRegistry()
    registry.register("py-gauge", gauge)
    assert "py-gauge" in registry and registry.names()[-1] == "py-gauge"
    got = registry.decode("py-gauge", bytes.fromhex("09C421"), device="gauge-7", time=100,
                          fport=2, mounting_height=4.0)
    assert seen == [(bytes.fromhex("09C421"), frame.CodecContext("gauge-7", 100, 2, 4.0, None))]
    by_quantity = {m.quantity: m for m in got}
    assert by_quantity["distance"].value == pytest.approx(2.5)
    assert by_quantity["battery_voltage"].channel == 1
    # The registry's water-level rule applies to host codecs too.
    assert by_quantity["water_level"].value == pytest.approx(1.5)
    assert all(m.device == "gauge-7" and m.time == 100 for m in got)
    with pytest.raises(myk10.ExistsError):
        registry.register("py-gauge", gauge)
    registry.unregister("py-gauge")
    assert "py-gauge" not in registry


def test_python_codec_exception_becomes_callback_error():
    def broken(payload, ctx):
        raise ValueError(f"bad first byte {payload[0]:#x}")

    registry = frame.CodecRegistry()
    registry.register("broken", broken)
    with pytest.raises(myk10.CallbackError) as info:
        registry.decode("broken", b"\x07")
    assert info.value.status is myk10.Status.ECALLBACK
    assert "ValueError: bad first byte 0x7" in info.value.message
    assert "broken" in info.value.message
    assert isinstance(info.value.__cause__, ValueError)
    # Wrong return shapes fail the same way, and the registry stays usable.
    registry.register("wrong", lambda payload, ctx: [42])
    with pytest.raises(myk10.CallbackError, match="TypeError"):
        registry.decode("wrong", b"")
    registry.register("empty-quantity", lambda payload, ctx: [("", 1.0)])
    with pytest.raises(myk10.CallbackError, match="InvalidArgumentError"):
        registry.decode("empty-quantity", b"")
    assert registry.decode("cayenne-lpp", bytes.fromhex("03670110"))[0].value == \
        pytest.approx(27.2)


def test_python_codecs_from_several_threads():
    registry = frame.CodecRegistry()
    registry.register("echo", lambda payload, ctx: [("count", float(len(payload)))])
    errors = []

    def work(n):
        try:
            for _ in range(200):
                assert registry.decode("echo", bytes(n))[0].value == n
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_declarative_codec():
    definition = json.dumps({"name": "example-gauge", "length": 8, "fport": 1, "fields": [
        {"quantity": "battery_voltage", "offset": 0, "type": "u16", "scale": 0.001, "unit": "V"},
        {"quantity": "distance", "offset": 2, "type": "u16", "endian": "little",
         "scale": 0.001, "unit": "m"},
        {"quantity": "temperature", "offset": 4, "type": "s16", "scale": 0.1, "add": -10,
         "unit": "Cel", "channel": 1}]})
    registry = frame.CodecRegistry()
    registry.register_declarative("example-gauge", definition)
    got = registry.decode("example-gauge", bytes.fromhex("0CE4C409FF388F00"), fport=1,
                          mounting_height=4.0)
    values = {(m.quantity, m.channel): m.value for m in got}
    assert values == {("battery_voltage", None): pytest.approx(3.3),
                      ("distance", None): pytest.approx(2.5),
                      ("temperature", 1): pytest.approx(-30.0),
                      ("water_level", None): pytest.approx(1.5)}
    with pytest.raises(myk10.MalformedError):
        registry.register_declarative("x", '{"fields":')


def test_senml_round_trip():
    measurements = [frame.Measurement("temperature", 21.5, "Cel", device="d1", time=1000),
                    frame.Measurement("door", True, device="d1", time=1000),
                    frame.Measurement("label", "north", device="d1", time=1000)]
    text = frame.senml_json_encode(measurements)
    pack = json.loads(text)
    assert pack[0] == {"n": "temperature", "u": "Cel", "t": 1000, "v": 21.5}
    assert {"vb": True} .items() <= pack[1].items() and pack[2]["vs"] == "north"
    back = frame.senml_json_decode(text, device="d1")
    assert [(m.quantity, m.value) for m in back] == [("temperature", 21.5), ("door", True),
                                                     ("label", "north")]
    cbor = frame.senml_cbor_encode(measurements)
    assert isinstance(cbor, bytes)
    assert [m.value for m in frame.senml_cbor_decode(cbor)] == [21.5, True, "north"]
    based = json.loads(frame.senml_json_encode(measurements, device_as_base_name=True))
    assert based[0]["bn"] == "d1:"


# ---- uplink readers -----------------------------------------------------------------------

# Semtech packet forwarder PROTOCOL.TXT example (first packet), wrapped in a
# PUSH_DATA datagram: version 2, token, identifier 0, gateway EUI.
RXPK = {"rxpk": [{"time": "2013-03-31T16:21:17.528002Z", "tmst": 3512348611, "chan": 2,
                  "rfch": 0, "freq": 866.349812, "stat": 1, "modu": "LORA",
                  "datr": "SF7BW125", "codr": "4/6", "rssi": -35, "lsnr": 5.1, "size": 17,
                  "data": base64.b64encode(LORA_PACKET_UPLINK).decode()}]}


def test_packet_forwarder_push_data():
    datagram = bytes([2, 0x12, 0x34, 0]) + bytes.fromhex("AA555A0000000101") + \
        json.dumps(RXPK).encode()
    [up] = frame.parse_uplinks(datagram)
    assert up.format is frame.UplinkFormat.PACKET_FORWARDER
    assert up.kind == "phy" and up.payload == LORA_PACKET_UPLINK
    assert up.time == 1364746877 and up.time_ns == 528002000
    assert (up.frequency_hz, up.spreading_factor, up.bandwidth_khz) == (866349812, 7, 125)
    assert up.coding_rate == (4, 6)
    assert (up.rssi_dbm, up.snr_db, up.tmst) == (-35, pytest.approx(5.1), 3512348611)
    assert up.gateway_eui == 0xAA555A0000000101
    assert up.fport is None and up.dev_eui is None
    f = up.frame()
    f.verify(keys_1_0(), 2)
    assert f.decrypt(keys_1_0(), 2) == b"test"
    # The JSON alone, as str, works too.
    assert frame.parse_uplinks(json.dumps(RXPK))[0].payload == LORA_PACKET_UPLINK


def test_uplink_errors_and_reader():
    with pytest.raises(myk10.MalformedError) as info:
        frame.parse_uplinks('{"rxpk":[{"data":"!!"}]}')
    assert "rxpk[0].data" in info.value.message
    bad_and_good = {"rxpk": [{"data": "!!"}, RXPK["rxpk"][0]]}
    with frame.UplinkReader() as reader:
        assert reader.load(json.dumps(bad_and_good), received=1795680000.25) == 2
        assert reader.format is frame.UplinkFormat.PACKET_FORWARDER
        with pytest.raises(myk10.MalformedError):
            reader[0]
        assert reader[1].payload == LORA_PACKET_UPLINK
        with pytest.raises(IndexError):
            reader[2]
    with pytest.raises(myk10.StateError):
        reader.load("{}")
    fresh = frame.UplinkReader()
    with pytest.raises(myk10.StateError):
        fresh.format
    with pytest.raises(myk10.UnsupportedError):
        fresh.load('{"hello": 1}')


def test_chirpstack_uplink_is_application_payload():
    event = {"time": "2022-07-18T09:34:15.775023242+00:00",
             "deviceInfo": {"deviceName": "Test device", "devEui": "0101010101010101",
                            "applicationId": "17c82e96-be03-4f38-aef3-f83d48582d97"},
             "devAddr": "00189440", "dr": 1, "fPort": 1, "fCnt": 10, "data": "qg==",
             "rxInfo": [{"gatewayId": "0016c001f153a14c", "rssi": -36, "snr": 10.5}]}
    [up] = frame.parse_uplinks(json.dumps(event))
    assert up.format is frame.UplinkFormat.CHIRPSTACK
    assert (up.kind, up.payload, up.fport, up.fcnt) == ("application", b"\xaa", 1, 10)
    assert (up.dev_eui, up.dev_addr, up.device_id) == (0x0101010101010101, 0x00189440,
                                                       "Test device")
    with pytest.raises(myk10.StateError):
        up.frame()


# ---- memory -------------------------------------------------------------------------------

def test_borrowed_elements_keep_their_list_alive():
    records = core.uplink_parse(0, json.dumps(RXPK).encode(), 0, 0)
    record = records.get(0)
    del records
    gc.collect()
    # Allocate a little so freed memory would be reused.
    filler = [bytes(400) for _ in range(100)]
    assert record.payload() == LORA_PACKET_UPLINK
    assert record._parent.count() == 1
    commands = core.MacCommandList.decode(bytes.fromhex("067307"), True)
    command = commands.get(0)
    del commands
    gc.collect()
    assert (command.name(), command.field("battery")) == ("DevStatusAns", 115)
    del filler
    with pytest.raises(myk10.RangeError):
        core.MacCommandList.decode(b"", True).get(0)


def test_handles_in_a_loop():
    for i in range(2000):
        with frame.Keys(frame.Version.V1_1 if i % 2 else frame.Version.V1_0) as keys:
            keys.set(frame.KeyRole.APP_S, APP_S_KEY)
        registry = frame.CodecRegistry()
        registry.register("p", lambda payload, ctx: [("n", 1.0)])
        registry.decode("p", b"")
        if i % 3 == 0:
            registry.close()
        reader = frame.UplinkReader()
        reader.load(json.dumps(RXPK))
        frame.parse(LORA_PACKET_UPLINK)
        frame.decode_mac_commands(bytes.fromhex("067307"), True)
    gc.collect()


def test_registry_releases_python_codecs():
    import weakref

    class Codec:
        def __call__(self, payload, ctx):
            return []

    codec = Codec()
    ref = weakref.ref(codec)
    registry = frame.CodecRegistry()
    registry.register("c", codec)
    del codec
    gc.collect()
    assert ref() is not None  # the registry holds it
    registry.close()
    gc.collect()
    assert ref() is None

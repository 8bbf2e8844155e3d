# SPDX-License-Identifier: Apache-2.0
"""Device sessions through the Python binding (myk10.frame.SessionTable).

Every uplink is built with frame.encode_data from the session's own keys,
so each test states the whole path: a device encodes, the table accepts or
refuses, and the counters say what happened (tests/frame/ covers the C
edge cases in depth; these check that the binding carries them over)."""

import dataclasses
import gc

import pytest

import myk10
from myk10 import frame

NWK_S_KEY = bytes.fromhex("44024241ed4ce9a68c6a8bc055233fd3")
APP_S_KEY = bytes.fromhex("ec925802ae430ca77fd3dd73cb2cc588")
EUI_10 = 0x70B3D57ED0000001
ADDR_10 = 0x26011BDA
EUI_11 = 0x70B3D57ED0000002
ADDR_11 = 0x26011BDB


def keys_1_0(app=APP_S_KEY):
    keys = frame.Keys(frame.Version.V1_0)
    keys.set_nwk_s_key(NWK_S_KEY)
    if app is not None:
        keys.set(frame.KeyRole.APP_S, app)
    return keys


def keys_1_1():
    keys = frame.Keys(frame.Version.V1_1)
    keys.set(frame.KeyRole.F_NWK_S_INT, bytes.fromhex("01010101010101010101010101010101"))
    keys.set(frame.KeyRole.S_NWK_S_INT, bytes.fromhex("02020202020202020202020202020202"))
    keys.set(frame.KeyRole.NWK_S_ENC, bytes.fromhex("03030303030303030303030303030303"))
    keys.set(frame.KeyRole.APP_S, bytes.fromhex("04040404040404040404040404040404"))
    return keys


@pytest.fixture
def table():
    with frame.SessionTable() as t:
        t.add(keys_1_0(), dev_eui=EUI_10, dev_addr=ADDR_10, codec="cayenne-lpp")
        t.add(keys_1_1(), dev_eui=EUI_11, dev_addr=ADDR_11)
        yield t


def up10(fcnt, payload=b"\x01\x02", **kw):
    return frame.encode_data(keys_1_0(), dev_addr=ADDR_10, fcnt=fcnt, fport=kw.pop("fport", 2),
                             payload=payload, **kw)


# ---- uplinks ----------------------------------------------------------------------------


def test_lorawan_1_0_uplink_is_accepted_and_decrypted(table):
    result = table.uplink(up10(5, b"gauge 7"))
    assert isinstance(result, frame.UplinkResult)
    assert result.fcnt == 5
    assert result.payload == b"gauge 7"
    assert result.fopts == b""
    assert not result.retransmission and not result.payload_encrypted
    assert result.dev_eui == EUI_10
    assert result.version is frame.Version.V1_0
    assert result.codec == "cayenne-lpp"
    assert isinstance(result.frame, frame.Frame)
    assert (result.frame.dev_addr, result.frame.fcnt16, result.frame.fport) == (ADDR_10, 5, 2)
    info = table.get(EUI_10)
    assert info.fcnt_up == 5 and not info.last_confirmed
    # The same frame again is a replay and leaves the counter alone.
    with pytest.raises(myk10.ReplayError) as replay:
        table.uplink(up10(5, b"gauge 7"))
    assert replay.value.status is myk10.Status.EREPLAY
    with pytest.raises(myk10.ReplayError):
        table.uplink(up10(4))
    assert table.get(EUI_10).fcnt_up == 5


def test_lorawan_1_1_uplink_checks_the_split_mic_and_decrypts_fopts(table):
    keys = keys_1_1()
    fopts = bytes.fromhex("067307")  # DevStatusAns battery 115, margin 7
    phy = frame.encode_data(keys, dev_addr=ADDR_11, fcnt=9, fport=10, payload=b"\x2a",
                            fopts=fopts, tx_dr=5, tx_ch=2)
    assert frame.parse(phy).fopts != fopts  # 1.1 FOpts travel encrypted
    # SNwkSIntKey covers the data rate and channel: other values fail the MIC.
    with pytest.raises(myk10.IntegrityError):
        table.uplink(phy, tx_dr=4, tx_ch=2)
    assert table.get(EUI_11).fcnt_up is None
    result = table.uplink(phy, tx_dr=5, tx_ch=2)
    assert (result.fcnt, result.payload, result.fopts) == (9, b"\x2a", fopts)
    assert result.dev_eui == EUI_11 and result.version is frame.Version.V1_1
    assert result.codec == ""
    [status] = frame.decode_mac_commands(result.fopts, uplink=True)
    assert status.fields == {"battery": 115, "margin": 7}
    with pytest.raises(myk10.ReplayError):
        table.uplink(phy, tx_dr=5, tx_ch=2)
    # uplink_frame takes a parsed frame; the Frame may go away first.
    parsed = frame.parse(frame.encode_data(keys, dev_addr=ADDR_11, fcnt=10, fport=1,
                                           payload=b"ok", tx_dr=5, tx_ch=2))
    result = table.uplink_frame(parsed, tx_dr=5, tx_ch=2)
    del parsed
    gc.collect()
    assert (result.fcnt, result.payload, result.frame.fcnt16) == (10, b"ok", 10)


def test_counter_gap_is_refused_at_max_fcnt_gap_plus_one(table):
    assert frame.SESSION_MAX_FCNT_GAP == 16384
    table.uplink(up10(1))
    with pytest.raises(myk10.GapError) as gap:
        table.uplink(up10(1 + 16385))
    assert gap.value.status is myk10.Status.EGAP
    assert table.get(EUI_10).fcnt_up == 1
    assert table.uplink(up10(1 + 16384)).fcnt == 16385  # exactly MAX_FCNT_GAP is accepted


def test_fcnt_wraps_from_0xffff_to_0x10000(table):
    table.add(keys_1_0(), dev_eui=0x1111, dev_addr=0x01020304, fcnt_up=0xFFFF)
    phy = frame.encode_data(keys_1_0(), dev_addr=0x01020304, fcnt=0x10000, fport=1,
                            payload=b"wrap")
    assert frame.parse(phy).fcnt16 == 0  # only the low 16 bits go on air
    result = table.uplink(phy)
    assert result.fcnt == 65536
    assert result.payload == b"wrap"
    assert table.get(0x1111).fcnt_up == 65536


def test_flipped_byte_is_integrity_error_and_the_counter_stays(table):
    table.uplink(up10(3))
    phy = bytearray(up10(4, b"level"))
    phy[10] ^= 0x01  # inside FRMPayload
    with pytest.raises(myk10.IntegrityError) as info:
        table.uplink(bytes(phy))
    assert info.value.status is myk10.Status.EINTEGRITY
    assert table.get(EUI_10).fcnt_up == 3
    assert table.uplink(up10(4, b"level")).fcnt == 4  # the intact frame still goes through


def test_unknown_dev_addr_is_no_key_error(table):
    phy = frame.encode_data(keys_1_0(), dev_addr=0x0BADADD0, fcnt=1, fport=1, payload=b"x")
    with pytest.raises(myk10.NoKeyError) as info:
        table.uplink(phy)
    assert info.value.status is myk10.Status.ENOKEY


def test_confirmed_uplink_may_be_retransmitted_once(table):
    phy = up10(7, b"alarm", mtype=frame.MType.CONFIRMED_UP)
    first = table.uplink(phy)
    assert first.fcnt == 7 and not first.retransmission
    assert table.get(EUI_10).last_confirmed
    again = table.uplink(phy)
    assert again.fcnt == 7 and again.retransmission and again.payload == b"alarm"
    assert table.get(EUI_10).retransmitted
    with pytest.raises(myk10.ReplayError):
        table.uplink(phy)
    # An unconfirmed uplink has no retransmission.
    unconfirmed = up10(8)
    table.uplink(unconfirmed)
    with pytest.raises(myk10.ReplayError):
        table.uplink(unconfirmed)


def test_session_without_app_s_key_hands_over_the_payload_encrypted():
    with frame.SessionTable() as t:
        t.add(keys_1_0(app=None), dev_eui=1, dev_addr=ADDR_10)
        phy = up10(2, b"secret")
        result = t.uplink(phy)
        assert result.payload_encrypted
        assert result.payload == frame.parse(phy).payload != b"secret"
        assert frame.parse(phy).decrypt(keys_1_0(), 2) == b"secret"


def test_garbage_is_refused_before_any_session_is_touched(table):
    with pytest.raises(myk10.TruncatedError):
        table.uplink(b"\x40\x01")
    with pytest.raises(myk10.MalformedError):
        table.uplink(bytes(300))
    with pytest.raises(TypeError):
        table.uplink("40F17DBE49")
    root = frame.Keys(frame.Version.V1_0)
    root.set(frame.KeyRole.APP, APP_S_KEY)
    join = frame.encode_join_request(root, join_eui=1, dev_eui=2, dev_nonce=3)
    with pytest.raises(myk10.InvalidArgumentError):
        table.uplink(join)  # not a data uplink
    assert [s.fcnt_up for s in table] == [None, None]


# ---- snapshots --------------------------------------------------------------------------


def test_snapshot_round_trip_is_byte_identical(table):
    table.uplink(up10(12))
    table.uplink(up10(13, mtype=frame.MType.CONFIRMED_UP))
    table.next_fcnt_down(EUI_11, application=True)
    snapshot = table.snapshot()
    assert isinstance(snapshot, bytes)
    with frame.SessionTable.load(snapshot) as loaded:
        assert loaded.snapshot() == snapshot
        assert len(loaded) == 2
        assert loaded.get(EUI_10) == table.get(EUI_10)
        assert loaded.get(EUI_11) == table.get(EUI_11)
        assert loaded.get(EUI_10).fcnt_up == 13 and loaded.get(EUI_10).last_confirmed
        assert loaded.get(EUI_11).afcnt_down == 1
        # The loaded table has the keys: it knows the retransmission and the next frame.
        assert loaded.uplink(up10(13, mtype=frame.MType.CONFIRMED_UP)).retransmission
        assert loaded.uplink(up10(14, b"on")).payload == b"on"


def test_damaged_snapshots_are_corrupt_error(table):
    snapshot = table.snapshot()
    for cut in (0, 1, len(snapshot) // 2, len(snapshot) - 1):
        with pytest.raises(myk10.CorruptError) as info:
            frame.SessionTable.load(snapshot[:cut])
        assert info.value.status is myk10.Status.ECORRUPT
    altered = bytearray(snapshot)
    altered[len(altered) // 2] ^= 0x40
    with pytest.raises(myk10.CorruptError):
        frame.SessionTable.load(bytes(altered))
    assert frame.SessionTable.load(snapshot).snapshot() == snapshot


# ---- table management -------------------------------------------------------------------


def test_next_fcnt_down_increments(table):
    assert [table.next_fcnt_down(EUI_10) for _ in range(3)] == [0, 1, 2]
    assert table.get(EUI_10).nfcnt_down == 3
    # LoRaWAN 1.1: application downlinks have their own counter.
    assert table.next_fcnt_down(EUI_11, application=True) == 0
    assert table.next_fcnt_down(EUI_11, application=True) == 1
    assert table.next_fcnt_down(EUI_11) == 0
    info = table.get(EUI_11)
    assert (info.nfcnt_down, info.afcnt_down) == (1, 2)
    # 0xFFFFFFFE is the last counter handed out: the one after it cannot be stored.
    table.update(dataclasses.replace(info, nfcnt_down=0xFFFFFFFE))
    assert table.next_fcnt_down(EUI_11) == 0xFFFFFFFE
    with pytest.raises(myk10.RangeError):
        table.next_fcnt_down(EUI_11)  # exhausted: the device must rejoin
    assert table.get(EUI_11).nfcnt_down == 0xFFFFFFFF


def test_add_get_update_remove_find(table):
    assert len(table) == 2
    assert {s.dev_eui for s in table} == {EUI_10, EUI_11}
    assert EUI_10 in table and 42 not in table and "x" not in table
    info = table.get(EUI_11)
    assert info == frame.SessionInfo(EUI_11, ADDR_11, frame.Version.V1_1)
    with pytest.raises(myk10.ExistsError):
        table.add(keys_1_0(), dev_eui=EUI_10, dev_addr=1)
    with pytest.raises(myk10.NoKeyError):
        table.add(frame.Keys(frame.Version.V1_1), dev_eui=3, dev_addr=3)
    # The C codec field holds 31 characters and its NUL; longer is refused, not cut.
    with pytest.raises(myk10.InvalidArgumentError):
        table.add(keys_1_0(), dev_eui=3, dev_addr=3, codec="x" * 32)
    assert len(table) == 2
    table.add(keys_1_0(), dev_eui=3, dev_addr=3, codec="x" * 31)
    assert table.get(3).codec == "x" * 31
    table.remove(3)
    # update: counters, flags and codec change; DevAddr and version stay.
    table.update(dataclasses.replace(info, fcnt_up=100, codec="dragino-ldds75",
                                     dev_addr=0xFFFFFFFF))
    info = table.get(EUI_11)
    assert (info.fcnt_up, info.codec, info.dev_addr) == (100, "dragino-ldds75", ADDR_11)
    with pytest.raises(myk10.NotFoundError):
        table.update(frame.SessionInfo(99, 1))
    # Several devices may share a DevAddr; the MIC picks the right one.
    table.add(keys_1_0(app=bytes(16)), dev_eui=0x2222, dev_addr=ADDR_11)
    assert sorted(table.find(ADDR_11)) == [0x2222, EUI_11]
    assert table.find(0x12345678) == []
    other = frame.encode_data(keys_1_0(app=bytes(16)), dev_addr=ADDR_11, fcnt=1, fport=1,
                              payload=b"b")
    assert table.uplink(other).dev_eui == 0x2222
    table.remove(0x2222)
    with pytest.raises(myk10.NotFoundError):
        table.remove(0x2222)
    with pytest.raises(myk10.NotFoundError):
        table.get(0x2222)
    with pytest.raises(myk10.NoKeyError):
        table.uplink(frame.encode_data(keys_1_0(), dev_addr=0x0BADADD0, fcnt=1))
    assert len(table) == 2


def test_keys_of_a_session_encode_a_downlink(table):
    keys = table.keys(EUI_10)
    assert keys.version is frame.Version.V1_0
    assert keys.get(frame.KeyRole.APP_S) == APP_S_KEY
    fcnt = table.next_fcnt_down(EUI_10)
    down = frame.encode_data(keys, mtype=frame.MType.UNCONFIRMED_DOWN, dev_addr=ADDR_10,
                             fcnt=fcnt, fport=3, payload=b"cfg")
    f = frame.parse(down)
    f.verify(keys_1_0(), fcnt)
    assert f.decrypt(keys_1_0(), fcnt) == b"cfg"
    with pytest.raises(myk10.NotFoundError):
        table.keys(42)


def test_closed_table_raises_state_error():
    t = frame.SessionTable()
    t.add(keys_1_0(), dev_eui=1, dev_addr=ADDR_10)
    result = t.uplink(up10(1))
    t.close()
    assert t.closed and "closed" in repr(t)
    with pytest.raises(myk10.StateError):
        t.uplink(up10(2))
    with pytest.raises(myk10.StateError):
        len(t)
    gc.collect()
    assert result.payload == b"\x01\x02"  # results own their bytes

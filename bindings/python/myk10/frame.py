# SPDX-License-Identifier: Apache-2.0
"""LoRaWAN frames, MAC commands, payload codecs and gateway uplink readers.

The Python face of ``include/myk10/frame.h``. Everything takes and returns
``bytes``; failures raise :class:`myk10.Error` subclasses (a wrong MIC is
:class:`myk10.IntegrityError`, a short frame :class:`myk10.TruncatedError`
with ``.offset``)::

    from myk10 import frame

    keys = frame.Keys(frame.Version.V1_0)
    keys.set_nwk_s_key(nwk_s_key)
    keys.set(frame.KeyRole.APP_S, app_s_key)
    f = frame.parse(phy)                 # structure only, no keys needed
    f.verify(keys, fcnt=2)               # constant-time MIC check
    plain = f.decrypt(keys, fcnt=2)      # FRMPayload in clear

    registry = frame.CodecRegistry()
    registry.decode("cayenne-lpp", plain, device="gauge-7", time=t)

Objects: :class:`Frame` (parsed, immutable, owns a copy of its bytes),
:class:`Keys`, :class:`CodecRegistry`, :class:`UplinkReader` and
:class:`SessionTable` (native handles: they free themselves, and
``close()`` / ``with`` frees them at once), :class:`MacCommand`,
:class:`Measurement`, :class:`Uplink`, :class:`SessionInfo`,
:class:`UplinkResult`.

Threads: a :class:`Keys` object carries cipher state; use one per thread
(as in C). A :class:`SessionTable` may be shared: its methods hold the GIL
for the whole C call. Everything else may be shared.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import struct
import threading
from typing import Any, Callable, Iterable, Iterator, Mapping

from . import core as _core
from .errors import CallbackError, Error, InvalidArgumentError, NotFoundError, StateError

__all__ = [
    "FRAME_MAX_SIZE", "FRAME_KEY_SIZE",
    "MType", "Version", "KeyRole", "JoinReqType", "MacCid", "UplinkFormat",
    "Keys", "Frame", "JoinAccept", "parse",
    "encode_data", "encode_join_request", "encode_join_accept",
    "MacCommand", "decode_mac_commands", "encode_mac_commands", "mac_name",
    "mac_payload_size",
    "Measurement", "CodecContext", "CodecRegistry",
    "lpp_decode", "senml_json_decode", "senml_cbor_decode",
    "senml_json_encode", "senml_cbor_encode",
    "Uplink", "UplinkReader", "parse_uplinks",
    "SESSION_MAX_FCNT_GAP", "SessionInfo", "UplinkResult", "SessionTable",
]

FRAME_MAX_SIZE: int = _core.FRAME_MAX_SIZE
FRAME_KEY_SIZE: int = _core.FRAME_KEY_SIZE
#: Largest forward jump of the uplink counter a session accepts (LoRaWAN MAX_FCNT_GAP).
SESSION_MAX_FCNT_GAP: int = _core.SESSION_MAX_FCNT_GAP


class MType(enum.IntEnum):
    """Message type (MHDR bits 7..5); the values are the wire values."""
    JOIN_REQUEST = _core.FRAME_JOIN_REQUEST
    JOIN_ACCEPT = _core.FRAME_JOIN_ACCEPT
    UNCONFIRMED_UP = _core.FRAME_UNCONFIRMED_UP
    UNCONFIRMED_DOWN = _core.FRAME_UNCONFIRMED_DOWN
    CONFIRMED_UP = _core.FRAME_CONFIRMED_UP
    CONFIRMED_DOWN = _core.FRAME_CONFIRMED_DOWN
    REJOIN_REQUEST = _core.FRAME_REJOIN_REQUEST
    PROPRIETARY = _core.FRAME_PROPRIETARY

    @property
    def spec_name(self) -> str:
        """The specification's name, e.g. ``"UnconfirmedDataUp"``."""
        return _core.frame_mtype_name(self)

    @property
    def is_data(self) -> bool:
        return _core.frame_mtype_is_data(self)

    @property
    def is_uplink(self) -> bool:
        return _core.frame_mtype_is_uplink(self)


class Version(enum.IntEnum):
    """LoRaWAN MAC version of a device (selects MIC, FOpts and derivation rules)."""
    V1_0 = _core.LORAWAN_1_0  #: 1.0.2 - 1.0.4
    V1_1 = _core.LORAWAN_1_1


class KeyRole(enum.IntEnum):
    """The role a key plays; a 1.0 NwkSKey fills the three network session roles."""
    APP_S = _core.KEY_APP_S
    F_NWK_S_INT = _core.KEY_F_NWK_S_INT
    S_NWK_S_INT = _core.KEY_S_NWK_S_INT
    NWK_S_ENC = _core.KEY_NWK_S_ENC
    APP = _core.KEY_APP
    NWK = _core.KEY_NWK
    JS_INT = _core.KEY_JS_INT
    JS_ENC = _core.KEY_JS_ENC

    @property
    def spec_name(self) -> str:
        """e.g. ``"NwkSEncKey"``."""
        return _core.frame_key_role_name(self)


class JoinReqType(enum.IntEnum):
    """What a join-accept answers (part of the 1.1 MIC)."""
    REJOIN_0 = _core.JOIN_REQ_REJOIN_0
    REJOIN_1 = _core.JOIN_REQ_REJOIN_1
    REJOIN_2 = _core.JOIN_REQ_REJOIN_2
    JOIN = _core.JOIN_REQ_JOIN


class MacCid(enum.IntEnum):
    """MAC command identifiers (wire values)."""
    RESET = _core.MAC_RESET
    LINK_CHECK = _core.MAC_LINK_CHECK
    LINK_ADR = _core.MAC_LINK_ADR
    DUTY_CYCLE = _core.MAC_DUTY_CYCLE
    RX_PARAM_SETUP = _core.MAC_RX_PARAM_SETUP
    DEV_STATUS = _core.MAC_DEV_STATUS
    NEW_CHANNEL = _core.MAC_NEW_CHANNEL
    RX_TIMING_SETUP = _core.MAC_RX_TIMING_SETUP
    TX_PARAM_SETUP = _core.MAC_TX_PARAM_SETUP
    DL_CHANNEL = _core.MAC_DL_CHANNEL
    REKEY = _core.MAC_REKEY
    ADR_PARAM_SETUP = _core.MAC_ADR_PARAM_SETUP
    DEVICE_TIME = _core.MAC_DEVICE_TIME
    FORCE_REJOIN = _core.MAC_FORCE_REJOIN
    REJOIN_PARAM_SETUP = _core.MAC_REJOIN_PARAM_SETUP


class UplinkFormat(enum.IntEnum):
    """Producer of an uplink document."""
    AUTO = _core.UPLINK_FORMAT_AUTO
    PACKET_FORWARDER = _core.UPLINK_FORMAT_PACKET_FORWARDER
    CHIRPSTACK = _core.UPLINK_FORMAT_CHIRPSTACK
    THINGS_STACK = _core.UPLINK_FORMAT_THINGS_STACK

    @property
    def spec_name(self) -> str:
        """e.g. ``"packet-forwarder"``."""
        return _core.uplink_format_name(self)


def _enum_or_int(cls, value):
    try:
        return cls(value)
    except ValueError:
        return value


# ---- handles --------------------------------------------------------------------------


class _Handle:
    """A native object that frees itself when the last reference goes, or at
    once on close() / leaving a ``with`` block. Objects derived from it keep
    it alive, so closing never frees memory still in use: it only makes this
    wrapper unusable."""

    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    @property
    def _h(self):
        if self._native is None:
            raise StateError(f"{type(self).__name__} is closed")
        return self._native

    @property
    def closed(self) -> bool:
        return self._native is None

    def close(self) -> None:
        """Releases the native object (if nothing else refers to it)."""
        self._native = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class Keys(_Handle):
    """Keys of one device, with their AES schedules expanded once. Key bytes
    live in guarded memory and are wiped when the object is freed."""

    __slots__ = ()

    def __init__(self, version: Version | int = Version.V1_0) -> None:
        super().__init__(_core.FrameKeys(int(version)))

    @property
    def version(self) -> Version:
        return Version(self._h.version())

    def set(self, role: KeyRole | int, key: bytes) -> None:
        """Sets the 16-byte key of ``role`` (as printed, not reversed)."""
        self._h.set(int(role), key)

    def set_nwk_s_key(self, key: bytes) -> None:
        """LoRaWAN 1.0: NwkSKey into the three network session roles."""
        self._h.set_nwk_s_key(key)

    def unset(self, role: KeyRole | int) -> None:
        self._h.unset(int(role))

    def has(self, role: KeyRole | int) -> bool:
        return self._h.has(int(role))

    __contains__ = has

    def get(self, role: KeyRole | int) -> bytes:
        """Copy of a key (:class:`myk10.NoKeyError` if unset)."""
        return self._h.get(int(role))

    def derive_session(self, root: "Keys", *, join_nonce: int, net_id: int, dev_nonce: int,
                       join_eui: int = 0, opt_neg: bool = False) -> None:
        """OTAA session-key derivation from ``root``'s AppKey/NwkKey (``root``
        may be ``self``)."""
        self._h.derive_session(root._h, join_nonce, net_id, join_eui, dev_nonce, opt_neg)

    def derive_js(self, dev_eui: int) -> None:
        """LoRaWAN 1.1: JSIntKey and JSEncKey from NwkKey."""
        self._h.derive_js(dev_eui)

    def __repr__(self) -> str:
        if self.closed:
            return "<myk10.frame.Keys closed>"
        roles = [role.name for role in KeyRole if self.has(role)]
        return f"<myk10.frame.Keys {self.version.name} {roles}>"


# ---- frames ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class JoinAccept:
    """A join-accept in clear."""
    join_nonce: int
    net_id: int
    dev_addr: int
    dl_settings: int
    opt_neg: bool
    rx1_dr_offset: int
    rx2_dr: int
    rx_delay: int
    cflist: bytes | None
    mic: bytes

    @classmethod
    def _from_core(cls, ja) -> "JoinAccept":
        return cls(ja.join_nonce(), ja.net_id(), ja.dev_addr(), ja.dl_settings(), ja.opt_neg(),
                   ja.rx1_dr_offset(), ja.rx2_dr(), ja.rx_delay(),
                   ja.cflist() if ja.has_cflist() else None, ja.mic())


class Frame:
    """A parsed PHYPayload. Attributes that do not apply to the message type
    are ``None`` (e.g. ``dev_addr`` of a join-request, ``fport`` of a data
    frame without FPort)."""

    __slots__ = ("_raw", "phy", "mtype", "mhdr", "major", "uplink", "mic",
                 "dev_addr", "fctrl", "adr", "adr_ack_req", "ack", "class_b", "fpending",
                 "fcnt16", "fopts", "fport", "payload",
                 "join_eui", "dev_eui", "dev_nonce", "encrypted", "rejoin_type", "net_id",
                 "rj_count")

    def __init__(self, phy: bytes) -> None:
        raw = _core.Frame(phy)
        self._raw = raw
        self.phy: bytes = raw.phy()
        self.mtype = _enum_or_int(MType, raw.mtype())
        self.mhdr: int = raw.mhdr()
        self.major: int = raw.major()
        self.uplink: bool = raw.uplink()
        self.mic: bytes = raw.mic()
        data = _core.frame_mtype_is_data(raw.mtype())
        self.dev_addr: int | None = raw.dev_addr() if data else None
        self.fctrl: int | None = raw.fctrl() if data else None
        self.adr: bool | None = raw.adr() if data else None
        self.adr_ack_req: bool | None = raw.adr_ack_req() if data else None
        self.ack: bool | None = raw.ack() if data else None
        self.class_b: bool | None = raw.class_b() if data else None
        self.fpending: bool | None = raw.fpending() if data else None
        self.fcnt16: int | None = raw.fcnt16() if data else None
        self.fopts: bytes | None = raw.fopts() if data else None
        self.fport: int | None = raw.fport() if data and raw.has_fport() else None
        if data:
            self.payload: bytes | None = raw.frm_payload()
        elif self.mtype == MType.PROPRIETARY:
            self.payload = raw.proprietary()
        else:
            self.payload = None
        join = self.mtype in (MType.JOIN_REQUEST, MType.REJOIN_REQUEST)
        rejoin = self.mtype == MType.REJOIN_REQUEST
        self.rejoin_type: int | None = raw.rejoin_type() if rejoin else None
        has_join_eui = self.mtype == MType.JOIN_REQUEST or (rejoin and self.rejoin_type == 1)
        self.join_eui: int | None = raw.join_eui() if has_join_eui else None
        self.dev_eui: int | None = raw.dev_eui() if join else None
        self.dev_nonce: int | None = raw.dev_nonce() if self.mtype == MType.JOIN_REQUEST else None
        self.net_id: int | None = raw.net_id() if rejoin and self.rejoin_type != 1 else None
        self.rj_count: int | None = raw.rj_count() if rejoin else None
        self.encrypted: bytes | None = (raw.join_accept_encrypted()
                                        if self.mtype == MType.JOIN_ACCEPT else None)

    def _fcnt(self, fcnt: int | None) -> int:
        if fcnt is not None:
            return fcnt
        if self.fcnt16 is None:
            return 0
        return self.fcnt16

    def compute_mic(self, keys: Keys, fcnt: int | None = None, *, conf_fcnt: int = 0,
                    tx_dr: int = 0, tx_ch: int = 0) -> bytes:
        """The MIC this frame should carry (4 bytes, air order). ``fcnt`` is
        the full 32-bit counter; it defaults to ``fcnt16`` (no wrap yet)."""
        return self._raw.compute_mic(keys._h, self._fcnt(fcnt), conf_fcnt, tx_dr, tx_ch)

    def verify(self, keys: Keys, fcnt: int | None = None, *, conf_fcnt: int = 0,
               tx_dr: int = 0, tx_ch: int = 0) -> None:
        """Checks the MIC in constant time; :class:`myk10.IntegrityError` if wrong."""
        self._raw.verify(keys._h, self._fcnt(fcnt), conf_fcnt, tx_dr, tx_ch)

    def decrypt(self, keys: Keys, fcnt: int | None = None) -> bytes:
        """FRMPayload in clear (AppSKey; NwkSEncKey for FPort 0). Verify first."""
        return self._raw.decrypt(keys._h, self._fcnt(fcnt))

    def decrypt_fopts(self, keys: Keys, fcnt: int | None = None) -> bytes:
        """FOpts in clear (decrypted for LoRaWAN 1.1, as is for 1.0)."""
        return self._raw.decrypt_fopts(keys._h, self._fcnt(fcnt))

    def mac_commands(self, keys: Keys | None = None, fcnt: int | None = None) -> list["MacCommand"]:
        """MAC commands from FOpts, or from the payload for FPort 0. Needs
        keys for 1.1 FOpts and for FPort-0 payloads; 1.0 FOpts are in clear."""
        if self.fport == 0:
            if keys is None:
                raise InvalidArgumentError("FPort-0 MAC commands are encrypted: pass keys")
            data = self.decrypt(keys, fcnt)
        elif keys is not None:
            data = self.decrypt_fopts(keys, fcnt)
        else:
            data = self.fopts or b""
        return decode_mac_commands(data, uplink=self.uplink)

    def open_join_accept(self, keys: Keys, *, join_req_type: JoinReqType | int = JoinReqType.JOIN,
                         join_eui: int = 0, dev_nonce: int = 0) -> JoinAccept:
        """Decrypts a join-accept and checks its MIC (IntegrityError if wrong)."""
        return JoinAccept._from_core(
            self._raw.open_join_accept(keys._h, int(join_req_type), join_eui, dev_nonce))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Frame) and other.phy == self.phy

    def __hash__(self) -> int:
        return hash(self.phy)

    def __repr__(self) -> str:
        name = self.mtype.name if isinstance(self.mtype, MType) else self.mtype
        if self.dev_addr is not None:
            return (f"<myk10.frame.Frame {name} dev_addr={self.dev_addr:08X} "
                    f"fcnt16={self.fcnt16} fport={self.fport} payload={len(self.payload)}B>")
        return f"<myk10.frame.Frame {name} {len(self.phy)}B>"


def parse(phy: bytes) -> Frame:
    """Parses a PHYPayload (structure only; no keys needed)."""
    return Frame(phy)


def encode_data(keys: Keys, *, dev_addr: int, fcnt: int, mtype: MType | int = MType.UNCONFIRMED_UP,
                fport: int | None = None, payload: bytes = b"", fopts: bytes = b"",
                adr: bool = False, adr_ack_req: bool = False, ack: bool = False,
                class_b: bool = False, fpending: bool = False, conf_fcnt: int = 0,
                tx_dr: int = 0, tx_ch: int = 0) -> bytes:
    """Builds a data frame: encrypts the payload (and 1.1 FOpts), adds the MIC.
    ``fcnt`` is the full 32-bit counter; ``fopts`` are MAC commands in clear."""
    return _core.encode_data(int(mtype), dev_addr, fcnt, fport is not None,
                             0 if fport is None else fport, payload, fopts, adr, adr_ack_req,
                             ack, class_b, fpending, conf_fcnt, tx_dr, tx_ch, keys._h)


def encode_join_request(keys: Keys, *, join_eui: int, dev_eui: int, dev_nonce: int) -> bytes:
    """Builds a join-request (23 bytes) with its MIC."""
    return _core.encode_join_request(join_eui, dev_eui, dev_nonce, keys._h)


def encode_join_accept(keys: Keys, *, join_nonce: int, net_id: int, dev_addr: int,
                       opt_neg: bool = False, rx1_dr_offset: int = 0, rx2_dr: int = 0,
                       rx_delay: int = 0, cflist: bytes | None = None,
                       join_req_type: JoinReqType | int = JoinReqType.JOIN, join_eui: int = 0,
                       dev_nonce: int = 0) -> bytes:
    """Builds and encrypts a join-accept (17 bytes, 33 with a CFList)."""
    fields = _core.JoinAccept()
    fields.set(join_nonce, net_id, dev_addr, opt_neg, rx1_dr_offset, rx2_dr, rx_delay)
    fields.set_cflist(cflist or b"")
    return _core.encode_join_accept(fields, keys._h, int(join_req_type), join_eui, dev_nonce)


# ---- MAC commands ---------------------------------------------------------------------


class MacCommand:
    """One MAC command: ``cid``, direction (``uplink``), and its fields as a
    dict (names as in frame.h, e.g. ``battery``/``margin`` of DevStatusAns).

    >>> MacCommand(MacCid.DEV_STATUS, uplink=True, battery=115, margin=7)
    """

    __slots__ = ("cid", "uplink", "name", "offset", "size", "fields")

    def __init__(self, cid: MacCid | int, uplink: bool, offset: int = 0, size: int | None = None,
                 **fields: int) -> None:
        raw = _core.MacCommand(int(cid), uplink)
        for key, value in fields.items():
            raw.set_field(key, int(value))
        self._load(raw)
        self.offset = offset
        if size is not None:
            self.size = size

    def _load(self, raw) -> None:
        self.cid = _enum_or_int(MacCid, raw.cid())
        self.uplink: bool = raw.uplink()
        self.name: str = raw.name()
        self.offset: int = raw.offset()
        size = _core.mac_payload_size(raw.cid(), raw.uplink())
        self.size: int = raw.size() if raw.size() or size < 0 else size
        self.fields: dict[str, int] = {raw.field_name(i): raw.field(raw.field_name(i))
                                       for i in range(raw.field_count())}

    @classmethod
    def _from_core(cls, raw) -> "MacCommand":
        command = cls.__new__(cls)
        command._load(raw)
        return command

    def __getitem__(self, field: str) -> int:
        return self.fields[field]

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, MacCommand) and (self.cid, self.uplink, self.fields)
                == (other.cid, other.uplink, other.fields))

    def __repr__(self) -> str:
        return f"MacCommand({self.name}, {self.fields})"

    def _to_core(self):
        raw = _core.MacCommand(int(self.cid), self.uplink)
        for key, value in self.fields.items():
            raw.set_field(key, int(value))
        return raw


def decode_mac_commands(data: bytes, uplink: bool) -> list[MacCommand]:
    """Decodes FOpts (in clear) or an FPort-0 payload sent in the given direction."""
    commands = _core.MacCommandList.decode(data, uplink)
    return [MacCommand._from_core(commands.get(i)) for i in range(commands.count())]


def encode_mac_commands(commands: Iterable[MacCommand]) -> bytes:
    """Encodes commands for FOpts or an FPort-0 payload."""
    target = _core.MacCommandList()
    for command in commands:
        target.append(command._to_core())
    return target.encode()


mac_name = _core.mac_name
mac_payload_size = _core.mac_payload_size


# ---- measurements and codecs ------------------------------------------------------------

Value = float | str | bool | bytes | None


@dataclasses.dataclass(frozen=True)
class Measurement:
    """One normalised measurement. ``value`` is a float (SenML v), str (vs),
    bool (vb), bytes (vd) or None (a record with only a sum). ``device`` and
    ``time`` left as None by a Python codec are filled in from the context."""
    quantity: str
    value: Value
    unit: str = ""
    channel: int | None = None
    device: str | None = None
    time: int | None = None
    time_ns: int = 0
    sum: float | None = None

    def _kind(self) -> int:
        value = self.value
        if value is None:
            return _core.VALUE_NONE
        if isinstance(value, bool):
            return _core.VALUE_BOOLEAN
        if isinstance(value, str):
            return _core.VALUE_STRING
        if isinstance(value, (bytes, bytearray, memoryview)):
            return _core.VALUE_DATA
        if isinstance(value, (int, float)):
            return _core.VALUE_NUMBER
        raise TypeError(f"measurement value must be float, str, bool, bytes or None, "
                        f"not {type(value).__name__}")

    def _add_to(self, target, device: str = "", time: int = 0) -> None:
        kind = self._kind()
        value = self.value
        target.add(device if self.device is None else self.device, self.quantity, self.unit,
                   time if self.time is None else self.time, self.time_ns,
                   _core.NO_CHANNEL if self.channel is None else self.channel, kind,
                   float(value) if kind == _core.VALUE_NUMBER else 0.0,
                   bool(value) if kind == _core.VALUE_BOOLEAN else False,
                   value if kind == _core.VALUE_STRING else "",
                   bytes(value) if kind == _core.VALUE_DATA else b"",
                   self.sum is not None, 0.0 if self.sum is None else float(self.sum))


def _read_list(source) -> list[Measurement]:
    result = []
    for i in range(source.count()):
        kind = source.kind(i)
        if kind == _core.VALUE_NUMBER:
            value: Value = source.number(i)
        elif kind == _core.VALUE_STRING:
            value = source.string(i)
        elif kind == _core.VALUE_BOOLEAN:
            value = source.boolean(i)
        elif kind == _core.VALUE_DATA:
            value = source.data(i)
        else:
            value = None
        channel = source.channel(i)
        result.append(Measurement(
            quantity=source.quantity(i), value=value, unit=source.unit(i),
            channel=None if channel == _core.NO_CHANNEL else channel,
            device=source.device(i), time=source.time(i), time_ns=source.time_ns(i),
            sum=source.sum(i) if source.has_sum(i) else None))
    return result


def _to_list(measurements: Iterable[Measurement]):
    target = _core.MeasurementList()
    for m in measurements:
        m._add_to(target)
    return target


@dataclasses.dataclass(frozen=True)
class CodecContext:
    """What a codec knows about the frame besides its payload."""
    device: str = ""
    time: int = 0
    fport: int | None = None
    mounting_height: float | None = None
    probe_height: float | None = None


def _context_args(device: str, time: int, fport: int | None, mounting_height: float | None,
                  probe_height: float | None) -> tuple:
    return (device, time, -1 if fport is None else fport,
            mounting_height is not None, 0.0 if mounting_height is None else mounting_height,
            probe_height is not None, 0.0 if probe_height is None else probe_height)


# The exception a Python codec raised, per thread, from the adapter (which
# runs inside the C registry, where it cannot propagate) to decode().
_failure = threading.local()


def _as_measurement(item: Any) -> Measurement:
    if isinstance(item, Measurement):
        return item
    if isinstance(item, Mapping):
        return Measurement(**item)
    if isinstance(item, tuple) and 2 <= len(item) <= 4:
        return Measurement(*item)  # (quantity, value[, unit[, channel]])
    raise TypeError(f"a codec must yield Measurement objects, dicts or "
                    f"(quantity, value[, unit[, channel]]) tuples, not {item!r}")


class _CodecAdapter:
    """Called by the C trampoline (myk10_python.i) for a Python codec."""

    __slots__ = ("function",)

    def __init__(self, function: Callable) -> None:
        self.function = function

    def __call__(self, target, payload: bytes, device: str, time: int, fport: int,
                 mounting_height: float | None, probe_height: float | None) -> bool:
        try:
            ctx = CodecContext(device, time, None if fport < 0 else fport, mounting_height,
                               probe_height)
            items = [_as_measurement(item) for item in self.function(payload, ctx) or ()]
            for m in items:
                m._add_to(target, device, time)
            return True
        except BaseException as exc:  # noqa: BLE001 - it cannot cross the C frames
            _failure.exception = exc
            return False


def _decode_failed(error: Error) -> Error:
    """The exception for a failed decode: a Python codec's own exception
    becomes the cause and part of the message of the CallbackError."""
    cause = getattr(_failure, "exception", None)
    _failure.exception = None
    if cause is None or not isinstance(error, CallbackError):
        return error
    if isinstance(cause, (KeyboardInterrupt, SystemExit)):
        return cause
    detail = f"{type(cause).__name__}: {cause}"
    wrapped = CallbackError(f"{error.message}: {detail}", offset=error.offset)
    wrapped.__cause__ = cause
    return wrapped


class CodecRegistry(_Handle):
    """Map from codec names to decoders. Starts with the built-in codecs
    (``cayenne-lpp``, ``senml-json``, ``senml-cbor``, ``dragino-ldds75``,
    ``dragino-ps-lb``, ``milesight-em500-udl``, ``milesight-em500-swl``,
    ``decentlab-dl-mbx``); add your own with :meth:`register` (Python) or
    :meth:`register_declarative` (JSON description)."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(_core.CodecRegistry())

    def names(self) -> list[str]:
        """Registered codec names, in registration order."""
        h = self._h
        return [h.name(i) for i in range(h.count())]

    def __len__(self) -> int:
        return self._h.count()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._h.contains(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def register(self, name: str, codec: Callable[[bytes, CodecContext], Iterable[Any]]) -> None:
        """Registers a Python codec: ``codec(payload, ctx)`` returns an
        iterable of :class:`Measurement` (or ``(quantity, value[, unit[,
        channel]])`` tuples). Any exception it raises fails the decode with
        :class:`myk10.CallbackError`, whose ``__cause__`` is that exception."""
        if not callable(codec):
            raise TypeError("codec must be callable")
        self._h.register_host(name, _CodecAdapter(codec))

    def register_declarative(self, name: str, definition: str) -> None:
        """Compiles a declarative codec (JSON text, docs/codecs.md) and registers it."""
        self._h.register_declarative(name, definition)

    def unregister(self, name: str) -> None:
        self._h.unregister(name)

    def decode(self, name: str, payload: bytes, *, device: str = "", time: int = 0,
               fport: int | None = None, mounting_height: float | None = None,
               probe_height: float | None = None) -> list[Measurement]:
        """Decodes ``payload`` with codec ``name``. ``mounting_height`` adds
        ``water_level`` for distance sensors, ``probe_height`` for depth probes."""
        target = _core.MeasurementList()
        _failure.exception = None
        try:
            self._h.decode(target, name, *_context_args(device, time, fport, mounting_height,
                                                        probe_height), payload)
        except Error as error:
            failure = _decode_failed(error)
            if failure is error:
                raise
            raise failure from failure.__cause__
        finally:
            _failure.exception = None
        return _read_list(target)


def _run_codec(function, payload: bytes, device: str, time: int, fport: int | None,
               mounting_height: float | None, probe_height: float | None) -> list[Measurement]:
    target = _core.MeasurementList()
    function(target, *_context_args(device, time, fport, mounting_height, probe_height), payload)
    return _read_list(target)


def lpp_decode(payload: bytes, *, device: str = "", time: int = 0, fport: int | None = None,
               mounting_height: float | None = None,
               probe_height: float | None = None) -> list[Measurement]:
    """Decodes a Cayenne LPP payload."""
    return _run_codec(_core.lpp_decode, payload, device, time, fport, mounting_height,
                      probe_height)


def senml_json_decode(payload: bytes | str, *, device: str = "", time: int = 0,
                      fport: int | None = None, mounting_height: float | None = None,
                      probe_height: float | None = None) -> list[Measurement]:
    """Decodes a SenML JSON pack (RFC 8428); ``time`` is SenML's "now"."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return _run_codec(_core.senml_json_decode, payload, device, time, fport, mounting_height,
                      probe_height)


def senml_cbor_decode(payload: bytes, *, device: str = "", time: int = 0,
                      fport: int | None = None, mounting_height: float | None = None,
                      probe_height: float | None = None) -> list[Measurement]:
    """Decodes a SenML CBOR pack (RFC 8428 section 6)."""
    return _run_codec(_core.senml_cbor_decode, payload, device, time, fport, mounting_height,
                      probe_height)


def _senml_flags(device_as_base_name: bool) -> int:
    return _core.SENML_DEVICE_AS_BASE_NAME if device_as_base_name else 0


def senml_json_encode(measurements: Iterable[Measurement], *,
                      device_as_base_name: bool = False) -> str:
    """SenML JSON text of the measurements (resolved form)."""
    return _core.senml_json_encode(_to_list(measurements),
                                   _senml_flags(device_as_base_name)).decode("utf-8")


def senml_cbor_encode(measurements: Iterable[Measurement], *,
                      device_as_base_name: bool = False) -> bytes:
    """SenML CBOR pack of the measurements."""
    return _core.senml_cbor_encode(_to_list(measurements), _senml_flags(device_as_base_name))


# ---- uplink JSON readers ------------------------------------------------------------------


def _flag(flags: int, bit: int, value):
    return value if flags & bit else None


class Uplink:
    """One uplink as a gateway or network server reported it. Optional
    members the input did not carry are ``None``.

    ``payload`` is the raw PHYPayload (``kind == "phy"``, packet forwarder:
    hand it to :func:`parse`) or the decrypted application payload
    (``kind == "application"``, network servers)."""

    def __init__(self, raw) -> None:
        # `raw` may be borrowed from a native list; it keeps that list alive.
        self._raw = raw
        r = raw
        flags = r.flags()
        self.format = _enum_or_int(UplinkFormat, r.format())
        self.kind: str = "phy" if r.kind() == _core.UPLINK_PHY_PAYLOAD else "application"
        self.payload: bytes = r.payload()
        self.time: int = r.time_sec()
        self.time_ns: int = r.time_nsec()
        self.time_from_caller: bool = bool(flags & _core.UPLINK_TIME_FROM_CALLER)
        self.dev_eui: int | None = _flag(flags, _core.UPLINK_HAS_DEV_EUI, r.dev_eui())
        self.dev_addr: int | None = _flag(flags, _core.UPLINK_HAS_DEV_ADDR, r.dev_addr())
        self.fcnt: int | None = _flag(flags, _core.UPLINK_HAS_FCNT, r.fcnt())
        self.fport: int | None = _flag(flags, _core.UPLINK_HAS_FPORT, r.fport())
        self.data_rate: int | None = _flag(flags, _core.UPLINK_HAS_DATA_RATE, r.data_rate())
        self.confirmed: bool = bool(flags & _core.UPLINK_CONFIRMED)
        self.adr: bool = bool(flags & _core.UPLINK_ADR)
        self.device_id: str = r.device_id()
        self.application_id: str = r.application_id()
        self.id_truncated: bool = bool(flags & _core.UPLINK_ID_TRUNCATED)
        self.modulation: int = r.modulation()
        self.frequency_hz: int = r.frequency_hz()
        self.spreading_factor: int = r.spreading_factor()
        self.bandwidth_khz: int = r.bandwidth_khz()
        self.coding_rate: tuple[int, int] | None = (
            (r.coding_rate_num(), r.coding_rate_den()) if r.coding_rate_den() else None)
        self.bitrate: int = r.bitrate()
        self.crc: int = r.crc()
        self.rssi_dbm: float | None = _flag(flags, _core.UPLINK_HAS_RSSI, r.rssi_dbm())
        self.snr_db: float | None = _flag(flags, _core.UPLINK_HAS_SNR, r.snr_db())
        self.gateway_eui: int | None = _flag(flags, _core.UPLINK_HAS_GATEWAY_EUI, r.gateway_eui())
        self.gateway_count: int = r.gateway_count()
        self.tmst: int | None = _flag(flags, _core.UPLINK_HAS_TMST, r.tmst())
        self.channel: int = r.channel()
        self.rf_chain: int = r.rf_chain()
        self.gps_time_ms: int | None = _flag(flags, _core.UPLINK_HAS_GPS_TIME, r.gps_time_ms())
        self.flags: int = flags

    def frame(self) -> Frame:
        """The PHYPayload parsed (only for ``kind == "phy"``)."""
        if self.kind != "phy":
            raise StateError("this uplink carries the decrypted application payload, "
                             "not a PHYPayload")
        return parse(self.payload)

    def __repr__(self) -> str:
        fmt = self.format.spec_name if isinstance(self.format, UplinkFormat) else self.format
        return f"<myk10.frame.Uplink {fmt} {self.kind} {len(self.payload)}B time={self.time}>"


def _input_bytes(document: bytes | str) -> bytes:
    return document.encode("utf-8") if isinstance(document, str) else document


def _received(received: float | None) -> tuple[int, int]:
    if received is None:
        return 0, 0
    seconds = math.floor(received)
    return int(seconds), min(int(round((received - seconds) * 1e9)), 999_999_999)


def parse_uplinks(document: bytes | str, format: UplinkFormat | int = UplinkFormat.AUTO, *,
                  received: float | None = None) -> list[Uplink]:
    """Every uplink of one document: a Semtech PUSH_DATA datagram or its JSON,
    a ChirpStack v4 ``up`` event, or a The Things Stack v3 uplink message.
    ``received`` (seconds since the epoch) is the time of records whose input
    carries none. Fails on the first bad record (use :class:`UplinkReader`
    to skip bad ones)."""
    seconds, nanoseconds = _received(received)
    records = _core.uplink_parse(int(format), _input_bytes(document), seconds, nanoseconds)
    return [Uplink(records.get(i)) for i in range(records.count())]


class UplinkReader(_Handle):
    """Reusable reader: loads one document at a time; each record is decoded
    on request and fails on its own."""

    __slots__ = ("_count",)

    def __init__(self) -> None:
        super().__init__(_core.UplinkReader())
        self._count = 0

    def load(self, document: bytes | str, format: UplinkFormat | int = UplinkFormat.AUTO, *,
             received: float | None = None) -> int:
        """Loads a document; returns its number of records."""
        seconds, nanoseconds = _received(received)
        self._count = 0
        self._count = self._h.load(int(format), _input_bytes(document), seconds, nanoseconds)
        return self._count

    @property
    def format(self) -> UplinkFormat:
        """Format of the loaded document (StateError if none)."""
        return UplinkFormat(self._h.format())

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> Uplink:
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("uplink record index out of range")
        return Uplink(self._h.get(index))

    def __iter__(self) -> Iterator[Uplink]:
        """Every record; a bad one raises when reached."""
        for i in range(self._count):
            yield self[i]



# ---- device sessions --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SessionInfo:
    """The state of one session besides its keys. ``fcnt_up`` is the last
    accepted uplink counter, ``None`` before the first one; ``nfcnt_down``
    and ``afcnt_down`` are the next downlink counters. Change a copy with
    :func:`dataclasses.replace` and hand it to :meth:`SessionTable.update`
    (which keeps the stored ``dev_addr`` and ``version``)."""
    dev_eui: int
    dev_addr: int
    version: Version = Version.V1_0
    fcnt_up: int | None = None
    nfcnt_down: int = 0
    afcnt_down: int = 0
    last_confirmed: bool = False
    retransmitted: bool = False
    codec: str = ""

    @classmethod
    def _from_core(cls, rec) -> "SessionInfo":
        return cls(rec.dev_eui(), rec.dev_addr(), _enum_or_int(Version, rec.version()),
                   rec.fcnt_up() if rec.has_fcnt_up() else None, rec.nfcnt_down(),
                   rec.afcnt_down(), rec.last_confirmed(), rec.retransmitted(), rec.codec())

    def __repr__(self) -> str:
        return (f"SessionInfo(dev_eui={self.dev_eui:016X}, dev_addr={self.dev_addr:08X}, "
                f"version={self.version!r}, fcnt_up={self.fcnt_up}, "
                f"nfcnt_down={self.nfcnt_down}, afcnt_down={self.afcnt_down}, "
                f"last_confirmed={self.last_confirmed}, retransmitted={self.retransmitted}, "
                f"codec={self.codec!r})")


@dataclasses.dataclass(frozen=True)
class UplinkResult:
    """An uplink a :class:`SessionTable` accepted. ``fcnt`` is the
    reconstructed 32-bit counter; ``payload`` the FRMPayload in clear (as
    received when ``payload_encrypted``: the session has no AppSKey), ``b""``
    if the frame has none; ``fopts`` the FOpts in clear (1.1: decrypted)."""
    frame: Frame
    fcnt: int
    retransmission: bool
    payload_encrypted: bool
    payload: bytes
    fopts: bytes
    dev_eui: int
    version: Version
    codec: str

    @classmethod
    def _from_core(cls, raw) -> "UplinkResult":
        return cls(Frame(raw.phy()), raw.fcnt(), raw.retransmission(), raw.payload_encrypted(),
                   raw.payload(), raw.fopts(), raw.dev_eui(),
                   _enum_or_int(Version, raw.version()), raw.codec())


class SessionTable(_Handle):
    """The network side's registry of activated devices: per DevEUI the
    DevAddr, LoRaWAN version, session keys (in guarded C memory, wiped on
    remove and close) and the 32-bit frame counters. :meth:`uplink` runs a
    received PHYPayload through parse, session lookup, FCnt32
    reconstruction, MIC check, counter check and decryption, and advances
    the counter only when all of them passed.

    Failures of :meth:`uplink`: :class:`myk10.NoKeyError` (no session has
    the DevAddr), :class:`myk10.IntegrityError` (no session's MIC matches),
    :class:`myk10.ReplayError` (an authentic frame with an old counter),
    :class:`myk10.GapError` (an authentic frame more than
    :data:`SESSION_MAX_FCNT_GAP` ahead).

    The C library's per-session host pointer is not bound: keep your own
    objects in a dict keyed by DevEUI (every result carries ``dev_eui``)."""

    __slots__ = ()

    def __init__(self, _native=None) -> None:
        super().__init__(_core.SessionTable() if _native is None else _native)

    @classmethod
    def load(cls, snapshot: bytes) -> "SessionTable":
        """A new table from a :meth:`snapshot`; a truncated or altered one
        raises :class:`myk10.CorruptError` (never a partly loaded table)."""
        return cls(_core.SessionTable.load(snapshot))

    def snapshot(self) -> bytes:
        """The whole table as deterministic CBOR (sessions sorted by DevAddr,
        then DevEUI). **It holds the session keys in clear**: store it like
        the keys themselves."""
        return self._h.save()

    def add(self, keys: Keys, *, dev_eui: int, dev_addr: int, codec: str = "",
            fcnt_up: int | None = None, nfcnt_down: int = 0, afcnt_down: int = 0,
            last_confirmed: bool = False, retransmitted: bool = False) -> None:
        """Adds a session with the session keys of ``keys`` (whose version
        becomes the session's; root keys are ignored). ``fcnt_up`` is the
        last accepted uplink counter (``None``: none yet). Raises
        :class:`myk10.ExistsError` for a DevEUI already in the table,
        :class:`myk10.NoKeyError` if a network session key is missing.
        Without an AppSKey, FPort > 0 payloads are handed over encrypted."""
        self._h.add_session(keys._h, dev_eui, dev_addr, fcnt_up is not None,
                            0 if fcnt_up is None else fcnt_up, nfcnt_down, afcnt_down,
                            last_confirmed, retransmitted, codec)

    def remove(self, dev_eui: int) -> None:
        """Removes a session and wipes its keys (:class:`myk10.NotFoundError` if none)."""
        self._h.remove_session(dev_eui)

    def get(self, dev_eui: int) -> SessionInfo:
        """The state of a session (:class:`myk10.NotFoundError` if none)."""
        return SessionInfo._from_core(self._h.info(dev_eui))

    def update(self, info: SessionInfo) -> None:
        """Replaces counters, flags and codec name of the session
        ``info.dev_eui``. DevAddr, version and keys stay: to change them,
        remove the session and add it again."""
        self._h.update_session(info.dev_eui, info.fcnt_up is not None,
                               0 if info.fcnt_up is None else info.fcnt_up, info.nfcnt_down,
                               info.afcnt_down, info.last_confirmed, info.retransmitted,
                               info.codec)

    def find(self, dev_addr: int) -> list[int]:
        """The DevEUIs of the sessions with a DevAddr (several devices may
        share one); empty if there is none."""
        packed = self._h.find_packed(dev_addr)
        return [eui for (eui,) in struct.iter_unpack(">Q", packed)]

    def keys(self, dev_eui: int) -> Keys:
        """A new :class:`Keys` with the session keys of a session, e.g. to
        encode a downlink with :func:`encode_data`."""
        keys = Keys.__new__(Keys)
        _Handle.__init__(keys, self._h.session_keys(dev_eui))
        return keys

    def next_fcnt_down(self, dev_eui: int, application: bool = False) -> int:
        """Takes the next downlink counter and advances it: NFCntDown (1.0:
        FCntDown), or AFCntDown for a 1.1 downlink with FPort > 0
        (``application=True``). :class:`myk10.RangeError` when exhausted."""
        return self._h.next_fcnt_down(dev_eui, application)

    def uplink(self, phy: bytes, *, tx_dr: int = 0, tx_ch: int = 0,
               conf_fcnt: int = 0) -> UplinkResult:
        """Processes a received PHYPayload. ``tx_dr``, ``tx_ch`` and
        ``conf_fcnt`` are the LoRaWAN 1.1 MIC inputs (ignored for 1.0). On
        any failure no session changes."""
        return UplinkResult._from_core(self._h.uplink_phy(phy, conf_fcnt, tx_dr, tx_ch))

    def uplink_frame(self, frame: Frame, *, tx_dr: int = 0, tx_ch: int = 0,
                     conf_fcnt: int = 0) -> UplinkResult:
        """As :meth:`uplink` for a frame already parsed with :func:`parse`."""
        return UplinkResult._from_core(self._h.uplink_parsed(frame._raw, conf_fcnt, tx_dr,
                                                             tx_ch))

    def __len__(self) -> int:
        return self._h.session_count()

    def __iter__(self) -> Iterator[SessionInfo]:
        """The sessions in the table's internal order (a copy taken now:
        adding or removing while iterating does not disturb it)."""
        h = self._h
        return iter([SessionInfo._from_core(h.info_at(i)) for i in range(h.session_count())])

    def __contains__(self, dev_eui: object) -> bool:
        if not isinstance(dev_eui, int) or not 0 <= dev_eui < 1 << 64:
            return False
        try:
            self._h.info(dev_eui)
        except NotFoundError:
            return False
        return True

    def __repr__(self) -> str:
        if self.closed:
            return "<myk10.frame.SessionTable closed>"
        return f"<myk10.frame.SessionTable {len(self)} sessions>"

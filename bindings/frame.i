/* SPDX-License-Identifier: Apache-2.0 */
/*
 * frame.i - what the frame module (include/myk10/frame.h) exposes to Python
 * and Java. Language-neutral: included by myk10.i after common.i.
 *
 * This layer is deliberately low-level and uniform across languages; the
 * idiomatic surface is hand-written on top of it (Python: myk10/frame.py,
 * Java: the javacode in java/myk10_java.i and the classes in
 * java/src/de/myk10/). What it provides:
 *
 * - Handle classes, one per opaque C object, each a "shadow" typedef so the
 *   class name is independent of the C tag: FrameKeys, MeasurementList,
 *   CodecRegistry, UplinkReader, SessionTable. Their constructors call *_create, their
 *   destructors *_destroy.
 * - Value classes that own a copy of their C struct: Frame (the parsed
 *   frame together with a private copy of its bytes, so no host buffer has
 *   to outlive it), JoinAccept, MacCommand, Uplink.
 * - Array results (MacCommandList, UplinkList) whose get(i) returns a
 *   *borrowed* element: it points into the list, so each language keeps the
 *   list alive from the element (Python: `_parent` attribute; Java: a field).
 * - Bytes travel through the (const uint8_t *BYTES, size_t BYTES_LEN)
 *   typemap (Python bytes-like, Java byte[]) and come back as
 *   myk10_bind_bytes (Python bytes, Java byte[]); both typemaps are per
 *   language. Nothing the host holds ever points into library memory.
 * - Every enum value is a %constant (FRAME_UNCONFIRMED_UP, KEY_APP_S, ...);
 *   the languages build their enums from them.
 *
 * Host codecs (CodecRegistry.register) need a trampoline into the host
 * interpreter and live in the language files.
 *
 * Not bound, on purpose (test_api.py lists the same):
 *   myk10_frame_max_size & co. - the %constant FRAME_MAX_SIZE etc. carry
 *       the same values (the functions exist for bindings that cannot read
 *       macros; SWIG can);
 *   myk10_mac_iter_init/_done/_next - an allocation-free C iterator;
 *       MacCommandList.decode returns every command at once;
 *   myk10_codec_context_init - contexts are keyword arguments / a
 *       CodecContext object in the hosts; the binding calls it internally;
 *   myk10_measurements_get - each list element is read through the
 *       per-field accessors of MeasurementList, which call it.
 *   myk10_session_max_fcnt_gap - the %constant SESSION_MAX_FCNT_GAP;
 *   the `user` host pointer of the sessions - see "device sessions" below.
 *
 * Device sessions: a SessionTable handle whose results are copied out of
 * the table at once (SessionRecord, SessionUplink); the languages turn them
 * into value objects (Python SessionInfo / UplinkResult dataclasses, Java
 * SessionInfo / UplinkResult classes).
 */

%{
#include <stdlib.h>

/* ---- shadow types for the opaque handles ---- */
typedef struct myk10_frame_keys FrameKeysShadow;
typedef struct myk10_measurements MeasurementListShadow;
typedef struct myk10_codec_registry CodecRegistryShadow;
typedef struct myk10_uplink_reader UplinkReaderShadow;

/* A parsed frame that owns its bytes: the C parser is zero-copy, so the
 * binding parses a private copy and the frame's pointers point into it. */
typedef struct FrameShadow {
    myk10_frame frame;
    uint8_t phy[MYK10_FRAME_MAX_SIZE];
} FrameShadow;

typedef myk10_join_accept JoinAcceptShadow;
typedef myk10_mac_command MacCommandShadow;
typedef myk10_uplink UplinkShadow;

typedef struct MacCommandListShadow {
    size_t count;
    myk10_mac_command *items;
} MacCommandListShadow;

typedef struct UplinkListShadow {
    size_t count;
    myk10_uplink *items;
} UplinkListShadow;

/* ---- bytes results ---- */

/* Copies `size` bytes into a result; frames are small, so the common case
 * needs no heap. */
static myk10_bind_bytes myk10_bind_bytes_of(const uint8_t *data, size_t size,
                                            myk10_status *status)
{
    myk10_bind_bytes result;
    result.heap = NULL;
    result.size = 0;
    if (size > sizeof result.small) {
        result.heap = (uint8_t *)malloc(size);
        if (!result.heap) {
            *status = MYK10_ENOMEM;
            return result;
        }
    }
    if (size > 0)
        memcpy(result.heap ? result.heap : result.small, data, size);
    result.size = size;
    return result;
}

/* A 16-byte key from host bytes; anything else is EINVAL. */
static myk10_status myk10_bind_key16(const uint8_t *key, size_t len)
{
    (void)key;
    return len == MYK10_FRAME_KEY_SIZE ? MYK10_OK : MYK10_EINVAL;
}

static myk10_frame_params myk10_bind_params(uint32_t fcnt, uint16_t conf_fcnt, uint8_t tx_dr,
                                            uint8_t tx_ch)
{
    myk10_frame_params params;
    memset(&params, 0, sizeof params);
    params.fcnt = fcnt;
    params.conf_fcnt = conf_fcnt;
    params.tx_dr = tx_dr;
    params.tx_ch = tx_ch;
    return params;
}

/* ---- MAC command fields ----
 * The value of a command is a union whose valid member depends on CID and
 * direction. Hosts see it as named integer fields; this table says which
 * fields a (cid, direction) has, where they live and how wide they are, so
 * one pair of accessors serves every command in both languages. */
enum { MYK10_BIND_U8, MYK10_BIND_I8, MYK10_BIND_U16, MYK10_BIND_U32, MYK10_BIND_BOOL };

typedef struct myk10_bind_mac_field {
    const char *name;
    size_t offset; /* within myk10_mac_payload */
    int type;
} myk10_bind_mac_field;

#define MYK10_BIND_F(name, member, type) \
    { name, offsetof(myk10_mac_payload, member), MYK10_BIND_##type }

static const myk10_bind_mac_field myk10_bind_mac_minor[] = {
    MYK10_BIND_F("minor", minor, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_status[] = {
    MYK10_BIND_F("status", status_ans.status, U8),
    MYK10_BIND_F("bit0", status_ans.bit0, BOOL),
    MYK10_BIND_F("bit1", status_ans.bit1, BOOL),
    MYK10_BIND_F("bit2", status_ans.bit2, BOOL), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_link_check_ans[] = {
    MYK10_BIND_F("margin", link_check_ans.margin, U8),
    MYK10_BIND_F("gw_cnt", link_check_ans.gw_cnt, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_link_adr_req[] = {
    MYK10_BIND_F("data_rate", link_adr_req.data_rate, U8),
    MYK10_BIND_F("tx_power", link_adr_req.tx_power, U8),
    MYK10_BIND_F("ch_mask", link_adr_req.ch_mask, U16),
    MYK10_BIND_F("ch_mask_cntl", link_adr_req.ch_mask_cntl, U8),
    MYK10_BIND_F("nb_trans", link_adr_req.nb_trans, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_duty_cycle_req[] = {
    MYK10_BIND_F("max_duty_cycle", max_duty_cycle, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_rx_param_setup_req[] = {
    MYK10_BIND_F("rx1_dr_offset", rx_param_setup_req.rx1_dr_offset, U8),
    MYK10_BIND_F("rx2_data_rate", rx_param_setup_req.rx2_data_rate, U8),
    MYK10_BIND_F("frequency_hz", rx_param_setup_req.frequency_hz, U32), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_dev_status_ans[] = {
    MYK10_BIND_F("battery", dev_status_ans.battery, U8),
    MYK10_BIND_F("margin", dev_status_ans.margin, I8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_new_channel_req[] = {
    MYK10_BIND_F("ch_index", new_channel_req.ch_index, U8),
    MYK10_BIND_F("frequency_hz", new_channel_req.frequency_hz, U32),
    MYK10_BIND_F("min_dr", new_channel_req.min_dr, U8),
    MYK10_BIND_F("max_dr", new_channel_req.max_dr, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_rx_timing_setup_req[] = {
    MYK10_BIND_F("rx_delay", rx_delay, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_tx_param_setup_req[] = {
    MYK10_BIND_F("downlink_dwell_time", tx_param_setup_req.downlink_dwell_time, BOOL),
    MYK10_BIND_F("uplink_dwell_time", tx_param_setup_req.uplink_dwell_time, BOOL),
    MYK10_BIND_F("max_eirp_code", tx_param_setup_req.max_eirp_code, U8),
    MYK10_BIND_F("max_eirp_dbm", tx_param_setup_req.max_eirp_dbm, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_dl_channel_req[] = {
    MYK10_BIND_F("ch_index", dl_channel_req.ch_index, U8),
    MYK10_BIND_F("frequency_hz", dl_channel_req.frequency_hz, U32), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_adr_param_setup_req[] = {
    MYK10_BIND_F("adr_param", adr_param, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_device_time_ans[] = {
    MYK10_BIND_F("gps_seconds", device_time_ans.gps_seconds, U32),
    MYK10_BIND_F("fraction", device_time_ans.fraction, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_force_rejoin_req[] = {
    MYK10_BIND_F("period", force_rejoin_req.period, U8),
    MYK10_BIND_F("max_retries", force_rejoin_req.max_retries, U8),
    MYK10_BIND_F("rejoin_type", force_rejoin_req.rejoin_type, U8),
    MYK10_BIND_F("data_rate", force_rejoin_req.data_rate, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_rejoin_param_setup_req[] = {
    MYK10_BIND_F("rejoin_param", rejoin_param, U8), { NULL, 0, 0 } };
static const myk10_bind_mac_field myk10_bind_mac_none[] = { { NULL, 0, 0 } };

static const myk10_bind_mac_field *myk10_bind_mac_fields(myk10_mac_cid cid, bool uplink)
{
    switch (cid) {
    case MYK10_MAC_RESET:
    case MYK10_MAC_REKEY:
        return myk10_bind_mac_minor;
    case MYK10_MAC_LINK_CHECK:
        return uplink ? myk10_bind_mac_none : myk10_bind_mac_link_check_ans;
    case MYK10_MAC_LINK_ADR:
        return uplink ? myk10_bind_mac_status : myk10_bind_mac_link_adr_req;
    case MYK10_MAC_DUTY_CYCLE:
        return uplink ? myk10_bind_mac_none : myk10_bind_mac_duty_cycle_req;
    case MYK10_MAC_RX_PARAM_SETUP:
        return uplink ? myk10_bind_mac_status : myk10_bind_mac_rx_param_setup_req;
    case MYK10_MAC_DEV_STATUS:
        return uplink ? myk10_bind_mac_dev_status_ans : myk10_bind_mac_none;
    case MYK10_MAC_NEW_CHANNEL:
        return uplink ? myk10_bind_mac_status : myk10_bind_mac_new_channel_req;
    case MYK10_MAC_RX_TIMING_SETUP:
        return uplink ? myk10_bind_mac_none : myk10_bind_mac_rx_timing_setup_req;
    case MYK10_MAC_TX_PARAM_SETUP:
        return uplink ? myk10_bind_mac_none : myk10_bind_mac_tx_param_setup_req;
    case MYK10_MAC_DL_CHANNEL:
        return uplink ? myk10_bind_mac_status : myk10_bind_mac_dl_channel_req;
    case MYK10_MAC_ADR_PARAM_SETUP:
        return uplink ? myk10_bind_mac_none : myk10_bind_mac_adr_param_setup_req;
    case MYK10_MAC_DEVICE_TIME:
        return uplink ? myk10_bind_mac_none : myk10_bind_mac_device_time_ans;
    case MYK10_MAC_FORCE_REJOIN:
        return uplink ? myk10_bind_mac_none : myk10_bind_mac_force_rejoin_req;
    case MYK10_MAC_REJOIN_PARAM_SETUP:
        return uplink ? myk10_bind_mac_status : myk10_bind_mac_rejoin_param_setup_req;
    }
    return myk10_bind_mac_none;
}

static const myk10_bind_mac_field *myk10_bind_mac_find(const myk10_mac_command *cmd,
                                                       const char *name, myk10_status *status)
{
    const myk10_bind_mac_field *field = myk10_bind_mac_fields(cmd->cid, cmd->uplink);
    for (; field->name; field++)
        if (strcmp(field->name, name) == 0)
            return field;
    *status = MYK10_ENOTFOUND;
    return NULL;
}

/* ---- measurements ---- */

/* Reads element `index`; every accessor below goes through it, so an index
 * out of range fails with ERANGE exactly as in C. */
static myk10_measurement myk10_bind_measurement_at(const myk10_measurements *list, size_t index,
                                                   myk10_status *status)
{
    myk10_measurement m;
    memset(&m, 0, sizeof m);
    *status = myk10_measurements_get(&m, list, index);
    return m;
}

static myk10_codec_context myk10_bind_codec_context(const char *device, int64_t time,
                                                    int32_t fport, bool has_mounting_height,
                                                    double mounting_height_m,
                                                    bool has_probe_height, double probe_height_m)
{
    myk10_codec_context ctx;
    myk10_codec_context_init(&ctx);
    ctx.device = device;
    ctx.time = time;
    ctx.fport = fport;
    ctx.has_mounting_height = has_mounting_height;
    ctx.mounting_height_m = mounting_height_m;
    ctx.has_probe_height = has_probe_height;
    ctx.probe_height_m = probe_height_m;
    return ctx;
}

/* Runs a SenML encoder twice: size query, then the real call. */
typedef myk10_status (*myk10_bind_encoder)(uint8_t *, size_t, size_t *,
                                           const myk10_measurements *, unsigned);

static myk10_status myk10_bind_senml_json_adapter(uint8_t *dst, size_t cap, size_t *out_len,
                                                  const myk10_measurements *list, unsigned flags)
{
    return myk10_senml_json_encode((char *)dst, cap, out_len, list, flags);
}

static myk10_bind_bytes myk10_bind_encode_list(myk10_bind_encoder encode,
                                               const myk10_measurements *list, unsigned flags,
                                               myk10_status *status)
{
    myk10_bind_bytes result;
    uint8_t *buffer;
    size_t needed = 0;
    myk10_status query = encode(NULL, 0, &needed, list, flags);

    memset(&result, 0, sizeof result);
    if (query != MYK10_OK && query != MYK10_EBUFSIZE) {
        *status = query;
        return result;
    }
    buffer = (uint8_t *)malloc(needed ? needed : 1);
    if (!buffer) {
        *status = MYK10_ENOMEM;
        return result;
    }
    *status = encode(buffer, needed, &needed, list, flags);
    if (*status != MYK10_OK) {
        free(buffer);
        return result;
    }
    result.heap = buffer; /* the out typemap frees it */
    result.size = needed;
    return result;
}
%}

/* ---- handle conventions ------------------------------------------------------ */

/* A closed handle (Java close()/delete() sets the pointer to 0) must fail
 * cleanly instead of reaching C with NULL. The languages define
 * MYK10_CHECK_FAIL as "raise and leave the wrapper". */
%define MYK10_SELF_CHECK(TYPE)
%typemap(check) TYPE *self {
    if (!$1) {
        myk10_clear_error();
        MYK10_CHECK_FAIL(MYK10_ESTATE);
    }
}
%enddef

MYK10_SELF_CHECK(FrameKeysShadow)
MYK10_SELF_CHECK(MeasurementListShadow)
MYK10_SELF_CHECK(CodecRegistryShadow)
MYK10_SELF_CHECK(UplinkReaderShadow)
MYK10_SELF_CHECK(FrameShadow)
MYK10_SELF_CHECK(JoinAcceptShadow)
MYK10_SELF_CHECK(MacCommandShadow)
MYK10_SELF_CHECK(UplinkShadow)
MYK10_SELF_CHECK(MacCommandListShadow)
MYK10_SELF_CHECK(UplinkListShadow)

/* Handles passed as arguments must be open as well. */
%typemap(check) FrameKeysShadow *KEYS, MeasurementListShadow *LIST,
                MacCommandListShadow *COMMANDS {
    if (!$1) {
        myk10_clear_error();
        MYK10_CHECK_FAIL(MYK10_EINVAL);
    }
}

/* ---- constants ------------------------------------------------------------- */

%constant int FRAME_MAX_SIZE = MYK10_FRAME_MAX_SIZE;
%constant int FRAME_MIN_DATA_SIZE = MYK10_FRAME_MIN_DATA_SIZE;
%constant int FRAME_MAX_FOPTS = MYK10_FRAME_MAX_FOPTS;
%constant int FRAME_KEY_SIZE = MYK10_FRAME_KEY_SIZE;
%constant int FRAME_CFLIST_SIZE = MYK10_FRAME_CFLIST_SIZE;

%constant int FRAME_JOIN_REQUEST = MYK10_FRAME_JOIN_REQUEST;
%constant int FRAME_JOIN_ACCEPT = MYK10_FRAME_JOIN_ACCEPT;
%constant int FRAME_UNCONFIRMED_UP = MYK10_FRAME_UNCONFIRMED_UP;
%constant int FRAME_UNCONFIRMED_DOWN = MYK10_FRAME_UNCONFIRMED_DOWN;
%constant int FRAME_CONFIRMED_UP = MYK10_FRAME_CONFIRMED_UP;
%constant int FRAME_CONFIRMED_DOWN = MYK10_FRAME_CONFIRMED_DOWN;
%constant int FRAME_REJOIN_REQUEST = MYK10_FRAME_REJOIN_REQUEST;
%constant int FRAME_PROPRIETARY = MYK10_FRAME_PROPRIETARY;

%constant int LORAWAN_1_0 = MYK10_LORAWAN_1_0;
%constant int LORAWAN_1_1 = MYK10_LORAWAN_1_1;

%constant int KEY_APP_S = MYK10_KEY_APP_S;
%constant int KEY_F_NWK_S_INT = MYK10_KEY_F_NWK_S_INT;
%constant int KEY_S_NWK_S_INT = MYK10_KEY_S_NWK_S_INT;
%constant int KEY_NWK_S_ENC = MYK10_KEY_NWK_S_ENC;
%constant int KEY_APP = MYK10_KEY_APP;
%constant int KEY_NWK = MYK10_KEY_NWK;
%constant int KEY_JS_INT = MYK10_KEY_JS_INT;
%constant int KEY_JS_ENC = MYK10_KEY_JS_ENC;
%constant int KEY_ROLE_COUNT = MYK10_KEY_ROLE_COUNT;

%constant int JOIN_REQ_REJOIN_0 = MYK10_JOIN_REQ_REJOIN_0;
%constant int JOIN_REQ_REJOIN_1 = MYK10_JOIN_REQ_REJOIN_1;
%constant int JOIN_REQ_REJOIN_2 = MYK10_JOIN_REQ_REJOIN_2;
%constant int JOIN_REQ_JOIN = MYK10_JOIN_REQ_JOIN;

%constant int MAC_RESET = MYK10_MAC_RESET;
%constant int MAC_LINK_CHECK = MYK10_MAC_LINK_CHECK;
%constant int MAC_LINK_ADR = MYK10_MAC_LINK_ADR;
%constant int MAC_DUTY_CYCLE = MYK10_MAC_DUTY_CYCLE;
%constant int MAC_RX_PARAM_SETUP = MYK10_MAC_RX_PARAM_SETUP;
%constant int MAC_DEV_STATUS = MYK10_MAC_DEV_STATUS;
%constant int MAC_NEW_CHANNEL = MYK10_MAC_NEW_CHANNEL;
%constant int MAC_RX_TIMING_SETUP = MYK10_MAC_RX_TIMING_SETUP;
%constant int MAC_TX_PARAM_SETUP = MYK10_MAC_TX_PARAM_SETUP;
%constant int MAC_DL_CHANNEL = MYK10_MAC_DL_CHANNEL;
%constant int MAC_REKEY = MYK10_MAC_REKEY;
%constant int MAC_ADR_PARAM_SETUP = MYK10_MAC_ADR_PARAM_SETUP;
%constant int MAC_DEVICE_TIME = MYK10_MAC_DEVICE_TIME;
%constant int MAC_FORCE_REJOIN = MYK10_MAC_FORCE_REJOIN;
%constant int MAC_REJOIN_PARAM_SETUP = MYK10_MAC_REJOIN_PARAM_SETUP;

%constant int VALUE_NUMBER = MYK10_VALUE_NUMBER;
%constant int VALUE_STRING = MYK10_VALUE_STRING;
%constant int VALUE_BOOLEAN = MYK10_VALUE_BOOLEAN;
%constant int VALUE_DATA = MYK10_VALUE_DATA;
%constant int VALUE_NONE = MYK10_VALUE_NONE;
%constant int NO_CHANNEL = MYK10_NO_CHANNEL;
%constant int SENML_DEVICE_AS_BASE_NAME = MYK10_SENML_DEVICE_AS_BASE_NAME;

%constant int UPLINK_MAX_PAYLOAD = MYK10_UPLINK_MAX_PAYLOAD;
%constant int UPLINK_FORMAT_AUTO = MYK10_UPLINK_FORMAT_AUTO;
%constant int UPLINK_FORMAT_PACKET_FORWARDER = MYK10_UPLINK_FORMAT_PACKET_FORWARDER;
%constant int UPLINK_FORMAT_CHIRPSTACK = MYK10_UPLINK_FORMAT_CHIRPSTACK;
%constant int UPLINK_FORMAT_THINGS_STACK = MYK10_UPLINK_FORMAT_THINGS_STACK;
%constant int UPLINK_PHY_PAYLOAD = MYK10_UPLINK_PHY_PAYLOAD;
%constant int UPLINK_APPLICATION_PAYLOAD = MYK10_UPLINK_APPLICATION_PAYLOAD;
%constant int UPLINK_MODULATION_UNKNOWN = MYK10_UPLINK_MODULATION_UNKNOWN;
%constant int UPLINK_MODULATION_LORA = MYK10_UPLINK_MODULATION_LORA;
%constant int UPLINK_MODULATION_FSK = MYK10_UPLINK_MODULATION_FSK;
%constant int UPLINK_MODULATION_LR_FHSS = MYK10_UPLINK_MODULATION_LR_FHSS;
%constant int UPLINK_CRC_UNKNOWN = MYK10_UPLINK_CRC_UNKNOWN;
%constant int UPLINK_CRC_OK = MYK10_UPLINK_CRC_OK;
%constant int UPLINK_CRC_BAD = MYK10_UPLINK_CRC_BAD;
%constant int UPLINK_CRC_NONE = MYK10_UPLINK_CRC_NONE;
%constant int UPLINK_HAS_DEV_EUI = MYK10_UPLINK_HAS_DEV_EUI;
%constant int UPLINK_HAS_DEV_ADDR = MYK10_UPLINK_HAS_DEV_ADDR;
%constant int UPLINK_HAS_FPORT = MYK10_UPLINK_HAS_FPORT;
%constant int UPLINK_HAS_FCNT = MYK10_UPLINK_HAS_FCNT;
%constant int UPLINK_HAS_DATA_RATE = MYK10_UPLINK_HAS_DATA_RATE;
%constant int UPLINK_HAS_GATEWAY_EUI = MYK10_UPLINK_HAS_GATEWAY_EUI;
%constant int UPLINK_HAS_RSSI = MYK10_UPLINK_HAS_RSSI;
%constant int UPLINK_HAS_SNR = MYK10_UPLINK_HAS_SNR;
%constant int UPLINK_HAS_TMST = MYK10_UPLINK_HAS_TMST;
%constant int UPLINK_HAS_GPS_TIME = MYK10_UPLINK_HAS_GPS_TIME;
%constant int UPLINK_TIME_FROM_CALLER = MYK10_UPLINK_TIME_FROM_CALLER;
%constant int UPLINK_CONFIRMED = MYK10_UPLINK_CONFIRMED;
%constant int UPLINK_ADR = MYK10_UPLINK_ADR;
%constant int UPLINK_ID_TRUNCATED = MYK10_UPLINK_ID_TRUNCATED;

/* ---- names ------------------------------------------------------------------ */

%apply int { myk10_frame_mtype, myk10_frame_key_role, myk10_mac_cid, myk10_uplink_format };

/** Name of a message type, e.g. "UnconfirmedDataUp"; "unknown" if out of range. */
const char *myk10_frame_mtype_name(myk10_frame_mtype mtype);
/** True for the four data message types. */
bool myk10_frame_mtype_is_data(myk10_frame_mtype mtype);
/** True for message types sent by the end device. */
bool myk10_frame_mtype_is_uplink(myk10_frame_mtype mtype);
/** Name of a key role, e.g. "NwkSEncKey"; "unknown" if out of range. */
const char *myk10_frame_key_role_name(myk10_frame_key_role role);
/** Name of a MAC command in its direction, e.g. "LinkADRReq"; "unknown" for unknown CIDs. */
const char *myk10_mac_name(myk10_mac_cid cid, bool uplink);
/** Payload size of a MAC command in its direction (without the CID), -1 if unknown. */
int myk10_mac_payload_size(myk10_mac_cid cid, bool uplink);
/** Short stable name of an uplink format: "packet-forwarder", "chirpstack", ... */
const char *myk10_uplink_format_name(myk10_uplink_format format);

/* ---- keys -------------------------------------------------------------------- */

/** Keys of one device (LoRaWAN 1.0 or 1.1), with expanded cipher state.
 *  One thread at a time per object. */
%rename(FrameKeys) FrameKeysShadow;
typedef struct {} FrameKeysShadow;
%extend FrameKeysShadow {
    /** Creates an empty keys object. @param version LORAWAN_1_0 or LORAWAN_1_1 */
    FrameKeysShadow(int version, myk10_status *STATUS) {
        myk10_frame_keys *keys = NULL;
        *STATUS = myk10_frame_keys_create(&keys, (myk10_lorawan_version)version);
        return keys;
    }
    ~FrameKeysShadow() {
        myk10_frame_keys_destroy($self);
    }
    /** The LoRaWAN version the object was created for (10 or 11). */
    int version() {
        return (int)myk10_frame_keys_version($self);
    }
    /** Sets the 16-byte key of a role. */
    void set(int role, const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS) {
        *STATUS = myk10_bind_key16(BYTES, BYTES_LEN);
        if (*STATUS == MYK10_OK)
            *STATUS = myk10_frame_keys_set($self, (myk10_frame_key_role)role, BYTES);
    }
    /** LoRaWAN 1.0: sets NwkSKey into the three network session roles. */
    void set_nwk_s_key(const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS) {
        *STATUS = myk10_bind_key16(BYTES, BYTES_LEN);
        if (*STATUS == MYK10_OK)
            *STATUS = myk10_frame_keys_set_nwk_s_key($self, BYTES);
    }
    /** Forgets the key of a role. */
    void unset(int role) {
        myk10_frame_keys_unset($self, (myk10_frame_key_role)role);
    }
    /** Whether a key is set for the role. */
    bool has(int role) {
        return myk10_frame_keys_has($self, (myk10_frame_key_role)role);
    }
    /** Copies the key of a role out (ENOKEY if unset). */
    myk10_bind_bytes get(int role, myk10_status *STATUS) {
        uint8_t key[MYK10_FRAME_KEY_SIZE];
        myk10_bind_bytes result;
        memset(&result, 0, sizeof result);
        *STATUS = myk10_frame_keys_get(key, $self, (myk10_frame_key_role)role);
        if (*STATUS == MYK10_OK)
            result = myk10_bind_bytes_of(key, sizeof key, STATUS);
        memset(key, 0, sizeof key);
        return result;
    }
    /** OTAA session-key derivation from the root keys in `root` (may be this object). */
    void derive_session(FrameKeysShadow *KEYS, uint32_t join_nonce, uint32_t net_id,
                        myk10_bind_eui join_eui, uint16_t dev_nonce, bool opt_neg,
                        myk10_status *STATUS) {
        myk10_frame_join_info info;
        memset(&info, 0, sizeof info);
        info.join_nonce = join_nonce;
        info.net_id = net_id;
        info.join_eui = (uint64_t)join_eui;
        info.dev_nonce = dev_nonce;
        info.opt_neg = opt_neg;
        *STATUS = myk10_frame_keys_derive_session($self, KEYS, &info);
    }
    /** LoRaWAN 1.1: derives JSIntKey and JSEncKey from NwkKey and the DevEUI. */
    void derive_js(myk10_bind_eui dev_eui, myk10_status *STATUS) {
        *STATUS = myk10_frame_keys_derive_js($self, (uint64_t)dev_eui);
    }
}

/* ---- join-accept in clear ------------------------------------------------------ */

/** A decrypted join-accept (also the fields to encode one). */
%rename(JoinAccept) JoinAcceptShadow;
typedef struct {} JoinAcceptShadow;
%extend JoinAcceptShadow {
    /** All fields zero. */
    JoinAcceptShadow() {
        return (JoinAcceptShadow *)calloc(1, sizeof(JoinAcceptShadow));
    }
    ~JoinAcceptShadow() {
        free($self);
    }
    uint32_t join_nonce() { return $self->join_nonce; }
    uint32_t net_id() { return $self->net_id; }
    uint32_t dev_addr() { return $self->dev_addr; }
    int dl_settings() { return $self->dl_settings; }
    bool opt_neg() { return $self->opt_neg; }
    int rx1_dr_offset() { return $self->rx1_dr_offset; }
    int rx2_dr() { return $self->rx2_dr; }
    int rx_delay() { return $self->rx_delay; }
    bool has_cflist() { return $self->has_cflist; }
    myk10_bind_bytes cflist(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->cflist, $self->has_cflist ? sizeof $self->cflist : 0,
                                   STATUS);
    }
    myk10_bind_bytes mic(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->mic, sizeof $self->mic, STATUS);
    }
    /** Sets the fields encode_join_accept uses. */
    void set(uint32_t join_nonce, uint32_t net_id, uint32_t dev_addr, bool opt_neg,
             int rx1_dr_offset, int rx2_dr, int rx_delay) {
        $self->join_nonce = join_nonce;
        $self->net_id = net_id;
        $self->dev_addr = dev_addr;
        $self->opt_neg = opt_neg;
        $self->rx1_dr_offset = (uint8_t)rx1_dr_offset;
        $self->rx2_dr = (uint8_t)rx2_dr;
        $self->rx_delay = (uint8_t)rx_delay;
    }
    /** Sets (16 bytes) or, with empty bytes, removes the CFList. */
    void set_cflist(const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS) {
        if (BYTES_LEN == 0) {
            $self->has_cflist = false;
        } else if (BYTES_LEN == MYK10_FRAME_CFLIST_SIZE) {
            memcpy($self->cflist, BYTES, BYTES_LEN);
            $self->has_cflist = true;
        } else {
            *STATUS = MYK10_EINVAL;
        }
    }
}

/* ---- parsed frame ------------------------------------------------------------------ */

%newobject FrameShadow::open_join_accept;

/** A parsed PHYPayload that owns a copy of its bytes. Immutable. */
%rename(Frame) FrameShadow;
typedef struct {} FrameShadow;
%extend FrameShadow {
    /** Parses a PHYPayload (structure only; no keys needed). */
    FrameShadow(const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS) {
        FrameShadow *self;
        myk10_frame probe;
        if (BYTES_LEN > MYK10_FRAME_MAX_SIZE) {
            /* Too long to copy: let the parser report it (EMALFORMED, offset 255). */
            *STATUS = myk10_frame_parse(&probe, BYTES, BYTES_LEN);
            if (*STATUS == MYK10_OK)
                *STATUS = MYK10_EMALFORMED;
            return NULL;
        }
        self = (FrameShadow *)calloc(1, sizeof *self);
        if (!self) {
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        if (BYTES_LEN > 0)
            memcpy(self->phy, BYTES, BYTES_LEN);
        *STATUS = myk10_frame_parse(&self->frame, self->phy, BYTES_LEN);
        if (*STATUS != MYK10_OK) {
            free(self);
            return NULL;
        }
        return self;
    }
    ~FrameShadow() {
        free($self);
    }
    int mtype() { return (int)$self->frame.mtype; }
    int mhdr() { return $self->frame.mhdr; }
    int major() { return $self->frame.major; }
    bool uplink() { return $self->frame.uplink; }
    myk10_bind_bytes phy(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->frame.phy, $self->frame.phy_size, STATUS);
    }
    myk10_bind_bytes mic(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->frame.mic, sizeof $self->frame.mic, STATUS);
    }
    /* data frames */
    uint32_t dev_addr() { return $self->frame.data.dev_addr; }
    int fctrl() { return $self->frame.data.fctrl; }
    bool adr() { return $self->frame.data.adr; }
    bool adr_ack_req() { return $self->frame.data.adr_ack_req; }
    bool ack() { return $self->frame.data.ack; }
    bool class_b() { return $self->frame.data.class_b; }
    bool fpending() { return $self->frame.data.fpending; }
    int fcnt16() { return $self->frame.data.fcnt16; }
    myk10_bind_bytes fopts(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->frame.data.fopts, $self->frame.data.fopts_size, STATUS);
    }
    bool has_fport() { return $self->frame.data.has_fport; }
    int fport() { return $self->frame.data.fport; }
    myk10_bind_bytes frm_payload(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->frame.data.frm_payload,
                                   $self->frame.data.frm_payload_size, STATUS);
    }
    /* join-request (and rejoin type 1) */
    myk10_bind_eui join_eui() {
        return (myk10_bind_eui)($self->frame.mtype == MYK10_FRAME_REJOIN_REQUEST
                                    ? $self->frame.rejoin.join_eui
                                    : $self->frame.join_request.join_eui);
    }
    myk10_bind_eui dev_eui() {
        return (myk10_bind_eui)($self->frame.mtype == MYK10_FRAME_REJOIN_REQUEST
                                    ? $self->frame.rejoin.dev_eui
                                    : $self->frame.join_request.dev_eui);
    }
    int dev_nonce() { return $self->frame.join_request.dev_nonce; }
    /* join-accept, rejoin-request, proprietary */
    myk10_bind_bytes join_accept_encrypted(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->frame.join_accept.encrypted,
                                   $self->frame.join_accept.encrypted_size, STATUS);
    }
    int rejoin_type() { return $self->frame.rejoin.type; }
    uint32_t net_id() { return $self->frame.rejoin.net_id; }
    int rj_count() { return $self->frame.rejoin.rj_count; }
    myk10_bind_bytes proprietary(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->frame.proprietary, $self->frame.proprietary_size,
                                   STATUS);
    }

    /** Computes the MIC (4 bytes, air order) of a data frame, join- or rejoin-request. */
    myk10_bind_bytes compute_mic(FrameKeysShadow *KEYS, uint32_t fcnt, uint16_t conf_fcnt,
                                 uint8_t tx_dr, uint8_t tx_ch, myk10_status *STATUS) {
        uint8_t mic[4];
        myk10_bind_bytes result;
        myk10_frame_params params = myk10_bind_params(fcnt, conf_fcnt, tx_dr, tx_ch);
        memset(&result, 0, sizeof result);
        *STATUS = myk10_frame_mic(mic, &$self->frame, KEYS, &params);
        if (*STATUS == MYK10_OK)
            result = myk10_bind_bytes_of(mic, sizeof mic, STATUS);
        return result;
    }
    /** Verifies the MIC in constant time; EINTEGRITY if it does not match. */
    void verify(FrameKeysShadow *KEYS, uint32_t fcnt, uint16_t conf_fcnt, uint8_t tx_dr,
                uint8_t tx_ch, myk10_status *STATUS) {
        myk10_frame_params params = myk10_bind_params(fcnt, conf_fcnt, tx_dr, tx_ch);
        *STATUS = myk10_frame_verify(&$self->frame, KEYS, &params);
    }
    /** Decrypts FRMPayload (AppSKey, or NwkSEncKey for FPort 0). Verify first. */
    myk10_bind_bytes decrypt(FrameKeysShadow *KEYS, uint32_t fcnt, myk10_status *STATUS) {
        uint8_t plain[MYK10_FRAME_MAX_SIZE];
        size_t size = 0;
        myk10_bind_bytes result;
        memset(&result, 0, sizeof result);
        *STATUS = myk10_frame_decrypt(plain, sizeof plain, &size, &$self->frame, KEYS, fcnt);
        if (*STATUS == MYK10_OK)
            result = myk10_bind_bytes_of(plain, size, STATUS);
        memset(plain, 0, sizeof plain);
        return result;
    }
    /** FOpts in clear (decrypted with NwkSEncKey for LoRaWAN 1.1). */
    myk10_bind_bytes decrypt_fopts(FrameKeysShadow *KEYS, uint32_t fcnt, myk10_status *STATUS) {
        uint8_t plain[MYK10_FRAME_MAX_FOPTS];
        size_t size = 0;
        myk10_bind_bytes result;
        memset(&result, 0, sizeof result);
        *STATUS = myk10_frame_decrypt_fopts(plain, sizeof plain, &size, &$self->frame, KEYS,
                                            fcnt);
        if (*STATUS == MYK10_OK)
            result = myk10_bind_bytes_of(plain, size, STATUS);
        return result;
    }
    /** Decrypts a join-accept and verifies its MIC (EINTEGRITY on mismatch). */
    JoinAcceptShadow *open_join_accept(FrameKeysShadow *KEYS, int join_req_type,
                                       myk10_bind_eui join_eui, uint16_t dev_nonce,
                                       myk10_status *STATUS) {
        myk10_join_context context;
        JoinAcceptShadow *out = (JoinAcceptShadow *)calloc(1, sizeof *out);
        if (!out) {
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        context.join_req_type = (myk10_join_req_type)join_req_type;
        context.join_eui = (uint64_t)join_eui;
        context.dev_nonce = dev_nonce;
        *STATUS = myk10_frame_join_accept_open(out, &$self->frame, KEYS, &context);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
}

/* ---- encoders ------------------------------------------------------------------------- */

%{
static myk10_bind_bytes myk10_bind_encode_data(
    int mtype, uint32_t dev_addr, uint32_t fcnt, bool has_fport, int fport,
    const uint8_t *BYTES, size_t BYTES_LEN, const uint8_t *fopts, size_t fopts_len,
    bool adr, bool adr_ack_req, bool ack, bool class_b, bool fpending,
    uint16_t conf_fcnt, uint8_t tx_dr, uint8_t tx_ch, FrameKeysShadow *keys,
    myk10_status *status)
{
    uint8_t out[MYK10_FRAME_MAX_SIZE];
    size_t size = 0;
    myk10_frame_data_fields fields;
    myk10_bind_bytes result;

    memset(&result, 0, sizeof result);
    memset(&fields, 0, sizeof fields);
    fields.mtype = (myk10_frame_mtype)mtype;
    fields.dev_addr = dev_addr;
    fields.adr = adr;
    fields.adr_ack_req = adr_ack_req;
    fields.ack = ack;
    fields.class_b = class_b;
    fields.fpending = fpending;
    fields.fopts = fopts_len ? fopts : NULL;
    fields.fopts_size = fopts_len;
    fields.has_fport = has_fport;
    fields.fport = (uint8_t)fport;
    fields.payload = BYTES_LEN ? BYTES : NULL;
    fields.payload_size = BYTES_LEN;
    fields.params = myk10_bind_params(fcnt, conf_fcnt, tx_dr, tx_ch);
    if (fport < 0 || fport > 255) {
        *status = MYK10_ERANGE;
        return result;
    }
    *status = myk10_frame_encode_data(out, sizeof out, &size, &fields, keys);
    if (*status == MYK10_OK)
        result = myk10_bind_bytes_of(out, size, status);
    return result;
}

static myk10_bind_bytes myk10_bind_encode_join_request(myk10_bind_eui join_eui,
                                                       myk10_bind_eui dev_eui,
                                                       uint16_t dev_nonce, FrameKeysShadow *keys,
                                                       myk10_status *status)
{
    uint8_t out[64];
    size_t size = 0;
    myk10_frame_join_request fields;
    myk10_bind_bytes result;

    memset(&result, 0, sizeof result);
    fields.join_eui = (uint64_t)join_eui;
    fields.dev_eui = (uint64_t)dev_eui;
    fields.dev_nonce = dev_nonce;
    *status = myk10_frame_encode_join_request(out, sizeof out, &size, &fields, keys);
    if (*status == MYK10_OK)
        result = myk10_bind_bytes_of(out, size, status);
    return result;
}

static myk10_bind_bytes myk10_bind_encode_join_accept(JoinAcceptShadow *fields,
                                                      FrameKeysShadow *keys, int join_req_type,
                                                      myk10_bind_eui join_eui,
                                                      uint16_t dev_nonce, myk10_status *status)
{
    uint8_t out[64];
    size_t size = 0;
    myk10_join_context context;
    myk10_bind_bytes result;

    memset(&result, 0, sizeof result);
    if (!fields) {
        *status = MYK10_EINVAL;
        return result;
    }
    context.join_req_type = (myk10_join_req_type)join_req_type;
    context.join_eui = (uint64_t)join_eui;
    context.dev_nonce = dev_nonce;
    *status = myk10_frame_encode_join_accept(out, sizeof out, &size, fields, keys, &context);
    if (*status == MYK10_OK)
        result = myk10_bind_bytes_of(out, size, status);
    return result;
}
%}

/**
 * Encodes a data frame: encrypts FRMPayload (and FOpts for 1.1) and adds the
 * MIC. The payload is the BYTES argument; `fopts` are MAC commands in clear.
 */
myk10_bind_bytes myk10_bind_encode_data(
    int mtype, uint32_t dev_addr, uint32_t fcnt, bool has_fport, int fport,
    const uint8_t *BYTES, size_t BYTES_LEN, const uint8_t *BYTES2, size_t BYTES2_LEN,
    bool adr, bool adr_ack_req, bool ack, bool class_b, bool fpending,
    uint16_t conf_fcnt, uint8_t tx_dr, uint8_t tx_ch, FrameKeysShadow *KEYS,
    myk10_status *STATUS);

/** Encodes a join-request (23 bytes) with its MIC. */
myk10_bind_bytes myk10_bind_encode_join_request(myk10_bind_eui join_eui, myk10_bind_eui dev_eui,
                                                uint16_t dev_nonce, FrameKeysShadow *KEYS,
                                                myk10_status *STATUS);

/** Encodes and encrypts a join-accept (17 or 33 bytes). */
myk10_bind_bytes myk10_bind_encode_join_accept(JoinAcceptShadow *fields, FrameKeysShadow *KEYS,
                                               int join_req_type, myk10_bind_eui join_eui,
                                               uint16_t dev_nonce, myk10_status *STATUS);

/* ---- MAC commands ---------------------------------------------------------------------- */

%newobject MacCommandListShadow::decode;

/** One MAC command: CID, direction and named integer fields. */
%rename(MacCommand) MacCommandShadow;
typedef struct {} MacCommandShadow;
%extend MacCommandShadow {
    /** A command with every field zero. */
    MacCommandShadow(int cid, bool uplink) {
        MacCommandShadow *cmd = (MacCommandShadow *)calloc(1, sizeof *cmd);
        if (cmd) {
            cmd->cid = (myk10_mac_cid)cid;
            cmd->uplink = uplink;
        }
        return cmd;
    }
    ~MacCommandShadow() {
        free($self);
    }
    int cid() { return (int)$self->cid; }
    bool uplink() { return $self->uplink; }
    /** e.g. "LinkADRReq"; "unknown" for an unknown CID. */
    const char *name() { return myk10_mac_name($self->cid, $self->uplink); }
    /** Offset of the CID byte in the decoded buffer. */
    size_t offset() { return $self->offset; }
    /** Payload bytes after the CID. */
    size_t size() { return $self->size; }
    /** Number of fields this command has in its direction. */
    int field_count() {
        const myk10_bind_mac_field *f = myk10_bind_mac_fields($self->cid, $self->uplink);
        int n = 0;
        while (f[n].name)
            n++;
        return n;
    }
    /** Name of field `index` (0 .. field_count - 1). */
    const char *field_name(int index, myk10_status *STATUS) {
        const myk10_bind_mac_field *f = myk10_bind_mac_fields($self->cid, $self->uplink);
        int n;
        for (n = 0; f[n].name; n++)
            if (n == index)
                return f[n].name;
        *STATUS = MYK10_ERANGE;
        return "";
    }
    /** Value of a field (ENOTFOUND for a field this command does not have). */
    int64_t field(const char *name, myk10_status *STATUS) {
        const myk10_bind_mac_field *f = myk10_bind_mac_find($self, name, STATUS);
        const unsigned char *p = (const unsigned char *)&$self->value;
        if (!f)
            return 0;
        p += f->offset;
        switch (f->type) {
        case MYK10_BIND_U8: return *(const uint8_t *)p;
        case MYK10_BIND_I8: return *(const int8_t *)p;
        case MYK10_BIND_U16: return *(const uint16_t *)p;
        case MYK10_BIND_U32: return *(const uint32_t *)p;
        default: return *(const bool *)p ? 1 : 0;
        }
    }
    /** Sets a field; the value must fit its C type (ERANGE otherwise). */
    void set_field(const char *name, int64_t value, myk10_status *STATUS) {
        const myk10_bind_mac_field *f = myk10_bind_mac_find($self, name, STATUS);
        unsigned char *p = (unsigned char *)&$self->value;
        if (!f)
            return;
        p += f->offset;
        switch (f->type) {
        case MYK10_BIND_U8:
            if (value < 0 || value > UINT8_MAX) { *STATUS = MYK10_ERANGE; return; }
            *(uint8_t *)p = (uint8_t)value;
            break;
        case MYK10_BIND_I8:
            if (value < INT8_MIN || value > INT8_MAX) { *STATUS = MYK10_ERANGE; return; }
            *(int8_t *)p = (int8_t)value;
            break;
        case MYK10_BIND_U16:
            if (value < 0 || value > UINT16_MAX) { *STATUS = MYK10_ERANGE; return; }
            *(uint16_t *)p = (uint16_t)value;
            break;
        case MYK10_BIND_U32:
            if (value < 0 || value > (int64_t)UINT32_MAX) { *STATUS = MYK10_ERANGE; return; }
            *(uint32_t *)p = (uint32_t)value;
            break;
        default:
            *(bool *)p = value != 0;
            break;
        }
    }
}

/** MAC commands decoded from a buffer, or collected for encoding. */
%rename(MacCommandList) MacCommandListShadow;
typedef struct {} MacCommandListShadow;
%extend MacCommandListShadow {
    /** An empty list (append commands, then encode). */
    MacCommandListShadow() {
        return (MacCommandListShadow *)calloc(1, sizeof(MacCommandListShadow));
    }
    ~MacCommandListShadow() {
        free($self->items);
        free($self);
    }
    /** Decodes every command of FOpts or an FPort-0 payload sent in the given direction. */
    static MacCommandListShadow *decode(const uint8_t *BYTES, size_t BYTES_LEN, bool uplink,
                                        myk10_status *STATUS) {
        MacCommandListShadow *list = (MacCommandListShadow *)calloc(1, sizeof *list);
        size_t count = 0;
        if (!list) {
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        /* At most one command per byte: size the array without a query call. */
        list->items = (myk10_mac_command *)calloc(BYTES_LEN ? BYTES_LEN : 1,
                                                  sizeof *list->items);
        if (!list->items) {
            free(list);
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        *STATUS = myk10_mac_decode(list->items, BYTES_LEN, &count, BYTES, BYTES_LEN, uplink);
        if (*STATUS != MYK10_OK) {
            free(list->items);
            free(list);
            return NULL;
        }
        list->count = count;
        return list;
    }
    size_t count() { return $self->count; }
    /** Command `index`, borrowed from the list (the list is kept alive by it). */
    MacCommandShadow *get(size_t index, myk10_status *STATUS) {
        if (index >= $self->count) {
            *STATUS = MYK10_ERANGE;
            return NULL;
        }
        return &$self->items[index];
    }
    /** Appends a copy of a command. */
    void append(MacCommandShadow *command, myk10_status *STATUS) {
        myk10_mac_command *grown;
        if (!command) {
            *STATUS = MYK10_EINVAL;
            return;
        }
        grown = (myk10_mac_command *)realloc($self->items,
                                             ($self->count + 1) * sizeof *grown);
        if (!grown) {
            *STATUS = MYK10_ENOMEM;
            return;
        }
        $self->items = grown;
        $self->items[$self->count++] = *command;
    }
    /** Encodes the commands for FOpts or an FPort-0 payload. */
    myk10_bind_bytes encode(myk10_status *STATUS) {
        size_t needed = 0;
        myk10_bind_bytes result;
        uint8_t *buffer;
        myk10_status query = myk10_mac_encode(NULL, 0, &needed, $self->items, $self->count);
        memset(&result, 0, sizeof result);
        if (query != MYK10_OK && query != MYK10_EBUFSIZE) {
            *STATUS = query;
            return result;
        }
        buffer = (uint8_t *)malloc(needed ? needed : 1);
        if (!buffer) {
            *STATUS = MYK10_ENOMEM;
            return result;
        }
        *STATUS = myk10_mac_encode(buffer, needed, &needed, $self->items, $self->count);
        if (*STATUS != MYK10_OK) {
            free(buffer);
            return result;
        }
        result.heap = buffer;
        result.size = needed;
        return result;
    }
}

/* ---- measurements --------------------------------------------------------------------- */

/** A list of normalised measurements (owns their strings). */
%rename(MeasurementList) MeasurementListShadow;
typedef struct {} MeasurementListShadow;
%extend MeasurementListShadow {
    MeasurementListShadow(myk10_status *STATUS) {
        myk10_measurements *list = NULL;
        *STATUS = myk10_measurements_create(&list);
        return list;
    }
    ~MeasurementListShadow() {
        myk10_measurements_destroy($self);
    }
    void clear() { myk10_measurements_clear($self); }
    size_t count() { return myk10_measurements_count($self); }
    const char *device(size_t index, myk10_status *STATUS) {
        myk10_measurement m = myk10_bind_measurement_at($self, index, STATUS);
        return m.device ? m.device : "";
    }
    const char *quantity(size_t index, myk10_status *STATUS) {
        myk10_measurement m = myk10_bind_measurement_at($self, index, STATUS);
        return m.quantity ? m.quantity : "";
    }
    const char *unit(size_t index, myk10_status *STATUS) {
        myk10_measurement m = myk10_bind_measurement_at($self, index, STATUS);
        return m.unit ? m.unit : "";
    }
    int64_t time(size_t index, myk10_status *STATUS) {
        return myk10_bind_measurement_at($self, index, STATUS).time;
    }
    int32_t time_ns(size_t index, myk10_status *STATUS) {
        return myk10_bind_measurement_at($self, index, STATUS).time_ns;
    }
    int32_t channel(size_t index, myk10_status *STATUS) {
        return myk10_bind_measurement_at($self, index, STATUS).channel;
    }
    int kind(size_t index, myk10_status *STATUS) {
        return (int)myk10_bind_measurement_at($self, index, STATUS).kind;
    }
    double number(size_t index, myk10_status *STATUS) {
        return myk10_bind_measurement_at($self, index, STATUS).number;
    }
    bool boolean(size_t index, myk10_status *STATUS) {
        return myk10_bind_measurement_at($self, index, STATUS).boolean;
    }
    /** The text of a VALUE_STRING measurement ("" for other kinds). */
    const char *string(size_t index, myk10_status *STATUS) {
        myk10_measurement m = myk10_bind_measurement_at($self, index, STATUS);
        return m.kind == MYK10_VALUE_STRING && m.string ? m.string : "";
    }
    /** The bytes of a VALUE_DATA measurement (empty for other kinds). */
    myk10_bind_bytes data(size_t index, myk10_status *STATUS) {
        myk10_measurement m = myk10_bind_measurement_at($self, index, STATUS);
        myk10_bind_bytes empty;
        memset(&empty, 0, sizeof empty);
        if (*STATUS != MYK10_OK || m.kind != MYK10_VALUE_DATA)
            return empty;
        return myk10_bind_bytes_of(m.data, m.data_len, STATUS);
    }
    bool has_sum(size_t index, myk10_status *STATUS) {
        return myk10_bind_measurement_at($self, index, STATUS).has_sum;
    }
    double sum(size_t index, myk10_status *STATUS) {
        return myk10_bind_measurement_at($self, index, STATUS).sum;
    }
    /** Appends a measurement (the list copies every string). Strings with
     *  embedded NULs are refused by the text typemap; `text` is used for
     *  VALUE_STRING, the BYTES for VALUE_DATA. */
    void add(const char *device, const char *quantity, const char *unit, int64_t time,
             int32_t time_ns, int32_t channel, int kind, double number, bool boolean,
             const char *text, const uint8_t *BYTES, size_t BYTES_LEN, bool has_sum,
             double sum, myk10_status *STATUS) {
        myk10_measurement m;
        memset(&m, 0, sizeof m);
        m.device = device;
        m.quantity = quantity;
        m.unit = unit;
        m.time = time;
        m.time_ns = time_ns;
        m.channel = channel;
        m.kind = (myk10_value_kind)kind;
        m.number = number;
        m.boolean = boolean;
        if (kind == MYK10_VALUE_STRING) {
            m.string = text;
            m.data_len = text ? strlen(text) : 0;
        } else if (kind == MYK10_VALUE_DATA) {
            m.data = BYTES;
            m.data_len = BYTES_LEN;
        }
        m.has_sum = has_sum;
        m.sum = sum;
        *STATUS = myk10_measurements_add($self, &m);
    }
}

/* The individual codecs, appending to a list. The context travels as
 * separate arguments (device may be NULL for none). */
%{
typedef myk10_status (*myk10_bind_codec)(myk10_measurements *, const myk10_codec_context *,
                                         const uint8_t *, size_t);

static void myk10_bind_run_codec(myk10_bind_codec codec, MeasurementListShadow *list,
                                 const char *device, int64_t time, int32_t fport,
                                 bool has_mounting_height, double mounting_height_m,
                                 bool has_probe_height, double probe_height_m,
                                 const uint8_t *payload, size_t len, myk10_status *status)
{
    myk10_codec_context ctx = myk10_bind_codec_context(device, time, fport, has_mounting_height,
                                                       mounting_height_m, has_probe_height,
                                                       probe_height_m);
    *status = codec(list, &ctx, payload, len);
}

static void myk10_bind_lpp_decode(MeasurementListShadow *list, const char *device, int64_t time,
                                  int32_t fport, bool has_mh, double mh, bool has_ph, double ph,
                                  const uint8_t *payload, size_t len, myk10_status *status)
{
    myk10_bind_run_codec(myk10_lpp_decode, list, device, time, fport, has_mh, mh, has_ph, ph,
                         payload, len, status);
}

static void myk10_bind_senml_json_decode(MeasurementListShadow *list, const char *device,
                                         int64_t time, int32_t fport, bool has_mh, double mh,
                                         bool has_ph, double ph, const uint8_t *payload,
                                         size_t len, myk10_status *status)
{
    myk10_bind_run_codec(myk10_senml_json_decode, list, device, time, fport, has_mh, mh, has_ph,
                         ph, payload, len, status);
}

static void myk10_bind_senml_cbor_decode(MeasurementListShadow *list, const char *device,
                                         int64_t time, int32_t fport, bool has_mh, double mh,
                                         bool has_ph, double ph, const uint8_t *payload,
                                         size_t len, myk10_status *status)
{
    myk10_bind_run_codec(myk10_senml_cbor_decode, list, device, time, fport, has_mh, mh, has_ph,
                         ph, payload, len, status);
}

static myk10_bind_bytes myk10_bind_senml_json_encode(MeasurementListShadow *list, unsigned flags,
                                                     myk10_status *status)
{
    return myk10_bind_encode_list(myk10_bind_senml_json_adapter, list, flags, status);
}

static myk10_bind_bytes myk10_bind_senml_cbor_encode(MeasurementListShadow *list, unsigned flags,
                                                     myk10_status *status)
{
    return myk10_bind_encode_list(myk10_senml_cbor_encode, list, flags, status);
}
%}

/** Decodes Cayenne LPP into `list` (unchanged on failure). */
void myk10_bind_lpp_decode(MeasurementListShadow *LIST, const char *device, int64_t time,
                           int32_t fport, bool has_mh, double mh, bool has_ph, double ph,
                           const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS);
/** Decodes a SenML JSON pack into `list`. */
void myk10_bind_senml_json_decode(MeasurementListShadow *LIST, const char *device, int64_t time,
                                  int32_t fport, bool has_mh, double mh, bool has_ph, double ph,
                                  const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS);
/** Decodes a SenML CBOR pack into `list`. */
void myk10_bind_senml_cbor_decode(MeasurementListShadow *LIST, const char *device, int64_t time,
                                  int32_t fport, bool has_mh, double mh, bool has_ph, double ph,
                                  const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS);
/** SenML JSON text (UTF-8 bytes) of a list. */
myk10_bind_bytes myk10_bind_senml_json_encode(MeasurementListShadow *LIST, unsigned flags,
                                              myk10_status *STATUS);
/** SenML CBOR of a list. */
myk10_bind_bytes myk10_bind_senml_cbor_encode(MeasurementListShadow *LIST, unsigned flags,
                                              myk10_status *STATUS);

/* ---- codec registry -------------------------------------------------------------------- */

/** Map from codec names to decoders; starts with every built-in codec. */
%rename(CodecRegistry) CodecRegistryShadow;
typedef struct {} CodecRegistryShadow;
%extend CodecRegistryShadow {
    CodecRegistryShadow(myk10_status *STATUS) {
        myk10_codec_registry *reg = NULL;
        *STATUS = myk10_codec_registry_create(&reg);
        return reg;
    }
    ~CodecRegistryShadow() {
        myk10_codec_registry_destroy($self);
    }
    /** Compiles a declarative codec from its JSON description and registers it. */
    void register_declarative(const char *name, const char *json, myk10_status *STATUS) {
        *STATUS = myk10_codec_registry_register_declarative($self, name, json, strlen(json));
    }
    /** Removes a codec (ENOTFOUND if there is none by that name). */
    void unregister(const char *name, myk10_status *STATUS) {
        *STATUS = myk10_codec_registry_unregister($self, name);
    }
    bool contains(const char *name) { return myk10_codec_registry_contains($self, name); }
    size_t count() { return myk10_codec_registry_count($self); }
    /** Name of codec `index` in registration order (ERANGE past the end). */
    const char *name(size_t index, myk10_status *STATUS) {
        const char *name = myk10_codec_registry_name($self, index);
        if (!name) {
            *STATUS = MYK10_ERANGE;
            return "";
        }
        return name;
    }
    /** Decodes with the codec `name`, appending to `list` (unchanged on failure). */
    void decode(MeasurementListShadow *LIST, const char *name, const char *device, int64_t time,
                int32_t fport, bool has_mh, double mh, bool has_ph, double ph,
                const uint8_t *BYTES, size_t BYTES_LEN, myk10_status *STATUS) {
        myk10_codec_context ctx = myk10_bind_codec_context(device, time, fport, has_mh, mh,
                                                           has_ph, ph);
        *STATUS = myk10_codec_registry_decode(LIST, $self, name, &ctx, BYTES, BYTES_LEN);
    }
}

/* ---- uplink JSON readers ------------------------------------------------------------ */

%newobject myk10_bind_uplink_parse;
%newobject UplinkReaderShadow::get;

/** One received uplink (a copy, or borrowed from an UplinkList). */
%rename(Uplink) UplinkShadow;
typedef struct {} UplinkShadow;
%extend UplinkShadow {
    ~UplinkShadow() {
        free($self);
    }
    int format() { return (int)$self->format; }
    int kind() { return (int)$self->kind; }
    /** UPLINK_HAS_* and other flags. */
    unsigned flags() { return $self->flags; }
    int64_t time_sec() { return $self->time_sec; }
    int32_t time_nsec() { return $self->time_nsec; }
    myk10_bind_eui dev_eui() {
        uint64_t v = 0;
        int i;
        for (i = 0; i < 8; i++)
            v = (v << 8) | $self->dev_eui[i];
        return (myk10_bind_eui)v;
    }
    uint32_t dev_addr() { return $self->dev_addr; }
    uint32_t fcnt() { return $self->fcnt; }
    int fport() { return $self->fport; }
    int data_rate() { return $self->data_rate; }
    const char *device_id() { return $self->device_id; }
    const char *application_id() { return $self->application_id; }
    int modulation() { return (int)$self->modulation; }
    uint32_t frequency_hz() { return $self->frequency_hz; }
    int spreading_factor() { return $self->spreading_factor; }
    uint32_t bandwidth_khz() { return $self->bandwidth_khz; }
    int coding_rate_num() { return $self->coding_rate_num; }
    int coding_rate_den() { return $self->coding_rate_den; }
    uint32_t bitrate() { return $self->bitrate; }
    int crc() { return (int)$self->crc; }
    double rssi_dbm() { return $self->rssi_dbm; }
    double snr_db() { return $self->snr_db; }
    myk10_bind_eui gateway_eui() {
        uint64_t v = 0;
        int i;
        for (i = 0; i < 8; i++)
            v = (v << 8) | $self->gateway_eui[i];
        return (myk10_bind_eui)v;
    }
    uint32_t gateway_count() { return $self->gateway_count; }
    uint32_t tmst() { return $self->tmst; }
    uint32_t channel() { return $self->channel; }
    uint32_t rf_chain() { return $self->rf_chain; }
    int64_t gps_time_ms() { return $self->gps_time_ms; }
    /** PHYPayload or application payload, see kind(). */
    myk10_bind_bytes payload(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->payload, $self->payload_len, STATUS);
    }
}

/** Every uplink of one document (myk10_uplink_parse). */
%rename(UplinkList) UplinkListShadow;
typedef struct {} UplinkListShadow;
%extend UplinkListShadow {
    ~UplinkListShadow() {
        free($self->items);
        free($self);
    }
    size_t count() { return $self->count; }
    /** Record `index`, borrowed from the list (the list is kept alive by it). */
    UplinkShadow *get(size_t index, myk10_status *STATUS) {
        if (index >= $self->count) {
            *STATUS = MYK10_ERANGE;
            return NULL;
        }
        return &$self->items[index];
    }
}

%{
static UplinkListShadow *myk10_bind_uplink_parse(int format, const uint8_t *input, size_t size,
                                                 int64_t received_sec, int32_t received_nsec,
                                                 myk10_status *status)
{
    size_t count = 0;
    UplinkListShadow *list;

    *status = myk10_uplink_parse(NULL, 0, &count, (myk10_uplink_format)format, input, size,
                                 received_sec, received_nsec);
    if (*status != MYK10_OK && *status != MYK10_EBUFSIZE)
        return NULL;
    list = (UplinkListShadow *)calloc(1, sizeof *list);
    if (list)
        list->items = (myk10_uplink *)calloc(count ? count : 1, sizeof *list->items);
    if (!list || !list->items) {
        if (list)
            free(list);
        *status = MYK10_ENOMEM;
        return NULL;
    }
    *status = myk10_uplink_parse(list->items, count, &list->count, (myk10_uplink_format)format,
                                 input, size, received_sec, received_nsec);
    if (*status != MYK10_OK) {
        free(list->items);
        free(list);
        return NULL;
    }
    return list;
}
%}

/** Reads every uplink of one document; fails on the first bad record. */
UplinkListShadow *myk10_bind_uplink_parse(int format, const uint8_t *BYTES, size_t BYTES_LEN,
                                          int64_t received_sec, int32_t received_nsec,
                                          myk10_status *STATUS);

/** A reusable reader: one document at a time, each record with its own status. */
%rename(UplinkReader) UplinkReaderShadow;
typedef struct {} UplinkReaderShadow;
%extend UplinkReaderShadow {
    UplinkReaderShadow(myk10_status *STATUS) {
        myk10_uplink_reader *reader = NULL;
        *STATUS = myk10_uplink_reader_create(&reader);
        return reader;
    }
    ~UplinkReaderShadow() {
        myk10_uplink_reader_destroy($self);
    }
    /** Loads one document; returns its number of records. */
    size_t load(int format, const uint8_t *BYTES, size_t BYTES_LEN, int64_t received_sec,
                int32_t received_nsec, myk10_status *STATUS) {
        size_t count = 0;
        *STATUS = myk10_uplink_reader_load(&count, $self, (myk10_uplink_format)format, BYTES,
                                           BYTES_LEN, received_sec, received_nsec);
        return count;
    }
    /** Format of the loaded document (ESTATE if none). */
    int format(myk10_status *STATUS) {
        myk10_uplink_format format = MYK10_UPLINK_FORMAT_AUTO;
        *STATUS = myk10_uplink_reader_format(&format, $self);
        return (int)format;
    }
    /** Decodes record `index` into a new Uplink. */
    UplinkShadow *get(size_t index, myk10_status *STATUS) {
        UplinkShadow *out = (UplinkShadow *)calloc(1, sizeof *out);
        if (!out) {
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        *STATUS = myk10_uplink_reader_get(out, $self, index);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
}

/* ---- device sessions ------------------------------------------------------------------- */

/* The session table is a handle like the others. What it returns is copied
 * out of the table at once, because the C results borrow from it:
 * myk10_session_info is copied into a SessionRecord, an accepted uplink into
 * a SessionUplink that owns the PHYPayload, the decrypted bytes and the
 * codec name (myk10_session_result.codec is only valid until the table
 * changes). The host pointer (`user`) is not bound: hosts key their own
 * objects by DevEUI, which every result carries, and the C table could not
 * keep a host object alive across remove, destroy or a snapshot anyway. */

%{
typedef struct myk10_session_table SessionTableShadow;
typedef myk10_session_info SessionRecordShadow;

typedef struct SessionUplinkShadow {
    myk10_session_result result;  /* its pointers point into phy and buf below */
    char codec[MYK10_SESSION_CODEC_SIZE];
    uint8_t phy[MYK10_FRAME_MAX_SIZE];
    uint8_t buf[MYK10_FRAME_MAX_SIZE];
} SessionUplinkShadow;

/* Fills the info a host passes to add/update. The codec name must fit the
 * fixed C field with its NUL; a longer one is refused rather than cut. */
static myk10_status myk10_bind_session_info(myk10_session_info *info, uint64_t dev_eui,
                                            uint32_t dev_addr, bool has_fcnt_up,
                                            uint32_t fcnt_up, uint32_t nfcnt_down,
                                            uint32_t afcnt_down, bool last_confirmed,
                                            bool retransmitted, const char *codec)
{
    size_t len = codec ? strlen(codec) : 0;
    memset(info, 0, sizeof *info);
    if (len >= sizeof info->codec) {
        myk10_clear_error();
        return MYK10_EINVAL;
    }
    info->dev_eui = dev_eui;
    info->dev_addr = dev_addr;
    info->has_fcnt_up = has_fcnt_up;
    info->fcnt_up = has_fcnt_up ? fcnt_up : 0;
    info->nfcnt_down = nfcnt_down;
    info->afcnt_down = afcnt_down;
    info->last_confirmed = last_confirmed;
    info->retransmitted = retransmitted;
    if (len > 0)
        memcpy(info->codec, codec, len);
    return MYK10_OK;
}

static SessionRecordShadow *myk10_bind_session_record(myk10_status *status)
{
    SessionRecordShadow *out = (SessionRecordShadow *)calloc(1, sizeof *out);
    if (!out)
        *status = MYK10_ENOMEM;
    return out;
}

/* Keeps the accepted uplink; `rec->result` then points into `rec` only. */
static SessionUplinkShadow *myk10_bind_session_kept(SessionUplinkShadow *rec,
                                                    myk10_status status,
                                                    myk10_status *out_status)
{
    *out_status = status;
    if (status != MYK10_OK) {
        free(rec);
        return NULL;
    }
    if (rec->result.codec) {
        strncpy(rec->codec, rec->result.codec, sizeof rec->codec - 1);
        rec->result.codec = rec->codec;
    }
    rec->result.user = NULL;
    return rec;
}
%}

MYK10_SELF_CHECK(SessionTableShadow)
MYK10_SELF_CHECK(SessionRecordShadow)
MYK10_SELF_CHECK(SessionUplinkShadow)

/* A parsed frame passed to uplink_frame must be open. */
%typemap(check) FrameShadow *FRAME {
    if (!$1) {
        myk10_clear_error();
        MYK10_CHECK_FAIL(MYK10_EINVAL);
    }
}

%constant int SESSION_MAX_FCNT_GAP = MYK10_SESSION_MAX_FCNT_GAP;
%constant int SESSION_CODEC_SIZE = MYK10_SESSION_CODEC_SIZE;

/** The state of one session besides its keys (a copy of myk10_session_info). */
%rename(SessionRecord) SessionRecordShadow;
typedef struct {} SessionRecordShadow;
%extend SessionRecordShadow {
    ~SessionRecordShadow() {
        free($self);
    }
    myk10_bind_eui dev_eui() { return (myk10_bind_eui)$self->dev_eui; }
    uint32_t dev_addr() { return $self->dev_addr; }
    int version() { return (int)$self->version; }
    bool has_fcnt_up() { return $self->has_fcnt_up; }
    uint32_t fcnt_up() { return $self->fcnt_up; }
    uint32_t nfcnt_down() { return $self->nfcnt_down; }
    uint32_t afcnt_down() { return $self->afcnt_down; }
    bool last_confirmed() { return $self->last_confirmed; }
    bool retransmitted() { return $self->retransmitted; }
    const char *codec() { return $self->codec; }
}

/** An accepted uplink (a copy of myk10_session_result that owns its bytes). */
%rename(SessionUplink) SessionUplinkShadow;
typedef struct {} SessionUplinkShadow;
%extend SessionUplinkShadow {
    ~SessionUplinkShadow() {
        free($self);
    }
    /** The PHYPayload the result was parsed from (the host parses it into a Frame). */
    myk10_bind_bytes phy(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->result.frame.phy, $self->result.frame.phy_size,
                                   STATUS);
    }
    uint32_t fcnt() { return $self->result.fcnt; }
    bool retransmission() { return $self->result.retransmission; }
    bool payload_encrypted() { return $self->result.payload_encrypted; }
    /** The clear FRMPayload (empty if the frame has none). */
    myk10_bind_bytes payload(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->result.payload,
                                   $self->result.payload ? $self->result.payload_size : 0,
                                   STATUS);
    }
    /** The clear FOpts (empty if none). */
    myk10_bind_bytes fopts(myk10_status *STATUS) {
        return myk10_bind_bytes_of($self->result.fopts,
                                   $self->result.fopts ? $self->result.fopts_size : 0, STATUS);
    }
    size_t session() { return $self->result.session; }
    myk10_bind_eui dev_eui() { return (myk10_bind_eui)$self->result.dev_eui; }
    int version() { return (int)$self->result.version; }
    const char *codec() { return $self->result.codec ? $self->result.codec : ""; }
}

%newobject SessionTableShadow::load;
%newobject SessionTableShadow::info;
%newobject SessionTableShadow::info_at;
%newobject SessionTableShadow::session_keys;
%newobject SessionTableShadow::uplink_phy;
%newobject SessionTableShadow::uplink_parsed;

/** Registry of device sessions (myk10_session_table). One thread at a time. */
%rename(SessionTable) SessionTableShadow;
typedef struct {} SessionTableShadow;
%extend SessionTableShadow {
    /** An empty table. */
    SessionTableShadow(myk10_status *STATUS) {
        myk10_session_table *table = NULL;
        *STATUS = myk10_session_table_create(&table);
        return table;
    }
    ~SessionTableShadow() {
        myk10_session_table_destroy($self);
    }
    /** Loads a snapshot made by save() into a new table (ECORRUPT if damaged). */
    static SessionTableShadow *load(const uint8_t *BYTES, size_t BYTES_LEN,
                                    myk10_status *STATUS) {
        myk10_session_table *table = NULL;
        *STATUS = myk10_session_table_load(&table, BYTES, BYTES_LEN);
        return *STATUS == MYK10_OK ? table : NULL;
    }
    size_t session_count() { return myk10_session_count($self); }
    /** Adds a session with the session keys of `keys` (their version becomes the session's). */
    void add_session(FrameKeysShadow *KEYS, myk10_bind_eui dev_eui, uint32_t dev_addr,
                     bool has_fcnt_up, uint32_t fcnt_up, uint32_t nfcnt_down,
                     uint32_t afcnt_down, bool last_confirmed, bool retransmitted,
                     const char *codec, myk10_status *STATUS) {
        myk10_session_info info;
        *STATUS = myk10_bind_session_info(&info, (uint64_t)dev_eui, dev_addr, has_fcnt_up,
                                          fcnt_up, nfcnt_down, afcnt_down, last_confirmed,
                                          retransmitted, codec);
        if (*STATUS == MYK10_OK)
            *STATUS = myk10_session_add($self, &info, KEYS);
    }
    /** Removes a session, wiping its keys (ENOTFOUND if there is none). */
    void remove_session(myk10_bind_eui dev_eui, myk10_status *STATUS) {
        *STATUS = myk10_session_remove($self, (uint64_t)dev_eui);
    }
    /** The state of the session with this DevEUI (ENOTFOUND if there is none). */
    SessionRecordShadow *info(myk10_bind_eui dev_eui, myk10_status *STATUS) {
        SessionRecordShadow *out = myk10_bind_session_record(STATUS);
        if (out)
            *STATUS = myk10_session_get(out, $self, (uint64_t)dev_eui);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
    /** The state of session `index` (0 .. count - 1, internal order). */
    SessionRecordShadow *info_at(size_t index, myk10_status *STATUS) {
        SessionRecordShadow *out = myk10_bind_session_record(STATUS);
        if (out)
            *STATUS = myk10_session_get_at(out, $self, index);
        if (*STATUS != MYK10_OK) {
            free(out);
            return NULL;
        }
        return out;
    }
    /** Replaces counters, flags and codec name of a session (DevAddr and keys stay). */
    void update_session(myk10_bind_eui dev_eui, bool has_fcnt_up, uint32_t fcnt_up,
                        uint32_t nfcnt_down, uint32_t afcnt_down, bool last_confirmed,
                        bool retransmitted, const char *codec, myk10_status *STATUS) {
        myk10_session_info current, info;
        /* update() also replaces the host pointer: carry the current one over,
         * so a table shared with C code keeps what C set. */
        *STATUS = myk10_session_get(&current, $self, (uint64_t)dev_eui);
        if (*STATUS != MYK10_OK)
            return;
        *STATUS = myk10_bind_session_info(&info, (uint64_t)dev_eui, current.dev_addr,
                                          has_fcnt_up, fcnt_up, nfcnt_down, afcnt_down,
                                          last_confirmed, retransmitted, codec);
        info.user = current.user;
        if (*STATUS == MYK10_OK)
            *STATUS = myk10_session_update($self, &info);
    }
    /** The DevEUIs of the sessions with a DevAddr, 8 bytes each, big-endian. */
    myk10_bind_bytes find_packed(uint32_t dev_addr, myk10_status *STATUS) {
        myk10_bind_bytes result;
        uint64_t *euis;
        size_t count = 0, i;
        memset(&result, 0, sizeof result);
        *STATUS = myk10_session_find(NULL, 0, &count, $self, dev_addr);
        if (*STATUS != MYK10_OK && *STATUS != MYK10_EBUFSIZE)
            return result;
        *STATUS = MYK10_OK;
        if (count == 0)
            return result;
        euis = (uint64_t *)malloc(count * sizeof *euis);
        result.heap = (uint8_t *)malloc(count * 8);
        if (!euis || !result.heap) {
            free(euis);
            free(result.heap);
            result.heap = NULL;
            *STATUS = MYK10_ENOMEM;
            return result;
        }
        *STATUS = myk10_session_find(euis, count, &count, $self, dev_addr);
        if (*STATUS == MYK10_OK) {
            for (i = 0; i < count; i++) {
                int b;
                for (b = 0; b < 8; b++)
                    result.heap[8 * i + (size_t)b] = (uint8_t)(euis[i] >> (56 - 8 * b));
            }
            result.size = count * 8;
        } else {
            free(result.heap);
            result.heap = NULL;
        }
        free(euis);
        return result;
    }
    /** A new keys object with the session keys of a session (e.g. to encode a downlink). */
    FrameKeysShadow *session_keys(myk10_bind_eui dev_eui, myk10_status *STATUS) {
        myk10_frame_keys *keys = NULL;
        *STATUS = myk10_session_keys(&keys, $self, (uint64_t)dev_eui);
        return *STATUS == MYK10_OK ? keys : NULL;
    }
    /** Takes the next downlink counter (AFCntDown for an application downlink, 1.1). */
    uint32_t next_fcnt_down(myk10_bind_eui dev_eui, bool application, myk10_status *STATUS) {
        uint32_t fcnt = 0;
        *STATUS = myk10_session_next_fcnt_down(&fcnt, $self, (uint64_t)dev_eui, application);
        return fcnt;
    }
    /** Processes a received uplink (myk10_session_uplink); the counter moves only on success. */
    SessionUplinkShadow *uplink_phy(const uint8_t *BYTES, size_t BYTES_LEN, uint16_t conf_fcnt,
                                    uint8_t tx_dr, uint8_t tx_ch, myk10_status *STATUS) {
        myk10_frame_params params = myk10_bind_params(0, conf_fcnt, tx_dr, tx_ch);
        SessionUplinkShadow *rec;
        if (BYTES_LEN > MYK10_FRAME_MAX_SIZE) {
            /* Too long to copy: let the parser report it, as Frame does. */
            myk10_frame probe;
            *STATUS = myk10_frame_parse(&probe, BYTES, BYTES_LEN);
            if (*STATUS == MYK10_OK)
                *STATUS = MYK10_EMALFORMED;
            return NULL;
        }
        rec = (SessionUplinkShadow *)calloc(1, sizeof *rec);
        if (!rec) {
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        /* The result points into the PHYPayload: give it a private copy. */
        if (BYTES_LEN > 0)
            memcpy(rec->phy, BYTES, BYTES_LEN);
        return myk10_bind_session_kept(
            rec, myk10_session_uplink(&rec->result, rec->buf, sizeof rec->buf, $self, rec->phy,
                                      BYTES_LEN, &params),
            STATUS);
    }
    /** As uplink_phy for a parsed Frame (myk10_session_uplink_frame). */
    SessionUplinkShadow *uplink_parsed(FrameShadow *FRAME, uint16_t conf_fcnt, uint8_t tx_dr,
                                       uint8_t tx_ch, myk10_status *STATUS) {
        myk10_frame_params params = myk10_bind_params(0, conf_fcnt, tx_dr, tx_ch);
        myk10_frame frame;
        myk10_status status;
        SessionUplinkShadow *rec = (SessionUplinkShadow *)calloc(1, sizeof *rec);
        if (!rec) {
            *STATUS = MYK10_ENOMEM;
            return NULL;
        }
        /* The result points into the frame's bytes, which the host object
         * owns and may free before the result: parse a private copy. */
        memcpy(rec->phy, FRAME->phy, FRAME->frame.phy_size);
        status = myk10_frame_parse(&frame, rec->phy, FRAME->frame.phy_size);
        if (status == MYK10_OK)
            status = myk10_session_uplink_frame(&rec->result, rec->buf, sizeof rec->buf, $self,
                                                &frame, &params);
        return myk10_bind_session_kept(rec, status, STATUS);
    }
    /** The CBOR snapshot of the whole table. Contains the session keys in clear. */
    myk10_bind_bytes save(myk10_status *STATUS) {
        myk10_bind_bytes result;
        size_t needed = 0;
        myk10_status query = myk10_session_table_save(NULL, 0, &needed, $self);
        memset(&result, 0, sizeof result);
        if (query != MYK10_OK && query != MYK10_EBUFSIZE) {
            *STATUS = query;
            return result;
        }
        /* Always on the heap, even when small: the out typemap wipes it. */
        result.heap = (uint8_t *)malloc(needed ? needed : 1);
        if (!result.heap) {
            *STATUS = MYK10_ENOMEM;
            return result;
        }
        *STATUS = myk10_session_table_save(result.heap, needed, &needed, $self);
        if (*STATUS != MYK10_OK) {
            free(result.heap);
            result.heap = NULL;
            return result;
        }
        result.size = needed;
        return result;
    }
}

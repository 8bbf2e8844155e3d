/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MAC commands (LoRaWAN 1.0.4 section 5, 1.1 section 5): a table of payload
 * sizes per CID and direction frames the buffer; small functions turn each
 * payload into its typed value and back.
 */
#include <string.h>

#include "frame_internal.h"

#define CID_MAX 0x0F

typedef struct mac_spec {
    const char *up_name;   /* NULL: not sent uplink */
    int up_size;
    const char *down_name; /* NULL: not sent downlink */
    int down_size;
} mac_spec;

/* Indexed by CID. Sizes exclude the CID byte. */
static const mac_spec mac_specs[CID_MAX + 1] = {
    [0x01] = { "ResetInd", 1, "ResetConf", 1 },
    [0x02] = { "LinkCheckReq", 0, "LinkCheckAns", 2 },
    [0x03] = { "LinkADRAns", 1, "LinkADRReq", 4 },
    [0x04] = { "DutyCycleAns", 0, "DutyCycleReq", 1 },
    [0x05] = { "RXParamSetupAns", 1, "RXParamSetupReq", 4 },
    [0x06] = { "DevStatusAns", 2, "DevStatusReq", 0 },
    [0x07] = { "NewChannelAns", 1, "NewChannelReq", 5 },
    [0x08] = { "RXTimingSetupAns", 0, "RXTimingSetupReq", 1 },
    [0x09] = { "TxParamSetupAns", 0, "TxParamSetupReq", 1 },
    [0x0A] = { "DlChannelAns", 1, "DlChannelReq", 4 },
    [0x0B] = { "RekeyInd", 1, "RekeyConf", 1 },
    [0x0C] = { "ADRParamSetupAns", 0, "ADRParamSetupReq", 1 },
    [0x0D] = { "DeviceTimeReq", 0, "DeviceTimeAns", 5 },
    [0x0E] = { NULL, -1, "ForceRejoinReq", 2 },
    [0x0F] = { "RejoinParamSetupAns", 1, "RejoinParamSetupReq", 1 },
};

/* TxParamSetupReq MaxEIRP codes to dBm (LoRaWAN Regional Parameters). */
static const uint8_t max_eirp_dbm[16] = { 8, 10, 12, 13, 14, 16, 18, 20,
                                          21, 24, 26, 27, 29, 30, 33, 36 };

static const char *spec_name(unsigned cid, bool uplink)
{
    if (cid == 0 || cid > CID_MAX)
        return NULL;
    return uplink ? mac_specs[cid].up_name : mac_specs[cid].down_name;
}

const char *myk10_mac_name(myk10_mac_cid cid, bool uplink)
{
    const char *name = spec_name((unsigned)cid, uplink);
    return name ? name : "unknown";
}

int myk10_mac_payload_size(myk10_mac_cid cid, bool uplink)
{
    unsigned index = (unsigned)cid;
    if (!spec_name(index, uplink))
        return -1;
    return uplink ? mac_specs[index].up_size : mac_specs[index].down_size;
}

/* ------------------------------------------------------------- decoding */

static void decode_status(myk10_mac_status_ans *s, uint8_t byte, bool has_bit2)
{
    s->status = byte;
    s->bit0 = byte & 0x01;
    s->bit1 = byte & 0x02;
    s->bit2 = has_bit2 && (byte & 0x04);
}

/* 6-bit two's complement (DevStatusAns margin). */
static int8_t sign_extend6(uint8_t v)
{
    v &= 0x3F;
    return (int8_t)(v & 0x20 ? (int)v - 64 : (int)v);
}

static void decode_uplink(myk10_mac_payload *v, unsigned cid, const uint8_t *p)
{
    switch (cid) {
    case MYK10_MAC_RESET:
    case MYK10_MAC_REKEY:
        v->minor = p[0] & 0x0F;
        break;
    case MYK10_MAC_LINK_ADR:
    case MYK10_MAC_RX_PARAM_SETUP:
        decode_status(&v->status_ans, p[0], true);
        break;
    case MYK10_MAC_NEW_CHANNEL:
    case MYK10_MAC_DL_CHANNEL:
    case MYK10_MAC_REJOIN_PARAM_SETUP:
        decode_status(&v->status_ans, p[0], false);
        break;
    case MYK10_MAC_DEV_STATUS:
        v->dev_status_ans.battery = p[0];
        v->dev_status_ans.margin = sign_extend6(p[1]);
        break;
    default: /* no payload */
        break;
    }
}

static void decode_downlink(myk10_mac_payload *v, unsigned cid, const uint8_t *p)
{
    switch (cid) {
    case MYK10_MAC_RESET:
    case MYK10_MAC_REKEY:
        v->minor = p[0] & 0x0F;
        break;
    case MYK10_MAC_LINK_CHECK:
        v->link_check_ans.margin = p[0];
        v->link_check_ans.gw_cnt = p[1];
        break;
    case MYK10_MAC_LINK_ADR:
        v->link_adr_req.data_rate = p[0] >> 4;
        v->link_adr_req.tx_power = p[0] & 0x0F;
        v->link_adr_req.ch_mask = get_le16(p + 1);
        v->link_adr_req.ch_mask_cntl = (p[3] >> 4) & 0x07;
        v->link_adr_req.nb_trans = p[3] & 0x0F;
        break;
    case MYK10_MAC_DUTY_CYCLE:
        v->max_duty_cycle = p[0] & 0x0F;
        break;
    case MYK10_MAC_RX_PARAM_SETUP:
        v->rx_param_setup_req.rx1_dr_offset = (p[0] >> 4) & 0x07;
        v->rx_param_setup_req.rx2_data_rate = p[0] & 0x0F;
        v->rx_param_setup_req.frequency_hz = get_le24(p + 1) * 100u;
        break;
    case MYK10_MAC_NEW_CHANNEL:
        v->new_channel_req.ch_index = p[0];
        v->new_channel_req.frequency_hz = get_le24(p + 1) * 100u;
        v->new_channel_req.min_dr = p[4] & 0x0F;
        v->new_channel_req.max_dr = p[4] >> 4;
        break;
    case MYK10_MAC_RX_TIMING_SETUP:
        v->rx_delay = p[0] & 0x0F;
        break;
    case MYK10_MAC_TX_PARAM_SETUP:
        v->tx_param_setup_req.downlink_dwell_time = p[0] & 0x20;
        v->tx_param_setup_req.uplink_dwell_time = p[0] & 0x10;
        v->tx_param_setup_req.max_eirp_code = p[0] & 0x0F;
        v->tx_param_setup_req.max_eirp_dbm = max_eirp_dbm[p[0] & 0x0F];
        break;
    case MYK10_MAC_DL_CHANNEL:
        v->dl_channel_req.ch_index = p[0];
        v->dl_channel_req.frequency_hz = get_le24(p + 1) * 100u;
        break;
    case MYK10_MAC_ADR_PARAM_SETUP:
        v->adr_param = p[0];
        break;
    case MYK10_MAC_DEVICE_TIME:
        v->device_time_ans.gps_seconds = get_le32(p);
        v->device_time_ans.fraction = p[4];
        break;
    case MYK10_MAC_FORCE_REJOIN: {
        uint16_t w = get_le16(p);
        v->force_rejoin_req.period = (w >> 11) & 0x07;
        v->force_rejoin_req.max_retries = (w >> 8) & 0x07;
        v->force_rejoin_req.rejoin_type = (w >> 4) & 0x07;
        v->force_rejoin_req.data_rate = w & 0x0F;
        break;
    }
    case MYK10_MAC_REJOIN_PARAM_SETUP:
        v->rejoin_param = p[0];
        break;
    default: /* no payload */
        break;
    }
}

void myk10_mac_iter_init(myk10_mac_iter *iter, const uint8_t *data, size_t size, bool uplink)
{
    if (!iter)
        return;
    iter->data = data;
    iter->size = data ? size : 0;
    iter->offset = 0;
    iter->uplink = uplink;
}

bool myk10_mac_iter_done(const myk10_mac_iter *iter)
{
    return !iter || iter->offset >= iter->size;
}

myk10_status myk10_mac_iter_next(myk10_mac_command *out, myk10_mac_iter *iter)
{
    size_t at, left;
    unsigned cid;
    int size;

    if (!out || !iter || myk10_mac_iter_done(iter))
        return myk10__fail(MYK10_EINVAL, "mac: NULL argument or no command left");
    at = iter->offset;
    cid = iter->data[at];
    size = myk10_mac_payload_size((myk10_mac_cid)cid, iter->uplink);
    if (size < 0)
        return myk10__fail_at(MYK10_EUNSUPPORTED, (int64_t)at,
                              "mac: unknown %s CID 0x%02X at byte %zu",
                              iter->uplink ? "uplink" : "downlink", cid, at);
    left = iter->size - at - 1;
    if ((size_t)size > left)
        return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)at,
                              "mac: %s at byte %zu needs %d bytes, %zu left",
                              myk10_mac_name((myk10_mac_cid)cid, iter->uplink), at, size, left);

    memset(out, 0, sizeof *out);
    out->cid = (myk10_mac_cid)cid;
    out->uplink = iter->uplink;
    out->offset = at;
    out->size = (size_t)size;
    if (iter->uplink)
        decode_uplink(&out->value, cid, iter->data + at + 1);
    else
        decode_downlink(&out->value, cid, iter->data + at + 1);
    iter->offset = at + 1 + (size_t)size;
    return MYK10_OK;
}

myk10_status myk10_mac_decode(myk10_mac_command *out, size_t cap, size_t *out_count,
                              const uint8_t *data, size_t size, bool uplink)
{
    myk10_mac_iter iter;
    myk10_mac_command scratch;
    size_t count = 0;

    if (!out_count || (!data && size) || (!out && cap))
        return myk10__fail(MYK10_EINVAL, "mac: NULL out_count, data or out");
    myk10_mac_iter_init(&iter, data, size, uplink);
    while (!myk10_mac_iter_done(&iter)) {
        /* Past the capacity keep framing, so the count needed is exact. */
        myk10_status status = myk10_mac_iter_next(count < cap ? &out[count] : &scratch, &iter);
        if (status != MYK10_OK) {
            *out_count = count < cap ? count : cap;
            return status;
        }
        count++;
    }
    *out_count = count;
    if (count > cap)
        return myk10__fail(MYK10_EBUFSIZE, "mac: room for %zu commands, %zu needed", cap,
                           count);
    return MYK10_OK;
}

/* ------------------------------------------------------------- encoding */

/* The flags win over the raw byte for the bits they name; other bits
 * (RFU, or bit 2 of answers that give it no meaning) pass through. */
static uint8_t encode_status(const myk10_mac_status_ans *s, bool has_bit2)
{
    uint8_t named = has_bit2 ? 0x07 : 0x03;
    uint8_t flags = (uint8_t)((s->bit0 ? 0x01 : 0) | (s->bit1 ? 0x02 : 0) |
                              (has_bit2 && s->bit2 ? 0x04 : 0));
    return (uint8_t)((s->status & ~named) | flags);
}

static myk10_status encode_frequency(uint8_t *p, uint32_t hz)
{
    if (hz % 100 != 0 || hz / 100 > 0xFFFFFF)
        return myk10__fail(MYK10_ERANGE, "mac: frequency %u Hz cannot be encoded in 100 Hz "
                                         "steps of 24 bits",
                           (unsigned)hz);
    put_le24(p, hz / 100);
    return MYK10_OK;
}

static myk10_status encode_uplink(uint8_t *p, const myk10_mac_command *c)
{
    const myk10_mac_payload *v = &c->value;
    switch (c->cid) {
    case MYK10_MAC_RESET:
    case MYK10_MAC_REKEY:
        p[0] = v->minor & 0x0F;
        break;
    case MYK10_MAC_LINK_ADR:
    case MYK10_MAC_RX_PARAM_SETUP:
        p[0] = encode_status(&v->status_ans, true);
        break;
    case MYK10_MAC_NEW_CHANNEL:
    case MYK10_MAC_DL_CHANNEL:
    case MYK10_MAC_REJOIN_PARAM_SETUP:
        p[0] = encode_status(&v->status_ans, false);
        break;
    case MYK10_MAC_DEV_STATUS:
        if (v->dev_status_ans.margin < -32 || v->dev_status_ans.margin > 31)
            return myk10__fail(MYK10_ERANGE, "mac: DevStatusAns margin %d outside -32..31",
                               v->dev_status_ans.margin);
        p[0] = v->dev_status_ans.battery;
        p[1] = (uint8_t)v->dev_status_ans.margin & 0x3F;
        break;
    default:
        break;
    }
    return MYK10_OK;
}

static myk10_status encode_downlink(uint8_t *p, const myk10_mac_command *c)
{
    const myk10_mac_payload *v = &c->value;
    switch (c->cid) {
    case MYK10_MAC_RESET:
    case MYK10_MAC_REKEY:
        p[0] = v->minor & 0x0F;
        break;
    case MYK10_MAC_LINK_CHECK:
        p[0] = v->link_check_ans.margin;
        p[1] = v->link_check_ans.gw_cnt;
        break;
    case MYK10_MAC_LINK_ADR:
        p[0] = (uint8_t)((v->link_adr_req.data_rate << 4) | (v->link_adr_req.tx_power & 0x0F));
        put_le16(p + 1, v->link_adr_req.ch_mask);
        p[3] = (uint8_t)(((v->link_adr_req.ch_mask_cntl & 0x07) << 4) |
                         (v->link_adr_req.nb_trans & 0x0F));
        break;
    case MYK10_MAC_DUTY_CYCLE:
        p[0] = v->max_duty_cycle & 0x0F;
        break;
    case MYK10_MAC_RX_PARAM_SETUP:
        p[0] = (uint8_t)(((v->rx_param_setup_req.rx1_dr_offset & 0x07) << 4) |
                         (v->rx_param_setup_req.rx2_data_rate & 0x0F));
        return encode_frequency(p + 1, v->rx_param_setup_req.frequency_hz);
    case MYK10_MAC_NEW_CHANNEL:
        p[0] = v->new_channel_req.ch_index;
        p[4] = (uint8_t)((v->new_channel_req.max_dr << 4) | (v->new_channel_req.min_dr & 0x0F));
        return encode_frequency(p + 1, v->new_channel_req.frequency_hz);
    case MYK10_MAC_RX_TIMING_SETUP:
        p[0] = v->rx_delay & 0x0F;
        break;
    case MYK10_MAC_TX_PARAM_SETUP:
        p[0] = (uint8_t)((v->tx_param_setup_req.downlink_dwell_time ? 0x20 : 0) |
                         (v->tx_param_setup_req.uplink_dwell_time ? 0x10 : 0) |
                         (v->tx_param_setup_req.max_eirp_code & 0x0F));
        break;
    case MYK10_MAC_DL_CHANNEL:
        p[0] = v->dl_channel_req.ch_index;
        return encode_frequency(p + 1, v->dl_channel_req.frequency_hz);
    case MYK10_MAC_ADR_PARAM_SETUP:
        p[0] = v->adr_param;
        break;
    case MYK10_MAC_DEVICE_TIME:
        put_le32(p, v->device_time_ans.gps_seconds);
        p[4] = v->device_time_ans.fraction;
        break;
    case MYK10_MAC_FORCE_REJOIN:
        put_le16(p, (uint16_t)(((v->force_rejoin_req.period & 0x07) << 11) |
                               ((v->force_rejoin_req.max_retries & 0x07) << 8) |
                               ((v->force_rejoin_req.rejoin_type & 0x07) << 4) |
                               (v->force_rejoin_req.data_rate & 0x0F)));
        break;
    case MYK10_MAC_REJOIN_PARAM_SETUP:
        p[0] = v->rejoin_param;
        break;
    default:
        break;
    }
    return MYK10_OK;
}

myk10_status myk10_mac_encode(uint8_t *out, size_t cap, size_t *out_size,
                              const myk10_mac_command *commands, size_t count)
{
    uint8_t scratch[1 + 5];
    size_t needed = 0, at = 0;

    if (!out_size || (!commands && count))
        return myk10__fail(MYK10_EINVAL, "mac: NULL out_size or commands");
    /* First pass: sizes and values, so nothing is written on failure. */
    for (size_t i = 0; i < count; i++) {
        const myk10_mac_command *c = &commands[i];
        int size = myk10_mac_payload_size(c->cid, c->uplink);
        myk10_status status;
        if (size < 0)
            return myk10__fail(MYK10_EUNSUPPORTED, "mac: command %zu has unknown %s CID 0x%02X",
                               i, c->uplink ? "uplink" : "downlink", (unsigned)c->cid);
        status = c->uplink ? encode_uplink(scratch + 1, c) : encode_downlink(scratch + 1, c);
        if (status != MYK10_OK)
            return status;
        needed += 1 + (size_t)size;
    }
    *out_size = needed;
    if (cap < needed)
        return myk10__fail(MYK10_EBUFSIZE, "mac: buffer of %zu bytes, %zu needed", cap, needed);
    if (!out && needed)
        return myk10__fail(MYK10_EINVAL, "mac: NULL out");
    for (size_t i = 0; i < count; i++) {
        const myk10_mac_command *c = &commands[i];
        out[at] = (uint8_t)c->cid;
        if (c->uplink)
            encode_uplink(out + at + 1, c);
        else
            encode_downlink(out + at + 1, c);
        at += 1 + (size_t)myk10_mac_payload_size(c->cid, c->uplink);
    }
    return MYK10_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Zero-copy PHYPayload parser. Every check names the byte it failed at;
 * nothing is written to the caller's frame until the whole input is known
 * to be well-formed.
 */
#include <string.h>

#include "frame_internal.h"

#define MHDR_SIZE 1
#define MIC_SIZE 4
#define FHDR_MIN 7 /* DevAddr 4, FCtrl 1, FCnt 2 */
#define FCTRL_OFFSET 5
#define JOIN_REQUEST_SIZE 23
#define JOIN_ACCEPT_SIZE 17
#define JOIN_ACCEPT_CFLIST_SIZE 33
#define REJOIN_02_SIZE 19
#define REJOIN_1_SIZE 24

static const char *const mtype_names[8] = {
    "JoinRequest",       "JoinAccept",    "UnconfirmedDataUp", "UnconfirmedDataDown",
    "ConfirmedDataUp",   "ConfirmedDataDown", "RejoinRequest", "Proprietary",
};

size_t myk10_frame_max_size(void) { return MYK10_FRAME_MAX_SIZE; }
size_t myk10_frame_min_data_size(void) { return MYK10_FRAME_MIN_DATA_SIZE; }
size_t myk10_frame_max_fopts(void) { return MYK10_FRAME_MAX_FOPTS; }
size_t myk10_frame_key_size(void) { return MYK10_FRAME_KEY_SIZE; }

const char *myk10_frame_mtype_name(myk10_frame_mtype mtype)
{
    unsigned index = (unsigned)mtype;
    return index < 8 ? mtype_names[index] : "unknown";
}

bool myk10_frame_mtype_is_data(myk10_frame_mtype mtype)
{
    return mtype >= MYK10_FRAME_UNCONFIRMED_UP && mtype <= MYK10_FRAME_CONFIRMED_DOWN;
}

bool myk10_frame_mtype_is_uplink(myk10_frame_mtype mtype)
{
    switch (mtype) {
    case MYK10_FRAME_JOIN_REQUEST:
    case MYK10_FRAME_UNCONFIRMED_UP:
    case MYK10_FRAME_CONFIRMED_UP:
    case MYK10_FRAME_REJOIN_REQUEST:
        return true;
    default:
        return false;
    }
}

/* A message of fixed size: too short is truncated, too long is malformed. */
static myk10_status expect_size(size_t size, size_t expected, const char *what)
{
    if (size < expected)
        return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)size,
                              "frame: %s ends at byte %zu, %zu bytes needed", what, size,
                              expected);
    if (size > expected)
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)expected,
                              "frame: %zu unexpected bytes after the %s at byte %zu",
                              size - expected, what, expected);
    return MYK10_OK;
}

static void take_mic(myk10_frame *f, const uint8_t *phy, size_t size)
{
    memcpy(f->mic, phy + size - MIC_SIZE, MIC_SIZE);
}

static myk10_status parse_data(myk10_frame *f, const uint8_t *phy, size_t size)
{
    myk10_frame_data *d = &f->data;
    size_t mac_end, fport_at;
    uint8_t fctrl;

    if (size < MYK10_FRAME_MIN_DATA_SIZE)
        return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)size,
                              "frame: data frame ends at byte %zu, at least %d bytes needed",
                              size, MYK10_FRAME_MIN_DATA_SIZE);
    fctrl = phy[FCTRL_OFFSET];
    d->fopts_size = fctrl & 0x0F;
    mac_end = size - MIC_SIZE;
    fport_at = MHDR_SIZE + FHDR_MIN + d->fopts_size;
    if (fport_at > mac_end)
        return myk10__fail_at(MYK10_ETRUNCATED, FCTRL_OFFSET,
                              "frame: FOptsLen %zu in FCtrl at byte %d runs into the MIC at "
                              "byte %zu",
                              d->fopts_size, FCTRL_OFFSET, mac_end);
    d->has_fport = fport_at < mac_end;
    d->fport = d->has_fport ? phy[fport_at] : 0;
    if (d->has_fport && d->fport == 0 && d->fopts_size > 0)
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)fport_at,
                              "frame: FPort 0 at byte %zu with %zu FOpts bytes (MAC commands "
                              "may not be in both)",
                              fport_at, d->fopts_size);

    d->dev_addr = get_le32(phy + 1);
    d->fctrl = fctrl;
    d->adr = fctrl & 0x80;
    d->ack = fctrl & 0x20;
    d->adr_ack_req = f->uplink && (fctrl & 0x40);
    d->class_b = f->uplink && (fctrl & 0x10);
    d->fpending = !f->uplink && (fctrl & 0x10);
    d->fcnt16 = get_le16(phy + 6);
    d->fopts = d->fopts_size ? phy + MHDR_SIZE + FHDR_MIN : NULL;
    d->frm_payload_size = d->has_fport ? mac_end - fport_at - 1 : 0;
    d->frm_payload = d->frm_payload_size ? phy + fport_at + 1 : NULL;
    take_mic(f, phy, size);
    return MYK10_OK;
}

static myk10_status parse_join_request(myk10_frame *f, const uint8_t *phy, size_t size)
{
    myk10_status status = expect_size(size, JOIN_REQUEST_SIZE, "join-request");
    if (status != MYK10_OK)
        return status;
    f->join_request.join_eui = get_le64(phy + 1);
    f->join_request.dev_eui = get_le64(phy + 9);
    f->join_request.dev_nonce = get_le16(phy + 17);
    take_mic(f, phy, size);
    return MYK10_OK;
}

static myk10_status parse_join_accept(myk10_frame *f, const uint8_t *phy, size_t size)
{
    if (size < JOIN_ACCEPT_SIZE)
        return expect_size(size, JOIN_ACCEPT_SIZE, "join-accept");
    if (size != JOIN_ACCEPT_SIZE && size != JOIN_ACCEPT_CFLIST_SIZE) {
        size_t at = size < JOIN_ACCEPT_CFLIST_SIZE ? JOIN_ACCEPT_SIZE : JOIN_ACCEPT_CFLIST_SIZE;
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)at,
                              "frame: join-accept of %zu bytes at byte %zu, must be 17 or 33",
                              size, at);
    }
    f->join_accept.encrypted = phy + MHDR_SIZE;
    f->join_accept.encrypted_size = size - MHDR_SIZE;
    take_mic(f, phy, size); /* still encrypted; join_accept_open() yields the real one */
    return MYK10_OK;
}

static myk10_status parse_rejoin(myk10_frame *f, const uint8_t *phy, size_t size)
{
    myk10_frame_rejoin_request *r = &f->rejoin;
    myk10_status status;

    if (size < 2)
        return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)size,
                              "frame: rejoin-request ends before its type at byte 1");
    if (phy[1] > 2)
        return myk10__fail_at(MYK10_EUNSUPPORTED, 1, "frame: rejoin type %u at byte 1",
                              phy[1]);
    r->type = phy[1];
    if (r->type == 1) {
        if ((status = expect_size(size, REJOIN_1_SIZE, "rejoin-request type 1")) != MYK10_OK)
            return status;
        r->net_id = 0;
        r->join_eui = get_le64(phy + 2);
        r->dev_eui = get_le64(phy + 10);
        r->rj_count = get_le16(phy + 18);
    } else {
        if ((status = expect_size(size, REJOIN_02_SIZE, "rejoin-request")) != MYK10_OK)
            return status;
        r->net_id = get_le24(phy + 2);
        r->join_eui = 0;
        r->dev_eui = get_le64(phy + 5);
        r->rj_count = get_le16(phy + 13);
    }
    take_mic(f, phy, size);
    return MYK10_OK;
}

static myk10_status parse_body(myk10_frame *f, const uint8_t *phy, size_t size)
{
    switch (f->mtype) {
    case MYK10_FRAME_JOIN_REQUEST:
        return parse_join_request(f, phy, size);
    case MYK10_FRAME_JOIN_ACCEPT:
        return parse_join_accept(f, phy, size);
    case MYK10_FRAME_REJOIN_REQUEST:
        return parse_rejoin(f, phy, size);
    case MYK10_FRAME_PROPRIETARY:
        f->proprietary = size > 1 ? phy + 1 : NULL;
        f->proprietary_size = size - 1;
        memset(f->mic, 0, sizeof f->mic);
        return MYK10_OK;
    default:
        return parse_data(f, phy, size);
    }
}

myk10_status myk10_frame_parse(myk10_frame *out, const uint8_t *phy, size_t size)
{
    myk10_frame frame;
    myk10_status status;

    if (!out || (!phy && size))
        return myk10__fail(MYK10_EINVAL, "frame: NULL out or phy");
    if (size == 0)
        return myk10__fail_at(MYK10_ETRUNCATED, 0, "frame: empty input, MHDR missing at byte 0");
    if (size > MYK10_FRAME_MAX_SIZE)
        return myk10__fail_at(MYK10_EMALFORMED, MYK10_FRAME_MAX_SIZE,
                              "frame: %zu bytes, more than the LoRa maximum of %d at byte %d",
                              size, MYK10_FRAME_MAX_SIZE, MYK10_FRAME_MAX_SIZE);
    if ((phy[0] & 0x03) != 0)
        return myk10__fail_at(MYK10_EUNSUPPORTED, 0,
                              "frame: major version %u in MHDR at byte 0, only LoRaWAN R1 (0)",
                              phy[0] & 0x03u);
    frame.mhdr = phy[0];
    frame.major = 0;
    frame.mtype = (myk10_frame_mtype)(phy[0] >> 5);
    frame.uplink = myk10_frame_mtype_is_uplink(frame.mtype);
    frame.phy = phy;
    frame.phy_size = size;
    status = parse_body(&frame, phy, size);
    if (status != MYK10_OK)
        return status;
    *out = frame;
    return MYK10_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-frame path of the session table: DevAddr lookup, FCnt32
 * reconstruction, MIC verification, the counter rules, decryption, and
 * the counter update. Nothing here allocates; failures are formatted only
 * once, after every candidate session has been tried.
 */
#include <string.h>

#include <sodium.h>

#include "session_internal.h"

#define GAP MYK10_SESSION_MAX_FCNT_GAP
#define MIC_SIZE 4

void session_fcnt_guess_of(session_fcnt_guess *out, bool has_last, uint32_t last,
                           uint16_t fcnt16)
{
    memset(out, 0, sizeof *out);
    if (!has_last) {
        /* As if FCntUp were -1: counter v is a gap of v + 1. */
        out->kind = fcnt16 < GAP ? FCNT_FORWARD : FCNT_FAR;
        out->has_forward = true;
        out->forward = fcnt16;
        return;
    }
    uint32_t ahead = (uint16_t)(fcnt16 - (uint16_t)last); /* 0..65535 */
    uint64_t forward = (uint64_t)last + ahead;
    if (ahead == 0) {
        out->kind = FCNT_SAME;
        out->has_backward = true;
        out->backward = last;
        return;
    }
    if (ahead <= GAP) {
        out->kind = forward <= UINT32_MAX ? FCNT_FORWARD : FCNT_EXHAUSTED;
        out->has_forward = out->kind == FCNT_FORWARD;
        out->forward = (uint32_t)forward;
        out->has_backward = out->kind == FCNT_EXHAUSTED;
        out->backward = (uint32_t)forward; /* the wrapped counter */
        return;
    }
    out->kind = FCNT_FAR;
    out->has_forward = forward <= UINT32_MAX;
    out->forward = (uint32_t)forward;
    out->has_backward = last >= 0x10000u - ahead;
    out->backward = last - (0x10000u - ahead);
}

/* What trying one session gave; turned into a message only at the end. */
typedef enum verdict {
    V_ACCEPT,
    V_RETRANSMISSION,
    V_NO_MIC,   /* the MIC matches no candidate counter */
    V_REPLAY,
    V_GAP,
    V_CRYPTO
} verdict;

typedef struct attempt {
    verdict verdict;
    uint32_t fcnt;       /* the counter the MIC matched (REPLAY, GAP, ACCEPT) */
    const session_rec *rec;
} attempt;

static frame_aes *unit(session_rec *rec, myk10_frame_key_role role)
{
    int index = rec->unit_of[role];
    return index < 0 ? NULL : &rec->units[index];
}

/* 1 if the frame's MIC matches with counter `fcnt`, 0 if not, -1 on an OpenSSL failure. */
static int mic_matches(myk10_session_table *table, session_rec *rec, const myk10_frame *frame,
                       const myk10_frame_params *params, uint32_t fcnt)
{
    uint8_t mic[MIC_SIZE];
    myk10_frame_params p = *params;
    frame_aes *f_int = unit(rec, MYK10_KEY_F_NWK_S_INT), *s_int = unit(rec, MYK10_KEY_S_NWK_S_INT);
    p.fcnt = fcnt;
    if (session_use_unit(table, rec, f_int) != MYK10_OK ||
        session_use_unit(table, rec, s_int) != MYK10_OK ||
        frame_data_mic_units(mic, rec->version == MYK10_LORAWAN_1_1, f_int, s_int,
                             true, frame->data.dev_addr, frame->data.ack, frame->phy,
                             frame->phy_size - MIC_SIZE, &p) != MYK10_OK)
        return -1;
    return sodium_memcmp(mic, frame->mic, MIC_SIZE) == 0;
}

static verdict same_counter(const session_rec *rec, const myk10_frame *frame)
{
    bool confirmed = frame->mtype == MYK10_FRAME_CONFIRMED_UP;
    if (confirmed && (rec->flags & SESSION_LAST_CONFIRMED) &&
        !(rec->flags & SESSION_RETRANSMITTED))
        return V_RETRANSMISSION;
    return V_REPLAY;
}

/* The MIC decides which reading of the 16-bit counter is the true one. */
static attempt try_session(myk10_session_table *table, session_rec *rec, const myk10_frame *frame,
                           const myk10_frame_params *params)
{
    attempt a = { V_NO_MIC, 0, rec };
    session_fcnt_guess g;
    int match;

    session_fcnt_guess_of(&g, rec->flags & SESSION_HAS_UP, rec->fcnt_up, frame->data.fcnt16);
    if (g.has_forward) {
        if ((match = mic_matches(table, rec, frame, params, g.forward)) < 0)
            return (attempt){ V_CRYPTO, g.forward, rec };
        if (match) {
            a.fcnt = g.forward;
            a.verdict = g.kind == FCNT_FORWARD ? V_ACCEPT : V_GAP;
            return a;
        }
    }
    if (g.has_backward) {
        if ((match = mic_matches(table, rec, frame, params, g.backward)) < 0)
            return (attempt){ V_CRYPTO, g.backward, rec };
        if (match) {
            a.fcnt = g.backward;
            a.verdict = g.kind == FCNT_SAME ? same_counter(rec, frame) : V_REPLAY;
        }
    }
    return a;
}

static myk10_status check_frame(const myk10_frame *frame, size_t cap)
{
    const myk10_frame_data *d = &frame->data;
    if (frame->mtype != MYK10_FRAME_UNCONFIRMED_UP && frame->mtype != MYK10_FRAME_CONFIRMED_UP)
        return myk10__fail(MYK10_EINVAL, "session: a %s is not a data uplink",
                           myk10_frame_mtype_name(frame->mtype));
    if (cap < d->frm_payload_size + d->fopts_size)
        return myk10__fail(MYK10_EBUFSIZE, "session: buffer of %zu bytes, %zu needed", cap,
                           d->frm_payload_size + d->fopts_size);
    return MYK10_OK;
}

/* Decrypts into buf: FRMPayload, then (1.1) FOpts. Fills the result's views. */
static myk10_status decrypt(myk10_session_result *r, uint8_t *buf, myk10_session_table *table,
                            session_rec *rec, const myk10_frame *frame, uint32_t fcnt)
{
    const myk10_frame_data *d = &frame->data;
    myk10_status status = MYK10_OK;
    frame_aes *payload_key = unit(rec, frame_payload_role(d->fport));

    r->payload = d->frm_payload_size ? buf : NULL;
    r->payload_size = d->frm_payload_size;
    r->payload_encrypted = false;
    if (d->frm_payload_size && !payload_key) {
        memcpy(buf, d->frm_payload, d->frm_payload_size); /* FPort > 0 without AppSKey */
        r->payload_encrypted = true;
    } else if (d->frm_payload_size &&
               (status = session_use_unit(table, rec, payload_key)) == MYK10_OK) {
        status = frame_keystream_xor(buf, d->frm_payload, d->frm_payload_size, payload_key, true,
                                     d->dev_addr, fcnt, 0x00);
    }
    r->fopts = d->fopts_size ? d->fopts : NULL;
    r->fopts_size = d->fopts_size;
    if (status == MYK10_OK && d->fopts_size && rec->version == MYK10_LORAWAN_1_1) {
        uint8_t *fopts = buf + d->frm_payload_size;
        frame_aes *enc = unit(rec, MYK10_KEY_NWK_S_ENC);
        if ((status = session_use_unit(table, rec, enc)) == MYK10_OK)
            status = frame_keystream_xor(fopts, d->fopts, d->fopts_size, enc, true, d->dev_addr,
                                         fcnt, 0x01);
        r->fopts = fopts;
    }
    return status;
}

static void advance(session_rec *rec, const myk10_frame *frame, const attempt *a)
{
    if (a->verdict == V_RETRANSMISSION) {
        rec->flags |= SESSION_RETRANSMITTED;
        return;
    }
    rec->fcnt_up = a->fcnt;
    rec->flags = SESSION_HAS_UP |
                 (frame->mtype == MYK10_FRAME_CONFIRMED_UP ? SESSION_LAST_CONFIRMED : 0);
}

static myk10_status accept(myk10_session_result *out, uint8_t *buf, myk10_session_table *table,
                           const myk10_frame *frame, const attempt *a)
{
    myk10_session_result r;
    session_rec *rec = (session_rec *)a->rec;
    size_t index = (size_t)(rec - table->recs);
    myk10_status status = decrypt(&r, buf, table, rec, frame, a->fcnt);
    if (status != MYK10_OK)
        return status;
    advance(rec, frame, a);
    r.frame = *frame;
    r.fcnt = a->fcnt;
    r.retransmission = a->verdict == V_RETRANSMISSION;
    r.session = index;
    r.dev_eui = rec->dev_eui;
    r.version = (myk10_lorawan_version)rec->version;
    r.codec = table->cold[index].codec;
    r.user = rec->user;
    *out = r;
    return MYK10_OK;
}

static myk10_status reject(const myk10_frame *frame, const attempt *a, unsigned candidates)
{
    uint32_t addr = frame->data.dev_addr;
    unsigned fcnt16 = frame->data.fcnt16;
    const session_rec *rec = a->rec;
    bool has_up = rec && (rec->flags & SESSION_HAS_UP);
    long long up = has_up ? (long long)rec->fcnt_up : -1;

    switch (candidates ? a->verdict : V_NO_MIC) {
    case V_REPLAY:
        return myk10__fail(MYK10_EREPLAY, "session: DevAddr %08X: replay: FCnt 0x%04X is"
                           " counter 0x%08X, not above FCntUp 0x%08llX%s", (unsigned)addr,
                           fcnt16, (unsigned)a->fcnt, (unsigned long long)up,
                           a->fcnt == rec->fcnt_up ? " (retransmission not allowed)" : "");
    case V_GAP:
        return myk10__fail(MYK10_EGAP, "session: DevAddr %08X: FCnt 0x%04X is counter 0x%08X,"
                           " %lld ahead of FCntUp %lld (MAX_FCNT_GAP %d)", (unsigned)addr,
                           fcnt16, (unsigned)a->fcnt, (long long)a->fcnt - up, up, GAP);
    case V_CRYPTO:
        return myk10__fail(MYK10_ECRYPTO, "session: DevAddr %08X: AES failed in OpenSSL",
                           (unsigned)addr);
    default:
        break;
    }
    if (!candidates)
        return myk10__fail(MYK10_ENOKEY, "session: no session for DevAddr %08X (FCnt 0x%04X)",
                           (unsigned)addr, fcnt16);
    if (candidates == 1)
        return myk10__fail_at(MYK10_EINTEGRITY, (int64_t)(frame->phy_size - MIC_SIZE),
                              "session: DevAddr %08X: MIC mismatch for FCnt 0x%04X"
                              " (FCntUp %lld)", (unsigned)addr, fcnt16, up);
    return myk10__fail_at(MYK10_EINTEGRITY, (int64_t)(frame->phy_size - MIC_SIZE),
                          "session: DevAddr %08X: MIC mismatch for FCnt 0x%04X with all"
                          " %u sessions of that DevAddr", (unsigned)addr, fcnt16, candidates);
}

myk10_status myk10_session_uplink_frame(myk10_session_result *out, uint8_t *buf, size_t cap,
                                        myk10_session_table *table, const myk10_frame *frame,
                                        const myk10_frame_params *params)
{
    static const myk10_frame_params no_params;
    attempt last = { V_NO_MIC, 0, NULL };
    unsigned candidates = 0;
    myk10_status status;

    if (!out || !table || !frame || (!buf && cap))
        return myk10__fail(MYK10_EINVAL, "session: NULL out, table, frame or buf");
    if ((status = check_frame(frame, cap)) != MYK10_OK)
        return status;
    if (!params)
        params = &no_params;
    uint32_t addr = frame->data.dev_addr, mask = table->slot_mask;
    for (uint32_t at = session_hash(addr, mask); table->by_addr[at].index != SLOT_EMPTY;
         at = (at + 1) & mask) {
        if (table->by_addr[at].tag != addr)
            continue;
        candidates++;
        attempt a = try_session(table, &table->recs[table->by_addr[at].index], frame, params);
        if (a.verdict == V_ACCEPT || a.verdict == V_RETRANSMISSION)
            return accept(out, buf, table, frame, &a);
        if (a.verdict != V_NO_MIC || !last.rec)
            last = a; /* a MIC match (replay, gap) is the session's own verdict */
        if (a.verdict != V_NO_MIC)
            break;
    }
    return reject(frame, &last, candidates);
}

myk10_status myk10_session_uplink(myk10_session_result *out, uint8_t *buf, size_t cap,
                                  myk10_session_table *table, const uint8_t *phy, size_t size,
                                  const myk10_frame_params *params)
{
    myk10_frame frame;
    myk10_status status;
    if (!out || !table)
        return myk10__fail(MYK10_EINVAL, "session: NULL out or table");
    if ((status = myk10_frame_parse(&frame, phy, size)) != MYK10_OK)
        return status;
    return myk10_session_uplink_frame(out, buf, cap, table, &frame, params);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MIC computation and verification, FRMPayload and FOpts decryption, and
 * join-accept decryption for parsed frames.
 */
#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "frame_internal.h"

#define MIC_SIZE 4

static myk10_status check_fcnt(const myk10_frame *frame, uint32_t fcnt)
{
    if ((uint16_t)fcnt != frame->data.fcnt16)
        return myk10__fail(MYK10_EINVAL,
                           "frame: counter 0x%08X does not end in the frame's FCnt 0x%04X",
                           (unsigned)fcnt, (unsigned)frame->data.fcnt16);
    return MYK10_OK;
}

static myk10_status check_data_frame(const myk10_frame *frame)
{
    if (!myk10_frame_mtype_is_data(frame->mtype))
        return myk10__fail(MYK10_EINVAL, "frame: %s is not a data frame",
                           myk10_frame_mtype_name(frame->mtype));
    return MYK10_OK;
}

/* B0 (and 1.1's B1): 0x49 | 4 bytes | Dir | DevAddr | FCnt32 | 0x00 | len(msg). */
static void build_b0(uint8_t b[AES_BLOCK], bool uplink, uint32_t dev_addr, uint32_t fcnt,
                     size_t msg_size)
{
    b[0] = 0x49;
    b[1] = b[2] = b[3] = b[4] = 0x00;
    b[5] = uplink ? 0x00 : 0x01;
    put_le32(b + 6, dev_addr);
    put_le32(b + 10, fcnt);
    b[14] = 0x00;
    b[15] = (uint8_t)msg_size;
}

static myk10_status no_key(myk10_frame_key_role role)
{
    return myk10__fail(MYK10_ENOKEY, "frame: no %s set", myk10_frame_key_role_name(role));
}

myk10_status frame_data_mic_units(uint8_t out_mic[4], bool v11, frame_aes *f_int,
                                  frame_aes *s_int, bool uplink, uint32_t dev_addr, bool ack,
                                  const uint8_t *msg, size_t msg_size,
                                  const myk10_frame_params *params)
{
    uint8_t b0[AES_BLOCK], tag[AES_BLOCK];
    uint16_t conf_fcnt = v11 && ack ? params->conf_fcnt : 0;
    myk10_status status;

    build_b0(b0, uplink, dev_addr, params->fcnt, msg_size);
    if (!uplink || !v11) {
        /* 1.0 both ways, 1.1 downlink: one CMAC; 1.1 puts ConfFCnt in B0. */
        frame_aes *aes = uplink ? f_int : s_int;
        if (!aes)
            return no_key(uplink ? MYK10_KEY_F_NWK_S_INT : MYK10_KEY_S_NWK_S_INT);
        put_le16(b0 + 1, conf_fcnt);
        status = frame_cmac(tag, aes, b0, AES_BLOCK, msg, msg_size);
        memcpy(out_mic, tag, MIC_SIZE);
        return status;
    }

    /* 1.1 uplink: cmacS over B1 (ConfFCnt, TxDr, TxCh) | cmacF over B0. */
    if (!f_int)
        return no_key(MYK10_KEY_F_NWK_S_INT);
    if (!s_int)
        return no_key(MYK10_KEY_S_NWK_S_INT);
    if ((status = frame_cmac(tag, f_int, b0, AES_BLOCK, msg, msg_size)) != MYK10_OK)
        return status;
    memcpy(out_mic + 2, tag, 2);
    put_le16(b0 + 1, conf_fcnt);
    b0[3] = params->tx_dr;
    b0[4] = params->tx_ch;
    status = frame_cmac(tag, s_int, b0, AES_BLOCK, msg, msg_size);
    memcpy(out_mic, tag, 2);
    return status;
}

myk10_status frame_data_mic(uint8_t out_mic[4], myk10_frame_keys *keys, bool uplink,
                            uint32_t dev_addr, bool ack, const uint8_t *msg, size_t msg_size,
                            const myk10_frame_params *params)
{
    return frame_data_mic_units(out_mic, keys->version == MYK10_LORAWAN_1_1,
                                frame_keys_unit(keys, MYK10_KEY_F_NWK_S_INT),
                                frame_keys_unit(keys, MYK10_KEY_S_NWK_S_INT), uplink, dev_addr,
                                ack, msg, msg_size, params);
}

/* Join-request: MHDR | JoinEUI | DevEUI | DevNonce. Rejoin: by type. */
static myk10_status join_mic(uint8_t out_mic[4], const myk10_frame *frame,
                             myk10_frame_keys *keys, myk10_frame_key_role role)
{
    uint8_t tag[AES_BLOCK];
    frame_aes *aes = NULL;
    myk10_status status = frame_need_key(&aes, keys, role);
    if (status != MYK10_OK)
        return status;
    status = frame_cmac(tag, aes, NULL, 0, frame->phy, frame->phy_size - MIC_SIZE);
    memcpy(out_mic, tag, MIC_SIZE);
    return status;
}

myk10_status myk10_frame_mic(uint8_t out_mic[4], const myk10_frame *frame,
                             myk10_frame_keys *keys, const myk10_frame_params *params)
{
    myk10_status status;

    if (!out_mic || !frame || !keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out_mic, frame or keys");
    switch (frame->mtype) {
    case MYK10_FRAME_JOIN_REQUEST:
        return join_mic(out_mic, frame, keys, frame_join_root(keys));
    case MYK10_FRAME_REJOIN_REQUEST:
        return join_mic(out_mic, frame, keys,
                        frame->rejoin.type == 1 ? MYK10_KEY_JS_INT : MYK10_KEY_S_NWK_S_INT);
    case MYK10_FRAME_JOIN_ACCEPT:
    case MYK10_FRAME_PROPRIETARY:
        return myk10__fail(MYK10_EINVAL, "frame: no MIC to compute for a %s",
                           myk10_frame_mtype_name(frame->mtype));
    default:
        break;
    }
    if (!params)
        return myk10__fail(MYK10_EINVAL, "frame: NULL params for a data frame");
    if ((status = check_fcnt(frame, params->fcnt)) != MYK10_OK)
        return status;
    return frame_data_mic(out_mic, keys, frame->uplink, frame->data.dev_addr, frame->data.ack,
                          frame->phy, frame->phy_size - MIC_SIZE, params);
}

myk10_status myk10_frame_verify(const myk10_frame *frame, myk10_frame_keys *keys,
                                const myk10_frame_params *params)
{
    uint8_t mic[MIC_SIZE];
    myk10_status status = myk10_frame_mic(mic, frame, keys, params);
    if (status != MYK10_OK)
        return status;
    if (sodium_memcmp(mic, frame->mic, MIC_SIZE) != 0)
        return myk10__fail_at(MYK10_EINTEGRITY, (int64_t)(frame->phy_size - MIC_SIZE),
                              "frame: MIC at byte %zu does not match",
                              frame->phy_size - MIC_SIZE);
    return MYK10_OK;
}

static myk10_status check_out(uint8_t *out, size_t cap, size_t *out_size, size_t needed)
{
    if (!out_size)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out_size");
    *out_size = needed;
    if (cap < needed)
        return myk10__fail(MYK10_EBUFSIZE, "frame: buffer of %zu bytes, %zu needed", cap,
                           needed);
    if (!out && needed)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out");
    return MYK10_OK;
}

/* Checks shared by both decryptions: a data frame, a counter that matches
 * it, and room for `needed` bytes (reported in out_size either way). */
static myk10_status check_decrypt(const myk10_frame *frame, const myk10_frame_keys *keys,
                                  uint32_t fcnt, uint8_t *out, size_t cap, size_t *out_size,
                                  size_t needed)
{
    myk10_status status;
    if (!frame || !keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL frame or keys");
    if ((status = check_data_frame(frame)) != MYK10_OK ||
        (status = check_fcnt(frame, fcnt)) != MYK10_OK)
        return status;
    return check_out(out, cap, out_size, needed);
}

myk10_status myk10_frame_decrypt(uint8_t *out, size_t cap, size_t *out_size,
                                 const myk10_frame *frame, myk10_frame_keys *keys,
                                 uint32_t fcnt)
{
    frame_aes *aes = NULL;
    myk10_status status = check_decrypt(frame, keys, fcnt, out, cap, out_size,
                                        frame ? frame->data.frm_payload_size : 0);
    if (status != MYK10_OK)
        return status;
    const myk10_frame_data *d = &frame->data;
    if (d->frm_payload_size == 0)
        return MYK10_OK;
    if ((status = frame_need_key(&aes, keys, frame_payload_role(d->fport))) != MYK10_OK)
        return status;
    return frame_keystream_xor(out, d->frm_payload, d->frm_payload_size, aes, frame->uplink,
                               d->dev_addr, fcnt, 0x00);
}

myk10_status myk10_frame_decrypt_fopts(uint8_t *out, size_t cap, size_t *out_size,
                                       const myk10_frame *frame, myk10_frame_keys *keys,
                                       uint32_t fcnt)
{
    frame_aes *aes = NULL;
    myk10_status status = check_decrypt(frame, keys, fcnt, out, cap, out_size,
                                        frame ? frame->data.fopts_size : 0);
    if (status != MYK10_OK)
        return status;
    const myk10_frame_data *d = &frame->data;
    if (d->fopts_size == 0)
        return MYK10_OK;
    if (keys->version == MYK10_LORAWAN_1_0) {
        memmove(out, d->fopts, d->fopts_size);
        return MYK10_OK;
    }
    if ((status = frame_need_key(&aes, keys, MYK10_KEY_NWK_S_ENC)) != MYK10_OK)
        return status;
    /* 1.1 errata (FCntDwn usage in FOpts encryption): AFCntDown is marked 0x02. */
    uint8_t block4 = !frame->uplink && d->has_fport && d->fport > 0 ? 0x02 : 0x01;
    return frame_keystream_xor(out, d->fopts, d->fopts_size, aes, frame->uplink, d->dev_addr,
                               fcnt, block4);
}

/* ------------------------------------------------------------ join-accept */

myk10_status frame_join_accept_mic(uint8_t out_mic[4], myk10_frame_keys *keys,
                                   const uint8_t *msg, size_t msg_size, bool opt_neg,
                                   const myk10_join_context *context)
{
    uint8_t head[11], tag[AES_BLOCK];
    frame_aes *aes = NULL;
    myk10_status status;
    bool v11 = keys->version == MYK10_LORAWAN_1_1 && opt_neg;

    if (!v11) {
        if ((status = frame_need_key(&aes, keys, frame_join_root(keys))) != MYK10_OK)
            return status;
        status = frame_cmac(tag, aes, NULL, 0, msg, msg_size);
    } else {
        if (!context)
            return myk10__fail(MYK10_EINVAL, "frame: a 1.1 join-accept MIC needs the context");
        if ((status = frame_need_key(&aes, keys, MYK10_KEY_JS_INT)) != MYK10_OK)
            return status;
        head[0] = (uint8_t)context->join_req_type;
        put_le64(head + 1, context->join_eui);
        put_le16(head + 9, context->dev_nonce);
        status = frame_cmac(tag, aes, head, sizeof head, msg, msg_size);
    }
    memcpy(out_mic, tag, MIC_SIZE);
    return status;
}

myk10_frame_key_role frame_join_accept_cipher_role(const myk10_frame_keys *keys,
                                                   const myk10_join_context *context)
{
    if (keys->version == MYK10_LORAWAN_1_1 && context &&
        context->join_req_type != MYK10_JOIN_REQ_JOIN)
        return MYK10_KEY_JS_ENC;
    return frame_join_root(keys);
}

static void read_join_accept(myk10_join_accept *ja, const uint8_t *plain, size_t size)
{
    ja->join_nonce = get_le24(plain + 1);
    ja->net_id = get_le24(plain + 4);
    ja->dev_addr = get_le32(plain + 7);
    ja->dl_settings = plain[11];
    ja->opt_neg = plain[11] & 0x80;
    ja->rx1_dr_offset = (plain[11] >> 4) & 0x07;
    ja->rx2_dr = plain[11] & 0x0F;
    ja->rx_delay = plain[12];
    ja->has_cflist = size == 33;
    if (ja->has_cflist)
        memcpy(ja->cflist, plain + 13, MYK10_FRAME_CFLIST_SIZE);
    else
        memset(ja->cflist, 0, MYK10_FRAME_CFLIST_SIZE);
    memcpy(ja->mic, plain + size - MIC_SIZE, MIC_SIZE);
}

myk10_status myk10_frame_join_accept_open(myk10_join_accept *out, const myk10_frame *frame,
                                          myk10_frame_keys *keys,
                                          const myk10_join_context *context)
{
    uint8_t plain[1 + 32], mic[MIC_SIZE];
    frame_aes *aes = NULL;
    size_t size;
    myk10_status status;

    if (!out || !frame || !keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out, frame or keys");
    if (frame->mtype != MYK10_FRAME_JOIN_ACCEPT || (frame->join_accept.encrypted_size != 16 &&
                                                    frame->join_accept.encrypted_size != 32))
        return myk10__fail(MYK10_EINVAL, "frame: %s is not a join-accept",
                           myk10_frame_mtype_name(frame->mtype));
    status = frame_need_key(&aes, keys, frame_join_accept_cipher_role(keys, context));
    if (status != MYK10_OK)
        return status;
    /* The network encrypts with AES decryption, so AES encryption decrypts. */
    size = frame->phy_size;
    plain[0] = frame->phy[0];
    status = frame_aes_ecb(aes, plain + 1, frame->join_accept.encrypted,
                           frame->join_accept.encrypted_size / AES_BLOCK);
    if (status == MYK10_OK) {
        read_join_accept(out, plain, size);
        status = frame_join_accept_mic(mic, keys, plain, size - MIC_SIZE, out->opt_neg,
                                       context);
    }
    if (status == MYK10_OK && sodium_memcmp(mic, out->mic, MIC_SIZE) != 0)
        status = myk10__fail_at(MYK10_EINTEGRITY, (int64_t)(size - MIC_SIZE),
                                "frame: join-accept MIC at byte %zu does not match",
                                size - MIC_SIZE);
    sodium_memzero(plain, sizeof plain);
    return status;
}

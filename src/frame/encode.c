/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encoders: data frames, join-request and join-accept, written into caller
 * buffers with the size-query convention. Everything is validated and the
 * size checked before the first byte is written.
 */
#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "frame_internal.h"

#define MIC_SIZE 4

static myk10_status reserve(uint8_t *out, size_t cap, size_t *out_size, size_t needed)
{
    *out_size = needed;
    if (cap < needed)
        return myk10__fail(MYK10_EBUFSIZE, "frame: buffer of %zu bytes, %zu needed", cap,
                           needed);
    if (!out)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out");
    return MYK10_OK;
}

static myk10_status check_data_fields(const myk10_frame_data_fields *f, size_t *out_needed)
{
    size_t needed;

    if (!myk10_frame_mtype_is_data(f->mtype))
        return myk10__fail(MYK10_EINVAL, "frame: cannot encode a %s as a data frame",
                           myk10_frame_mtype_name(f->mtype));
    if (f->fopts_size > MYK10_FRAME_MAX_FOPTS)
        return myk10__fail(MYK10_EINVAL, "frame: %zu FOpts bytes, at most 15", f->fopts_size);
    if ((f->fopts_size && !f->fopts) || (f->payload_size && !f->payload))
        return myk10__fail(MYK10_EINVAL, "frame: NULL fopts or payload with a nonzero size");
    if (f->payload_size && !f->has_fport)
        return myk10__fail(MYK10_EINVAL, "frame: a payload needs an FPort");
    if (f->has_fport && f->fport == 0 && f->fopts_size)
        return myk10__fail(MYK10_EINVAL, "frame: FOpts with FPort 0");
    needed = 1 + 7 + f->fopts_size + (f->has_fport ? 1 : 0) + f->payload_size + MIC_SIZE;
    if (f->payload_size > MYK10_FRAME_MAX_SIZE || needed > MYK10_FRAME_MAX_SIZE)
        return myk10__fail(MYK10_ERANGE, "frame: a %zu-byte payload makes the frame longer "
                                         "than 255 bytes",
                           f->payload_size);
    *out_needed = needed;
    return MYK10_OK;
}

static uint8_t data_fctrl(const myk10_frame_data_fields *f, bool uplink)
{
    uint8_t fctrl = (uint8_t)f->fopts_size;
    if (f->adr)
        fctrl |= 0x80;
    if (f->ack)
        fctrl |= 0x20;
    if (uplink) {
        fctrl |= f->adr_ack_req ? 0x40 : 0;
        fctrl |= f->class_b ? 0x10 : 0;
    } else {
        fctrl |= f->fpending ? 0x10 : 0;
    }
    return fctrl;
}

/* Checks up front that every key the frame needs is there. */
static myk10_status check_data_keys(const myk10_frame_data_fields *f, myk10_frame_keys *keys,
                                    bool uplink)
{
    frame_aes *aes = NULL;
    myk10_status status;
    bool v11 = keys->version == MYK10_LORAWAN_1_1;

    if (f->payload_size &&
        (status = frame_need_key(&aes, keys, frame_payload_role(f->fport))) != MYK10_OK)
        return status;
    if (v11 && f->fopts_size &&
        (status = frame_need_key(&aes, keys, MYK10_KEY_NWK_S_ENC)) != MYK10_OK)
        return status;
    /* The MIC: FNwkSIntKey up (1.1 adds SNwkSIntKey), SNwkSIntKey down. */
    status = frame_need_key(&aes, keys, uplink ? MYK10_KEY_F_NWK_S_INT : MYK10_KEY_S_NWK_S_INT);
    if (status == MYK10_OK && uplink && v11)
        status = frame_need_key(&aes, keys, MYK10_KEY_S_NWK_S_INT);
    return status;
}

myk10_status myk10_frame_encode_data(uint8_t *out, size_t cap, size_t *out_size,
                                     const myk10_frame_data_fields *fields,
                                     myk10_frame_keys *keys)
{
    const myk10_frame_data_fields *f = fields;
    size_t needed = 0, at;
    bool uplink;
    frame_aes *aes = NULL;
    myk10_status status;

    if (!out_size || !fields || !keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out_size, fields or keys");
    if ((status = check_data_fields(f, &needed)) != MYK10_OK)
        return status;
    uplink = myk10_frame_mtype_is_uplink(f->mtype);
    if ((status = check_data_keys(f, keys, uplink)) != MYK10_OK)
        return status;
    if ((status = reserve(out, cap, out_size, needed)) != MYK10_OK)
        return status;

    out[0] = (uint8_t)(f->mtype << 5);
    put_le32(out + 1, f->dev_addr);
    out[5] = data_fctrl(f, uplink);
    put_le16(out + 6, (uint16_t)f->params.fcnt);
    at = 8;
    if (f->fopts_size) {
        if (keys->version == MYK10_LORAWAN_1_1) {
            uint8_t block4 = !uplink && f->has_fport && f->fport > 0 ? 0x02 : 0x01;
            frame_need_key(&aes, keys, MYK10_KEY_NWK_S_ENC);
            status = frame_keystream_xor(out + at, f->fopts, f->fopts_size, aes, uplink,
                                         f->dev_addr, f->params.fcnt, block4);
            if (status != MYK10_OK)
                return status;
        } else {
            memcpy(out + at, f->fopts, f->fopts_size);
        }
        at += f->fopts_size;
    }
    if (f->has_fport)
        out[at++] = f->fport;
    if (f->payload_size) {
        frame_need_key(&aes, keys, frame_payload_role(f->fport));
        status = frame_keystream_xor(out + at, f->payload, f->payload_size, aes, uplink,
                                     f->dev_addr, f->params.fcnt, 0x00);
        if (status != MYK10_OK)
            return status;
        at += f->payload_size;
    }
    return frame_data_mic(out + at, keys, uplink, f->dev_addr, f->ack, out, at, &f->params);
}

myk10_status myk10_frame_encode_join_request(uint8_t *out, size_t cap, size_t *out_size,
                                             const myk10_frame_join_request *fields,
                                             myk10_frame_keys *keys)
{
    uint8_t tag[AES_BLOCK];
    frame_aes *aes = NULL;
    myk10_status status;

    if (!out_size || !fields || !keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out_size, fields or keys");
    if ((status = frame_need_key(&aes, keys, frame_join_root(keys))) != MYK10_OK)
        return status;
    if ((status = reserve(out, cap, out_size, 23)) != MYK10_OK)
        return status;
    out[0] = MYK10_FRAME_JOIN_REQUEST << 5;
    put_le64(out + 1, fields->join_eui);
    put_le64(out + 9, fields->dev_eui);
    put_le16(out + 17, fields->dev_nonce);
    status = frame_cmac(tag, aes, NULL, 0, out, 19);
    memcpy(out + 19, tag, MIC_SIZE);
    return status;
}

static myk10_status check_join_accept(const myk10_join_accept *f, const myk10_frame_keys *keys)
{
    if (f->join_nonce > 0xFFFFFF || f->net_id > 0xFFFFFF)
        return myk10__fail(MYK10_EINVAL, "frame: JoinNonce or NetID wider than 24 bits");
    if (f->rx1_dr_offset > 7 || f->rx2_dr > 15)
        return myk10__fail(MYK10_EINVAL, "frame: RX1DRoffset %u or RX2DataRate %u too large",
                           f->rx1_dr_offset, f->rx2_dr);
    if (f->opt_neg && keys->version != MYK10_LORAWAN_1_1)
        return myk10__fail(MYK10_EINVAL, "frame: OptNeg needs a LoRaWAN 1.1 keys object");
    return MYK10_OK;
}

/* The join-accept is "encrypted" with AES decryption (LoRaWAN 1.0.4 6.2.3). */
static myk10_status aes_decrypt_blocks(uint8_t *data, size_t blocks, const uint8_t key[16])
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int written = 0;
    bool ok = ctx && EVP_DecryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL) == 1 &&
              EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
              EVP_DecryptUpdate(ctx, data, &written, data, (int)(blocks * AES_BLOCK)) == 1 &&
              (size_t)written == blocks * AES_BLOCK;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? MYK10_OK : myk10__fail(MYK10_ECRYPTO, "frame: AES decryption failed in OpenSSL");
}

myk10_status myk10_frame_encode_join_accept(uint8_t *out, size_t cap, size_t *out_size,
                                            const myk10_join_accept *fields,
                                            myk10_frame_keys *keys,
                                            const myk10_join_context *context)
{
    uint8_t plain[33];
    size_t size;
    frame_aes *cipher = NULL;
    myk10_status status;

    if (!out_size || !fields || !keys)
        return myk10__fail(MYK10_EINVAL, "frame: NULL out_size, fields or keys");
    if ((status = check_join_accept(fields, keys)) != MYK10_OK)
        return status;
    status = frame_need_key(&cipher, keys, frame_join_accept_cipher_role(keys, context));
    if (status != MYK10_OK)
        return status;
    size = fields->has_cflist ? 33 : 17;
    if ((status = reserve(out, cap, out_size, size)) != MYK10_OK)
        return status;

    plain[0] = MYK10_FRAME_JOIN_ACCEPT << 5;
    put_le24(plain + 1, fields->join_nonce);
    put_le24(plain + 4, fields->net_id);
    put_le32(plain + 7, fields->dev_addr);
    plain[11] = (uint8_t)((fields->opt_neg ? 0x80 : 0) | (fields->rx1_dr_offset << 4) |
                          fields->rx2_dr);
    plain[12] = fields->rx_delay;
    if (fields->has_cflist)
        memcpy(plain + 13, fields->cflist, MYK10_FRAME_CFLIST_SIZE);
    status = frame_join_accept_mic(plain + size - MIC_SIZE, keys, plain, size - MIC_SIZE,
                                   fields->opt_neg, context);
    if (status == MYK10_OK)
        status = aes_decrypt_blocks(plain + 1, (size - 1) / AES_BLOCK, cipher->key);
    if (status == MYK10_OK)
        memcpy(out, plain, size);
    sodium_memzero(plain, sizeof plain);
    return status;
}

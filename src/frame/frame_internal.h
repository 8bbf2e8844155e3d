/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private declarations of the frame module: byte helpers, the AES/CMAC
 * units behind myk10_frame_keys, and the B0/A block builders shared by
 * verification, decryption and encoding. Never installed.
 */
#ifndef MYK10_FRAME_INTERNAL_H
#define MYK10_FRAME_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/frame.h>

#include "common/common_internal.h"

#define AES_BLOCK 16

/* ------------------------------------------------------------ byte order */

static inline uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t get_le24(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16);
}

static inline uint32_t get_le32(const uint8_t *p)
{
    return get_le24(p) | ((uint32_t)p[3] << 24);
}

static inline uint64_t get_le64(const uint8_t *p)
{
    return (uint64_t)get_le32(p) | ((uint64_t)get_le32(p + 4) << 32);
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void put_le24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
    put_le24(p, v);
    p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
    put_le32(p, (uint32_t)v);
    put_le32(p + 4, (uint32_t)(v >> 32));
}

/* -------------------------------------------------------------- AES units */

/*
 * One AES-128 key with everything per-frame work needs, expanded once: an
 * ECB context (AES-NI key schedule inside OpenSSL) and the CMAC subkeys.
 * CMAC runs block by block through the same ECB context rather than
 * through a second CBC context: the cost per 16-byte block is the same
 * (measured, OpenSSL 3.0), and one context per key halves the memory a
 * frame touches. Exactly one cache line, so that the session table can
 * pack units densely.
 */
typedef struct frame_aes {
    struct evp_cipher_ctx_st *ecb;
    uint8_t k1[AES_BLOCK];
    uint8_t k2[AES_BLOCK];
    uint8_t key[MYK10_FRAME_KEY_SIZE];
    unsigned refs; /* roles using this unit; 0 = free slot */
} frame_aes;

/* Expands `key` into `aes` (refs = 1). On failure `aes` is zeroed. */
myk10_status frame_aes_init(frame_aes *aes, const uint8_t key[16]);

/* Frees the OpenSSL context (which cleanses its schedule) and wipes `aes`. */
void frame_aes_release(frame_aes *aes);

/*
 * Units on a shared context (the session table): the unit keeps its key
 * and CMAC subkeys but borrows `ctx`, which the caller re-keys with
 * frame_aes_rekey() before using the unit whenever another unit used the
 * context in between. Release such a unit with sodium_memzero() only.
 */
struct evp_cipher_ctx_st *frame_aes_new_ctx(void);
myk10_status frame_aes_init_shared(frame_aes *aes, const uint8_t key[16],
                                   struct evp_cipher_ctx_st *ctx);
myk10_status frame_aes_rekey(frame_aes *aes);

struct myk10_frame_keys {
    myk10_lorawan_version version;
    int8_t unit_of[MYK10_KEY_ROLE_COUNT]; /* role -> index into units, -1 unset */
    frame_aes units[MYK10_KEY_ROLE_COUNT];
};

/* The unit for a role, or NULL if the role has no key. */
static inline frame_aes *frame_keys_unit(myk10_frame_keys *keys, myk10_frame_key_role role)
{
    int index = keys->unit_of[role];
    return index < 0 ? NULL : &keys->units[index];
}

/* Encrypts `blocks` whole 16-byte blocks in ECB mode (in place allowed). */
myk10_status frame_aes_ecb(frame_aes *aes, uint8_t *out, const uint8_t *in, size_t blocks);

/*
 * AES-CMAC (RFC 4493) over head | body, full 16-byte tag. head may be
 * NULL/0; head_size + body_size must not exceed FRAME_CMAC_MAX.
 */
#define FRAME_CMAC_MAX (AES_BLOCK + MYK10_FRAME_MAX_SIZE)
myk10_status frame_cmac(uint8_t tag[AES_BLOCK], frame_aes *aes, const uint8_t *head,
                        size_t head_size, const uint8_t *body, size_t body_size);

/* Fails with MYK10_ENOKEY naming the role when it has no key. */
myk10_status frame_need_key(frame_aes **out, myk10_frame_keys *keys,
                            myk10_frame_key_role role);

/*
 * XORs `size` bytes of `in` with the LoRaWAN keystream A_1, A_2, ... for
 * (dir, dev_addr, fcnt) into `out` (size <= 255; in == out allowed).
 */
myk10_status frame_keystream_xor(uint8_t *out, const uint8_t *in, size_t size, frame_aes *aes,
                                 bool uplink, uint32_t dev_addr, uint32_t fcnt,
                                 uint8_t block4);

/*
 * Data-frame MIC from the two integrity units (1.0: both the NwkSKey unit;
 * either may be NULL, which fails with MYK10_ENOKEY when it is needed).
 * The session table calls this directly with its packed units.
 */
myk10_status frame_data_mic_units(uint8_t out_mic[4], bool v11, frame_aes *f_int,
                                  frame_aes *s_int, bool uplink, uint32_t dev_addr, bool ack,
                                  const uint8_t *msg, size_t msg_size,
                                  const myk10_frame_params *params);

/* Data-frame MIC over phy[0 .. msg_size) with the frame's header fields. */
myk10_status frame_data_mic(uint8_t out_mic[4], myk10_frame_keys *keys, bool uplink,
                            uint32_t dev_addr, bool ack, const uint8_t *msg, size_t msg_size,
                            const myk10_frame_params *params);

/*
 * Join-accept MIC over msg = MHDR | fields. 1.1 with OptNeg prefixes
 * JoinReqType | JoinEUI | DevNonce and uses JSIntKey; otherwise the join root.
 */
myk10_status frame_join_accept_mic(uint8_t out_mic[4], myk10_frame_keys *keys,
                                   const uint8_t *msg, size_t msg_size, bool opt_neg,
                                   const myk10_join_context *context);

/* Which key encrypts a join-accept: the root, or JSEncKey after a 1.1 rejoin. */
myk10_frame_key_role frame_join_accept_cipher_role(const myk10_frame_keys *keys,
                                                   const myk10_join_context *context);

/* Which key decrypts the FRMPayload of a frame with this FPort. */
static inline myk10_frame_key_role frame_payload_role(uint8_t fport)
{
    return fport == 0 ? MYK10_KEY_NWK_S_ENC : MYK10_KEY_APP_S;
}

/* The key the join procedure of a keys object is rooted in. */
static inline myk10_frame_key_role frame_join_root(const myk10_frame_keys *keys)
{
    return keys->version == MYK10_LORAWAN_1_1 ? MYK10_KEY_NWK : MYK10_KEY_APP;
}

#endif /* MYK10_FRAME_INTERNAL_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private interfaces shared by the payload codecs (src/frame/codec_*.c and
 * measurement.c). Never installed.
 */
#ifndef MYK10_CODEC_INTERNAL_H
#define MYK10_CODEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/common_internal.h"
#include <myk10/frame.h>

/* A position in a list to roll back to when a decode fails half-way. */
typedef struct myk10__list_mark {
    size_t count;
    size_t chunk;
    size_t chunk_used;
} myk10__list_mark;

void myk10__measurements_mark(const myk10_measurements *list, myk10__list_mark *mark);
void myk10__measurements_rollback(myk10_measurements *list, const myk10__list_mark *mark);

/* Copies `len` bytes plus a NUL into the list's arena; NULL when out of memory. */
char *myk10__measurements_strdup(myk10_measurements *list, const char *text, size_t len);

/* The list's copy of `device` (NULL = ""), shared by consecutive measurements
 * of the same device so a frame copies its device id once. */
const char *myk10__measurements_device(myk10_measurements *list, const char *device);

/* Appends `m` as is: every pointer must already be owned by the list or be a
 * string literal. */
myk10_status myk10__measurements_push(myk10_measurements *list, const myk10_measurement *m);

/* Appends a numeric measurement of a binary codec: `quantity` and `unit` are
 * string literals, device and time come from the context. */
myk10_status myk10__emit_number(myk10_measurements *list, const myk10_codec_context *ctx,
                                const char *quantity, const char *unit,
                                int32_t channel, double value);

/* As myk10__emit_number(), with an explicit time (historical records). */
myk10_status myk10__emit_number_at(myk10_measurements *list, const myk10_codec_context *ctx,
                                   const char *quantity, const char *unit,
                                   int32_t channel, double value, int64_t time);

/* The context to use when the caller passed NULL. */
const myk10_codec_context *myk10__context_or_default(const myk10_codec_context *ctx);

/* Appends water_level measurements derived from the distance/water_depth
 * measurements at index >= first, following the context's heights. */
myk10_status myk10__derive_water_levels(myk10_measurements *list, size_t first,
                                        const myk10_codec_context *ctx);

/* Big-endian and little-endian readers; the caller has checked the length. */
static inline uint32_t myk10__be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static inline uint32_t myk10__le16(const uint8_t *p) { return (uint32_t)p[1] << 8 | p[0]; }
static inline uint32_t myk10__be24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}
static inline uint32_t myk10__be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint32_t myk10__le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
/* Two's complement of the low `bits` bits of `raw`. */
static inline int32_t myk10__sign_extend(uint32_t raw, unsigned bits)
{
    uint32_t sign = 1u << (bits - 1);
    raw &= bits == 32 ? 0xffffffffu : (1u << bits) - 1;
    return (int32_t)((raw ^ sign) - sign);
}

/* Vendor codecs, registered by the registry under their vendor ids. */
myk10_status myk10__dragino_ldds75_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                          const uint8_t *payload, size_t len);
myk10_status myk10__dragino_ps_lb_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                         const uint8_t *payload, size_t len);
myk10_status myk10__milesight_em500_udl_decode(myk10_measurements *out,
                                               const myk10_codec_context *ctx,
                                               const uint8_t *payload, size_t len);
myk10_status myk10__milesight_em500_swl_decode(myk10_measurements *out,
                                               const myk10_codec_context *ctx,
                                               const uint8_t *payload, size_t len);
myk10_status myk10__decentlab_dl_mbx_decode(myk10_measurements *out,
                                            const myk10_codec_context *ctx,
                                            const uint8_t *payload, size_t len);

/* Declarative codecs: a compiled description. */
typedef struct myk10__declarative myk10__declarative;
myk10_status myk10__declarative_compile(myk10__declarative **out, const char *json, size_t len);
void myk10__declarative_free(myk10__declarative *codec);
myk10_status myk10__declarative_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                       const uint8_t *payload, size_t len,
                                       const myk10__declarative *codec);


/* Raw arena memory owned by the list (released by clear/rollback). */
void *myk10__measurements_alloc(myk10_measurements *list, size_t size);

/* ------------------------------------------------------------------ SenML */

/* Which fields a SenML record carries. */
enum {
    SENML_BN = 1u << 0, SENML_BT = 1u << 1, SENML_BU = 1u << 2, SENML_BV = 1u << 3,
    SENML_BS = 1u << 4, SENML_BVER = 1u << 5, SENML_N = 1u << 6, SENML_U = 1u << 7,
    SENML_V = 1u << 8, SENML_VS = 1u << 9, SENML_VB = 1u << 10, SENML_VD = 1u << 11,
    SENML_S = 1u << 12, SENML_T = 1u << 13, SENML_UT = 1u << 14
};

/* One record as read by a front end (JSON or CBOR), before resolution.
 * Strings point into the parsed document; vd points into the list arena. */
typedef struct myk10__senml_record {
    unsigned present;
    const char *bn; size_t bn_len;
    const char *bu; size_t bu_len;
    const char *n; size_t n_len;
    const char *u; size_t u_len;
    const char *vs; size_t vs_len;
    const uint8_t *vd; size_t vd_len;
    double bt, bv, bs, v, s, t, ut;
    int64_t bver;
    bool vb;
} myk10__senml_record;

/* Base values carried from record to record. */
typedef struct myk10__senml_base {
    const char *bn; size_t bn_len;
    const char *bu; size_t bu_len;
    double bt, bv, bs;
    bool has_bv, has_bs;
} myk10__senml_base;

/* Resolves record `index` against (and updates) `base` and appends it. */
myk10_status myk10__senml_resolve(myk10_measurements *out, const myk10_codec_context *ctx,
                                  myk10__senml_base *base, const myk10__senml_record *rec,
                                  size_t index);

/* Name of a SenML field bit, for messages. */
const char *myk10__senml_field_name(unsigned bit);

/* Base64url without padding (RFC 4648 section 5), as SenML JSON uses for vd.
 * Decoding also accepts padding and the standard alphabet.
 * Returns false on invalid input; *out_len receives the byte count. */
/* base64url (vd values) through libsodium. Decoding writes at most `cap`
 * bytes; encoding writes unpadded text plus a NUL and returns its length. */
bool myk10__base64url_decode(uint8_t *dst, size_t cap, size_t *out_len, const char *text,
                             size_t len);
size_t myk10__base64url_encode(char *dst, size_t cap, const uint8_t *data, size_t len);

/* The record member behind a field bit (SENML_*), shared by both parsers. */
double *myk10__senml_number_slot(myk10__senml_record *rec, unsigned bit);
void myk10__senml_store_text(myk10__senml_record *rec, unsigned bit, const char *text,
                             size_t len);

/* Whether `text` is valid UTF-8 (no overlongs, no surrogates). */
bool myk10__utf8_valid(const uint8_t *text, size_t len);

#endif /* MYK10_CODEC_INTERNAL_H */

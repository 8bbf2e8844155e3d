/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private declarations of the device-session table: the packed session
 * record, the open-addressing indexes and the FCnt32 reconstruction, shared
 * by session.c (registry), session_uplink.c (the per-frame path) and
 * session_snapshot.c (CBOR). Never installed.
 */
#ifndef MYK10_SESSION_INTERNAL_H
#define MYK10_SESSION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame_internal.h"

/* Session-key roles 0..3 (AppS, FNwkSInt, SNwkSInt, NwkSEnc) have units. */
#define SESSION_ROLES 4

/* session_rec.flags */
#define SESSION_HAS_UP 0x01u          /* fcnt_up is meaningful */
#define SESSION_LAST_CONFIRMED 0x02u  /* the last accepted uplink was confirmed */
#define SESSION_RETRANSMITTED 0x04u   /* ... and its retransmission was accepted */
#define SESSION_FLAGS_ALL 0x07u

/*
 * One session, as it sits in the arena: a 64-byte header with everything
 * the per-frame path reads first, then one 64-byte AES unit per distinct
 * key. A 1.0 session uses two units (NwkSKey, AppSKey), so an uplink
 * touches three consecutive cache lines of the arena.
 */
typedef struct session_rec {
    uint32_t dev_addr;
    uint8_t version;                  /* myk10_lorawan_version: 10 or 11 */
    uint8_t flags;                    /* SESSION_* */
    int8_t unit_of[SESSION_ROLES];    /* role -> index into units, -1 unset */
    uint32_t fcnt_up;
    uint32_t nfcnt_down;
    uint32_t afcnt_down;
    uint64_t dev_eui;
    void *user;
    uint8_t pad[64 - 40];
    frame_aes units[SESSION_ROLES];
} session_rec;

_Static_assert(sizeof(frame_aes) == 64, "an AES unit is one cache line");
_Static_assert(sizeof(session_rec) == 64 * (1 + SESSION_ROLES), "records pack in cache lines");

/* Non-secret, rarely read fields, in an ordinary heap array. */
typedef struct session_cold {
    char codec[MYK10_SESSION_CODEC_SIZE];
} session_cold;

/*
 * An open-addressing (linear probing) index slot: a 32-bit tag (the
 * DevAddr itself, or a fold of the DevEUI) and the session index. 8 bytes,
 * so the DevAddr index of 10 000 sessions stays within 256 KiB.
 */
#define SLOT_EMPTY UINT32_MAX
typedef struct session_slot {
    uint32_t tag;
    uint32_t index;
} session_slot;

struct myk10_session_table {
    /*
     * One OpenSSL ECB context per unit position, re-keyed on demand from
     * the packed keys. Measured with 10 000 sessions (OpenSSL 3.0): a
     * re-key of a context in cache costs ~85 ns, while one ~900-byte
     * context per key (18 MB scattered over the heap) made every frame
     * wait on cache misses and ran at half the rate.
     */
    struct evp_cipher_ctx_st *ctx[SESSION_ROLES];
    const frame_aes *loaded[SESSION_ROLES];
    session_rec *recs;     /* sodium_malloc arena of `cap` records */
    session_cold *cold;    /* myk10__malloc array of `cap` entries */
    size_t count, cap;
    session_slot *by_addr; /* DevAddr -> index; several slots may share a tag */
    session_slot *by_eui;  /* DevEUI fold -> index; confirmed on the record */
    uint32_t slot_mask;    /* both indexes have slot_mask + 1 slots */
};

static inline uint32_t session_hash(uint32_t tag, uint32_t mask)
{
    return (tag * 0x9E3779B1u >> 7) & mask; /* Fibonacci hashing, high-ish bits */
}

static inline uint32_t session_eui_tag(uint64_t dev_eui)
{
    return (uint32_t)(dev_eui ^ (dev_eui >> 32));
}

/* Makes the unit's context hold the unit's key (a no-op when it does). */
static inline myk10_status session_use_unit(myk10_session_table *table, const session_rec *rec,
                                            frame_aes *unit)
{
    size_t position = (size_t)(unit - rec->units);
    if (table->loaded[position] == unit)
        return MYK10_OK;
    table->loaded[position] = NULL;
    myk10_status status = frame_aes_rekey(unit);
    if (status == MYK10_OK)
        table->loaded[position] = unit;
    return status;
}

/* Forgets which keys the contexts hold: records moved or changed. */
static inline void session_forget_loaded(myk10_session_table *table)
{
    for (int i = 0; i < SESSION_ROLES; i++)
        table->loaded[i] = NULL;
}

/* Index of the session with this DevEUI, or -1. */
long session_find_eui(const myk10_session_table *table, uint64_t dev_eui);

/*
 * Adds a session from raw parts (keys by role, NULL = unset), for add()
 * and the snapshot loader. `info` supplies everything but the keys.
 */
myk10_status session_insert(myk10_session_table *table, const myk10_session_info *info,
                            myk10_lorawan_version version,
                            const uint8_t *const keys[SESSION_ROLES]);

/* Fills `out` from a record (no keys). */
void session_info_of(myk10_session_info *out, const myk10_session_table *table, size_t index);

/* ------------------------------------------------- FCnt32 reconstruction */

typedef enum session_fcnt_kind {
    FCNT_FORWARD,   /* 1..MAX_FCNT_GAP ahead: `forward` is the counter */
    FCNT_SAME,      /* equal to FCntUp: `backward` (== FCntUp) */
    FCNT_FAR,       /* too far ahead, or an old frame: either candidate */
    FCNT_EXHAUSTED  /* ahead within the gap, but beyond 2^32 - 1: `backward` is the wrapped value */
} session_fcnt_kind;

typedef struct session_fcnt_guess {
    session_fcnt_kind kind;
    bool has_forward;   /* the smallest counter ahead with these low bits */
    uint32_t forward;
    bool has_backward;  /* the largest counter not ahead with these low bits */
    uint32_t backward;
} session_fcnt_guess;

/*
 * The 32-bit counters an FCnt16 can stand for, given the last accepted
 * FCntUp (`has_last` false: none yet, as if FCntUp were -1). Pure.
 */
void session_fcnt_guess_of(session_fcnt_guess *out, bool has_last, uint32_t last,
                           uint16_t fcnt16);

#endif /* MYK10_SESSION_INTERNAL_H */

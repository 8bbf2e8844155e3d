/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device-session registry: a packed arena of session records in
 * libsodium guarded memory, indexed by DevAddr and DevEUI through two
 * open-addressing hash tables; add, remove, lookup and downlink counters.
 */
#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "session_internal.h"

#define MIN_CAP 16
#define MAX_SESSIONS ((size_t)1 << 31) /* indices fit an index slot */

uint32_t myk10_session_max_fcnt_gap(void)
{
    return MYK10_SESSION_MAX_FCNT_GAP;
}

/* ----------------------------------------------------------------- indexes */

static void slots_clear(session_slot *slots, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        slots[i].tag = 0;
        slots[i].index = SLOT_EMPTY;
    }
}

static void slot_put(session_slot *slots, uint32_t mask, uint32_t tag, uint32_t index)
{
    uint32_t at = session_hash(tag, mask);
    while (slots[at].index != SLOT_EMPTY)
        at = (at + 1) & mask;
    slots[at].tag = tag;
    slots[at].index = index;
}

/* The slot holding `index` in the probe chain of `tag` (it must be there). */
static uint32_t slot_of(const session_slot *slots, uint32_t mask, uint32_t tag, uint32_t index)
{
    uint32_t at = session_hash(tag, mask);
    while (slots[at].index != index)
        at = (at + 1) & mask;
    return at;
}

/*
 * Linear-probing deletion by backward shift: later members of the cluster
 * move into the hole when their home slot does not lie between the hole
 * and themselves, so that no tombstones are needed.
 */
static void slot_delete(session_slot *slots, uint32_t mask, uint32_t hole)
{
    uint32_t at = hole;
    for (;;) {
        at = (at + 1) & mask;
        if (slots[at].index == SLOT_EMPTY)
            break;
        uint32_t home = session_hash(slots[at].tag, mask);
        bool stays = hole <= at ? (hole < home && home <= at) : (hole < home || home <= at);
        if (!stays) {
            slots[hole] = slots[at];
            hole = at;
        }
    }
    slots[hole].index = SLOT_EMPTY;
}

long session_find_eui(const myk10_session_table *table, uint64_t dev_eui)
{
    uint32_t tag = session_eui_tag(dev_eui), mask = table->slot_mask;
    if (!table->by_eui)
        return -1;
    for (uint32_t at = session_hash(tag, mask); table->by_eui[at].index != SLOT_EMPTY;
         at = (at + 1) & mask) {
        uint32_t index = table->by_eui[at].index;
        if (table->by_eui[at].tag == tag && table->recs[index].dev_eui == dev_eui)
            return (long)index;
    }
    return -1;
}

/* Rebuilds both indexes with room for `sessions` at a load of at most 1/2. */
static myk10_status rehash(myk10_session_table *table, size_t sessions)
{
    size_t slots = 16;
    while (slots < 2 * sessions)
        slots *= 2;
    session_slot *by_addr = myk10__malloc(slots * sizeof *by_addr);
    session_slot *by_eui = myk10__malloc(slots * sizeof *by_eui);
    if (!by_addr || !by_eui) {
        myk10__free(by_addr);
        myk10__free(by_eui);
        return myk10__fail(MYK10_ENOMEM, "session: cannot allocate an index of %zu slots", slots);
    }
    slots_clear(by_addr, slots);
    slots_clear(by_eui, slots);
    for (size_t i = 0; i < table->count; i++) {
        slot_put(by_addr, (uint32_t)(slots - 1), table->recs[i].dev_addr, (uint32_t)i);
        slot_put(by_eui, (uint32_t)(slots - 1), session_eui_tag(table->recs[i].dev_eui),
                 (uint32_t)i);
    }
    myk10__free(table->by_addr);
    myk10__free(table->by_eui);
    table->by_addr = by_addr;
    table->by_eui = by_eui;
    table->slot_mask = (uint32_t)(slots - 1);
    return MYK10_OK;
}

/* ------------------------------------------------------------------- arena */

/*
 * Grows the arena by moving it: a new guarded block, a copy, and
 * sodium_free() of the old one, which wipes it. The OpenSSL contexts the
 * units point to do not move.
 */
static myk10_status grow(myk10_session_table *table)
{
    size_t cap = table->cap ? 2 * table->cap : MIN_CAP;
    session_rec *recs = sodium_malloc(cap * sizeof *recs);
    session_cold *cold = myk10__realloc(table->cold, cap * sizeof *cold);
    if (cold)
        table->cold = cold;
    if (!recs || !cold) {
        if (recs)
            sodium_free(recs);
        return myk10__fail(MYK10_ENOMEM, "session: cannot grow the table to %zu sessions", cap);
    }
    memset(recs, 0, cap * sizeof *recs);
    if (table->count)
        memcpy(recs, table->recs, table->count * sizeof *recs);
    if (table->recs)
        sodium_free(table->recs);
    table->recs = recs;
    table->cap = cap;
    session_forget_loaded(table);
    return MYK10_OK;
}

/* Units borrow the table's contexts: wiping them is all there is to do. */
static void release_units(session_rec *rec)
{
    sodium_memzero(rec->units, sizeof rec->units);
}

/* ------------------------------------------------------------------- table */

myk10_status myk10_session_table_create(myk10_session_table **out)
{
    myk10_status status;
    if (!out)
        return myk10__fail(MYK10_EINVAL, "session: NULL out");
    if ((status = myk10_init()) != MYK10_OK)
        return status;
    myk10_session_table *table = myk10__calloc(1, sizeof *table);
    if (!table)
        return myk10__fail(MYK10_ENOMEM, "session: cannot allocate a table");
    for (int i = 0; i < SESSION_ROLES; i++)
        if (!(table->ctx[i] = frame_aes_new_ctx())) {
            myk10_session_table_destroy(table);
            return myk10__fail(MYK10_ECRYPTO, "session: OpenSSL cannot set up AES-128");
        }
    if ((status = rehash(table, 0)) != MYK10_OK) {
        myk10_session_table_destroy(table);
        return status;
    }
    *out = table;
    return MYK10_OK;
}

void myk10_session_table_destroy(myk10_session_table *table)
{
    if (!table)
        return;
    for (size_t i = 0; i < table->count; i++)
        release_units(&table->recs[i]);
    if (table->recs)
        sodium_free(table->recs); /* wipes keys, subkeys and counters */
    for (int i = 0; i < SESSION_ROLES; i++)
        EVP_CIPHER_CTX_free(table->ctx[i]); /* OpenSSL cleanses the schedules */
    myk10__free(table->cold);
    myk10__free(table->by_addr);
    myk10__free(table->by_eui);
    myk10__free(table);
}

size_t myk10_session_count(const myk10_session_table *table)
{
    return table ? table->count : 0;
}

/* ---------------------------------------------------------------- sessions */

static myk10_status check_codec(const char *codec)
{
    if (!memchr(codec, '\0', MYK10_SESSION_CODEC_SIZE))
        return myk10__fail(MYK10_EINVAL, "session: codec name longer than %d bytes",
                           MYK10_SESSION_CODEC_SIZE - 1);
    return MYK10_OK;
}

static void set_state(session_rec *rec, session_cold *cold, const myk10_session_info *info)
{
    rec->flags = (uint8_t)((info->has_fcnt_up ? SESSION_HAS_UP : 0) |
                           (info->last_confirmed ? SESSION_LAST_CONFIRMED : 0) |
                           (info->retransmitted ? SESSION_RETRANSMITTED : 0));
    rec->fcnt_up = info->has_fcnt_up ? info->fcnt_up : 0;
    rec->nfcnt_down = info->nfcnt_down;
    rec->afcnt_down = info->afcnt_down;
    rec->user = info->user;
    memset(cold->codec, 0, sizeof cold->codec);
    strcpy(cold->codec, info->codec);
}

/* Expands the keys into the record's units; roles with equal keys share one. */
static myk10_status set_units(myk10_session_table *table, session_rec *rec,
                              const uint8_t *const keys[SESSION_ROLES])
{
    int used = 0;
    for (int role = 0; role < SESSION_ROLES; role++) {
        rec->unit_of[role] = -1;
        if (!keys[role])
            continue;
        for (int u = 0; u < used && rec->unit_of[role] < 0; u++)
            if (sodium_memcmp(rec->units[u].key, keys[role], MYK10_FRAME_KEY_SIZE) == 0)
                rec->unit_of[role] = (int8_t)u;
        if (rec->unit_of[role] >= 0) {
            rec->units[rec->unit_of[role]].refs++;
            continue;
        }
        myk10_status status =
            frame_aes_init_shared(&rec->units[used], keys[role], table->ctx[used]);
        if (status != MYK10_OK) {
            release_units(rec);
            return status;
        }
        rec->unit_of[role] = (int8_t)used++;
    }
    return MYK10_OK;
}

static myk10_status check_network_keys(const uint8_t *const keys[SESSION_ROLES])
{
    for (int role = MYK10_KEY_F_NWK_S_INT; role <= MYK10_KEY_NWK_S_ENC; role++)
        if (!keys[role])
            return myk10__fail(MYK10_ENOKEY, "session: no %s for the session",
                               myk10_frame_key_role_name((myk10_frame_key_role)role));
    return MYK10_OK;
}

myk10_status session_insert(myk10_session_table *table, const myk10_session_info *info,
                            myk10_lorawan_version version,
                            const uint8_t *const keys[SESSION_ROLES])
{
    myk10_status status;
    if ((status = check_codec(info->codec)) != MYK10_OK ||
        (status = check_network_keys(keys)) != MYK10_OK)
        return status;
    if (session_find_eui(table, info->dev_eui) >= 0)
        return myk10__fail(MYK10_EEXISTS, "session: DevEUI %016llX is already in the table",
                           (unsigned long long)info->dev_eui);
    if (table->count >= MAX_SESSIONS)
        return myk10__fail(MYK10_ERANGE, "session: the table is full (%zu sessions)",
                           table->count);
    if (table->count == table->cap && (status = grow(table)) != MYK10_OK)
        return status;
    if (2 * (table->count + 1) > (size_t)table->slot_mask + 1 &&
        (status = rehash(table, table->count + 1)) != MYK10_OK)
        return status;

    session_rec *rec = &table->recs[table->count];
    memset(rec, 0, sizeof *rec);
    rec->dev_addr = info->dev_addr;
    rec->dev_eui = info->dev_eui;
    rec->version = (uint8_t)version;
    session_forget_loaded(table); /* set_units() re-keys the contexts */
    if ((status = set_units(table, rec, keys)) != MYK10_OK) {
        sodium_memzero(rec, sizeof *rec);
        return status;
    }
    set_state(rec, &table->cold[table->count], info);
    slot_put(table->by_addr, table->slot_mask, rec->dev_addr, (uint32_t)table->count);
    slot_put(table->by_eui, table->slot_mask, session_eui_tag(rec->dev_eui),
             (uint32_t)table->count);
    table->count++;
    return MYK10_OK;
}

myk10_status myk10_session_add(myk10_session_table *table, const myk10_session_info *info,
                               const myk10_frame_keys *keys)
{
    const uint8_t *key_of[SESSION_ROLES];
    if (!table || !info || !keys)
        return myk10__fail(MYK10_EINVAL, "session: NULL table, info or keys");
    for (int role = 0; role < SESSION_ROLES; role++) {
        const frame_aes *unit = keys->unit_of[role] < 0 ? NULL : &keys->units[keys->unit_of[role]];
        key_of[role] = unit ? unit->key : NULL;
    }
    return session_insert(table, info, keys->version, key_of);
}

/* Moves the last record into `index` and repoints its index slots. */
static void fill_hole(myk10_session_table *table, size_t index)
{
    size_t last = table->count - 1;
    if (index != last) {
        session_rec *moved = &table->recs[last];
        uint32_t mask = table->slot_mask;
        table->by_addr[slot_of(table->by_addr, mask, moved->dev_addr, (uint32_t)last)].index =
            (uint32_t)index;
        table->by_eui[slot_of(table->by_eui, mask, session_eui_tag(moved->dev_eui),
                              (uint32_t)last)].index = (uint32_t)index;
        memcpy(&table->recs[index], moved, sizeof *moved);
        table->cold[index] = table->cold[last];
    }
    sodium_memzero(&table->recs[last], sizeof table->recs[last]);
    table->count--;
}

myk10_status myk10_session_remove(myk10_session_table *table, uint64_t dev_eui)
{
    if (!table)
        return myk10__fail(MYK10_EINVAL, "session: NULL table");
    long found = session_find_eui(table, dev_eui);
    if (found < 0)
        return myk10__fail(MYK10_ENOTFOUND, "session: no session with DevEUI %016llX",
                           (unsigned long long)dev_eui);
    size_t index = (size_t)found;
    session_rec *rec = &table->recs[index];
    uint32_t mask = table->slot_mask;
    slot_delete(table->by_addr, mask, slot_of(table->by_addr, mask, rec->dev_addr, (uint32_t)index));
    slot_delete(table->by_eui, mask,
                slot_of(table->by_eui, mask, session_eui_tag(dev_eui), (uint32_t)index));
    release_units(rec);
    fill_hole(table, index);
    session_forget_loaded(table);
    return MYK10_OK;
}

void session_info_of(myk10_session_info *out, const myk10_session_table *table, size_t index)
{
    const session_rec *rec = &table->recs[index];
    memset(out, 0, sizeof *out);
    out->dev_eui = rec->dev_eui;
    out->dev_addr = rec->dev_addr;
    out->version = (myk10_lorawan_version)rec->version;
    out->has_fcnt_up = rec->flags & SESSION_HAS_UP;
    out->fcnt_up = rec->fcnt_up;
    out->nfcnt_down = rec->nfcnt_down;
    out->afcnt_down = rec->afcnt_down;
    out->last_confirmed = rec->flags & SESSION_LAST_CONFIRMED;
    out->retransmitted = rec->flags & SESSION_RETRANSMITTED;
    memcpy(out->codec, table->cold[index].codec, sizeof out->codec);
    out->user = rec->user;
}

static myk10_status find_or_fail(size_t *out, const myk10_session_table *table, uint64_t dev_eui)
{
    long found = session_find_eui(table, dev_eui);
    if (found < 0)
        return myk10__fail(MYK10_ENOTFOUND, "session: no session with DevEUI %016llX",
                           (unsigned long long)dev_eui);
    *out = (size_t)found;
    return MYK10_OK;
}

myk10_status myk10_session_get(myk10_session_info *out, const myk10_session_table *table,
                               uint64_t dev_eui)
{
    size_t index = 0;
    myk10_status status;
    if (!out || !table)
        return myk10__fail(MYK10_EINVAL, "session: NULL out or table");
    if ((status = find_or_fail(&index, table, dev_eui)) != MYK10_OK)
        return status;
    session_info_of(out, table, index);
    return MYK10_OK;
}

myk10_status myk10_session_get_at(myk10_session_info *out, const myk10_session_table *table,
                                  size_t index)
{
    if (!out || !table)
        return myk10__fail(MYK10_EINVAL, "session: NULL out or table");
    if (index >= table->count)
        return myk10__fail(MYK10_ERANGE, "session: index %zu, the table holds %zu", index,
                           table->count);
    session_info_of(out, table, index);
    return MYK10_OK;
}

myk10_status myk10_session_update(myk10_session_table *table, const myk10_session_info *info)
{
    size_t index = 0;
    myk10_status status;
    if (!table || !info)
        return myk10__fail(MYK10_EINVAL, "session: NULL table or info");
    if ((status = check_codec(info->codec)) != MYK10_OK ||
        (status = find_or_fail(&index, table, info->dev_eui)) != MYK10_OK)
        return status;
    set_state(&table->recs[index], &table->cold[index], info);
    return MYK10_OK;
}

myk10_status myk10_session_find(uint64_t *out, size_t cap, size_t *out_count,
                                const myk10_session_table *table, uint32_t dev_addr)
{
    size_t found = 0;
    uint32_t mask;
    if (!out_count || !table || (!out && cap))
        return myk10__fail(MYK10_EINVAL, "session: NULL out_count or table, or NULL out");
    mask = table->slot_mask;
    for (uint32_t at = session_hash(dev_addr, mask); table->by_addr[at].index != SLOT_EMPTY;
         at = (at + 1) & mask)
        found += table->by_addr[at].tag == dev_addr;
    *out_count = found;
    if (found > cap)
        return myk10__fail(MYK10_EBUFSIZE, "session: %zu sessions with DevAddr %08X, room for %zu",
                           found, (unsigned)dev_addr, cap);
    found = 0;
    for (uint32_t at = session_hash(dev_addr, mask); table->by_addr[at].index != SLOT_EMPTY;
         at = (at + 1) & mask)
        if (table->by_addr[at].tag == dev_addr)
            out[found++] = table->recs[table->by_addr[at].index].dev_eui;
    return MYK10_OK;
}

myk10_status myk10_session_keys(myk10_frame_keys **out, const myk10_session_table *table,
                                uint64_t dev_eui)
{
    size_t index = 0;
    myk10_frame_keys *keys = NULL;
    myk10_status status;
    if (!out || !table)
        return myk10__fail(MYK10_EINVAL, "session: NULL out or table");
    if ((status = find_or_fail(&index, table, dev_eui)) != MYK10_OK)
        return status;
    const session_rec *rec = &table->recs[index];
    if ((status = myk10_frame_keys_create(&keys, (myk10_lorawan_version)rec->version)) != MYK10_OK)
        return status;
    for (int role = 0; role < SESSION_ROLES && status == MYK10_OK; role++)
        if (rec->unit_of[role] >= 0)
            status = myk10_frame_keys_set(keys, (myk10_frame_key_role)role,
                                          rec->units[rec->unit_of[role]].key);
    if (status != MYK10_OK) {
        myk10_frame_keys_destroy(keys);
        return status;
    }
    *out = keys;
    return MYK10_OK;
}

myk10_status myk10_session_next_fcnt_down(uint32_t *out, myk10_session_table *table,
                                          uint64_t dev_eui, bool application)
{
    size_t index = 0;
    myk10_status status;
    if (!out || !table)
        return myk10__fail(MYK10_EINVAL, "session: NULL out or table");
    if ((status = find_or_fail(&index, table, dev_eui)) != MYK10_OK)
        return status;
    session_rec *rec = &table->recs[index];
    uint32_t *counter = application && rec->version == MYK10_LORAWAN_1_1 ? &rec->afcnt_down
                                                                         : &rec->nfcnt_down;
    if (*counter == UINT32_MAX)
        return myk10__fail(MYK10_ERANGE, "session: downlink counter of DevEUI %016llX is"
                           " exhausted; the device must rejoin", (unsigned long long)dev_eui);
    *out = (*counter)++;
    return MYK10_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CBOR snapshots of a session table (libcbor's streaming encoder and
 * decoder, so that key bytes never pass through libcbor's own heap):
 *
 *   ["myk10-sessions", 1, body: bstr, digest: bstr(32)]
 *   body   = [* session]                        sorted by DevAddr, DevEUI
 *   session = [DevAddr, DevEUI, version (10|11), flags, FCntUp,
 *              NFCntDown, AFCntDown, codec: tstr,
 *              [AppSKey, FNwkSIntKey, SNwkSIntKey, NwkSEncKey]]   (bstr(16) or null)
 *   digest = BLAKE2b-256(body)
 *
 * Loading re-saves the table it built and requires the very same bytes,
 * so every byte of a snapshot is significant: there are no don't-care
 * encodings (non-minimal integers, a different order) that would load.
 */
#include <stdlib.h>
#include <string.h>

#include <cbor.h>
#include <sodium.h>

#include "session_internal.h"

#define MAGIC "myk10-sessions"
#define FORMAT_VERSION 1
#define DIGEST_SIZE 32
#define SESSION_FIELDS 9

/* ------------------------------------------------------------------ writer */

/* Writes into buf when it has room; always counts, so a NULL buf sizes. */
typedef struct writer {
    uint8_t *buf;
    size_t cap, len;
} writer;

static void put(writer *w, const void *data, size_t size)
{
    if (w->buf && w->len + size <= w->cap)
        memcpy(w->buf + w->len, data, size);
    w->len += size;
}

static void put_uint(writer *w, uint64_t value)
{
    unsigned char head[9];
    put(w, head, cbor_encode_uint(value, head, sizeof head));
}

static void put_array(writer *w, size_t count)
{
    unsigned char head[9];
    put(w, head, cbor_encode_array_start(count, head, sizeof head));
}

static void put_bytes(writer *w, const void *data, size_t size)
{
    unsigned char head[9];
    put(w, head, cbor_encode_bytestring_start(size, head, sizeof head));
    put(w, data, size);
}

static void put_text(writer *w, const char *text)
{
    unsigned char head[9];
    size_t size = strlen(text);
    put(w, head, cbor_encode_string_start(size, head, sizeof head));
    put(w, text, size);
}

static void put_null(writer *w)
{
    unsigned char head[1];
    put(w, head, cbor_encode_null(head, sizeof head));
}

static void put_session(writer *w, const myk10_session_table *table, size_t index)
{
    const session_rec *rec = &table->recs[index];
    put_array(w, SESSION_FIELDS);
    put_uint(w, rec->dev_addr);
    put_uint(w, rec->dev_eui);
    put_uint(w, rec->version);
    put_uint(w, rec->flags);
    put_uint(w, rec->fcnt_up);
    put_uint(w, rec->nfcnt_down);
    put_uint(w, rec->afcnt_down);
    put_text(w, table->cold[index].codec);
    put_array(w, SESSION_ROLES);
    for (int role = 0; role < SESSION_ROLES; role++) {
        if (rec->unit_of[role] < 0)
            put_null(w);
        else
            put_bytes(w, rec->units[rec->unit_of[role]].key, MYK10_FRAME_KEY_SIZE);
    }
}

typedef struct order_entry {
    uint32_t dev_addr;
    uint32_t index;
    uint64_t dev_eui;
} order_entry;

static int compare_entries(const void *pa, const void *pb)
{
    const order_entry *a = pa, *b = pb;
    if (a->dev_addr != b->dev_addr)
        return a->dev_addr < b->dev_addr ? -1 : 1;
    return a->dev_eui < b->dev_eui ? -1 : a->dev_eui > b->dev_eui;
}

/* Session indices in snapshot order (DevAddr, then the unique DevEUI). */
static myk10_status sorted_order(order_entry **out, const myk10_session_table *table)
{
    order_entry *order = myk10__malloc((table->count ? table->count : 1) * sizeof *order);
    if (!order)
        return myk10__fail(MYK10_ENOMEM, "session: cannot allocate the snapshot order");
    for (size_t i = 0; i < table->count; i++)
        order[i] = (order_entry){ table->recs[i].dev_addr, (uint32_t)i, table->recs[i].dev_eui };
    qsort(order, table->count, sizeof *order, compare_entries);
    *out = order;
    return MYK10_OK;
}

static void put_body(writer *w, const myk10_session_table *table, const order_entry *order)
{
    put_array(w, table->count);
    for (size_t i = 0; i < table->count; i++)
        put_session(w, table, order[i].index);
}

/* Everything before the body: the array, format name, version, body head. */
static void put_envelope_head(writer *w, size_t body_size)
{
    unsigned char head[9];
    put_array(w, 4);
    put_text(w, MAGIC);
    put_uint(w, FORMAT_VERSION);
    put(w, head, cbor_encode_bytestring_start(body_size, head, sizeof head));
}

myk10_status myk10_session_table_save(uint8_t *out, size_t cap, size_t *out_size,
                                      const myk10_session_table *table)
{
    order_entry *order = NULL;
    writer body = { NULL, 0, 0 }, w = { NULL, 0, 0 };
    uint8_t digest[DIGEST_SIZE] = { 0 };
    myk10_status status;

    if (!table || !out_size)
        return myk10__fail(MYK10_EINVAL, "session: NULL table or out_size");
    if ((status = sorted_order(&order, table)) != MYK10_OK)
        return status;
    put_body(&body, table, order); /* sizing pass */

    put_envelope_head(&w, body.len);
    w.len += body.len;
    put_bytes(&w, digest, sizeof digest);
    size_t needed = w.len;
    *out_size = needed;
    if (!out || cap < needed) {
        myk10__free(order);
        return myk10__fail(MYK10_EBUFSIZE, "session: snapshot needs %zu bytes, buffer has %zu",
                           needed, out ? cap : 0);
    }

    w = (writer){ out, cap, 0 };
    put_envelope_head(&w, body.len);
    size_t body_at = w.len;
    put_body(&w, table, order);
    crypto_generichash(digest, sizeof digest, out + body_at, body.len, NULL, 0);
    put_bytes(&w, digest, sizeof digest);
    myk10__free(order);
    return MYK10_OK;
}

/* ------------------------------------------------------------------ reader */

typedef enum item_type { T_UINT, T_BYTES, T_TEXT, T_ARRAY, T_NULL, T_OTHER } item_type;

typedef struct item {
    item_type type;
    uint64_t value;       /* T_UINT; element count for T_ARRAY */
    const uint8_t *bytes; /* T_BYTES, T_TEXT: into the snapshot */
    size_t size;
} item;

static void on_u8(void *ctx, uint8_t v) { *(item *)ctx = (item){ T_UINT, v, NULL, 0 }; }
static void on_u16(void *ctx, uint16_t v) { *(item *)ctx = (item){ T_UINT, v, NULL, 0 }; }
static void on_u32(void *ctx, uint32_t v) { *(item *)ctx = (item){ T_UINT, v, NULL, 0 }; }
static void on_u64(void *ctx, uint64_t v) { *(item *)ctx = (item){ T_UINT, v, NULL, 0 }; }
static void on_null(void *ctx) { *(item *)ctx = (item){ T_NULL, 0, NULL, 0 }; }
static void on_array(void *ctx, size_t n) { *(item *)ctx = (item){ T_ARRAY, n, NULL, 0 }; }

static void on_bytes(void *ctx, cbor_data data, size_t size)
{
    *(item *)ctx = (item){ T_BYTES, 0, data, size };
}

static void on_text(void *ctx, cbor_data data, size_t size)
{
    *(item *)ctx = (item){ T_TEXT, 0, data, size };
}

static struct cbor_callbacks reader_callbacks(void)
{
    struct cbor_callbacks cb = cbor_empty_callbacks;
    cb.uint8 = on_u8;
    cb.uint16 = on_u16;
    cb.uint32 = on_u32;
    cb.uint64 = on_u64;
    cb.null = on_null;
    cb.array_start = on_array;
    cb.byte_string = on_bytes;
    cb.string = on_text;
    return cb;
}

/* Pulls one data item at a time; `base` turns offsets into snapshot offsets. */
typedef struct reader {
    const uint8_t *data;
    size_t size, off, base;
    struct cbor_callbacks callbacks;
} reader;

static myk10_status corrupt(const reader *r, const char *what)
{
    return myk10__fail_at(MYK10_ECORRUPT, (int64_t)(r->base + r->off),
                          "session: snapshot: %s at byte %zu", what, r->base + r->off);
}

static myk10_status next_item(item *out, reader *r, item_type want, const char *what)
{
    if (r->off >= r->size)
        return corrupt(r, what);
    out->type = T_OTHER;
    struct cbor_decoder_result res =
        cbor_stream_decode(r->data + r->off, r->size - r->off, &r->callbacks, out);
    if (res.status != CBOR_DECODER_FINISHED || out->type != want)
        return corrupt(r, what);
    r->off += res.read;
    return MYK10_OK;
}

static myk10_status next_uint(uint64_t *out, reader *r, uint64_t max, const char *what)
{
    item it;
    size_t at = r->off;
    myk10_status status = next_item(&it, r, T_UINT, what);
    if (status != MYK10_OK)
        return status;
    if (it.value > max) {
        r->off = at;
        return corrupt(r, what);
    }
    *out = it.value;
    return MYK10_OK;
}

static myk10_status next_array(reader *r, uint64_t count, const char *what)
{
    item it;
    size_t at = r->off;
    myk10_status status = next_item(&it, r, T_ARRAY, what);
    if (status == MYK10_OK && it.value != count) {
        r->off = at;
        return corrupt(r, what);
    }
    return status;
}

static myk10_status read_codec(char out[MYK10_SESSION_CODEC_SIZE], reader *r)
{
    item it;
    size_t at = r->off;
    myk10_status status = next_item(&it, r, T_TEXT, "bad codec name");
    if (status != MYK10_OK)
        return status;
    if (it.size >= MYK10_SESSION_CODEC_SIZE || memchr(it.bytes, '\0', it.size)) {
        r->off = at;
        return corrupt(r, "bad codec name");
    }
    memset(out, 0, MYK10_SESSION_CODEC_SIZE);
    memcpy(out, it.bytes, it.size);
    return MYK10_OK;
}

/* Key bytes are pointed to in place: no copy of a key is made here. */
static myk10_status read_keys(const uint8_t *keys[SESSION_ROLES], reader *r)
{
    myk10_status status = next_array(r, SESSION_ROLES, "bad key list");
    for (int role = 0; role < SESSION_ROLES && status == MYK10_OK; role++) {
        item it;
        size_t at = r->off;
        keys[role] = NULL;
        if (r->off < r->size && r->data[r->off] == 0xF6) {
            status = next_item(&it, r, T_NULL, "bad key");
            continue;
        }
        status = next_item(&it, r, T_BYTES, "bad key");
        if (status == MYK10_OK && it.size != MYK10_FRAME_KEY_SIZE) {
            r->off = at;
            return corrupt(r, "key of the wrong size");
        }
        keys[role] = it.bytes;
    }
    return status;
}

static myk10_status read_session(myk10_session_table *table, reader *r)
{
    myk10_session_info info;
    uint64_t addr, eui, version, flags, up, nd, ad;
    const uint8_t *keys[SESSION_ROLES];
    size_t at = r->off;
    myk10_status status;

    memset(&info, 0, sizeof info);
    if ((status = next_array(r, SESSION_FIELDS, "bad session")) != MYK10_OK ||
        (status = next_uint(&addr, r, UINT32_MAX, "bad DevAddr")) != MYK10_OK ||
        (status = next_uint(&eui, r, UINT64_MAX, "bad DevEUI")) != MYK10_OK ||
        (status = next_uint(&version, r, MYK10_LORAWAN_1_1, "bad LoRaWAN version")) != MYK10_OK ||
        (status = next_uint(&flags, r, SESSION_FLAGS_ALL, "bad flags")) != MYK10_OK ||
        (status = next_uint(&up, r, UINT32_MAX, "bad FCntUp")) != MYK10_OK ||
        (status = next_uint(&nd, r, UINT32_MAX, "bad NFCntDown")) != MYK10_OK ||
        (status = next_uint(&ad, r, UINT32_MAX, "bad AFCntDown")) != MYK10_OK ||
        (status = read_codec(info.codec, r)) != MYK10_OK ||
        (status = read_keys(keys, r)) != MYK10_OK)
        return status;
    if (version != MYK10_LORAWAN_1_0 && version != MYK10_LORAWAN_1_1) {
        r->off = at;
        return corrupt(r, "bad LoRaWAN version in the session");
    }
    info.dev_addr = (uint32_t)addr;
    info.dev_eui = eui;
    info.has_fcnt_up = flags & SESSION_HAS_UP;
    info.last_confirmed = flags & SESSION_LAST_CONFIRMED;
    info.retransmitted = flags & SESSION_RETRANSMITTED;
    info.fcnt_up = (uint32_t)up;
    info.nfcnt_down = (uint32_t)nd;
    info.afcnt_down = (uint32_t)ad;
    status = session_insert(table, &info, (myk10_lorawan_version)version, keys);
    if (status == MYK10_EEXISTS || status == MYK10_ENOKEY || status == MYK10_EINVAL) {
        r->off = at;
        return corrupt(r, status == MYK10_EEXISTS ? "duplicate DevEUI in the session"
                                                  : "missing network key in the session");
    }
    return status;
}

static myk10_status read_body(myk10_session_table *table, const uint8_t *body, size_t size,
                              size_t base)
{
    reader r = { body, size, 0, base, reader_callbacks() };
    item it;
    myk10_status status = next_item(&it, &r, T_ARRAY, "bad session list");
    for (uint64_t i = 0; i < it.value && status == MYK10_OK; i++)
        status = read_session(table, &r);
    if (status == MYK10_OK && r.off != size)
        return corrupt(&r, "bytes after the session list");
    return status;
}

/* Header, body bounds and digest; nothing of the body is decoded yet. */
static myk10_status read_envelope(item *body, reader *r)
{
    item it;
    uint64_t version;
    uint8_t digest[DIGEST_SIZE];
    myk10_status status;

    if ((status = next_array(r, 4, "not a session snapshot")) != MYK10_OK ||
        (status = next_item(&it, r, T_TEXT, "not a session snapshot")) != MYK10_OK)
        return status;
    if (it.size != strlen(MAGIC) || memcmp(it.bytes, MAGIC, it.size) != 0)
        return myk10__fail_at(MYK10_ECORRUPT, 1, "session: snapshot: not a session snapshot"
                              " (format name at byte 1)");
    size_t version_at = r->off;
    if ((status = next_uint(&version, r, UINT64_MAX, "bad format version")) != MYK10_OK)
        return status;
    if (version != FORMAT_VERSION)
        return myk10__fail_at(MYK10_ECORRUPT, (int64_t)version_at, "session: snapshot: format"
                              " version %llu at byte %zu, only %d is supported",
                              (unsigned long long)version, version_at, FORMAT_VERSION);
    size_t body_at = r->off;
    if ((status = next_item(body, r, T_BYTES, "bad body")) != MYK10_OK ||
        (status = next_item(&it, r, T_BYTES, "bad digest")) != MYK10_OK)
        return status;
    if (it.size != DIGEST_SIZE)
        return corrupt(r, "digest of the wrong size");
    if (r->off != r->size)
        return corrupt(r, "bytes after the snapshot");
    crypto_generichash(digest, sizeof digest, body->bytes, body->size, NULL, 0);
    if (sodium_memcmp(digest, it.bytes, DIGEST_SIZE) != 0)
        return myk10__fail_at(MYK10_ECORRUPT, (int64_t)body_at, "session: snapshot: body"
                              " (bytes %zu..%zu) does not match its BLAKE2b digest", body_at,
                              r->size - DIGEST_SIZE - 2);
    return MYK10_OK;
}

/* Saving what was loaded must give the input back, byte for byte. */
static myk10_status check_canonical(const myk10_session_table *table, const uint8_t *data,
                                    size_t size)
{
    size_t written = 0;
    uint8_t *copy = sodium_malloc(size);
    if (!copy)
        return myk10__fail(MYK10_ENOMEM, "session: cannot allocate %zu bytes", size);
    myk10_status status = myk10_session_table_save(copy, size, &written, table);
    if (status == MYK10_EBUFSIZE || (status == MYK10_OK && written != size))
        status = myk10__fail_at(MYK10_ECORRUPT, 0, "session: snapshot: not in canonical form"
                                " (%zu bytes, %zu when saved again)", size, written);
    for (size_t i = 0; status == MYK10_OK && i < size; i++)
        if (copy[i] != data[i])
            status = myk10__fail_at(MYK10_ECORRUPT, (int64_t)i, "session: snapshot: not in"
                                    " canonical form at byte %zu", i);
    sodium_free(copy); /* wipes the keys */
    return status;
}

myk10_status myk10_session_table_load(myk10_session_table **out, const uint8_t *data,
                                      size_t size)
{
    myk10_session_table *table = NULL;
    reader r = { data, size, 0, 0, reader_callbacks() };
    item body;
    myk10_status status;

    if (!out || (!data && size))
        return myk10__fail(MYK10_EINVAL, "session: NULL out or data");
    if ((status = read_envelope(&body, &r)) != MYK10_OK)
        return status;
    if ((status = myk10_session_table_create(&table)) != MYK10_OK)
        return status;
    status = read_body(table, body.bytes, body.size, (size_t)(body.bytes - data));
    if (status == MYK10_OK)
        status = check_canonical(table, data, size);
    if (status != MYK10_OK) {
        myk10_session_table_destroy(table);
        return status;
    }
    *out = table;
    return MYK10_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SenML CBOR front end (RFC 8428 section 6): a CBOR array of maps keyed by
 * integer labels (bver -1, bn -2, bt -3, bu -4, bv -5, bs -6, n 0, u 1, v 2,
 * vs 3, vb 4, s 5, t 6, ut 7, vd 8), parsed with libcbor and handed to the
 * shared resolver.
 */
#include <math.h>
#include <string.h>

#include <cbor.h>

#include "frame/codec_internal.h"

typedef enum value_type { TYPE_TEXT, TYPE_BYTES, TYPE_NUMBER, TYPE_INTEGER, TYPE_BOOLEAN } value_type;

typedef struct label_def {
    int64_t label;
    unsigned bit;
    value_type type;
} label_def;

static const label_def senml_labels[] = {
    { -1, SENML_BVER, TYPE_INTEGER }, { -2, SENML_BN, TYPE_TEXT },
    { -3, SENML_BT, TYPE_NUMBER },    { -4, SENML_BU, TYPE_TEXT },
    { -5, SENML_BV, TYPE_NUMBER },    { -6, SENML_BS, TYPE_NUMBER },
    { 0, SENML_N, TYPE_TEXT },        { 1, SENML_U, TYPE_TEXT },
    { 2, SENML_V, TYPE_NUMBER },      { 3, SENML_VS, TYPE_TEXT },
    { 4, SENML_VB, TYPE_BOOLEAN },    { 5, SENML_S, TYPE_NUMBER },
    { 6, SENML_T, TYPE_NUMBER },      { 7, SENML_UT, TYPE_NUMBER },
    { 8, SENML_VD, TYPE_BYTES },
};

static const char *const type_names[] = { "a text string", "a byte string", "a number",
                                          "an integer", "a boolean" };

static const label_def *find_label(int64_t label)
{
    for (size_t i = 0; i < sizeof senml_labels / sizeof senml_labels[0]; i++)
        if (senml_labels[i].label == label)
            return &senml_labels[i];
    return NULL;
}

/* ----------------------------------------------------------------- scalars */

static bool read_integer(int64_t *out, const cbor_item_t *item)
{
    uint64_t raw;
    if (cbor_isa_uint(item)) {
        raw = cbor_get_int(item);
        if (raw > INT64_MAX)
            return false;
        *out = (int64_t)raw;
        return true;
    }
    if (cbor_isa_negint(item)) {
        raw = cbor_get_int(item);
        if (raw > INT64_MAX)
            return false;
        *out = -1 - (int64_t)raw;
        return true;
    }
    return false;
}

static bool read_number(double *out, const cbor_item_t *item)
{
    if (cbor_isa_uint(item)) {
        *out = (double)cbor_get_int(item);
        return true;
    }
    if (cbor_isa_negint(item)) {
        *out = -1.0 - (double)cbor_get_int(item);
        return true;
    }
    if (cbor_isa_float_ctrl(item) && !cbor_float_ctrl_is_ctrl(item)) {
        *out = cbor_float_get_float(item);
        return true;
    }
    return false;
}

/* Definite strings point into libcbor's item; indefinite ones (chunks) are
 * joined in the list arena. */
static myk10_status read_chunks(const uint8_t **out, size_t *out_len, myk10_measurements *list,
                                const cbor_item_t *item, bool text)
{
    bool definite = text ? cbor_string_is_definite(item) : cbor_bytestring_is_definite(item);
    if (definite) {
        *out = text ? cbor_string_handle(item) : cbor_bytestring_handle(item);
        *out_len = text ? cbor_string_length(item) : cbor_bytestring_length(item);
        return MYK10_OK;
    }
    size_t count = text ? cbor_string_chunk_count(item) : cbor_bytestring_chunk_count(item);
    cbor_item_t **chunks = text ? cbor_string_chunks_handle(item)
                                : cbor_bytestring_chunks_handle(item);
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += text ? cbor_string_length(chunks[i]) : cbor_bytestring_length(chunks[i]);
    uint8_t *joined = myk10__measurements_alloc(list, total);
    if (!joined)
        return myk10__fail(MYK10_ENOMEM, "senml: out of memory");
    size_t pos = 0;
    for (size_t i = 0; i < count; i++) {
        size_t n = text ? cbor_string_length(chunks[i]) : cbor_bytestring_length(chunks[i]);
        if (n)
            memcpy(joined + pos, text ? cbor_string_handle(chunks[i])
                                      : cbor_bytestring_handle(chunks[i]), n);
        pos += n;
    }
    *out = joined;
    *out_len = total;
    return MYK10_OK;
}

/* ------------------------------------------------------------------ fields */

static bool has_type(const cbor_item_t *item, value_type type)
{
    switch (type) {
    case TYPE_TEXT: return cbor_isa_string(item);
    case TYPE_BYTES: return cbor_isa_bytestring(item);
    case TYPE_NUMBER: return cbor_isa_uint(item) || cbor_isa_negint(item) ||
                             (cbor_isa_float_ctrl(item) && !cbor_float_ctrl_is_ctrl(item));
    case TYPE_INTEGER: return cbor_isa_uint(item) || cbor_isa_negint(item);
    case TYPE_BOOLEAN: /* libcbor 0.8 asserts when cbor_is_bool() sees a float */
        return cbor_isa_float_ctrl(item) && cbor_float_ctrl_is_ctrl(item) && cbor_is_bool(item);
    }
    return false;
}

static myk10_status read_string_field(myk10__senml_record *rec, myk10_measurements *list,
                                      const label_def *def, const cbor_item_t *value,
                                      size_t index)
{
    const uint8_t *bytes = NULL;
    size_t len = 0;
    myk10_status status = read_chunks(&bytes, &len, list, value, def->type == TYPE_TEXT);
    if (status != MYK10_OK)
        return status;
    if (def->type == TYPE_BYTES) {
        /* The measurement keeps vd, so it must outlive libcbor's item. */
        uint8_t *copy = myk10__measurements_alloc(list, len);
        if (!copy)
            return myk10__fail(MYK10_ENOMEM, "senml: out of memory");
        if (len)
            memcpy(copy, bytes, len);
        rec->vd = copy;
        rec->vd_len = len;
        return MYK10_OK;
    }
    if (!myk10__utf8_valid(bytes, len) || memchr(bytes, 0, len))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: field '%s' is not valid UTF-8"
                           " text", index, myk10__senml_field_name(def->bit));
    myk10__senml_store_text(rec, def->bit, (const char *)bytes, len);
    return MYK10_OK;
}

static myk10_status read_field(myk10__senml_record *rec, myk10_measurements *list,
                               const label_def *def, const cbor_item_t *value, size_t index)
{
    const char *name = myk10__senml_field_name(def->bit);
    if (!has_type(value, def->type))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: field '%s' must be %s",
                           index, name, type_names[def->type]);
    if (rec->present & def->bit)
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: field '%s' appears twice",
                           index, name);
    rec->present |= def->bit;
    switch (def->type) {
    case TYPE_NUMBER:
        read_number(myk10__senml_number_slot(rec, def->bit), value);
        if (!isfinite(*myk10__senml_number_slot(rec, def->bit)))
            return myk10__fail(MYK10_ERANGE, "senml: record %zu: field '%s' is not finite",
                               index, name);
        return MYK10_OK;
    case TYPE_INTEGER:
        if (!read_integer(&rec->bver, value))
            return myk10__fail(MYK10_ERANGE, "senml: record %zu: field '%s' out of range",
                               index, name);
        return MYK10_OK;
    case TYPE_BOOLEAN:
        rec->vb = cbor_get_bool(value);
        return MYK10_OK;
    case TYPE_TEXT:
    case TYPE_BYTES:
        break;
    }
    return read_string_field(rec, list, def, value, index);
}

/* Text labels are not SenML-CBOR labels; like unknown JSON names they are
 * ignored unless they end in '_' (must understand). */
static myk10_status check_text_label(const cbor_item_t *key, size_t index)
{
    if (!cbor_string_is_definite(key))
        return MYK10_OK;
    size_t len = cbor_string_length(key);
    const unsigned char *text = cbor_string_handle(key);
    if (len && text[len - 1] == '_')
        return myk10__fail(MYK10_EUNSUPPORTED, "senml: record %zu: label '%.*s' must be"
                           " understood and is not supported", index, (int)(len > 60 ? 60 : len),
                           (const char *)text);
    return MYK10_OK;
}

static myk10_status read_pair(myk10__senml_record *rec, myk10_measurements *list,
                              const struct cbor_pair *pair, size_t index)
{
    if (cbor_isa_string(pair->key))
        return check_text_label(pair->key, index);
    int64_t label;
    if (!read_integer(&label, pair->key))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: label is neither an integer"
                           " nor text", index);
    const label_def *def = find_label(label);
    if (!def) {
        /* Unknown integer labels belong to extensions; negative labels below
         * -6 are not defined as must-understand, so they are skipped too. */
        return MYK10_OK;
    }
    return read_field(rec, list, def, pair->value, index);
}

static myk10_status read_record(myk10__senml_record *rec, myk10_measurements *list,
                                const cbor_item_t *map, size_t index)
{
    if (!cbor_isa_map(map))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu is not a CBOR map", index);
    memset(rec, 0, sizeof *rec);
    struct cbor_pair *pairs = cbor_map_handle(map);
    for (size_t i = 0; i < cbor_map_size(map); i++) {
        myk10_status status = read_pair(rec, list, &pairs[i], index);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

static myk10_status decode_pack(myk10_measurements *out, const myk10_codec_context *ctx,
                                const cbor_item_t *pack)
{
    if (!cbor_isa_array(pack))
        return myk10__fail_at(MYK10_EMALFORMED, 0, "senml: pack is not a CBOR array");
    cbor_item_t **records = cbor_array_handle(pack);
    myk10__senml_base base = { 0 };
    for (size_t i = 0; i < cbor_array_size(pack); i++) {
        myk10__senml_record rec;
        myk10_status status = read_record(&rec, out, records[i], i);
        if (status == MYK10_OK)
            status = myk10__senml_resolve(out, ctx, &base, &rec, i);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

/* ---------------------------------------------------------------- precheck */

#define MAX_NESTING 64

typedef struct scan_level {
    uint64_t remaining; /* items still to read at this level */
    bool indefinite;    /* ends at a break byte instead */
} scan_level;

static myk10_status scan_fail_truncated(size_t len)
{
    return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len, "senml: CBOR ends early at byte %zu",
                          len);
}

/* Reads the argument of the head at p[*pos - 1]; false when it is cut off. */
static bool scan_argument(uint64_t *value, const uint8_t *p, size_t len, size_t *pos,
                          unsigned info)
{
    if (info < 24) {
        *value = info;
        return true;
    }
    size_t size = (size_t)1 << (info - 24);
    if (len - *pos < size)
        return false;
    *value = 0;
    for (size_t i = 0; i < size; i++)
        *value = *value << 8 | p[*pos + i];
    *pos += size;
    return true;
}

/*
 * libcbor 0.8 allocates an array for the item count a header declares
 * before reading the items, so a 5-byte input can ask for gigabytes. One
 * pass over the heads first checks that every declared count and length
 * fits in the bytes that remain (each item takes at least one byte) and
 * bounds the nesting, which also locates truncation exactly.
 */
static myk10_status cbor_precheck(const uint8_t *p, size_t len)
{
    scan_level stack[MAX_NESTING + 1] = { { 1, false } };
    size_t depth = 1, pos = 0;
    while (depth > 0) {
        scan_level *top = &stack[depth - 1];
        if (!top->indefinite && top->remaining == 0) {
            depth--;
            continue;
        }
        if (pos >= len)
            return scan_fail_truncated(len);
        size_t head = pos++;
        unsigned major = p[head] >> 5, info = p[head] & 31;
        if (top->indefinite && p[head] == 0xff) {
            depth--;
            continue;
        }
        if (!top->indefinite)
            top->remaining--;
        uint64_t value = 0;
        bool indefinite = info == 31;
        if (info >= 28 && !(indefinite && major >= 2 && major <= 5))
            return myk10__fail_at(MYK10_EMALFORMED, (int64_t)head,
                                  "senml: malformed CBOR at byte %zu", head);
        if (!indefinite && !scan_argument(&value, p, len, &pos, info))
            return scan_fail_truncated(len);
        uint64_t left = len - pos;
        uint64_t items;
        switch (major) {
        case 2:
        case 3:
            if (indefinite)
                break;
            if (value > left)
                return scan_fail_truncated(len);
            pos += (size_t)value;
            continue;
        case 4:
        case 5:
            if (!indefinite && value > (major == 5 ? left / 2 : left))
                return scan_fail_truncated(len);
            break;
        case 6:
            break;
        default:
            continue;
        }
        if (depth > MAX_NESTING)
            return myk10__fail_at(MYK10_EMALFORMED, (int64_t)head,
                                  "senml: CBOR nested deeper than %d at byte %zu", MAX_NESTING,
                                  head);
        items = major == 6 ? 1 : major == 5 ? value * 2 : value;
        stack[depth].remaining = items;
        stack[depth].indefinite = indefinite;
        depth++;
    }
    return MYK10_OK;
}

static myk10_status load_error(const struct cbor_load_result *result, size_t len)
{
    size_t at = result->error.position;
    switch (result->error.code) {
    case CBOR_ERR_NOTENOUGHDATA:
    case CBOR_ERR_NODATA:
        return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len,
                              "senml: CBOR ends early at byte %zu", len);
    case CBOR_ERR_MEMERROR:
        return myk10__fail(MYK10_ENOMEM, "senml: out of memory in CBOR parser");
    default:
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)at,
                              "senml: malformed CBOR at byte %zu", at);
    }
}

myk10_status myk10_senml_cbor_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                     const uint8_t *payload, size_t len)
{
    if (!out || (!payload && len))
        return myk10__fail(MYK10_EINVAL, "senml: NULL argument");
    if (len == 0)
        return myk10__fail_at(MYK10_ETRUNCATED, 0, "senml: CBOR input is empty");
    myk10_status status = cbor_precheck(payload, len);
    if (status != MYK10_OK)
        return status;
    struct cbor_load_result result;
    cbor_item_t *pack = cbor_load(payload, len, &result);
    if (!pack)
        return load_error(&result, len);
    if (result.read != len) {
        cbor_decref(&pack);
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)result.read,
                              "senml: extra data after the CBOR pack at byte %zu", result.read);
    }
    myk10__list_mark mark;
    myk10__measurements_mark(out, &mark);
    status = decode_pack(out, myk10__context_or_default(ctx), pack);
    if (status != MYK10_OK)
        myk10__measurements_rollback(out, &mark);
    cbor_decref(&pack);
    return status;
}

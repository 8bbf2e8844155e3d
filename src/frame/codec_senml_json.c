/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SenML JSON front end (RFC 8428 section 5): reads each record's fields with
 * jansson and hands them to the shared resolver.
 */
#include <string.h>

#include <jansson.h>

#include "frame/codec_internal.h"

typedef enum field_type { TYPE_STRING, TYPE_NUMBER, TYPE_INTEGER, TYPE_BOOLEAN } field_type;

static const struct {
    const char *key;
    unsigned bit;
    field_type type;
} senml_fields[] = {
    { "bn", SENML_BN, TYPE_STRING },   { "bt", SENML_BT, TYPE_NUMBER },
    { "bu", SENML_BU, TYPE_STRING },   { "bv", SENML_BV, TYPE_NUMBER },
    { "bs", SENML_BS, TYPE_NUMBER },   { "bver", SENML_BVER, TYPE_INTEGER },
    { "n", SENML_N, TYPE_STRING },     { "u", SENML_U, TYPE_STRING },
    { "v", SENML_V, TYPE_NUMBER },     { "vs", SENML_VS, TYPE_STRING },
    { "vb", SENML_VB, TYPE_BOOLEAN },  { "vd", SENML_VD, TYPE_STRING },
    { "s", SENML_S, TYPE_NUMBER },     { "t", SENML_T, TYPE_NUMBER },
    { "ut", SENML_UT, TYPE_NUMBER },
};

static const char *const type_names[] = { "a string", "a number", "an integer", "a boolean" };

static bool has_type(const json_t *value, field_type type)
{
    switch (type) {
    case TYPE_STRING: return json_is_string(value);
    case TYPE_NUMBER: return json_is_number(value);
    case TYPE_INTEGER: return json_is_integer(value);
    case TYPE_BOOLEAN: return json_is_boolean(value);
    }
    return false;
}

/* vd is base64url text in JSON; the bytes go straight into the list arena. */
static myk10_status read_data(myk10__senml_record *rec, myk10_measurements *out,
                              const char *text, size_t len, size_t index)
{
    size_t cap = len / 4 * 3 + 3;
    uint8_t *bytes = myk10__measurements_alloc(out, cap);
    if (!bytes)
        return myk10__fail(MYK10_ENOMEM, "senml: out of memory");
    if (!myk10__base64url_decode(bytes, cap, &rec->vd_len, text, len))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: field 'vd' is not base64url",
                           index);
    rec->vd = bytes;
    return MYK10_OK;
}

static myk10_status read_field(myk10__senml_record *rec, myk10_measurements *out,
                               size_t field, const json_t *value, size_t index)
{
    unsigned bit = senml_fields[field].bit;
    if (!has_type(value, senml_fields[field].type))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: field '%s' must be %s", index,
                           senml_fields[field].key, type_names[senml_fields[field].type]);
    rec->present |= bit;
    switch (senml_fields[field].type) {
    case TYPE_NUMBER:
        *myk10__senml_number_slot(rec, bit) = json_number_value(value);
        return MYK10_OK;
    case TYPE_INTEGER:
        rec->bver = json_integer_value(value);
        return MYK10_OK;
    case TYPE_BOOLEAN:
        rec->vb = json_is_true(value);
        return MYK10_OK;
    case TYPE_STRING:
        break;
    }
    if (bit == SENML_VD)
        return read_data(rec, out, json_string_value(value), json_string_length(value), index);
    myk10__senml_store_text(rec, bit, json_string_value(value), json_string_length(value));
    return MYK10_OK;
}

static myk10_status read_record(myk10__senml_record *rec, myk10_measurements *out,
                                const json_t *object, size_t index)
{
    if (!json_is_object(object))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu is not an object", index);
    memset(rec, 0, sizeof *rec);
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)object, key, value) {
        size_t field = 0, count = sizeof senml_fields / sizeof senml_fields[0];
        while (field < count && strcmp(senml_fields[field].key, key) != 0)
            field++;
        if (field < count) {
            myk10_status status = read_field(rec, out, field, value, index);
            if (status != MYK10_OK)
                return status;
        } else if (*key && key[strlen(key) - 1] == '_') {
            /* RFC 8428 section 4.4: labels ending in '_' must be understood. */
            return myk10__fail(MYK10_EUNSUPPORTED, "senml: record %zu: field '%s' must be"
                               " understood and is not supported", index, key);
        }
    }
    return MYK10_OK;
}

static myk10_status decode_pack(myk10_measurements *out, const myk10_codec_context *ctx,
                                const json_t *pack)
{
    if (!json_is_array(pack))
        return myk10__fail_at(MYK10_EMALFORMED, 0, "senml: pack is not a JSON array");
    myk10__senml_base base = { 0 };
    for (size_t i = 0; i < json_array_size(pack); i++) {
        myk10__senml_record rec;
        myk10_status status = read_record(&rec, out, json_array_get(pack, i), i);
        if (status == MYK10_OK)
            status = myk10__senml_resolve(out, ctx, &base, &rec, i);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

myk10_status myk10_senml_json_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                     const uint8_t *payload, size_t len)
{
    if (!out || (!payload && len))
        return myk10__fail(MYK10_EINVAL, "senml: NULL argument");
    json_error_t error;
    json_t *pack = json_loadb((const char *)(payload ? payload : (const uint8_t *)""), len,
                              JSON_REJECT_DUPLICATES, &error);
    if (!pack)
        return myk10__fail_at(MYK10_EMALFORMED, error.position,
                              "senml: invalid JSON at byte %d: %s", error.position, error.text);
    myk10__list_mark mark;
    myk10__measurements_mark(out, &mark);
    myk10_status status = decode_pack(out, myk10__context_or_default(ctx), pack);
    if (status != MYK10_OK)
        myk10__measurements_rollback(out, &mark);
    json_decref(pack);
    return status;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Declarative codecs: a JSON description of fixed-position fields, compiled
 * once into a table so that decoding is a loop of loads, shifts and one
 * multiply-add per field. The format is documented in docs/codecs.md.
 */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "frame/codec_internal.h"

#define MAX_FIELDS 128
#define MAX_OFFSET 65535
#define QUANTITY_MAX 63
#define UNIT_MAX 31

typedef enum field_type { T_U8, T_S8, T_U16, T_S16, T_U24, T_S24, T_U32, T_S32, T_F32 } field_type;

static const struct {
    const char *name;
    uint8_t size;
    bool is_signed;
} field_types[] = {
    [T_U8] = { "u8", 1, false },   [T_S8] = { "s8", 1, true },
    [T_U16] = { "u16", 2, false }, [T_S16] = { "s16", 2, true },
    [T_U24] = { "u24", 3, false }, [T_S24] = { "s24", 3, true },
    [T_U32] = { "u32", 4, false }, [T_S32] = { "s32", 4, true },
    [T_F32] = { "f32", 4, false },
};

typedef struct decl_field {
    char quantity[QUANTITY_MAX + 1];
    char unit[UNIT_MAX + 1];
    field_type type;
    bool little_endian;
    uint32_t offset;
    uint8_t bit_offset;
    uint8_t bit_width; /* 0: the whole value */
    bool divide;       /* scale is 1/divisor exactly: divide, so 0.1 stays exact */
    double scale;      /* multiplier, or divisor when `divide` */
    double add;
    int32_t channel;
} decl_field;

struct myk10__declarative {
    size_t field_count;
    size_t declared_length; /* 0: not declared */
    int32_t fport;          /* -1: any */
    decl_field fields[];
};

/* ------------------------------------------------------------ compilation */

static const char *const field_keys[] = { "quantity", "offset", "type", "endian", "scale",
                                          "add", "unit", "channel", "bit_offset", "bit_width" };
static const char *const top_keys[] = { "name", "description", "length", "fport", "fields" };

static bool key_known(const char *key, const char *const *keys, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(keys[i], key) == 0)
            return true;
    return false;
}

static bool quantity_ok(const char *q)
{
    if (!*q || strlen(q) > QUANTITY_MAX)
        return false;
    for (; *q; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_'))
            return false;
    return true;
}

static myk10_status read_int(int64_t *out, const json_t *obj, const char *key, int64_t lo,
                             int64_t hi, size_t index)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v))
        return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: '%s' must be an"
                           " integer", index, key);
    int64_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return myk10__fail(MYK10_ERANGE, "codec definition: field %zu: '%s' %lld outside"
                           " %lld..%lld", index, key, (long long)x, (long long)lo, (long long)hi);
    *out = x;
    return MYK10_OK;
}

static myk10_status read_text(char *dst, size_t cap, const json_t *obj, const char *key,
                              size_t index)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: '%s' must be a"
                           " string", index, key);
    if (json_string_length(v) >= cap || strlen(json_string_value(v)) != json_string_length(v))
        return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: '%s' longer than"
                           " %zu bytes or contains NUL", index, key, cap - 1);
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return MYK10_OK;
}

static myk10_status read_type(decl_field *f, const json_t *obj, size_t index)
{
    char name[8];
    myk10_status status = read_text(name, sizeof name, obj, "type", index);
    if (status != MYK10_OK)
        return myk10__fail(MYK10_EUNSUPPORTED, "codec definition: field %zu: 'type' must be one"
                           " of u8 s8 u16 s16 u24 s24 u32 s32 f32", index);
    for (size_t t = 0; t < sizeof field_types / sizeof field_types[0]; t++) {
        if (strcmp(field_types[t].name, name) == 0) {
            f->type = (field_type)t;
            return MYK10_OK;
        }
    }
    return myk10__fail(MYK10_EUNSUPPORTED, "codec definition: field %zu: unknown type '%s'"
                       " (u8 s8 u16 s16 u24 s24 u32 s32 f32)", index, name);
}

static myk10_status read_endian(decl_field *f, const json_t *obj, size_t index)
{
    if (!json_object_get(obj, "endian"))
        return MYK10_OK;
    char name[8];
    myk10_status status = read_text(name, sizeof name, obj, "endian", index);
    if (status == MYK10_OK && strcmp(name, "little") == 0)
        f->little_endian = true;
    else if (status != MYK10_OK || strcmp(name, "big") != 0)
        return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: 'endian' must be"
                           " \"big\" or \"little\"", index);
    return MYK10_OK;
}

static myk10_status read_real(double *out, const json_t *obj, const char *key, double fallback,
                              size_t index)
{
    const json_t *v = json_object_get(obj, key);
    if (!v) {
        *out = fallback;
        return MYK10_OK;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: '%s' must be a"
                           " finite number", index, key);
    *out = json_number_value(v);
    return MYK10_OK;
}

/* A scale of 0.1 multiplies to 27.200000000000003; dividing by 10 gives
 * the 27.2 a reader expects. */
static void choose_scaling(decl_field *f, double scale)
{
    f->divide = false;
    f->scale = scale;
    if (scale != 0 && fabs(scale) < 1) {
        double divisor = round(1.0 / scale);
        if (fabs(divisor) <= 1e15 && 1.0 / divisor == scale) {
            f->divide = true;
            f->scale = divisor;
        }
    }
}

static myk10_status read_bits(decl_field *f, const json_t *obj, size_t index)
{
    bool has_offset = json_object_get(obj, "bit_offset") != NULL;
    bool has_width = json_object_get(obj, "bit_width") != NULL;
    if (!has_offset && !has_width)
        return MYK10_OK;
    if (f->type == T_F32)
        return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: bit fields need an"
                           " integer type, not f32", index);
    int64_t bits = 8 * field_types[f->type].size, shift = 0, width = bits;
    myk10_status status = MYK10_OK;
    if (has_offset)
        status = read_int(&shift, obj, "bit_offset", 0, bits - 1, index);
    if (status == MYK10_OK && has_width)
        status = read_int(&width, obj, "bit_width", 1, bits, index);
    if (status == MYK10_OK && shift + width > bits)
        status = myk10__fail(MYK10_ERANGE, "codec definition: field %zu: bits %lld..%lld do not"
                             " fit in %s", index, (long long)shift, (long long)(shift + width - 1),
                             field_types[f->type].name);
    f->bit_offset = (uint8_t)shift;
    f->bit_width = (uint8_t)width;
    return status;
}

static myk10_status check_keys(const json_t *obj, size_t index)
{
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        (void)value;
        if (!key_known(key, field_keys, sizeof field_keys / sizeof field_keys[0]))
            return myk10__fail(MYK10_EUNSUPPORTED, "codec definition: field %zu: unknown key"
                               " '%s'", index, key);
    }
    static const char *const required[] = { "quantity", "offset", "type" };
    for (size_t i = 0; i < 3; i++)
        if (!json_object_get(obj, required[i]))
            return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: missing key"
                               " '%s'", index, required[i]);
    return MYK10_OK;
}

static myk10_status compile_field(decl_field *f, const json_t *obj, size_t index)
{
    if (!json_is_object(obj))
        return myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu is not an object",
                           index);
    memset(f, 0, sizeof *f);
    f->channel = MYK10_NO_CHANNEL;
    int64_t offset = 0, channel = MYK10_NO_CHANNEL;
    double scale = 1.0;
    myk10_status status = check_keys(obj, index);
    if (status == MYK10_OK)
        status = read_text(f->quantity, sizeof f->quantity, obj, "quantity", index);
    if (status == MYK10_OK && !quantity_ok(f->quantity))
        status = myk10__fail(MYK10_EMALFORMED, "codec definition: field %zu: 'quantity' must"
                             " be 1..%d characters of a-z 0-9 _", index, QUANTITY_MAX);
    if (status == MYK10_OK)
        status = read_int(&offset, obj, "offset", 0, MAX_OFFSET, index);
    if (status == MYK10_OK)
        status = read_type(f, obj, index);
    if (status == MYK10_OK)
        status = read_endian(f, obj, index);
    if (status == MYK10_OK)
        status = read_real(&scale, obj, "scale", 1.0, index);
    if (status == MYK10_OK)
        status = read_real(&f->add, obj, "add", 0.0, index);
    if (status == MYK10_OK && json_object_get(obj, "unit"))
        status = read_text(f->unit, sizeof f->unit, obj, "unit", index);
    if (status == MYK10_OK && json_object_get(obj, "channel"))
        status = read_int(&channel, obj, "channel", 0, INT32_MAX, index);
    if (status == MYK10_OK)
        status = read_bits(f, obj, index);
    f->offset = (uint32_t)offset;
    f->channel = (int32_t)channel;
    choose_scaling(f, scale);
    return status;
}

static myk10_status check_top_keys(const json_t *root)
{
    if (!json_is_object(root))
        return myk10__fail_at(MYK10_EMALFORMED, 0, "codec definition: not a JSON object");
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)root, key, value) {
        (void)value;
        if (!key_known(key, top_keys, sizeof top_keys / sizeof top_keys[0]))
            return myk10__fail(MYK10_EUNSUPPORTED, "codec definition: unknown key '%s'", key);
    }
    const json_t *fields = json_object_get(root, "fields");
    if (!json_is_array(fields) || json_array_size(fields) == 0)
        return myk10__fail(MYK10_EMALFORMED, "codec definition: 'fields' must be a non-empty"
                           " array");
    if (json_array_size(fields) > MAX_FIELDS)
        return myk10__fail(MYK10_ERANGE, "codec definition: %zu fields, at most %d",
                           json_array_size(fields), MAX_FIELDS);
    return MYK10_OK;
}

static myk10_status read_header(myk10__declarative *codec, const json_t *root)
{
    codec->fport = -1;
    const json_t *length = json_object_get(root, "length");
    const json_t *fport = json_object_get(root, "fport");
    if (length && (!json_is_integer(length) || json_integer_value(length) < 1 ||
                   json_integer_value(length) > MAX_OFFSET + 4))
        return myk10__fail(MYK10_EMALFORMED, "codec definition: 'length' must be an integer"
                           " 1..%d", MAX_OFFSET + 4);
    if (fport && (!json_is_integer(fport) || json_integer_value(fport) < 1 ||
                  json_integer_value(fport) > 223))
        return myk10__fail(MYK10_EMALFORMED, "codec definition: 'fport' must be an integer"
                           " 1..223");
    codec->declared_length = length ? (size_t)json_integer_value(length) : 0;
    codec->fport = fport ? (int32_t)json_integer_value(fport) : -1;
    return MYK10_OK;
}

static myk10_status compile_root(myk10__declarative **out, const json_t *root)
{
    myk10_status status = check_top_keys(root);
    if (status != MYK10_OK)
        return status;
    const json_t *fields = json_object_get(root, "fields");
    size_t count = json_array_size(fields);
    myk10__declarative *codec = myk10__calloc(1, sizeof *codec + count * sizeof codec->fields[0]);
    if (!codec)
        return myk10__fail(MYK10_ENOMEM, "codec definition: out of memory");
    codec->field_count = count;
    status = read_header(codec, root);
    for (size_t i = 0; status == MYK10_OK && i < count; i++) {
        decl_field *f = &codec->fields[i];
        status = compile_field(f, json_array_get(fields, i), i);
        size_t end = f->offset + field_types[f->type].size;
        if (status == MYK10_OK && codec->declared_length && end > codec->declared_length)
            status = myk10__fail(MYK10_ERANGE, "codec definition: field %zu ('%s'): bytes"
                                 " %u..%zu beyond the declared length %zu", i, f->quantity,
                                 f->offset, end - 1, codec->declared_length);
    }
    if (status != MYK10_OK) {
        myk10__free(codec);
        return status;
    }
    *out = codec;
    return MYK10_OK;
}

myk10_status myk10__declarative_compile(myk10__declarative **out, const char *json, size_t len)
{
    json_error_t error;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &error);
    if (!root)
        return myk10__fail_at(MYK10_EMALFORMED, error.position, "codec definition: invalid JSON"
                              " at byte %d: %s", error.position, error.text);
    myk10_status status = compile_root(out, root);
    json_decref(root);
    return status;
}

void myk10__declarative_free(myk10__declarative *codec)
{
    myk10__free(codec);
}

/* ---------------------------------------------------------------- decoding */

static uint32_t read_raw(const decl_field *f, const uint8_t *p)
{
    unsigned size = field_types[f->type].size;
    uint32_t raw = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned at = f->little_endian ? size - 1 - i : i;
        raw = raw << 8 | p[at];
    }
    return raw;
}

static double field_value(const decl_field *f, const uint8_t *payload)
{
    uint32_t raw = read_raw(f, payload + f->offset);
    unsigned bits = 8u * field_types[f->type].size;
    double x;
    if (f->type == T_F32) {
        float value;
        memcpy(&value, &raw, sizeof value);
        x = value;
    } else {
        if (f->bit_width) {
            raw >>= f->bit_offset;
            bits = f->bit_width;
            if (bits < 32)
                raw &= (1u << bits) - 1;
        }
        x = field_types[f->type].is_signed ? (double)myk10__sign_extend(raw, bits) : (double)raw;
    }
    x = f->divide ? x / f->scale : x * f->scale;
    return x + f->add;
}

static myk10_status check_fits(const myk10__declarative *codec, size_t len)
{
    for (size_t i = 0; i < codec->field_count; i++) {
        const decl_field *f = &codec->fields[i];
        size_t end = (size_t)f->offset + field_types[f->type].size;
        if (len < end)
            return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)len, "declarative: field %zu ('%s')"
                                  " needs bytes %u..%zu, payload ends at byte %zu", i,
                                  f->quantity, f->offset, end - 1, len);
    }
    if (codec->declared_length && len != codec->declared_length)
        return myk10__fail_at(len < codec->declared_length ? MYK10_ETRUNCATED : MYK10_EMALFORMED,
                              (int64_t)(len < codec->declared_length ? len
                                                                     : codec->declared_length),
                              "declarative: payload has %zu bytes, the definition declares %zu",
                              len, codec->declared_length);
    return MYK10_OK;
}

/* Names are copied into the list (arena, no heap in steady state) so that
 * measurements outlive an unregistered codec. */
static myk10_status emit_field(myk10_measurements *out, const myk10_codec_context *ctx,
                               const decl_field *f, double value)
{
    const char *quantity = myk10__measurements_strdup(out, f->quantity, strlen(f->quantity));
    const char *unit = *f->unit ? myk10__measurements_strdup(out, f->unit, strlen(f->unit)) : "";
    if (!quantity || !unit)
        return myk10__fail(MYK10_ENOMEM, "declarative: out of memory");
    return myk10__emit_number(out, ctx, quantity, unit, f->channel, value);
}

myk10_status myk10__declarative_decode(myk10_measurements *out, const myk10_codec_context *ctx,
                                       const uint8_t *payload, size_t len,
                                       const myk10__declarative *codec)
{
    if (codec->fport >= 0 && ctx->fport >= 0 && ctx->fport != codec->fport)
        return myk10__fail(MYK10_EUNSUPPORTED, "declarative: FPort %d carries no measurements"
                           " (expected %d)", (int)ctx->fport, (int)codec->fport);
    myk10_status status = check_fits(codec, len);
    for (size_t i = 0; status == MYK10_OK && i < codec->field_count; i++) {
        const decl_field *f = &codec->fields[i];
        double value = field_value(f, payload);
        if (!isfinite(value))
            return myk10__fail_at(MYK10_ERANGE, f->offset, "declarative: field %zu ('%s') at"
                                  " byte %u is not a finite number", i, f->quantity, f->offset);
        status = emit_field(out, ctx, f, value);
    }
    return status;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SenML (RFC 8428): record resolution shared by the JSON and CBOR front
 * ends, and the two encoders. A front end only reads fields into a
 * myk10__senml_record; everything SenML means (base values, relative time,
 * conflicts) is decided here, once.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "frame/codec_internal.h"

#define SENML_VERSION 10
/* RFC 8428 section 4.5.3: resolved times below 2^28 are relative to now. */
#define SENML_RELATIVE_LIMIT 268435456.0
/* Times are kept as int64 seconds; beyond 2^53 a double has no second resolution. */
#define SENML_TIME_LIMIT 9007199254740992.0

const char *myk10__senml_field_name(unsigned bit)
{
    static const char *const names[] = { "bn", "bt", "bu", "bv", "bs", "bver", "n", "u",
                                         "v", "vs", "vb", "vd", "s", "t", "ut" };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (bit == 1u << i)
            return names[i];
    return "?";
}

/* ------------------------------------------------------------- resolution */

static myk10_status update_base(myk10__senml_base *base, const myk10__senml_record *rec,
                                size_t index)
{
    if (rec->present & SENML_BVER) {
        if (rec->bver < 1)
            return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: field 'bver' %lld is not"
                               " a version", index, (long long)rec->bver);
        if (rec->bver > SENML_VERSION)
            return myk10__fail(MYK10_EUNSUPPORTED, "senml: record %zu: field 'bver' %lld is"
                               " newer than supported version %d", index,
                               (long long)rec->bver, SENML_VERSION);
    }
    if (rec->present & SENML_BN) {
        base->bn = rec->bn;
        base->bn_len = rec->bn_len;
    }
    if (rec->present & SENML_BU) {
        base->bu = rec->bu;
        base->bu_len = rec->bu_len;
    }
    if (rec->present & SENML_BT)
        base->bt = rec->bt;
    if (rec->present & SENML_BV) {
        base->bv = rec->bv;
        base->has_bv = true;
    }
    if (rec->present & SENML_BS) {
        base->bs = rec->bs;
        base->has_bs = true;
    }
    return MYK10_OK;
}

/* RFC 8428 section 4.5.1: names start with a letter or digit and continue
 * with letters, digits and "-:./_". */
static bool name_char_ok(char c, bool first)
{
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || (!first && (c == '-' || c == ':' || c == '.' || c == '/' || c == '_'));
}

static myk10_status resolve_name(const char **out, myk10_measurements *list,
                                 const myk10__senml_base *base,
                                 const myk10__senml_record *rec, size_t index)
{
    size_t n_len = rec->present & SENML_N ? rec->n_len : 0;
    size_t len = base->bn_len + n_len;
    if (len == 0)
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: no name after resolution"
                           " (fields 'bn' and 'n' empty or absent)", index);
    char *name = myk10__measurements_alloc(list, len + 1);
    if (!name)
        return myk10__fail(MYK10_ENOMEM, "senml: out of memory");
    if (base->bn_len)
        memcpy(name, base->bn, base->bn_len);
    if (n_len)
        memcpy(name + base->bn_len, rec->n, n_len);
    name[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (!name_char_ok(name[i], i == 0))
            return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: field '%s': name has"
                               " invalid character at byte %zu", index,
                               i < base->bn_len ? "bn" : "n",
                               i < base->bn_len ? i : i - base->bn_len);
    *out = name;
    return MYK10_OK;
}

static myk10_status check_single_value(const myk10__senml_record *rec, size_t index)
{
    static const unsigned value_bits[] = { SENML_V, SENML_VS, SENML_VB, SENML_VD };
    unsigned first = 0;
    for (size_t i = 0; i < 4; i++) {
        if (!(rec->present & value_bits[i]))
            continue;
        if (first)
            return myk10__fail(MYK10_ECONFLICT, "senml: record %zu: fields '%s' and '%s'"
                               " both present", index, myk10__senml_field_name(first),
                               myk10__senml_field_name(value_bits[i]));
        first = value_bits[i];
    }
    if (!first && !(rec->present & SENML_S))
        return myk10__fail(MYK10_EMALFORMED, "senml: record %zu: no value field"
                           " ('v', 'vs', 'vb', 'vd') and no 's'", index);
    return MYK10_OK;
}

static myk10_status finite_or_fail(double x, size_t index, const char *field)
{
    if (!isfinite(x))
        return myk10__fail(MYK10_ERANGE, "senml: record %zu: field '%s' is not finite",
                           index, field);
    return MYK10_OK;
}

/* Splits a resolved time into whole seconds and nanoseconds. A double near
 * 1.3e9 resolves about 2.4e-7 s, so the fraction is rounded to microseconds:
 * that recovers decimal times like 1.276020076001e+09 exactly. */
static myk10_status resolve_time(int64_t *sec, int32_t *ns, double t, int64_t now,
                                 size_t index)
{
    if (!isfinite(t) || fabs(t) >= SENML_TIME_LIMIT)
        return myk10__fail(MYK10_ERANGE, "senml: record %zu: field 't': time is not finite or"
                           " beyond 2^53 s", index);
    double whole = floor(t);
    int64_t micros = (int64_t)llround((t - whole) * 1e6);
    int64_t s = (int64_t)whole;
    if (micros >= 1000000) {
        s += 1;
        micros -= 1000000;
    }
    if (t < SENML_RELATIVE_LIMIT) {
        if ((now > 0 && s > INT64_MAX - now) || (now < 0 && s < INT64_MIN - now))
            return myk10__fail(MYK10_ERANGE, "senml: record %zu: field 't': relative time"
                               " overflows", index);
        s += now;
    }
    *sec = s;
    *ns = (int32_t)(micros * 1000);
    return MYK10_OK;
}

static myk10_status fill_value(myk10_measurement *m, const myk10__senml_base *base,
                               const myk10__senml_record *rec, size_t index)
{
    m->kind = MYK10_VALUE_NONE;
    if (rec->present & SENML_V) {
        m->kind = MYK10_VALUE_NUMBER;
        m->number = rec->v + (base->has_bv ? base->bv : 0.0);
        myk10_status status = finite_or_fail(m->number, index, "v");
        if (status != MYK10_OK)
            return status;
    } else if (rec->present & SENML_VS) {
        m->kind = MYK10_VALUE_STRING;
        m->data_len = rec->vs_len;
    } else if (rec->present & SENML_VB) {
        m->kind = MYK10_VALUE_BOOLEAN;
        m->boolean = rec->vb;
    } else if (rec->present & SENML_VD) {
        m->kind = MYK10_VALUE_DATA;
        m->data = rec->vd;
        m->data_len = rec->vd_len;
    }
    if (rec->present & SENML_S) {
        m->has_sum = true;
        m->sum = rec->s + (base->has_bs ? base->bs : 0.0);
        return finite_or_fail(m->sum, index, "s");
    }
    return MYK10_OK;
}

myk10_status myk10__senml_resolve(myk10_measurements *out, const myk10_codec_context *ctx,
                                  myk10__senml_base *base, const myk10__senml_record *rec,
                                  size_t index)
{
    myk10_status status = update_base(base, rec, index);
    if (status == MYK10_OK)
        status = check_single_value(rec, index);
    if (status != MYK10_OK)
        return status;

    myk10_measurement m = { .channel = MYK10_NO_CHANNEL };
    status = resolve_name(&m.quantity, out, base, rec, index);
    if (status == MYK10_OK)
        status = fill_value(&m, base, rec, index);
    double t = base->bt + (rec->present & SENML_T ? rec->t : 0.0);
    if (status == MYK10_OK)
        status = resolve_time(&m.time, &m.time_ns, t, ctx->time, index);
    if (status != MYK10_OK)
        return status;

    const char *unit = rec->present & SENML_U ? rec->u : base->bu;
    size_t unit_len = rec->present & SENML_U ? rec->u_len : base->bu_len;
    m.unit = unit_len ? myk10__measurements_strdup(out, unit, unit_len) : "";
    m.device = myk10__measurements_device(out, ctx->device);
    if (m.kind == MYK10_VALUE_STRING)
        m.string = myk10__measurements_strdup(out, rec->vs, rec->vs_len);
    if (!m.unit || !m.device || (m.kind == MYK10_VALUE_STRING && !m.string))
        return myk10__fail(MYK10_ENOMEM, "senml: out of memory");
    return myk10__measurements_push(out, &m);
}

/* ---------------------------------------------------------------- base64 */

/* RFC 8428 writes vd in base64url without padding; tolerate padding and,
 * as some senders do, the standard alphabet. libsodium rejects
 * non-canonical trailing bits either way. */
bool myk10__base64url_decode(uint8_t *dst, size_t cap, size_t *out_len, const char *text,
                             size_t len)
{
    static const int variants[] = { sodium_base64_VARIANT_URLSAFE_NO_PADDING,
                                     sodium_base64_VARIANT_ORIGINAL_NO_PADDING };
    while (len > 0 && text[len - 1] == '=')
        len--;
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
        if (sodium_base642bin(dst, cap, text, len, NULL, out_len, NULL, variants[i]) == 0)
            return true;
    return false;
}

size_t myk10__base64url_encode(char *dst, size_t cap, const uint8_t *data, size_t len)
{
    sodium_bin2base64(dst, cap, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return strlen(dst);
}

/* ---------------------------------------------------------- field slots */

double *myk10__senml_number_slot(myk10__senml_record *rec, unsigned bit)
{
    switch (bit) {
    case SENML_BT: return &rec->bt;
    case SENML_BV: return &rec->bv;
    case SENML_BS: return &rec->bs;
    case SENML_V: return &rec->v;
    case SENML_S: return &rec->s;
    case SENML_T: return &rec->t;
    default: return &rec->ut;
    }
}

void myk10__senml_store_text(myk10__senml_record *rec, unsigned bit, const char *text,
                             size_t len)
{
    switch (bit) {
    case SENML_BN: rec->bn = text; rec->bn_len = len; break;
    case SENML_BU: rec->bu = text; rec->bu_len = len; break;
    case SENML_N: rec->n = text; rec->n_len = len; break;
    case SENML_U: rec->u = text; rec->u_len = len; break;
    default: rec->vs = text; rec->vs_len = len; break;
    }
}

/* ------------------------------------------------------------------ UTF-8 */

bool myk10__utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        size_t extra;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xc2 && c <= 0xdf) { extra = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { extra = 2; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { extra = 3; cp = c & 0x07; }
        else return false;
        if (len - i <= extra)
            return false;
        for (size_t k = 1; k <= extra; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += extra + 1;
    }
    return true;
}

/* --------------------------------------------------------------- writers */

/* Counts every byte and copies while there is room, so one pass serves both
 * the size query and the real write. */
typedef struct sink {
    uint8_t *dst;
    size_t cap;
    size_t len;
} sink;

static void put(sink *out, const void *bytes, size_t n)
{
    if (out->dst && n <= out->cap && out->len <= out->cap - n)
        memcpy(out->dst + out->len, bytes, n);
    out->len += n;
}

static void put_str(sink *out, const char *text)
{
    put(out, text, strlen(text));
}

/* Shortest "%.*g" that reads back as the same double. */
static void format_number(char *buf, size_t cap, double x)
{
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buf, cap, "%.*g", precision, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* ------------------------------------------------------------ JSON output */

static void json_escaped(sink *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') {
            char esc[2] = { '\\', (char)c };
            put(out, esc, 2);
        } else if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put_str(out, esc);
        } else {
            put(out, &text[i], 1);
        }
    }
}

static void json_string(sink *out, const char *text, size_t len)
{
    put(out, "\"", 1);
    json_escaped(out, text, len);
    put(out, "\"", 1);
}

static void json_key(sink *out, const char *key, bool *first)
{
    if (!*first)
        put(out, ",", 1);
    *first = false;
    put(out, "\"", 1);
    put_str(out, key);
    put(out, "\":", 2);
}

static void json_number(sink *out, double x)
{
    char buf[40];
    format_number(buf, sizeof buf, x);
    put_str(out, buf);
}

/* Exact decimal seconds: no double rounding on the way out. */
static void json_time(sink *out, int64_t sec, int32_t ns)
{
    char buf[48];
    if (ns == 0) {
        snprintf(buf, sizeof buf, "%lld", (long long)sec);
    } else {
        /* sec + ns/1e9 with sec negative: write it as -(|t|) exactly. */
        long long whole = (long long)sec;
        long frac = ns;
        bool negative = sec < 0;
        if (negative) {
            whole = -(whole + 1);
            frac = 1000000000L - frac;
        }
        int n = snprintf(buf, sizeof buf, "%s%lld.%09ld", negative ? "-" : "", whole, frac);
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
    }
    put_str(out, buf);
}

static void json_data(sink *out, const uint8_t *data, size_t len)
{
    char chunk[sodium_base64_ENCODED_LEN(48, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    put(out, "\"", 1);
    for (size_t i = 0; i < len; i += 48) {
        size_t n = len - i < 48 ? len - i : 48;
        put(out, chunk, myk10__base64url_encode(chunk, sizeof chunk, data + i, n));
    }
    put(out, "\"", 1);
}

static void json_record(sink *out, const myk10_measurement *m, const char *base_name)
{
    bool first = true;
    put(out, "{", 1);
    if (base_name) {
        /* bn = device + ':' so that bn + n reads "device:quantity". */
        json_key(out, "bn", &first);
        put(out, "\"", 1);
        json_escaped(out, base_name, strlen(base_name));
        put(out, ":\"", 2);
    }
    json_key(out, "n", &first);
    json_string(out, m->quantity, strlen(m->quantity));
    if (*m->unit) {
        json_key(out, "u", &first);
        json_string(out, m->unit, strlen(m->unit));
    }
    switch (m->kind) {
    case MYK10_VALUE_NUMBER:
        json_key(out, "v", &first);
        json_number(out, m->number);
        break;
    case MYK10_VALUE_STRING:
        json_key(out, "vs", &first);
        json_string(out, m->string, m->data_len);
        break;
    case MYK10_VALUE_BOOLEAN:
        json_key(out, "vb", &first);
        put_str(out, m->boolean ? "true" : "false");
        break;
    case MYK10_VALUE_DATA:
        json_key(out, "vd", &first);
        json_data(out, m->data, m->data_len);
        break;
    case MYK10_VALUE_NONE:
        break;
    }
    if (m->has_sum) {
        json_key(out, "s", &first);
        json_number(out, m->sum);
    }
    if (m->time || m->time_ns) {
        json_key(out, "t", &first);
        json_time(out, m->time, m->time_ns);
    }
    put(out, "}", 1);
}

/* The device to write as base name for item i, or NULL when unchanged. */
static const char *next_base_name(const myk10_measurement *m, const char **last, unsigned flags)
{
    if (!(flags & MYK10_SENML_DEVICE_AS_BASE_NAME) || !*m->device)
        return NULL;
    if (*last && strcmp(*last, m->device) == 0)
        return NULL;
    *last = m->device;
    return m->device;
}

myk10_status myk10_senml_json_encode(char *dst, size_t cap, size_t *out_len,
                                     const myk10_measurements *list, unsigned flags)
{
    if (!out_len || !list)
        return myk10__fail(MYK10_EINVAL, "senml: NULL argument");
    sink out = { (uint8_t *)dst, cap, 0 };
    const char *last_device = NULL;
    put(&out, "[", 1);
    size_t count = myk10_measurements_count(list);
    for (size_t i = 0; i < count; i++) {
        myk10_measurement m;
        myk10_measurements_get(&m, list, i);
        if (i)
            put(&out, ",", 1);
        json_record(&out, &m, next_base_name(&m, &last_device, flags));
    }
    put(&out, "]", 1);
    if (!dst || out.len >= cap) {
        *out_len = out.len + 1;
        return myk10__fail(MYK10_EBUFSIZE, "senml: JSON needs %zu bytes, buffer has %zu",
                           out.len + 1, dst ? cap : 0);
    }
    dst[out.len] = '\0';
    *out_len = out.len;
    return MYK10_OK;
}

/* ------------------------------------------------------------ CBOR output */

/* RFC 8428 section 6 labels. */
enum { LABEL_BN = -2, LABEL_N = 0, LABEL_U = 1, LABEL_V = 2, LABEL_VS = 3, LABEL_VB = 4,
       LABEL_S = 5, LABEL_T = 6, LABEL_VD = 8 };

static void cbor_head(sink *out, unsigned major, uint64_t value)
{
    uint8_t buf[9];
    size_t n;
    if (value < 24) {
        buf[0] = (uint8_t)(major << 5 | value);
        n = 1;
    } else {
        unsigned size = value <= 0xff ? 1 : value <= 0xffff ? 2 : value <= 0xffffffffu ? 4 : 8;
        buf[0] = (uint8_t)(major << 5 | (size == 1 ? 24 : size == 2 ? 25 : size == 4 ? 26 : 27));
        for (unsigned i = 0; i < size; i++)
            buf[1 + i] = (uint8_t)(value >> (8 * (size - 1 - i)));
        n = 1 + size;
    }
    put(out, buf, n);
}

static void cbor_int(sink *out, int64_t value)
{
    if (value >= 0)
        cbor_head(out, 0, (uint64_t)value);
    else
        cbor_head(out, 1, (uint64_t)(-(value + 1)));
}

static void cbor_text(sink *out, const char *text, size_t len)
{
    cbor_head(out, 3, len);
    put(out, text, len);
}

/* Integral values within +-2^53 go out as integers (smaller, exact);
 * everything else, and -0, as float64. */
static void cbor_number(sink *out, double x)
{
    if (x == floor(x) && fabs(x) <= SENML_TIME_LIMIT && !(x == 0 && signbit(x))) {
        cbor_int(out, (int64_t)x);
        return;
    }
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    uint8_t buf[9] = { 0xfb };
    for (int i = 0; i < 8; i++)
        buf[1 + i] = (uint8_t)(bits >> (56 - 8 * i));
    put(out, buf, sizeof buf);
}

static size_t cbor_pair_count(const myk10_measurement *m, const char *base_name)
{
    return 1 + (base_name != NULL) + (*m->unit != '\0') + (m->kind != MYK10_VALUE_NONE) +
           m->has_sum + (m->time || m->time_ns);
}

static void cbor_record(sink *out, const myk10_measurement *m, const char *base_name)
{
    cbor_head(out, 5, cbor_pair_count(m, base_name));
    if (base_name) {
        size_t len = strlen(base_name);
        cbor_int(out, LABEL_BN);
        cbor_head(out, 3, len + 1);
        put(out, base_name, len);
        put(out, ":", 1);
    }
    cbor_int(out, LABEL_N);
    cbor_text(out, m->quantity, strlen(m->quantity));
    if (*m->unit) {
        cbor_int(out, LABEL_U);
        cbor_text(out, m->unit, strlen(m->unit));
    }
    switch (m->kind) {
    case MYK10_VALUE_NUMBER:
        cbor_int(out, LABEL_V);
        cbor_number(out, m->number);
        break;
    case MYK10_VALUE_STRING:
        cbor_int(out, LABEL_VS);
        cbor_text(out, m->string, m->data_len);
        break;
    case MYK10_VALUE_BOOLEAN:
        cbor_int(out, LABEL_VB);
        put(out, m->boolean ? "\xf5" : "\xf4", 1);
        break;
    case MYK10_VALUE_DATA:
        cbor_int(out, LABEL_VD);
        cbor_head(out, 2, m->data_len);
        put(out, m->data, m->data_len);
        break;
    case MYK10_VALUE_NONE:
        break;
    }
    if (m->has_sum) {
        cbor_int(out, LABEL_S);
        cbor_number(out, m->sum);
    }
    if (m->time || m->time_ns) {
        cbor_int(out, LABEL_T);
        if (m->time_ns == 0)
            cbor_int(out, m->time);
        else
            cbor_number(out, (double)m->time + m->time_ns / 1e9);
    }
}

myk10_status myk10_senml_cbor_encode(uint8_t *dst, size_t cap, size_t *out_len,
                                     const myk10_measurements *list, unsigned flags)
{
    if (!out_len || !list)
        return myk10__fail(MYK10_EINVAL, "senml: NULL argument");
    sink out = { dst, cap, 0 };
    const char *last_device = NULL;
    size_t count = myk10_measurements_count(list);
    cbor_head(&out, 4, count);
    for (size_t i = 0; i < count; i++) {
        myk10_measurement m;
        myk10_measurements_get(&m, list, i);
        cbor_record(&out, &m, next_base_name(&m, &last_device, flags));
    }
    *out_len = out.len;
    if (!dst || out.len > cap)
        return myk10__fail(MYK10_EBUFSIZE, "senml: CBOR needs %zu bytes, buffer has %zu",
                           out.len, dst ? cap : 0);
    return MYK10_OK;
}

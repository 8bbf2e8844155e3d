/* SPDX-License-Identifier: Apache-2.0 */
/* Typed, path-naming access to JSON members, and the value syntaxes the
 * uplink formats share: base64, hex identifiers, RFC 3339 times. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "frame/uplink_internal.h"

void uplink__path(char *buf, const char *parent, const char *key)
{
    snprintf(buf, UPLINK_PATH_CAP, "%s%s%s", parent, parent[0] ? "." : "", key);
}

void uplink__path_index(char *buf, const char *parent, size_t index)
{
    snprintf(buf, UPLINK_PATH_CAP, "%s[%zu]", parent, index);
}

myk10_status uplink__fail_member(myk10_status status, const char *parent, const char *key,
                                 const char *fmt, ...)
{
    char path[UPLINK_PATH_CAP];
    char detail[256];
    va_list args;

    uplink__path(path, parent, key);
    va_start(args, fmt);
    if (vsnprintf(detail, sizeof detail, fmt, args) < 0)
        detail[0] = '\0';
    va_end(args);
    return myk10__fail(status, "uplink: %s: %s", path, detail);
}

/* The member, or NULL when it is absent or null. */
static const json_t *member(const json_t *object, const char *key)
{
    const json_t *value = json_object_get(object, key);
    return json_is_null(value) ? NULL : value;
}

static myk10_status missing(bool *present, const char *parent, const char *key)
{
    if (present) {
        *present = false;
        return MYK10_OK;
    }
    return uplink__fail_member(MYK10_EMALFORMED, parent, key, "missing");
}

static myk10_status wrong_type(const char *parent, const char *key, const char *expected)
{
    return uplink__fail_member(MYK10_EMALFORMED, parent, key, "expected %s", expected);
}

static void mark_present(bool *present)
{
    if (present)
        *present = true;
}

/* JSON types as bits, so that one check accepts e.g. integer or real. */
#define TYPE_BIT(type) (1u << (type))
#define TYPES_NUMBER (TYPE_BIT(JSON_INTEGER) | TYPE_BIT(JSON_REAL))
#define TYPES_BOOLEAN (TYPE_BIT(JSON_TRUE) | TYPE_BIT(JSON_FALSE))

/*
 * The one lookup behind every typed getter: `*out` receives the member, or
 * NULL when an optional member (present != NULL) is absent; a required
 * member that is absent, or any member of another type, fails naming it.
 */
static myk10_status get_typed(const json_t **out, bool *present, const json_t *object,
                              const char *parent, const char *key, unsigned types,
                              const char *expected)
{
    const json_t *value = member(object, key);
    *out = NULL;
    if (!value)
        return missing(present, parent, key);
    if (!(types & TYPE_BIT(json_typeof(value))))
        return wrong_type(parent, key, expected);
    *out = value;
    return MYK10_OK;
}

/* A present member of one of `types`: marks it present and hands it out. */
static myk10_status get_present(const json_t **out, bool *present, const json_t *object,
                                const char *parent, const char *key, unsigned types,
                                const char *expected)
{
    const json_t *value;
    myk10_status status = get_typed(&value, present, object, parent, key, types, expected);
    if (status != MYK10_OK || !value)
        return status;
    mark_present(present);
    *out = value;
    return MYK10_OK;
}

myk10_status uplink__get_object(const json_t **out, bool *present, const json_t *object,
                                const char *parent, const char *key)
{
    return get_present(out, present, object, parent, key, TYPE_BIT(JSON_OBJECT), "an object");
}

myk10_status uplink__get_array(const json_t **out, bool *present, const json_t *object,
                               const char *parent, const char *key)
{
    return get_present(out, present, object, parent, key, TYPE_BIT(JSON_ARRAY), "an array");
}

myk10_status uplink__get_string(const char **out, bool *present, const json_t *object,
                                const char *parent, const char *key)
{
    const json_t *value = NULL;
    myk10_status status = get_present(&value, present, object, parent, key,
                                      TYPE_BIT(JSON_STRING), "a string");
    if (status == MYK10_OK && value)
        *out = json_string_value(value);
    return status;
}

myk10_status uplink__get_bool(bool *out, bool *present, const json_t *object,
                              const char *parent, const char *key)
{
    const json_t *value = NULL;
    myk10_status status = get_present(&value, present, object, parent, key, TYPES_BOOLEAN,
                                      "true or false");
    if (status == MYK10_OK && value)
        *out = json_is_true(value);
    return status;
}

myk10_status uplink__get_real(double *out, bool *present, const json_t *object,
                              const char *parent, const char *key)
{
    const json_t *value;
    myk10_status status = get_typed(&value, present, object, parent, key, TYPES_NUMBER,
                                    "a number");
    if (status != MYK10_OK || !value)
        return status;
    double number = json_number_value(value);
    if (!isfinite(number))
        return uplink__fail_member(MYK10_EMALFORMED, parent, key, "number is not finite");
    mark_present(present);
    *out = number;
    return MYK10_OK;
}

/* Decimal digits with an optional leading '-', nothing else; the protobuf
 * JSON mapping writes 64-bit integers this way. */
static bool parse_decimal_string(int64_t *out, const char *text)
{
    bool negative = *text == '-';
    const char *digit = text + negative;
    uint64_t value = 0;

    if (*digit == '\0')
        return false;
    for (; *digit; digit++) {
        if (*digit < '0' || *digit > '9')
            return false;
        if (value > (uint64_t)INT64_MAX / 10)
            return false; /* beyond int64_t, and any range a caller asks for */
        value = value * 10 + (uint64_t)(*digit - '0');
    }
    if (value > (uint64_t)INT64_MAX)
        return false;
    *out = negative ? -(int64_t)value : (int64_t)value;
    return true;
}

myk10_status uplink__get_int(int64_t *out, bool *present, const json_t *object,
                             const char *parent, const char *key, int64_t min, int64_t max)
{
    const json_t *value = member(object, key);
    int64_t number;

    if (!value)
        return missing(present, parent, key);
    if (json_is_integer(value))
        number = (int64_t)json_integer_value(value);
    else if (!json_is_string(value))
        return wrong_type(parent, key, "an integer");
    else if (!parse_decimal_string(&number, json_string_value(value)))
        return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                   "expected an integer or a string of decimal digits");
    if (number < min || number > max)
        return uplink__fail_member(MYK10_ERANGE, parent, key,
                                   "%lld outside %lld..%lld", (long long)number,
                                   (long long)min, (long long)max);
    mark_present(present);
    *out = number;
    return MYK10_OK;
}

/* ------------------------------------------------------------------ base64 */

typedef enum base64_alphabet { ALPHABET_EITHER, ALPHABET_STANDARD, ALPHABET_URLSAFE } base64_alphabet;

static bool is_base64_common(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * Finds the first character that is outside both alphabets, or that
 * contradicts the alphabet an earlier '+', '/', '-' or '_' chose. Returns the
 * length when all characters are good.
 */
static size_t find_bad_base64_char(base64_alphabet *alphabet, const char *text, size_t len)
{
    *alphabet = ALPHABET_EITHER;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        base64_alphabet needs;
        if (is_base64_common(c))
            continue;
        if (c == '+' || c == '/')
            needs = ALPHABET_STANDARD;
        else if (c == '-' || c == '_')
            needs = ALPHABET_URLSAFE;
        else
            return i;
        if (*alphabet != ALPHABET_EITHER && *alphabet != needs)
            return i;
        *alphabet = needs;
    }
    return len;
}

static myk10_status decode_base64(uint8_t *out, size_t *out_len, const char *text,
                                  const char *parent, const char *key)
{
    size_t len = strlen(text);
    size_t body = len;
    base64_alphabet alphabet;

    /* Servers send padded base64, but the protobuf JSON mapping and some
     * forwarders omit the padding; either is fine, half-padding is not. */
    while (body > 0 && len - body < 2 && text[body - 1] == '=')
        body--;
    size_t bad = find_bad_base64_char(&alphabet, text, body);
    if (bad < body)
        return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                   "invalid base64 at character %zu", bad);
    if (body % 4 == 1)
        return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                   "invalid base64: %zu characters cannot end a group", body);
    if (body < len && len % 4 != 0)
        return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                   "invalid base64 padding at character %zu", body);

    size_t decoded = body / 4 * 3 + (body % 4 ? body % 4 - 1 : 0);
    if (decoded > MYK10_UPLINK_MAX_PAYLOAD)
        return uplink__fail_member(MYK10_ERANGE, parent, key,
                                   "%zu bytes exceed the %d-byte LoRaWAN maximum",
                                   decoded, MYK10_UPLINK_MAX_PAYLOAD);

    int variant = alphabet == ALPHABET_URLSAFE ? sodium_base64_VARIANT_URLSAFE_NO_PADDING
                                               : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    size_t written = 0;
    if (sodium_base642bin(out, MYK10_UPLINK_MAX_PAYLOAD, text, body, NULL, &written, NULL,
                          variant) != 0)
        /* Everything else was checked above: only non-canonical trailing
         * bits are left, e.g. "qh==" where "qg==" encodes the same byte. */
        return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                   "invalid base64: unused bits set at character %zu",
                                   body - 1);
    *out_len = written;
    return MYK10_OK;
}

myk10_status uplink__get_base64(uint8_t *out, size_t *out_len, bool *present,
                                const json_t *object, const char *parent, const char *key)
{
    const char *text = NULL;
    bool here = false;
    myk10_status status = uplink__get_string(&text, present ? &here : NULL, object, parent, key);
    if (status != MYK10_OK)
        return status;
    if (present && !here)
        return missing(present, parent, key);
    mark_present(present);
    return decode_base64(out, out_len, text, parent, key);
}

/* --------------------------------------------------------------------- hex */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

myk10_status uplink__get_hex(uint8_t *out, size_t len, bool *present, const json_t *object,
                             const char *parent, const char *key)
{
    const char *text = NULL;
    bool here = false;
    myk10_status status = uplink__get_string(&text, present ? &here : NULL, object, parent, key);
    if (status != MYK10_OK)
        return status;
    if (present && !here)
        return missing(present, parent, key);

    size_t digits = strlen(text);
    if (digits != 2 * len)
        return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                   "expected %zu hex digits, got %zu", 2 * len, digits);
    for (size_t i = 0; i < digits; i++)
        if (hex_value(text[i]) < 0)
            return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                       "invalid hex digit at character %zu", i);
    for (size_t i = 0; i < len; i++)
        out[i] = (uint8_t)(hex_value(text[2 * i]) << 4 | hex_value(text[2 * i + 1]));
    mark_present(present);
    return MYK10_OK;
}

/* -------------------------------------------------------------------- time */

/*
 * Copies `text` into buf, dropping fraction digits past the ninth, so that
 * myk10_time_parse() (which takes at most nine) reads what servers emit.
 * Dropping rounds towards the past, like the whole seconds do. Returns false
 * if the text does not fit.
 */
static bool clip_fraction(char *buf, size_t cap, const char *text)
{
    size_t out = 0;
    int fraction_digits = -1; /* -1: not inside a fraction */

    for (const char *c = text; *c; c++) {
        if (*c == '.' && fraction_digits < 0)
            fraction_digits = 0;
        else if (fraction_digits >= 0 && *c >= '0' && *c <= '9') {
            if (++fraction_digits > 9)
                continue;
        } else
            fraction_digits = -1;
        if (out + 1 >= cap)
            return false;
        buf[out++] = *c;
    }
    buf[out] = '\0';
    return true;
}

myk10_status uplink__get_time(int64_t *out_sec, int32_t *out_nsec, bool *present,
                              const json_t *object, const char *parent, const char *key)
{
    const char *text = NULL;
    bool here = false;
    myk10_status status = uplink__get_string(&text, present ? &here : NULL, object, parent, key);
    if (status != MYK10_OK)
        return status;
    if (present && !here)
        return missing(present, parent, key);

    char clipped[64];
    if (!clip_fraction(clipped, sizeof clipped, text))
        return uplink__fail_member(MYK10_EMALFORMED, parent, key,
                                   "time of %zu characters is too long", strlen(text));
    int64_t sec;
    int32_t nsec;
    status = myk10_time_parse(&sec, &nsec, clipped);
    if (status != MYK10_OK) {
        /* Keep the time parser's detail, minus its own "time: " prefix. */
        char detail[256];
        const char *why = myk10_last_error();
        if (strncmp(why, "time: ", 6) == 0)
            why += 6;
        snprintf(detail, sizeof detail, "%s", why);
        return uplink__fail_member(status, parent, key, "%s", detail);
    }
    mark_present(present);
    *out_sec = sec;
    *out_nsec = nsec;
    return MYK10_OK;
}

/* ------------------------------------------------------------ identifiers */

myk10_status uplink__get_id(char *out, uint32_t *flags, const json_t *object,
                            const char *parent, const char *key)
{
    const char *text = NULL;
    bool here = false;
    myk10_status status = uplink__get_string(&text, &here, object, parent, key);
    if (status != MYK10_OK || !here)
        return status;

    size_t len = strlen(text);
    if (len >= MYK10_UPLINK_ID_CAP) {
        len = MYK10_UPLINK_ID_CAP - 1;
        /* Never cut a UTF-8 sequence: back up over continuation bytes. */
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        *flags |= MYK10_UPLINK_ID_TRUNCATED;
    }
    memcpy(out, text, len);
    out[len] = '\0';
    return MYK10_OK;
}

/* ------------------------------------------------------------ coding rate */

void uplink__parse_coding_rate(uint8_t *num, uint8_t *den, const char *text)
{
    *num = 0;
    *den = 0;
    if (strncmp(text, "CR_LI_", 6) == 0)
        text += 6;
    else if (strncmp(text, "CR_", 3) == 0)
        text += 3;
    /* "4/5" or "4_5", optionally followed by "LI" (long interleaving). */
    /* Checked one character at a time: never read past the NUL. */
    if (text[0] < '1' || text[0] > '9' || (text[1] != '/' && text[1] != '_'))
        return;
    if (text[2] < text[0] || text[2] > '9')
        return;
    if (text[3] != '\0' && strcmp(text + 3, "LI") != 0)
        return;
    *num = (uint8_t)(text[0] - '0');
    *den = (uint8_t)(text[2] - '0');
}

/* ------------------------------------------------------------- reception */

bool uplink__better_reception(bool has_snr, double snr, double rssi,
                              bool best_has_snr, double best_snr, double best_rssi)
{
    if (has_snr != best_has_snr)
        return has_snr;
    if (has_snr && snr != best_snr)
        return snr > best_snr;
    return rssi > best_rssi;
}

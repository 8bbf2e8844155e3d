/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Gauge readings from CSV (RFC 4180 with a header) and JSON lines.
 * Both parsers deliver records one by one, so a file of any length needs
 * no more memory than its longest line (JSON) or nothing at all (CSV).
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/common_internal.h"
#include <myk10/flood.h>

/* Longest time or level text accepted; real values are far shorter. */
#define VALUE_CAP 64

/* ------------------------------------------------------------ shared */

typedef struct deliver {
    myk10_readings_fn fn;
    void *payload;
} deliver;

static myk10_status call_back(const deliver *to, const myk10_reading_record *record,
                              int64_t offset)
{
    myk10_status status = to->fn(record, to->payload);
    if (status == MYK10_OK)
        return MYK10_OK;
    return myk10__fail_at(MYK10_ECALLBACK, offset, "readings: line %zu: callback returned %s",
                          record->line, myk10_status_name(status));
}

/*
 * Re-words a failure of myk10_time_parse() to name line and field. With
 * `exact` the field starts at `offset` and the byte within it is added.
 */
static myk10_status time_field(int64_t *out, const char *text, size_t line, int64_t offset,
                               bool exact)
{
    int64_t seconds;
    myk10_status status = myk10_time_parse(&seconds, NULL, text);
    if (status == MYK10_OK) {
        *out = seconds;
        return MYK10_OK;
    }
    char inner[160];
    snprintf(inner, sizeof inner, "%s", myk10_last_error());
    int64_t at = myk10_last_error_offset();
    return myk10__fail_at(status, offset + (exact && at > 0 ? at : 0), "readings: line %zu: time: %s",
                          line, inner);
}

/* Decimal number syntax: -?digits[.digits][(e|E)[+-]digits], or with the
 * integer part left out (".5"). No NaN, no infinities, no hex. */
static bool is_decimal(const char *s)
{
    size_t digits = 0;
    if (*s == '-' || *s == '+')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    if (digits == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* strtod() follows LC_NUMERIC: a host in a German locale expects ','. Put
 * the locale's decimal point in place of '.' first, as jansson does. */
static double locale_strtod(char *text)
{
    const char *point = localeconv()->decimal_point;
    char *dot = strchr(text, '.');
    if (dot && point && point[0] && point[0] != '.' && point[1] == '\0')
        *dot = point[0];
    return strtod(text, NULL);
}

static myk10_status level_field(double *out, char *text, size_t line, int64_t offset)
{
    if (!is_decimal(text))
        return myk10__fail_at(MYK10_EMALFORMED, offset,
                              "readings: line %zu: level_m: not a decimal number", line);
    double value = locale_strtod(text);
    if (!isfinite(value))
        return myk10__fail_at(MYK10_ERANGE, offset, "readings: line %zu: level_m: out of range",
                              line);
    *out = value;
    return MYK10_OK;
}

static myk10_status gauge_field(char *out, const char *text, size_t length, size_t line,
                                int64_t offset)
{
    if (length == 0)
        return myk10__fail_at(MYK10_EMALFORMED, offset, "readings: line %zu: gauge id empty",
                              line);
    if (length > MYK10_GAUGE_ID_MAX)
        return myk10__fail_at(MYK10_ERANGE, offset,
                              "readings: line %zu: gauge id longer than %d bytes", line,
                              MYK10_GAUGE_ID_MAX);
    if (memchr(text, '\0', length))
        return myk10__fail_at(MYK10_EMALFORMED, offset,
                              "readings: line %zu: gauge id contains a NUL byte", line);
    memcpy(out, text, length);
    out[length] = '\0';
    return MYK10_OK;
}

/* ------------------------------------------------------------ CSV */

enum { COL_GAUGE, COL_TIME, COL_LEVEL, COL_COUNT };
static const char *const column_names[COL_COUNT] = { "gauge_id", "time", "level_m" };

typedef struct csv {
    const char *text;
    size_t size;
    size_t pos;
    size_t line; /* line of text[pos] */
} csv;

/* One field's text, unquoted, kept up to VALUE_CAP bytes (length counts all). */
typedef struct csv_field {
    char value[VALUE_CAP + 1];
    size_t length;
    size_t offset;
    bool quoted; /* byte positions inside differ from the input's */
} csv_field;

static void field_put(csv_field *field, char c)
{
    if (field->length < VALUE_CAP)
        field->value[field->length] = c;
    field->length++;
}

static void field_end(csv_field *field)
{
    field->value[field->length < VALUE_CAP ? field->length : VALUE_CAP] = '\0';
}

static bool at_line_end(const csv *in)
{
    if (in->pos >= in->size)
        return true;
    char c = in->text[in->pos];
    return c == '\n' || (c == '\r' && in->pos + 1 < in->size && in->text[in->pos + 1] == '\n');
}

static myk10_status quoted_field(csv *in, csv_field *field)
{
    size_t start_line = in->line;
    in->pos++; /* opening quote */
    for (;;) {
        if (in->pos >= in->size)
            return myk10__fail_at(MYK10_EMALFORMED, (int64_t)field->offset,
                                  "readings: line %zu: quoted field not closed", start_line);
        char c = in->text[in->pos++];
        if (c == '"') {
            if (in->pos < in->size && in->text[in->pos] == '"') {
                in->pos++;
                field_put(field, '"');
                continue;
            }
            if (!at_line_end(in) && in->text[in->pos] != ',')
                return myk10__fail_at(MYK10_EMALFORMED, (int64_t)in->pos,
                                      "readings: line %zu: text after closing quote", in->line);
            return MYK10_OK;
        }
        if (c == '\n')
            in->line++;
        field_put(field, c);
    }
}

static myk10_status plain_field(csv *in, csv_field *field)
{
    while (!at_line_end(in) && in->text[in->pos] != ',') {
        char c = in->text[in->pos];
        if (c == '"' || c == '\r')
            return myk10__fail_at(MYK10_EMALFORMED, (int64_t)in->pos,
                                  "readings: line %zu: stray %s in unquoted field", in->line,
                                  c == '"' ? "quote" : "carriage return");
        field_put(field, c);
        in->pos++;
    }
    return MYK10_OK;
}

/* Reads one field, unquoting it; content beyond VALUE_CAP is only counted. */
static myk10_status read_field(csv *in, csv_field *field)
{
    field->length = 0;
    field->offset = in->pos;
    field->quoted = in->pos < in->size && in->text[in->pos] == '"';
    myk10_status status = field->quoted ? quoted_field(in, field) : plain_field(in, field);
    field_end(field);
    return status;
}

/* Consumes the line end after a record (if any). */
static void skip_line_end(csv *in)
{
    if (in->pos < in->size && in->text[in->pos] == '\r')
        in->pos++;
    if (in->pos < in->size && in->text[in->pos] == '\n')
        in->pos++;
    in->line++;
}

/*
 * Reads a record, keeping the fields whose column index `columns` maps to
 * a slot (columns[slot] = index). Returns the number of fields in *out_n.
 */
static myk10_status read_record(csv *in, csv_field fields[COL_COUNT], const size_t *columns,
                                size_t *out_n)
{
    csv_field scratch;
    size_t n = 0;
    for (;;) {
        csv_field *target = &scratch;
        for (size_t slot = 0; columns && slot < COL_COUNT; slot++)
            if (columns[slot] == n)
                target = &fields[slot];
        myk10_status status = read_field(in, target);
        if (status != MYK10_OK)
            return status;
        n++;
        if (at_line_end(in))
            break;
        in->pos++; /* comma */
    }
    skip_line_end(in);
    *out_n = n;
    return MYK10_OK;
}

static bool blank_line(const csv *in)
{
    return at_line_end(in) && in->pos < in->size;
}

static myk10_status read_header(csv *in, size_t columns[COL_COUNT])
{
    if (in->size >= 3 && memcmp(in->text, "\xEF\xBB\xBF", 3) == 0)
        in->pos = 3; /* UTF-8 byte order mark from spreadsheet exports */
    while (blank_line(in))
        skip_line_end(in);
    if (in->pos >= in->size)
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)in->pos,
                              "readings: line %zu: header gauge_id,time,level_m missing",
                              in->line);
    for (size_t slot = 0; slot < COL_COUNT; slot++)
        columns[slot] = SIZE_MAX;
    size_t line = in->line;
    for (size_t n = 0;; n++) {
        csv_field field;
        myk10_status status = read_field(in, &field);
        if (status != MYK10_OK)
            return status;
        for (size_t slot = 0; slot < COL_COUNT; slot++) {
            if (field.length != strlen(column_names[slot]) ||
                strcmp(field.value, column_names[slot]) != 0)
                continue;
            if (columns[slot] != SIZE_MAX)
                return myk10__fail_at(MYK10_EMALFORMED, (int64_t)field.offset,
                                      "readings: line %zu: column %s appears twice", line,
                                      column_names[slot]);
            columns[slot] = n;
        }
        if (at_line_end(in))
            break;
        in->pos++;
    }
    skip_line_end(in);
    for (size_t slot = 0; slot < COL_COUNT; slot++)
        if (columns[slot] == SIZE_MAX)
            return myk10__fail_at(MYK10_EMALFORMED, 0,
                                  "readings: line %zu: header lacks column %s", line,
                                  column_names[slot]);
    return MYK10_OK;
}

/* Spaces around a time or number are a common hand-edit; trim them. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static myk10_status csv_values(myk10_reading_record *record, csv_field fields[COL_COUNT])
{
    size_t line = record->line;
    for (size_t slot = COL_TIME; slot <= COL_LEVEL; slot++)
        if (fields[slot].length > VALUE_CAP)
            return myk10__fail_at(MYK10_EMALFORMED, (int64_t)fields[slot].offset,
                                  "readings: line %zu: %s: longer than %d bytes", line,
                                  column_names[slot], VALUE_CAP);
    myk10_status status = gauge_field(record->gauge, fields[COL_GAUGE].value,
                                      fields[COL_GAUGE].length, line,
                                      (int64_t)fields[COL_GAUGE].offset);
    if (status == MYK10_OK && memchr(fields[COL_TIME].value, '\0', fields[COL_TIME].length))
        status = myk10__fail_at(MYK10_EMALFORMED, (int64_t)fields[COL_TIME].offset,
                                "readings: line %zu: time: contains a NUL byte", line);
    if (status == MYK10_OK) {
        csv_field *time = &fields[COL_TIME];
        char *value = trim(time->value);
        status = time_field(&record->time, value, line,
                            (int64_t)time->offset + (value - time->value), !time->quoted);
    }
    if (status == MYK10_OK)
        status = level_field(&record->level_m, trim(fields[COL_LEVEL].value), line,
                             (int64_t)fields[COL_LEVEL].offset);
    return status;
}

static myk10_status parse_csv(const char *text, size_t size, const deliver *to)
{
    csv in = { text, size, 0, 1 };
    size_t columns[COL_COUNT] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
    myk10_status status = read_header(&in, columns);
    if (status != MYK10_OK)
        return status;
    size_t needed = 0;
    for (size_t slot = 0; slot < COL_COUNT; slot++)
        if (columns[slot] + 1 > needed)
            needed = columns[slot] + 1;
    while (status == MYK10_OK && in.pos < in.size) {
        if (blank_line(&in)) {
            skip_line_end(&in);
            continue;
        }
        myk10_reading_record record;
        csv_field fields[COL_COUNT];
        size_t record_offset = in.pos;
        size_t n = 0;
        memset(&record, 0, sizeof record);
        record.line = in.line;
        status = read_record(&in, fields, columns, &n);
        if (status == MYK10_OK && n < needed)
            status = myk10__fail_at(MYK10_EMALFORMED, (int64_t)record_offset,
                                    "readings: line %zu: %zu fields, header has %zu or more",
                                    record.line, n, needed);
        if (status == MYK10_OK)
            status = csv_values(&record, fields);
        if (status == MYK10_OK)
            status = call_back(to, &record, (int64_t)record_offset);
    }
    return status;
}

/* ------------------------------------------------------------ JSON lines */

static myk10_status json_string_member(const char **out, size_t *out_length,
                                       const json_t *object, const char *key, size_t line,
                                       int64_t offset)
{
    const json_t *value = json_object_get(object, key);
    if (!value)
        return myk10__fail_at(MYK10_EMALFORMED, offset, "readings: line %zu: %s: missing",
                              line, key);
    if (!json_is_string(value))
        return myk10__fail_at(MYK10_EMALFORMED, offset,
                              "readings: line %zu: %s: expected a string", line, key);
    *out = json_string_value(value);
    *out_length = json_string_length(value);
    return MYK10_OK;
}

static myk10_status json_values(myk10_reading_record *record, const json_t *object,
                                int64_t offset)
{
    size_t line = record->line;
    if (!json_is_object(object))
        return myk10__fail_at(MYK10_EMALFORMED, offset,
                              "readings: line %zu: expected a JSON object", line);
    const char *gauge;
    const char *time;
    size_t gauge_length;
    size_t time_length;
    myk10_status status = json_string_member(&gauge, &gauge_length, object, "gauge", line, offset);
    if (status == MYK10_OK)
        status = gauge_field(record->gauge, gauge, gauge_length, line, offset);
    if (status == MYK10_OK)
        status = json_string_member(&time, &time_length, object, "time", line, offset);
    if (status == MYK10_OK && strlen(time) != time_length)
        status = myk10__fail_at(MYK10_EMALFORMED, offset,
                                "readings: line %zu: time: contains a NUL byte", line);
    if (status == MYK10_OK)
        status = time_field(&record->time, time, line, offset, false);
    if (status != MYK10_OK)
        return status;
    const json_t *level = json_object_get(object, "level_m");
    if (!level)
        return myk10__fail_at(MYK10_EMALFORMED, offset, "readings: line %zu: level_m: missing",
                              line);
    if (!json_is_number(level))
        return myk10__fail_at(MYK10_EMALFORMED, offset,
                              "readings: line %zu: level_m: expected a number", line);
    record->level_m = json_number_value(level);
    if (!isfinite(record->level_m))
        return myk10__fail_at(MYK10_ERANGE, offset, "readings: line %zu: level_m: out of range",
                              line);
    return MYK10_OK;
}

static bool only_space(const char *text, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
            return false;
    return true;
}

static myk10_status json_line(const char *text, size_t size, size_t line, int64_t offset,
                              const deliver *to)
{
    json_error_t error;
    json_t *object = json_loadb(text, size, JSON_REJECT_DUPLICATES, &error);
    if (!object) {
        myk10_status status = json_error_code(&error) == json_error_numeric_overflow
                                  ? MYK10_ERANGE
                                  : MYK10_EMALFORMED;
        int64_t at = error.position > 0 ? (int64_t)error.position : 0;
        return myk10__fail_at(status, offset + at, "readings: line %zu: %s", line, error.text);
    }
    myk10_reading_record record;
    memset(&record, 0, sizeof record);
    record.line = line;
    myk10_status status = json_values(&record, object, offset);
    json_decref(object);
    if (status == MYK10_OK)
        status = call_back(to, &record, offset);
    return status;
}

static myk10_status parse_jsonl(const char *text, size_t size, const deliver *to)
{
    size_t pos = 0;
    for (size_t line = 1; pos < size; line++) {
        const char *end = memchr(text + pos, '\n', size - pos);
        size_t length = end ? (size_t)(end - (text + pos)) : size - pos;
        if (!only_space(text + pos, length)) {
            myk10_status status = json_line(text + pos, length, line, (int64_t)pos, to);
            if (status != MYK10_OK)
                return status;
        }
        pos += length + (end ? 1 : 0);
    }
    return MYK10_OK;
}

/* ------------------------------------------------------------ entry points */

myk10_status myk10_readings_parse(const char *text, size_t size, myk10_readings_format format,
                                  myk10_readings_fn fn, void *payload)
{
    if ((!text && size > 0) || !fn)
        return myk10__fail(MYK10_EINVAL, "readings: NULL text or callback");
    deliver to = { fn, payload };
    if (!text)
        text = "";
    switch (format) {
    case MYK10_READINGS_CSV:
        return parse_csv(text, size, &to);
    case MYK10_READINGS_JSONL:
        return parse_jsonl(text, size, &to);
    }
    return myk10__fail(MYK10_EINVAL, "readings: unknown format %d", (int)format);
}

typedef struct collector {
    myk10_reading_record *items;
    size_t count;
    size_t cap;
} collector;

static myk10_status collect(const myk10_reading_record *record, void *payload)
{
    collector *c = payload;
    if (c->count == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        if (cap > SIZE_MAX / sizeof c->items[0])
            return myk10__fail(MYK10_ENOMEM, "readings: too many records");
        myk10_reading_record *items = myk10__realloc(c->items, cap * sizeof c->items[0]);
        if (!items)
            return myk10__fail(MYK10_ENOMEM, "readings: out of memory at %zu records",
                               c->count);
        c->items = items;
        c->cap = cap;
    }
    c->items[c->count++] = *record;
    return MYK10_OK;
}

myk10_status myk10_readings_parse_array(myk10_reading_record **out, size_t *out_count,
                                        const char *text, size_t size,
                                        myk10_readings_format format)
{
    if (!out || !out_count)
        return myk10__fail(MYK10_EINVAL, "readings: NULL out-parameter");
    collector c = { NULL, 0, 0 };
    myk10_status status = myk10_readings_parse(text, size, format, collect, &c);
    if (status == MYK10_ECALLBACK) /* only collect() fails, always with ENOMEM */
        status = myk10__fail(MYK10_ENOMEM, "readings: out of memory at %zu records", c.count);
    if (status != MYK10_OK) {
        myk10__free(c.items);
        return status;
    }
    *out = c.items;
    *out_count = c.count;
    return MYK10_OK;
}

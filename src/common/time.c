/* SPDX-License-Identifier: Apache-2.0 */
/* Strict RFC 3339 date-times <-> Unix seconds, without the C library's
 * locale- and time-zone-dependent functions. */
#include <stdbool.h>
#include <string.h>

#include "common_internal.h"

#define SECONDS_PER_DAY 86400

/* The instants that have a four-digit year in UTC: 0000-01-01T00:00:00Z and
 * 9999-12-31T23:59:59Z. Parse and format share them, so every parsed time
 * formats back. */
#define EARLIEST_TIME INT64_C(-62167219200)
#define LATEST_TIME INT64_C(253402300799)

/* Days from 1970-01-01 to year-month-day in the proleptic Gregorian
 * calendar. Counts in 400-year eras (146097 days each), starting years in
 * March so that the leap day is the last day of a year. */
static int64_t days_from_civil(int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* Inverse of days_from_civil(). */
static void civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t month_index = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * month_index + 2) / 5 + 1);
    *month = (int)(month_index < 10 ? month_index + 3 : month_index - 9);
    *year = year_of_era + era * 400 + (*month <= 2);
}

static bool is_leap_year(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* A cursor over the input, so each field reader reports its own position. */
typedef struct cursor {
    const char *text;
    size_t pos;
} cursor;

static myk10_status read_digits(cursor *c, int count, const char *field, int *out)
{
    int value = 0;
    for (int i = 0; i < count; i++) {
        char ch = c->text[c->pos];
        if (ch < '0' || ch > '9')
            return myk10__fail_at(MYK10_EMALFORMED, (int64_t)c->pos,
                                  "time: expected a digit of the %s at byte %zu",
                                  field, c->pos);
        value = value * 10 + (ch - '0');
        c->pos++;
    }
    *out = value;
    return MYK10_OK;
}

static myk10_status expect_char(cursor *c, char expected)
{
    if (c->text[c->pos] != expected)
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)c->pos,
                              "time: expected '%c' at byte %zu", expected, c->pos);
    c->pos++;
    return MYK10_OK;
}

static myk10_status check_field(size_t field_pos, int value, int min, int max,
                                const char *field)
{
    if (value < min || value > max)
        return myk10__fail_at(MYK10_ERANGE, (int64_t)field_pos,
                              "time: %s %d at byte %zu outside %d..%d",
                              field, value, field_pos, min, max);
    return MYK10_OK;
}

/* Reads 1-9 fraction digits after the '.', scaled to nanoseconds. */
static myk10_status read_fraction(cursor *c, int32_t *nsec)
{
    int32_t value = 0;
    int digits = 0;
    while (c->text[c->pos] >= '0' && c->text[c->pos] <= '9') {
        if (digits == 9)
            return myk10__fail_at(MYK10_EMALFORMED, (int64_t)c->pos,
                                  "time: more than 9 fraction digits at byte %zu", c->pos);
        value = value * 10 + (c->text[c->pos] - '0');
        digits++;
        c->pos++;
    }
    if (digits == 0)
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)c->pos,
                              "time: expected a fraction digit at byte %zu", c->pos);
    for (; digits < 9; digits++)
        value *= 10;
    *nsec = value;
    return MYK10_OK;
}

/* Reads `Z` or `+HH:MM` / `-HH:MM`; east of UTC is positive. */
static myk10_status read_offset(cursor *c, int32_t *offset_sec)
{
    char sign = c->text[c->pos];
    if (sign == 'Z') {
        c->pos++;
        *offset_sec = 0;
        return MYK10_OK;
    }
    if (sign != '+' && sign != '-')
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)c->pos,
                              "time: expected 'Z', '+' or '-' (UTC offset) at byte %zu", c->pos);
    c->pos++;
    int hours = 0, minutes = 0;
    size_t hours_pos = c->pos;
    myk10_status status;
    if ((status = read_digits(c, 2, "offset hour", &hours)) ||
        (status = check_field(hours_pos, hours, 0, 23, "offset hour")) ||
        (status = expect_char(c, ':')))
        return status;
    size_t minutes_pos = c->pos;
    if ((status = read_digits(c, 2, "offset minute", &minutes)) ||
        (status = check_field(minutes_pos, minutes, 0, 59, "offset minute")))
        return status;
    int32_t magnitude = hours * 3600 + minutes * 60;
    *offset_sec = sign == '-' ? -magnitude : magnitude;
    return MYK10_OK;
}

typedef struct date_time {
    int year, month, day, hour, minute, second;
    int32_t nsec, offset_sec;
} date_time;

static myk10_status read_date(cursor *c, date_time *dt)
{
    myk10_status status;
    size_t day_pos;
    if ((status = read_digits(c, 4, "year", &dt->year)) ||
        (status = expect_char(c, '-')) ||
        (status = read_digits(c, 2, "month", &dt->month)) ||
        (status = check_field(c->pos - 2, dt->month, 1, 12, "month")) ||
        (status = expect_char(c, '-')))
        return status;
    day_pos = c->pos;
    if ((status = read_digits(c, 2, "day", &dt->day)))
        return status;
    return check_field(day_pos, dt->day, 1, days_in_month(dt->year, dt->month), "day");
}

static myk10_status read_clock(cursor *c, date_time *dt)
{
    myk10_status status;
    if ((status = read_digits(c, 2, "hour", &dt->hour)) ||
        (status = check_field(c->pos - 2, dt->hour, 0, 23, "hour")) ||
        (status = expect_char(c, ':')) ||
        (status = read_digits(c, 2, "minute", &dt->minute)) ||
        (status = check_field(c->pos - 2, dt->minute, 0, 59, "minute")) ||
        (status = expect_char(c, ':')) ||
        (status = read_digits(c, 2, "second", &dt->second)) ||
        (status = check_field(c->pos - 2, dt->second, 0, 59, "second")))
        return status;
    dt->nsec = 0;
    if (c->text[c->pos] == '.') {
        c->pos++;
        return read_fraction(c, &dt->nsec);
    }
    return MYK10_OK;
}

myk10_status myk10_time_parse(int64_t *out_sec, int32_t *out_nsec, const char *text)
{
    if (!out_sec || !text)
        return myk10__fail(MYK10_EINVAL, "time: NULL %s", out_sec ? "text" : "out_sec");

    cursor c = { text, 0 };
    date_time dt = { 0 };
    myk10_status status;
    if ((status = read_date(&c, &dt)) ||
        (status = expect_char(&c, 'T')) ||
        (status = read_clock(&c, &dt)) ||
        (status = read_offset(&c, &dt.offset_sec)))
        return status;
    if (text[c.pos] != '\0')
        return myk10__fail_at(MYK10_EMALFORMED, (int64_t)c.pos,
                              "time: unexpected character after the UTC offset at byte %zu",
                              c.pos);

    int64_t days = days_from_civil(dt.year, dt.month, dt.day);
    int64_t seconds = days * SECONDS_PER_DAY + dt.hour * 3600 + dt.minute * 60 + dt.second -
                      dt.offset_sec;
    if (seconds < EARLIEST_TIME || seconds > LATEST_TIME)
        return myk10__fail(MYK10_ERANGE, "time: '%s' lies outside years 0000-9999 in UTC",
                           text);
    *out_sec = seconds;
    if (out_nsec)
        *out_nsec = dt.nsec;
    return MYK10_OK;
}

size_t myk10_time_strlen(void)
{
    return MYK10_TIME_STRLEN;
}

/* Writes `value` as exactly `width` zero-padded digits. */
static void put_digits(char *dst, int64_t value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        dst[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

myk10_status myk10_time_format(char *buf, size_t cap, int64_t t)
{
    if (!buf)
        return myk10__fail(MYK10_EINVAL, "time: NULL buf");
    if (cap < MYK10_TIME_STRLEN)
        return myk10__fail(MYK10_EBUFSIZE, "time: buffer of %zu bytes, %d needed",
                           cap, MYK10_TIME_STRLEN);
    if (t < EARLIEST_TIME || t > LATEST_TIME)
        return myk10__fail(MYK10_ERANGE, "time: %lld lies outside years 0000-9999",
                           (long long)t);

    int64_t days = t >= 0 ? t / SECONDS_PER_DAY : -((-t + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
    int64_t second_of_day = t - days * SECONDS_PER_DAY;
    int64_t year;
    int month, day;
    civil_from_days(days, &year, &month, &day);

    memcpy(buf, "0000-00-00T00:00:00Z", MYK10_TIME_STRLEN);
    put_digits(buf, year, 4);
    put_digits(buf + 5, month, 2);
    put_digits(buf + 8, day, 2);
    put_digits(buf + 11, second_of_day / 3600, 2);
    put_digits(buf + 14, second_of_day / 60 % 60, 2);
    put_digits(buf + 17, second_of_day % 60, 2);
    return MYK10_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Gauge readings for `flood forecast` and `flood cap`: the library's CSV and
 * JSON-lines formats, or the output of `myk10 frame decode` (one verdict per
 * line), whose water_level measurements feed the gauge named by the device.
 * That last form lets decoded frames flow straight into a forecast:
 *     myk10 frame decode ... | myk10 flood forecast ... --readings -
 */
#include <stdlib.h>
#include <string.h>

#include "flood_setup.h"

/* Adds one reading if a gauge of that id exists and it is not after `now`. */
static myk10_status add_reading(cli_flood *flood, const char *id, int64_t time, double level,
                                int64_t now)
{
    myk10_gauge *gauge = cli_flood_gauge_of(flood, id);
    myk10_reading_outcome outcome;
    if (!gauge || time > now)
        return MYK10_OK;
    return myk10_gauge_add(gauge, &outcome, time, level, now);
}

/* The water_level measurements of one `frame decode` verdict. Rejected
 * frames (an "error" member, no measurements) contribute nothing. */
static int feed_verdict(cli_flood *flood, json_t *verdict, const char *path, size_t line,
                        int64_t now)
{
    json_t *item;
    size_t i;
    json_array_foreach(json_object_get(verdict, "measurements"), i, item) {
        const char *device = json_string_value(json_object_get(item, "device"));
        const char *quantity = json_string_value(json_object_get(item, "quantity"));
        const char *time = json_string_value(json_object_get(item, "time"));
        json_t *value = json_object_get(item, "value");
        if (!quantity || strcmp(quantity, "water_level") != 0)
            continue;
        int64_t t;
        if (!device || !time || !json_is_number(value) ||
            myk10_time_parse(&t, NULL, time) != MYK10_OK) {
            fprintf(stderr, "myk10: MYK10_EMALFORMED: %s:%zu: measurement %zu needs device, "
                            "RFC 3339 time and numeric value\n", path, line, i);
            return CLI_EXIT_FAILED;
        }
        myk10_status status = add_reading(flood, device, t, json_number_value(value), now);
        if (status != MYK10_OK)
            return cli_report(status);
    }
    return CLI_EXIT_OK;
}

static int feed_verdict_lines(cli_flood *flood, const char *text, const char *path, int64_t now)
{
    size_t line = 1;
    for (const char *p = text; *p; line++) {
        size_t len = strcspn(p, "\n");
        if (p[strspn(p, " \t\r")] != '\n' && p[strspn(p, " \t\r")] != '\0') {
            json_error_t error;
            json_t *verdict = json_loadb(p, len, 0, &error);
            if (!json_is_object(verdict)) {
                fprintf(stderr, "myk10: MYK10_EMALFORMED: %s:%zu: %s\n", path, line,
                        verdict ? "not a JSON object" : error.text);
                json_decref(verdict);
                return CLI_EXIT_FAILED;
            }
            int result = feed_verdict(flood, verdict, path, line, now);
            json_decref(verdict);
            if (result != CLI_EXIT_OK)
                return result;
        }
        p += len + (p[len] == '\n');
    }
    return CLI_EXIT_OK;
}

static int feed_records(cli_flood *flood, const char *text, size_t size, int64_t now)
{
    size_t count = 0;
    myk10_readings_format format = text[strspn(text, " \t\r\n")] == '{' ? MYK10_READINGS_JSONL
                                                                          : MYK10_READINGS_CSV;
    myk10_reading_record *records = NULL;
    myk10_status status = myk10_readings_parse_array(&records, &count, text, size, format);
    for (size_t i = 0; status == MYK10_OK && i < count; i++)
        status = add_reading(flood, records[i].gauge, records[i].time, records[i].level_m, now);
    myk10_free(records);
    return status == MYK10_OK ? CLI_EXIT_OK : cli_report(status);
}

/* A `frame decode` verdict carries "mtype" or "error" where a reading has "gauge". */
static bool looks_like_verdicts(const char *text)
{
    size_t first = strcspn(text, "\n");
    const char *a = strstr(text, "\"mtype\""), *b = strstr(text, "\"error\"");
    return (a && (size_t)(a - text) < first) || (b && (size_t)(b - text) < first);
}

int cli_flood_feed_readings(cli_flood *flood, const char *path, int64_t now)
{
    size_t size;
    char *text = cli_read_file(path, &size);
    if (!text)
        return CLI_EXIT_FAILED;
    int result = looks_like_verdicts(text) ? feed_verdict_lines(flood, text, path, now)
                                           : feed_records(flood, text, size, now);
    free(text);
    return result;
}

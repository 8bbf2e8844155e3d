/* SPDX-License-Identifier: Apache-2.0 */
/* Subcommands of the common module: `time`, `geo` and `status`. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Emits {"input": item, "error": {...}} and reports on stderr. */
static int emit_item_error(const char *item, myk10_status status)
{
    json_t *line = json_object();
    json_object_set_new(line, "input", json_string(item));
    json_object_set_new(line, "error", cli_error_json(status));
    cli_print_json(line);
    return cli_report(status);
}

static int parse_one_time(void *context, const char *text)
{
    int64_t seconds;
    int32_t nanos;
    char utc[MYK10_TIME_STRLEN];
    myk10_status status = myk10_time_parse(&seconds, &nanos, text);
    if (status == MYK10_OK)
        status = myk10_time_format(utc, sizeof utc, seconds);
    if (status != MYK10_OK)
        return emit_item_error(text, status);

    json_t *line = json_object();
    json_object_set_new(line, "input", json_string(text));
    json_object_set_new(line, "epoch", json_integer(seconds));
    json_object_set_new(line, "nsec", json_integer(nanos));
    json_object_set_new(line, "utc", json_string(utc));
    cli_print_json(line);
    return CLI_EXIT_OK;
}

static int format_one_time(void *context, const char *text)
{
    long long seconds;
    char utc[MYK10_TIME_STRLEN];
    if (!cli_parse_int64(text, &seconds))
        return cli_usage_error("time format", "'%s' is not an integer number of seconds", text);
    myk10_status status = myk10_time_format(utc, sizeof utc, seconds);
    if (status != MYK10_OK)
        return emit_item_error(text, status);

    json_t *line = json_object();
    json_object_set_new(line, "epoch", json_integer(seconds));
    json_object_set_new(line, "utc", json_string(utc));
    cli_print_json(line);
    return CLI_EXIT_OK;
}

static int run_time_parse(int argc, char **argv)
{
    return cli_for_each_input(argc, argv, parse_one_time, NULL);
}

static int run_time_format(int argc, char **argv)
{
    return cli_for_each_input(argc, argv, format_one_time, NULL);
}

static int run_geo_distance(int argc, char **argv)
{
    double coords[4];
    if (argc != 5)
        return cli_usage_error("geo distance", "expected LAT1 LON1 LAT2 LON2");
    for (int i = 0; i < 4; i++)
        if (!cli_parse_double(argv[i + 1], &coords[i]))
            return cli_usage_error("geo distance", "'%s' is not a number", argv[i + 1]);

    double metres;
    myk10_status status =
        myk10_geo_distance(&metres, coords[0], coords[1], coords[2], coords[3]);
    if (status != MYK10_OK)
        return cli_report(status);
    json_t *line = json_object();
    json_object_set_new(line, "distance_m", json_real(metres));
    cli_print_json(line);
    return CLI_EXIT_OK;
}

static void print_status(myk10_status code)
{
    json_t *line = json_object();
    json_object_set_new(line, "code", json_integer(code));
    json_object_set_new(line, "name", json_string(myk10_status_name(code)));
    json_object_set_new(line, "description", json_string(myk10_status_str(code)));
    cli_print_json(line);
}

/* Accepts a number ("4") or a name with or without prefix ("EMALFORMED"). */
static bool find_status(const char *query, myk10_status *out)
{
    long long number;
    for (int code = 0; code < MYK10_STATUS_COUNT; code++) {
        const char *name = myk10_status_name((myk10_status)code);
        bool numeric_match = cli_parse_int64(query, &number) && number == code;
        if (numeric_match || strcmp(query, name) == 0 ||
            strcmp(query, name + strlen("MYK10_")) == 0) {
            *out = (myk10_status)code;
            return true;
        }
    }
    return false;
}

static int run_status_list(int argc, char **argv)
{
    if (argc == 1) {
        for (int code = 0; code < MYK10_STATUS_COUNT; code++)
            print_status((myk10_status)code);
        return CLI_EXIT_OK;
    }
    for (int i = 1; i < argc; i++) {
        myk10_status code;
        if (!find_status(argv[i], &code))
            return cli_usage_error("status list", "no status code '%s'", argv[i]);
        print_status(code);
    }
    return CLI_EXIT_OK;
}

static const cli_command time_commands[] = {
    { "parse", "[TEXT...]",
      "RFC 3339 date-times (arguments or stdin lines) to epoch seconds", run_time_parse },
    { "format", "[EPOCH...]",
      "epoch seconds (arguments or stdin lines) to UTC date-times", run_time_format },
    { NULL, NULL, NULL, NULL },
};

static const cli_command geo_commands[] = {
    { "distance", "LAT1 LON1 LAT2 LON2",
      "great-circle distance in metres between two WGS84 positions", run_geo_distance },
    { NULL, NULL, NULL, NULL },
};

static const cli_command status_commands[] = {
    { "list", "[CODE|NAME...]", "status codes with names and descriptions", run_status_list },
    { NULL, NULL, NULL, NULL },
};

const cli_group cli_time_group = { "time", "UTC time helpers", time_commands, NULL };
const cli_group cli_geo_group = { "geo", "WGS84 geodesy helpers", geo_commands, NULL };
const cli_group cli_status_group = { "status", "the library's status codes",
                                     status_commands, NULL };

/* SPDX-License-Identifier: Apache-2.0 */
/* Output, error reporting and argument helpers shared by all subcommands. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_print_json(json_t *value)
{
    /* 12 significant digits: enough for any measurement, and 0.3 stays 0.3. */
    json_dumpf(value, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    fputc('\n', stdout);
    json_decref(value);
}

json_t *cli_error_object(myk10_status status, const char *message)
{
    json_t *error = json_object();
    json_object_set_new(error, "status", json_string(myk10_status_name(status)));
    json_object_set_new(error, "message", json_string(message));
    return error;
}

json_t *cli_error_json(myk10_status status)
{
    json_t *error = cli_error_object(status, myk10_last_error());
    if (myk10_last_error_offset() >= 0)
        json_object_set_new(error, "offset", json_integer(myk10_last_error_offset()));
    return error;
}

int cli_report(myk10_status status)
{
    const char *detail = myk10_last_error();
    fprintf(stderr, "myk10: %s: %s\n", myk10_status_name(status),
            *detail ? detail : myk10_status_str(status));
    return CLI_EXIT_FAILED;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list args;
    fprintf(stderr, "myk10 %s: ", command);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fprintf(stderr, "\n(see 'myk10 help')\n");
    return CLI_EXIT_USAGE;
}

bool cli_parse_double(const char *text, double *out)
{
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(value))
        return false;
    *out = value;
    return true;
}

bool cli_parse_int64(const char *text, long long *out)
{
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE)
        return false;
    *out = value;
    return true;
}

/* The worst exit code wins: a usage error outranks a failed item. */
static int worse(int a, int b)
{
    return a > b ? a : b;
}

static int for_each_line(FILE *in, cli_item_fn each, void *context)
{
    int result = CLI_EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len > 0)
            result = worse(result, each(context, line));
    }
    free(line);
    return result;
}

int cli_for_each_input(int argc, char **argv, cli_item_fn each, void *context)
{
    if (argc <= 1)
        return for_each_line(stdin, each, context);
    int result = CLI_EXIT_OK;
    for (int i = 1; i < argc; i++)
        result = worse(result, each(context, argv[i]));
    return result;
}

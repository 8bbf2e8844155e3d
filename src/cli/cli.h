/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The `myk10` command-line tool: shared types and helpers.
 *
 * Each library module adds one file `src/cli/cmd_<module>.c` that defines a
 * `cli_group` (its subcommands and, optionally, its step of the demo story)
 * and one line in the group table of main.c. The CLI stays thin: it parses
 * arguments, calls the library and prints results.
 *
 * Output meant for machines is JSON, one object per line on stdout. Errors
 * go to stderr as "myk10: <STATUS_NAME>: <detail>". Exit codes: 0 success,
 * 1 a library call failed (for batch commands: at least one item failed),
 * 2 usage error.
 */
#ifndef MYK10_CLI_H
#define MYK10_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include <myk10/myk10.h>

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILED = 1, CLI_EXIT_USAGE = 2 };

/* One subcommand: `myk10 <group> <name> ARGS...`. */
typedef struct cli_command {
    const char *name;
    const char *args;     /* argument synopsis for help, e.g. "TEXT..." */
    const char *summary;  /* one line */
    /* argv[0] is the subcommand name; returns a CLI_EXIT_* code. */
    int (*run)(int argc, char **argv);
} cli_command;

/* State handed from one demo step to the next (one story, told in order). */
typedef struct cli_demo {
    const char *data_dir;          /* examples/data or the --data argument */
    FILE *out;                     /* where the story is told */
    myk10_measurements *readings;  /* water levels the gauge frames delivered */
} cli_demo;

/* The subcommands of one module. */
typedef struct cli_group {
    const char *name;
    const char *summary;
    const cli_command *commands; /* terminated by an entry with name NULL */
    /* This module's part of `myk10 demo`, or NULL. Returns a CLI_EXIT_* code. */
    int (*demo_step)(cli_demo *demo);
} cli_group;

extern const cli_group cli_time_group;
extern const cli_group cli_geo_group;
extern const cli_group cli_status_group;
extern const cli_group cli_frame_group;
extern const cli_group cli_flood_group;

/* The flood chapter of `myk10 demo` (demo_flood.c). */
int cli_flood_demo_step(cli_demo *demo);

/* Prints `value` as one compact JSON line on stdout and releases it. */
void cli_print_json(json_t *value);

/* JSON object describing the calling thread's last failure with `status`:
 * {"status": NAME, "message": ..., "offset": N (when known)}. */
json_t *cli_error_json(myk10_status status);

/* The same shape for a failure the tool itself detects (no offset). */
json_t *cli_error_object(myk10_status status, const char *message);

/* Reports a failed library call on stderr; returns CLI_EXIT_FAILED. */
int cli_report(myk10_status status);

/* Reports a usage error for `command` on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parses the whole of `text` as a finite double / a signed 64-bit integer. */
bool cli_parse_double(const char *text, double *out);
bool cli_parse_int64(const char *text, long long *out);

/* Calls `each(context, item)` for argv[1..argc-1], or for every non-empty
 * line of stdin when there are none. Returns the worst CLI_EXIT_* code. */
typedef int (*cli_item_fn)(void *context, const char *item);
int cli_for_each_input(int argc, char **argv, cli_item_fn each, void *context);

#endif /* MYK10_CLI_H */

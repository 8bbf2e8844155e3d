/* SPDX-License-Identifier: Apache-2.0 */
/* `myk10`: dispatches `myk10 <group> <command> ARGS...` to the module files. */
#include <string.h>

#include "cli.h"

/* One line per module; a module's file defines its group. */
static const cli_group *const groups[] = {
    &cli_time_group,
    &cli_geo_group,
    &cli_status_group,
    &cli_frame_group,
    &cli_flood_group,
};
#define GROUP_COUNT (sizeof groups / sizeof groups[0])

static size_t demo_step_count(void)
{
    size_t steps = 0;
    for (size_t i = 0; i < GROUP_COUNT; i++)
        steps += groups[i]->demo_step != NULL;
    return steps;
}

static void print_group_help(FILE *out, const cli_group *group)
{
    for (const cli_command *cmd = group->commands; cmd->name; cmd++)
        fprintf(out, "  myk10 %s %s %s\n      %s\n", group->name, cmd->name, cmd->args,
                cmd->summary);
}

static int run_help(FILE *out)
{
    fprintf(out,
            "usage: myk10 <command> [args...]\n\n"
            "  myk10 version [--json]\n      library version\n"
            "  myk10 help [GROUP]\n      this text\n");
    if (demo_step_count() > 0)
        fprintf(out, "  myk10 demo [--data DIR]\n"
                     "      the heavy-rain night on the bundled Mayen-Koblenz data\n");
    for (size_t i = 0; i < GROUP_COUNT; i++)
        print_group_help(out, groups[i]);
    fprintf(out, "\nMachine output is JSON lines on stdout; errors go to stderr.\n"
                 "Exit status: 0 ok, 1 a library call failed, 2 usage error.\n");
    return CLI_EXIT_OK;
}

static int run_version(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--json") == 0) {
        json_t *line = json_object();
        json_object_set_new(line, "version", json_string(myk10_version()));
        json_object_set_new(line, "version_number", json_integer(myk10_version_number()));
        cli_print_json(line);
    } else if (argc > 1) {
        return cli_usage_error("version", "unknown option '%s'", argv[1]);
    } else {
        printf("myk10 %s\n", myk10_version());
    }
    return CLI_EXIT_OK;
}

/* Tells the story: each module with a demo step adds its chapter, in table order. */
static int run_demo(int argc, char **argv)
{
    cli_demo demo = { "examples/data", stdout, NULL };
    if (argc == 3 && strcmp(argv[1], "--data") == 0)
        demo.data_dir = argv[2];
    else if (argc != 1)
        return cli_usage_error("demo", "expected [--data DIR]");

    if (demo_step_count() == 0)
        return cli_usage_error("demo", "no module contributes a demo step in this build");
    myk10_status status = myk10_measurements_create(&demo.readings);
    if (status != MYK10_OK)
        return cli_report(status);
    int result = CLI_EXIT_OK;
    for (size_t i = 0; i < GROUP_COUNT && result == CLI_EXIT_OK; i++)
        if (groups[i]->demo_step)
            result = groups[i]->demo_step(&demo);
    myk10_measurements_destroy(demo.readings);
    return result;
}

static const cli_group *find_group(const char *name)
{
    for (size_t i = 0; i < GROUP_COUNT; i++)
        if (strcmp(groups[i]->name, name) == 0)
            return groups[i];
    return NULL;
}

static int run_group(const cli_group *group, int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "myk10 %s: which command?\n", group->name);
        print_group_help(stderr, group);
        return CLI_EXIT_USAGE;
    }
    for (const cli_command *cmd = group->commands; cmd->name; cmd++)
        if (strcmp(cmd->name, argv[1]) == 0)
            return cmd->run(argc - 1, argv + 1);
    return cli_usage_error(group->name, "unknown command '%s'", argv[1]);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return run_help(stderr), CLI_EXIT_USAGE;

    const char *command = argv[1];
    if (strcmp(command, "help") == 0 || strcmp(command, "--help") == 0 ||
        strcmp(command, "-h") == 0) {
        const cli_group *group = argc > 2 ? find_group(argv[2]) : NULL;
        if (group)
            return print_group_help(stdout, group), CLI_EXIT_OK;
        return run_help(stdout);
    }

    myk10_status status = myk10_init();
    if (status != MYK10_OK)
        return cli_report(status);
    if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0)
        return run_version(argc - 1, argv + 1);
    if (strcmp(command, "demo") == 0)
        return run_demo(argc - 1, argv + 1);

    const cli_group *group = find_group(command);
    if (!group)
        return cli_usage_error(command, "unknown command");
    return run_group(group, argc - 1, argv + 1);
}

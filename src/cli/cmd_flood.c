/* SPDX-License-Identifier: Apache-2.0 */
/* Subcommands of the flood module: `flood validate`, `flood route` and
 * `flood convert`. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const method_names[] = { "lag", "muskingum", "muskingum-cunge" };

/* Reads a whole file; NULL (with the reason on stderr) on failure. */
static char *read_file(const char *path, size_t *out_size)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "myk10: MYK10_EIO: cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, size = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + size, 1, cap - size, file)) > 0) {
        size += got;
        if (size == cap) {
            char *bigger = realloc(text, cap *= 2);
            if (!bigger)
                free(text);
            text = bigger;
        }
    }
    fclose(file);
    if (!text)
        fprintf(stderr, "myk10: MYK10_ENOMEM: %s is too large\n", path);
    *out_size = size;
    return text;
}

/* Loads JSON or GeoJSON: a FeatureCollection is GeoJSON, anything else the
 * library's own format. Returns a CLI_EXIT_* code. */
static int load_network(myk10_flood_network **out, const char *path)
{
    size_t size;
    char *text = read_file(path, &size);
    if (!text)
        return CLI_EXIT_FAILED;
    bool geojson = strstr(text, "\"FeatureCollection\"") != NULL;
    myk10_status status = geojson ? myk10_flood_network_load_geojson(out, text, size)
                                  : myk10_flood_network_load_json(out, text, size);
    free(text);
    return status == MYK10_OK ? CLI_EXIT_OK : cli_report(status);
}

static json_t *reach_report_json(const myk10_flood_network *net,
                                 const myk10_flood_router *router, size_t index)
{
    myk10_flood_reach reach;
    myk10_flood_reach_report report;
    if (myk10_flood_network_reach(&reach, net, index) != MYK10_OK ||
        myk10_flood_router_report(&report, router, index) != MYK10_OK)
        return json_null();
    json_t *item = json_object();
    json_object_set_new(item, "reach", json_string(reach.id));
    json_object_set_new(item, "method", json_string(method_names[report.method]));
    json_object_set_new(item, "k_s", json_real(report.k_s));
    json_object_set_new(item, "x", json_real(report.x));
    json_object_set_new(item, "in_range", json_boolean(report.in_range));
    json_object_set_new(item, "subreaches", json_integer(report.subreaches));
    json_object_set_new(item, "substeps", json_integer(report.substeps));
    if (report.x_clamped)
        json_object_set_new(item, "x_clamped", json_true());
    return item;
}

/* `flood validate FILE [--dt S]`: the network's size and, with a time step,
 * what the router does with each reach. */
static int run_flood_validate(int argc, char **argv)
{
    double dt = 0;
    if (argc == 4 && strcmp(argv[2], "--dt") == 0) {
        if (!cli_parse_double(argv[3], &dt) || dt <= 0)
            return cli_usage_error("flood validate", "--dt needs seconds > 0");
    } else if (argc != 2) {
        return cli_usage_error("flood validate", "expected FILE [--dt SECONDS]");
    }
    myk10_flood_network *net = NULL;
    myk10_flood_router *router = NULL;
    int result = load_network(&net, argv[1]);
    if (result != CLI_EXIT_OK)
        return result;
    json_t *line = json_object();
    json_object_set_new(line, "valid", json_true());
    json_object_set_new(line, "nodes", json_integer(myk10_flood_network_node_count(net)));
    json_object_set_new(line, "reaches", json_integer(myk10_flood_network_reach_count(net)));
    if (dt > 0) {
        myk10_status status = myk10_flood_router_create(&router, net, dt, MYK10_FLOOD_ADAPT);
        if (status != MYK10_OK) {
            json_decref(line);
            myk10_flood_network_destroy(net);
            return cli_report(status);
        }
        json_t *reports = json_array();
        for (size_t i = 0; i < myk10_flood_network_reach_count(net); i++)
            json_array_append_new(reports, reach_report_json(net, router, i));
        json_object_set_new(line, "dt_s", json_real(dt));
        json_object_set_new(line, "routing", reports);
    }
    cli_print_json(line);
    myk10_flood_router_destroy(router);
    myk10_flood_network_destroy(net);
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------ route */

typedef struct route_run {
    myk10_flood_network *net;
    myk10_flood_router *router;
    double **local;  /* per node: NULL or the given hydrograph */
    double **flow;   /* per node: the routed flows */
    size_t steps;
} route_run;

/* Parses "NODE=Q1,Q2,..." into the node's local inflow; the last value
 * holds for the remaining steps. */
static int set_hydrograph(route_run *run, const char *spec)
{
    const char *equals = strchr(spec, '=');
    char id[256];
    size_t node;
    if (!equals || (size_t)(equals - spec) >= sizeof id)
        return cli_usage_error("flood route", "--inflow expects NODE=Q1,Q2,...");
    memcpy(id, spec, (size_t)(equals - spec));
    id[equals - spec] = '\0';
    if (myk10_flood_network_find_node(&node, run->net, id) != MYK10_OK)
        return cli_report(myk10_last_error_code());
    double *series = calloc(run->steps, sizeof *series);
    if (!series)
        return cli_report(MYK10_ENOMEM);
    free(run->local[node]);
    run->local[node] = series;
    char *cursor = (char *)equals + 1, *end;
    double value = 0;
    for (size_t j = 0; j < run->steps; j++) {
        if (*cursor) {
            value = strtod(cursor, &end);
            if (end == cursor || (*end && *end != ','))
                return cli_usage_error("flood route", "bad number in '%s'", spec);
            cursor = *end ? end + 1 : end;
        }
        series[j] = value;
    }
    return CLI_EXIT_OK;
}

static void print_step(const route_run *run, size_t step)
{
    json_t *line = json_object(), *flows = json_object();
    myk10_flood_node node;
    json_object_set_new(line, "step", json_integer((json_int_t)step + 1));
    json_object_set_new(line, "t_s", json_real(myk10_flood_router_dt(run->router) *
                                               (double)(step + 1)));
    for (size_t n = 0; n < myk10_flood_network_node_count(run->net); n++)
        if (myk10_flood_network_node(&node, run->net, n) == MYK10_OK)
            json_object_set_new(flows, node.id, json_real(run->flow[n][step]));
    json_object_set_new(line, "flow_m3s", flows);
    cli_print_json(line);
}

static int route_and_print(route_run *run)
{
    myk10_status status = myk10_flood_router_route(run->router,
                                                   (const double *const *)run->local,
                                                   (double *const *)run->flow, run->steps);
    if (status != MYK10_OK)
        return cli_report(status);
    for (size_t j = 0; j < run->steps; j++)
        print_step(run, j);
    return CLI_EXIT_OK;
}

static int prepare_route(route_run *run, double dt)
{
    size_t nodes = myk10_flood_network_node_count(run->net);
    run->local = calloc(nodes, sizeof *run->local);
    run->flow = calloc(nodes, sizeof *run->flow);
    if (!run->local || !run->flow)
        return cli_report(MYK10_ENOMEM);
    for (size_t n = 0; n < nodes; n++)
        if (!(run->flow[n] = calloc(run->steps, sizeof *run->flow[n])))
            return cli_report(MYK10_ENOMEM);
    myk10_status status = myk10_flood_router_create(&run->router, run->net, dt,
                                                    MYK10_FLOOD_ADAPT);
    return status == MYK10_OK ? CLI_EXIT_OK : cli_report(status);
}

static void free_route(route_run *run)
{
    size_t nodes = run->net ? myk10_flood_network_node_count(run->net) : 0;
    for (size_t n = 0; n < nodes; n++) {
        if (run->local)
            free(run->local[n]);
        if (run->flow)
            free(run->flow[n]);
    }
    free(run->local);
    free(run->flow);
    myk10_flood_router_destroy(run->router);
    myk10_flood_network_destroy(run->net);
}

/* `flood route FILE --dt S --steps N [--inflow NODE=Q1,Q2,...]...`: routes
 * from the baseflow steady state and prints every node's flow per step. */
static int run_flood_route(int argc, char **argv)
{
    route_run run = { NULL, NULL, NULL, NULL, 0 };
    double dt = 0;
    long long steps = 0;
    if (argc < 6 || strcmp(argv[2], "--dt") != 0 || !cli_parse_double(argv[3], &dt) ||
        strcmp(argv[4], "--steps") != 0 || !cli_parse_int64(argv[5], &steps) || dt <= 0 ||
        steps <= 0 || steps > 1000000)
        return cli_usage_error("flood route",
                               "expected FILE --dt SECONDS --steps 1..1000000 [--inflow NODE=Q1,Q2,...]");
    run.steps = (size_t)steps;
    int result = load_network(&run.net, argv[1]);
    if (result == CLI_EXIT_OK)
        result = prepare_route(&run, dt);
    for (int i = 6; result == CLI_EXIT_OK && i < argc; i += 2) {
        if (strcmp(argv[i], "--inflow") != 0 || i + 1 >= argc)
            result = cli_usage_error("flood route", "unexpected '%s'", argv[i]);
        else
            result = set_hydrograph(&run, argv[i + 1]);
    }
    if (result == CLI_EXIT_OK)
        result = route_and_print(&run);
    free_route(&run);
    return result;
}

/* `flood convert FILE --to json|geojson`: prints the network in either format. */
static int run_flood_convert(int argc, char **argv)
{
    if (argc != 4 || strcmp(argv[2], "--to") != 0 ||
        (strcmp(argv[3], "json") != 0 && strcmp(argv[3], "geojson") != 0))
        return cli_usage_error("flood convert", "expected FILE --to json|geojson");
    myk10_flood_network *net = NULL;
    int result = load_network(&net, argv[1]);
    if (result != CLI_EXIT_OK)
        return result;
    char *text = NULL;
    myk10_status status = strcmp(argv[3], "json") == 0
                              ? myk10_flood_network_to_json(&text, NULL, net)
                              : myk10_flood_network_to_geojson(&text, NULL, net);
    if (status == MYK10_OK)
        printf("%s\n", text);
    myk10_free(text);
    myk10_flood_network_destroy(net);
    return status == MYK10_OK ? CLI_EXIT_OK : cli_report(status);
}

static const cli_command flood_commands[] = {
    { "validate", "FILE [--dt SECONDS]",
      "checks a river network (JSON or GeoJSON); with --dt, how each reach is routed",
      run_flood_validate },
    { "route", "FILE --dt SECONDS --steps N [--inflow NODE=Q1,Q2,...]...",
      "routes hydrographs through the network from its baseflow steady state",
      run_flood_route },
    { "convert", "FILE --to json|geojson", "writes the network in the other format",
      run_flood_convert },
    { NULL, NULL, NULL, NULL },
};

const cli_group cli_flood_group = { "flood", "river networks and flood routing",
                                    flood_commands, cli_flood_demo_step };

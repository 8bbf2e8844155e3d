/* SPDX-License-Identifier: Apache-2.0 */
/* Subcommands of the flood module: `flood validate`, `flood route`,
 * `flood convert`, `flood forecast` and `flood cap`. */
#include <stdlib.h>
#include <string.h>

#include "flood_setup.h"

static const char *const method_names[] = { "lag", "muskingum", "muskingum-cunge" };

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
    int result = cli_flood_load_network(&net, argv[1]);
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
    int result = cli_flood_load_network(&run.net, argv[1]);
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
    int result = cli_flood_load_network(&net, argv[1]);
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

/* ------------------------------------------------------------ forecast, cap */

typedef struct forecast_args {
    const char *network, *gauges, *readings;
    int64_t now;
    bool has_now, trend;
    long long horizon_s;
    int utc_offset_min;
} forecast_args;

static int parse_forecast_args(forecast_args *a, const char *command, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    if (argc < 2)
        return cli_usage_error(command, "expected FILE --gauges FILE --readings FILE --now TIME");
    a->network = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--trend") == 0) {
            a->trend = true;
            continue;
        }
        if (!value)
            return cli_usage_error(command, "'%s' needs a value", argv[i]);
        if (strcmp(argv[i], "--gauges") == 0)
            a->gauges = value;
        else if (strcmp(argv[i], "--readings") == 0)
            a->readings = value;
        else if (strcmp(argv[i], "--now") == 0) {
            if (myk10_time_parse(&a->now, NULL, value) != MYK10_OK)
                return cli_report(myk10_last_error_code());
            a->has_now = true;
        } else if (strcmp(argv[i], "--horizon") == 0) {
            if (!cli_parse_int64(value, &a->horizon_s) || a->horizon_s <= 0)
                return cli_usage_error(command, "--horizon needs seconds > 0");
        } else {
            return cli_usage_error(command, "unknown option '%s'", argv[i]);
        }
        i++;
    }
    if (!a->gauges || !a->readings || !a->has_now)
        return cli_usage_error(command, "--gauges, --readings and --now are required");
    return CLI_EXIT_OK;
}

static int prepare_forecast(cli_flood *flood, const forecast_args *a)
{
    myk10_flood_forecast_config config;
    myk10_flood_forecast_config_init(&config);
    if (a->horizon_s > 0)
        config.horizon_s = a->horizon_s;
    if (a->trend)
        config.inflow = MYK10_FLOOD_INFLOW_TREND;
    int result = cli_flood_load(flood, a->network, a->gauges, &config);
    if (result == CLI_EXIT_OK)
        result = cli_flood_feed_readings(flood, a->readings, a->now);
    if (result == CLI_EXIT_OK) {
        myk10_status status = myk10_flood_forecaster_run(flood->forecaster, a->now);
        if (status != MYK10_OK)
            result = cli_report(status);
    }
    return result;
}

/* A time, or null for MYK10_TIME_NONE. */
static json_t *time_or_null(int64_t t)
{
    char text[MYK10_TIME_STRLEN];
    if (t == MYK10_TIME_NONE || myk10_time_format(text, sizeof text, t) != MYK10_OK)
        return json_null();
    return json_string(text);
}

static json_t *seconds_or_null(int64_t s)
{
    return s == MYK10_TIME_NONE ? json_null() : json_integer(s);
}

static json_t *village_json(const cli_flood *flood, const myk10_flood_village_forecast *v)
{
    char name[96];
    json_t *line = json_object(), *levels = json_array();
    json_object_set_new(line, "village", json_string(v->node_id));
    json_object_set_new(line, "name", json_string(cli_flood_node_name(flood, v->node_index, name)));
    json_object_set_new(line, "discharge_m3s", json_real(v->current_m3s));
    json_object_set_new(line, "peak_m3s", json_real(v->peak_m3s));
    json_object_set_new(line, "peak_time", time_or_null(v->peak_time));
    json_object_set_new(line, "level", json_integer(v->current_level));
    json_object_set_new(line, "max_level", json_integer(v->max_level));
    for (size_t k = 0; k < v->level_count; k++) {
        json_t *item = json_object();
        json_object_set_new(item, "level", json_integer((json_int_t)k + 1));
        json_object_set_new(item, "time", time_or_null(v->level_time[k]));
        json_object_set_new(item, "warning_s", seconds_or_null(v->warning_s[k]));
        json_object_set_new(item, "lead_won_s", seconds_or_null(v->lead_won_s[k]));
        json_array_append_new(levels, item);
    }
    json_object_set_new(line, "levels", levels);
    json_object_set_new(line, "band", json_pack("[o,o,o]", time_or_null(v->band[0]),
                                                time_or_null(v->band[1]),
                                                time_or_null(v->band[2])));
    json_object_set_new(line, "driving_gauge",
                        v->driving_gauge ? json_string(v->driving_gauge) : json_null());
    json_object_set_new(line, "path", json_string(v->path));
    json_object_set_new(line, "stale", json_boolean(v->stale));
    json_object_set_new(line, "routed_only", json_boolean(v->routed_only));
    return line;
}

/* Calls `each` for every village forecast of the run. */
static int for_each_village(cli_flood *flood,
                            int (*each)(cli_flood *, const myk10_flood_village_forecast *, void *),
                            void *context)
{
    int result = CLI_EXIT_OK;
    size_t count = myk10_flood_forecaster_village_count(flood->forecaster);
    for (size_t i = 0; i < count && result == CLI_EXIT_OK; i++) {
        myk10_flood_village_forecast v;
        myk10_status status = myk10_flood_forecaster_village(&v, flood->forecaster, i);
        result = status == MYK10_OK ? each(flood, &v, context) : cli_report(status);
    }
    return result;
}

static int print_village(cli_flood *flood, const myk10_flood_village_forecast *v, void *context)
{
    (void)context;
    cli_print_json(village_json(flood, v));
    return CLI_EXIT_OK;
}

static int print_cap(cli_flood *flood, const myk10_flood_village_forecast *v, void *context)
{
    const forecast_args *a = context;
    if (v->max_level == 0)
        return CLI_EXIT_OK;
    char *xml = NULL;
    size_t size;
    myk10_status status = cli_flood_cap(&xml, &size, flood, v, a->now, a->utc_offset_min);
    if (status == MYK10_OK)
        fwrite(xml, 1, size, stdout);
    myk10_free(xml);
    return status == MYK10_OK ? CLI_EXIT_OK : cli_report(status);
}

static int run_forecast_command(int argc, char **argv, const char *command,
                                int (*each)(cli_flood *, const myk10_flood_village_forecast *,
                                            void *))
{
    forecast_args args;
    cli_flood flood;
    int result = parse_forecast_args(&args, command, argc, argv);
    if (result != CLI_EXIT_OK)
        return result;
    result = prepare_forecast(&flood, &args);
    if (result == CLI_EXIT_OK)
        result = for_each_village(&flood, each, &args);
    cli_flood_free(&flood);
    return result;
}

/* `flood forecast FILE --gauges FILE --readings FILE --now T [--horizon S] [--trend]`:
 * one JSON line per village. */
static int run_flood_forecast(int argc, char **argv)
{
    return run_forecast_command(argc, argv, "flood forecast", print_village);
}

/* `flood cap ...` (same inputs): one CAP 1.2 <alert> per village with a level ahead. */
static int run_flood_cap(int argc, char **argv)
{
    return run_forecast_command(argc, argv, "flood cap", print_cap);
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
    { "forecast", "FILE --gauges FILE --readings FILE --now TIME [--horizon S] [--trend]",
      "per-village Meldestufe, arrival, warning time, lead time won and band",
      run_flood_forecast },
    { "cap", "FILE --gauges FILE --readings FILE --now TIME [--horizon S] [--trend]",
      "CAP 1.2 alerts for the villages with a Meldestufe ahead", run_flood_cap },
    { NULL, NULL, NULL, NULL },
};

const cli_group cli_flood_group = { "flood", "river networks and flood routing",
                                    flood_commands, cli_flood_demo_step };

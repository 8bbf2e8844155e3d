/* SPDX-License-Identifier: Apache-2.0 */
/* Network, gauges and CAP warnings shared by the flood subcommands and the demo. */
#include <stdlib.h>
#include <string.h>

#include "flood_setup.h"

char *cli_read_file(const char *path, size_t *out_size)
{
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *file = from_stdin ? stdin : fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "myk10: MYK10_EIO: cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, size = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + size, 1, cap - size - 1, file)) > 0) {
        size += got;
        if (size == cap - 1) {
            char *bigger = realloc(text, cap *= 2);
            if (!bigger)
                free(text);
            text = bigger;
        }
    }
    if (!from_stdin)
        fclose(file);
    if (!text) {
        fprintf(stderr, "myk10: MYK10_ENOMEM: %s is too large\n", path);
        return NULL;
    }
    text[size] = '\0';
    *out_size = size;
    return text;
}

int cli_flood_load_network(myk10_flood_network **out, const char *path)
{
    size_t size;
    char *text = cli_read_file(path, &size);
    if (!text)
        return CLI_EXIT_FAILED;
    /* A FeatureCollection is GeoJSON; anything else the library's own format. */
    bool geojson = strstr(text, "\"FeatureCollection\"") != NULL;
    myk10_status status = geojson ? myk10_flood_network_load_geojson(out, text, size)
                                  : myk10_flood_network_load_json(out, text, size);
    free(text);
    return status == MYK10_OK ? CLI_EXIT_OK : cli_report(status);
}

#define MAX_RATING_SEGMENTS 8

/* A rating curve from [{"stage_min", "stage_max", "a", "h0", "b"}, ...]
 * (1..MAX_RATING_SEGMENTS segments, checked by the caller). */
static myk10_status load_rating(myk10_rating **out, json_t *segments)
{
    myk10_rating_segment parts[MAX_RATING_SEGMENTS];
    size_t count = json_array_size(segments);
    for (size_t i = 0; i < count; i++) {
        json_t *s = json_array_get(segments, i);
        parts[i] = (myk10_rating_segment){
            json_number_value(json_object_get(s, "stage_min")),
            json_number_value(json_object_get(s, "stage_max")),
            json_number_value(json_object_get(s, "a")),
            json_number_value(json_object_get(s, "h0")),
            json_number_value(json_object_get(s, "b")),
        };
    }
    return myk10_rating_create(out, parts, count);
}

static void load_alert_levels(myk10_gauge_config *config, json_t *spec)
{
    json_t *levels = json_object_get(spec, "alert_levels_m");
    json_t *interval = json_object_get(spec, "reporting_interval_s");
    if (json_is_integer(interval))
        config->reporting_interval_s = json_integer_value(interval);
    if (!json_is_array(levels))
        return;
    config->alerts.count = json_array_size(levels);
    config->alerts.hysteresis_m = json_number_value(json_object_get(spec, "hysteresis_m"));
    for (size_t k = 0; k < config->alerts.count && k < MYK10_ALERT_MAX_LEVELS; k++)
        config->alerts.thresholds[k] = json_number_value(json_array_get(levels, k));
}

/* One gauge of the gauges file: its rating curve and its Meldestufen. */
static myk10_status add_gauge(cli_flood *flood, const char *id, json_t *spec)
{
    cli_flood_gauge *g = &flood->gauges[flood->gauge_count++];
    myk10_gauge_config config;
    myk10_gauge_config_init(&config);
    config.id = id;
    load_alert_levels(&config, spec);
    myk10_status status = load_rating(&g->rating, json_object_get(spec, "rating"));
    if (status == MYK10_OK)
        status = myk10_gauge_create(&g->gauge, &config);
    if (status == MYK10_OK)
        status = myk10_flood_forecaster_attach_gauge(flood->forecaster, id, g->gauge, g->rating);
    g->id = g->gauge ? myk10_gauge_id(g->gauge) : NULL;
    return status;
}

static int load_gauges(cli_flood *flood, const char *path)
{
    json_error_t error;
    json_t *root = json_load_file(path, 0, &error), *spec;
    const char *id;
    if (!root) {
        fprintf(stderr, "myk10: MYK10_EMALFORMED: %s:%d:%d: %s\n", path, error.line,
                error.column, error.text);
        return CLI_EXIT_FAILED;
    }
    int result = CLI_EXIT_OK;
    json_object_foreach(json_object_get(root, "gauges"), id, spec) {
        if (flood->gauge_count == CLI_FLOOD_MAX_GAUGES) {
            result = cli_usage_error("flood", "%s: more than %d gauges", path,
                                     CLI_FLOOD_MAX_GAUGES);
            break;
        }
        size_t segments = json_array_size(json_object_get(spec, "rating"));
        if (segments == 0 || segments > MAX_RATING_SEGMENTS) {
            fprintf(stderr, "myk10: MYK10_EMALFORMED: %s: gauge '%s' needs a \"rating\" "
                            "array of 1..%d segments\n", path, id, MAX_RATING_SEGMENTS);
            result = CLI_EXIT_FAILED;
            break;
        }
        myk10_status status = add_gauge(flood, id, spec);
        if (status != MYK10_OK) {
            result = cli_report(status);
            break;
        }
    }
    json_decref(root);
    return result;
}

int cli_flood_load(cli_flood *flood, const char *network_path, const char *gauges_path,
                   const myk10_flood_forecast_config *config)
{
    memset(flood, 0, sizeof *flood);
    myk10_flood_forecast_config_init(&flood->config);
    if (config)
        flood->config = *config;
    int result = cli_flood_load_network(&flood->network, network_path);
    if (result != CLI_EXIT_OK)
        return result;
    myk10_status status = myk10_flood_forecaster_create(&flood->forecaster, flood->network,
                                                        &flood->config);
    if (status != MYK10_OK)
        return cli_report(status);
    return load_gauges(flood, gauges_path);
}

void cli_flood_free(cli_flood *flood)
{
    myk10_flood_forecaster_destroy(flood->forecaster);
    for (size_t i = 0; i < flood->gauge_count; i++) {
        myk10_gauge_destroy(flood->gauges[i].gauge);
        myk10_rating_destroy(flood->gauges[i].rating);
    }
    myk10_flood_network_destroy(flood->network);
    memset(flood, 0, sizeof *flood);
}

myk10_gauge *cli_flood_gauge_of(const cli_flood *flood, const char *id)
{
    for (size_t i = 0; i < flood->gauge_count; i++)
        if (flood->gauges[i].id && strcmp(flood->gauges[i].id, id) == 0)
            return flood->gauges[i].gauge;
    return NULL;
}

const char *cli_flood_node_name(const cli_flood *flood, size_t index, char buf[96])
{
    myk10_flood_node node;
    if (myk10_flood_network_node(&node, flood->network, index) != MYK10_OK)
        return "?";
    snprintf(buf, 96, "%s", node.name && node.name[0] ? node.name : node.id);
    return buf;
}

myk10_status cli_flood_cap(char **out_xml, size_t *out_len, const cli_flood *flood,
                           const myk10_flood_village_forecast *v, int64_t issued,
                           int utc_offset_min)
{
    int k = v->max_level;
    char name[96], headline[160], identifier[160];
    myk10_flood_node node;
    myk10_status status = myk10_flood_network_node(&node, flood->network, v->node_index);
    if (status != MYK10_OK)
        return status;
    bool reached = v->current_level >= k;
    myk10_cap_forecast f;
    status = myk10_cap_forecast_of_village(&f, v, issued, flood->config.horizon_s);
    if (status != MYK10_OK)
        return status;
    myk10_cap_warning w;
    myk10_cap_warning_init(&w);
    snprintf(headline, sizeof headline, "Hochwasser: Meldestufe %d für %s %s", k,
             cli_flood_node_name(flood, v->node_index, name), reached ? "erreicht" : "erwartet");
    snprintf(identifier, sizeof identifier, "myk10-%s-%lld-%d", node.id, (long long)issued, k);
    w.identifier = identifier;
    w.sender = "hochwasser@kreis-myk.example";
    w.sent = issued;
    w.utc_offset_min = utc_offset_min;
    w.event = "Hochwasser";
    w.level = k;
    w.level_count = (int)v->level_count;
    w.onset = v->level_time[k - 1];
    w.headline = headline;
    w.area_desc = name;
    w.has_circle = true;
    w.circle_center = (myk10_cap_point){ node.lat, node.lon };
    w.circle_radius_km = 1.5;
    w.village_id = node.id;
    status = myk10_cap_classify(&w.cls, &f);
    if (status == MYK10_OK)
        status = myk10_cap_write(out_xml, out_len, &w);
    return status;
}

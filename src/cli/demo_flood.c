/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The flood module's chapter of `myk10 demo`: the water levels the gauge
 * frames delivered feed the gauges of the bundled river network; every hour
 * the forecaster tells each village which Meldestufe to expect, when, how
 * much warning that leaves and how sure it is, and the most severe warning
 * is written as a CAP 1.2 alert for civil protection.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_GAUGES 16
#define REPORT_EVERY_S 3600

typedef struct demo_gauge_state {
    const char *id;
    myk10_gauge *gauge;
    myk10_rating *rating;
} demo_gauge_state;

typedef struct flood_story {
    myk10_flood_network *network;
    myk10_flood_forecaster *forecaster;
    demo_gauge_state gauges[MAX_GAUGES];
    size_t gauge_count;
    size_t next_reading;     /* readings fed so far (they come in time order) */
    int told_level[64];      /* per village: the level last told */
    myk10_flood_village_forecast worst; /* highest warning of the night */
    int64_t worst_issued;
    int32_t display_offset;
} flood_story;

/* Reads a whole file into a NUL-terminated buffer; NULL on failure. */
static char *slurp(const char *path, size_t *out_size)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (text && fread(text, 1, (size_t)size, file) != (size_t)size) {
        free(text);
        text = NULL;
    }
    fclose(file);
    if (text) {
        text[size] = '\0';
        *out_size = (size_t)size;
    }
    return text;
}

static myk10_status load_network(flood_story *story, const char *data_dir)
{
    char path[1024];
    size_t size;
    snprintf(path, sizeof path, "%s/rivers.json", data_dir);
    char *text = slurp(path, &size);
    if (!text)
        return MYK10_EIO;
    myk10_status status = myk10_flood_network_load_json(&story->network, text, size);
    free(text);
    return status;
}

/* One gauge from gauges.json: its rating curve and its Meldestufen. */
static myk10_status add_gauge(flood_story *story, const char *id, json_t *spec)
{
    demo_gauge_state *g = &story->gauges[story->gauge_count];
    json_t *segment = json_array_get(json_object_get(spec, "rating"), 0);
    json_t *levels = json_object_get(spec, "alert_levels_m");
    myk10_rating_segment rating = {
        json_number_value(json_object_get(segment, "stage_min")),
        json_number_value(json_object_get(segment, "stage_max")),
        json_number_value(json_object_get(segment, "a")),
        json_number_value(json_object_get(segment, "h0")),
        json_number_value(json_object_get(segment, "b")),
    };
    myk10_gauge_config config;
    myk10_gauge_config_init(&config);
    config.id = id;
    config.reporting_interval_s = json_integer_value(json_object_get(spec, "reporting_interval_s"));
    config.alerts.count = json_array_size(levels);
    config.alerts.hysteresis_m = json_number_value(json_object_get(spec, "hysteresis_m"));
    for (size_t k = 0; k < config.alerts.count && k < MYK10_ALERT_MAX_LEVELS; k++)
        config.alerts.thresholds[k] = json_number_value(json_array_get(levels, k));

    myk10_status status = myk10_rating_create(&g->rating, &rating, 1);
    if (status == MYK10_OK)
        status = myk10_gauge_create(&g->gauge, &config);
    if (status == MYK10_OK)
        status = myk10_flood_forecaster_attach_gauge(story->forecaster, id, g->gauge, g->rating);
    g->id = myk10_gauge_id(g->gauge);
    story->gauge_count++;
    return status;
}

static myk10_status load_gauges(flood_story *story, const char *data_dir)
{
    char path[1024];
    json_error_t error;
    snprintf(path, sizeof path, "%s/gauges.json", data_dir);
    json_t *root = json_load_file(path, 0, &error);
    const char *id;
    json_t *spec;
    myk10_status status = root ? MYK10_OK : MYK10_EIO;
    json_object_foreach(json_object_get(root, "gauges"), id, spec) {
        if (status != MYK10_OK || story->gauge_count == MAX_GAUGES)
            break;
        status = add_gauge(story, id, spec);
    }
    json_decref(root);
    return status;
}

static myk10_gauge *gauge_of(const flood_story *story, const char *id)
{
    for (size_t i = 0; i < story->gauge_count; i++)
        if (strcmp(story->gauges[i].id, id) == 0)
            return story->gauges[i].gauge;
    return NULL;
}

/* Feeds every reading up to `now` to its gauge. */
static myk10_status feed_readings(flood_story *story, const myk10_measurements *readings,
                                  int64_t now)
{
    myk10_measurement m;
    while (story->next_reading < myk10_measurements_count(readings) &&
           myk10_measurements_get(&m, readings, story->next_reading) == MYK10_OK &&
           m.time <= now) {
        myk10_gauge *gauge = gauge_of(story, m.device);
        myk10_reading_outcome outcome;
        myk10_status status = gauge ? myk10_gauge_add(gauge, &outcome, m.time, m.number, now)
                                    : MYK10_OK;
        if (status != MYK10_OK)
            return status;
        story->next_reading++;
    }
    return MYK10_OK;
}

/* "HH:MM" in the display zone. */
static const char *clock_of(const flood_story *story, int64_t t, char buf[8])
{
    int64_t minute = (((t + story->display_offset) % 86400) + 86400) % 86400 / 60;
    snprintf(buf, 8, "%02d:%02d", (int)(minute / 60), (int)(minute % 60));
    return buf;
}

#define DURATION_CAP 48

/* "1 h 55 min" */
static const char *duration_of(int64_t seconds, char buf[DURATION_CAP])
{
    int64_t minutes = (seconds + 30) / 60;
    if (minutes >= 60)
        snprintf(buf, DURATION_CAP, "%lld h %02lld min", (long long)(minutes / 60),
                 (long long)(minutes % 60));
    else
        snprintf(buf, DURATION_CAP, "%lld min", (long long)minutes);
    return buf;
}

static const char *node_name(const flood_story *story, size_t index, char buf[96]);

/* The display name of a node given by id (the id itself if unknown). */
static const char *name_of_id(const flood_story *story, const char *id, char buf[96])
{
    size_t index;
    if (myk10_flood_network_find_node(&index, story->network, id) != MYK10_OK)
        return id;
    return node_name(story, index, buf);
}

static const char *node_name(const flood_story *story, size_t index, char buf[96])
{
    myk10_flood_node node;
    if (myk10_flood_network_node(&node, story->network, index) != MYK10_OK)
        return "?";
    snprintf(buf, 96, "%s", node.name && node.name[0] ? node.name : node.id);
    return buf;
}

/* One sentence for a village whose expected Meldestufe changed. */
static void tell_village(flood_story *story, const myk10_flood_village_forecast *v, int told,
                         int64_t now, FILE *out)
{
    char clock[8], when[8], name[96], gauge[96];
    char warn[DURATION_CAP], early[DURATION_CAP], late[DURATION_CAP], lead[DURATION_CAP];
    int k = v->max_level;
    fprintf(out, "  %s  %-22s ", clock_of(story, now, clock), node_name(story, v->node_index, name));
    if (k == 0) {
        fprintf(out, "no Meldestufe expected any more\n");
        return;
    }
    if (k < told) {
        fprintf(out, "falling: Meldestufe %d\n", k);
        return;
    }
    if (v->current_level >= k) {
        fprintf(out, "Meldestufe %d reached\n", k);
        return;
    }
    fprintf(out, "Meldestufe %d expected at %s, warning time %s", k,
            clock_of(story, v->level_time[k - 1], when), duration_of(v->warning_s[k - 1], warn));
    if (v->band[0] != MYK10_TIME_NONE && v->band[2] != MYK10_TIME_NONE)
        fprintf(out, " (%s to %s)", duration_of(v->band[0] - now, early),
                duration_of(v->band[2] - now, late));
    fprintf(out, "\n%38s", "");
    fprintf(out, "driven by %s",
            v->driving_gauge ? name_of_id(story, v->driving_gauge, gauge) : "routing alone");
    if (v->lead_won_s[k - 1] != MYK10_TIME_NONE)
        fprintf(out, ", lead time won by upstream gauges %s", duration_of(v->lead_won_s[k - 1], lead));
    fprintf(out, "%s\n", v->stale ? " (a gauge is stale)" : "");
}

static bool worse_than(const myk10_flood_village_forecast *a, const myk10_flood_village_forecast *b)
{
    return a->max_level > b->max_level;
}

static myk10_status forecast_hour(flood_story *story, const cli_demo *demo, int64_t now)
{
    myk10_status status = feed_readings(story, demo->readings, now);
    if (status == MYK10_OK)
        status = myk10_flood_forecaster_run(story->forecaster, now);
    for (size_t i = 0; status == MYK10_OK &&
                    i < myk10_flood_forecaster_village_count(story->forecaster) && i < 64; i++) {
        myk10_flood_village_forecast v;
        status = myk10_flood_forecaster_village(&v, story->forecaster, i);
        if (status != MYK10_OK || v.max_level == story->told_level[i])
            continue;
        tell_village(story, &v, story->told_level[i], now, demo->out);
        story->told_level[i] = v.max_level;
        if (worse_than(&v, &story->worst) && v.current_level < v.max_level) {
            story->worst = v;
            story->worst_issued = now;
        }
    }
    return status;
}

/* The most severe warning of the night as CAP 1.2, as civil protection gets it. */
static myk10_status write_worst_as_cap(flood_story *story, FILE *out)
{
    const myk10_flood_village_forecast *v = &story->worst;
    int k = v->max_level;
    char name[96], headline[160], *xml = NULL;
    size_t size;
    myk10_flood_node node;
    myk10_status status = myk10_flood_network_node(&node, story->network, v->node_index);
    if (status != MYK10_OK)
        return status;
    myk10_cap_forecast f = { k, (int)v->level_count, false, v->band[0] - story->worst_issued,
                             v->warning_s[k - 1], v->band[2] - story->worst_issued, 21600 };
    myk10_cap_warning w;
    myk10_cap_warning_init(&w);
    snprintf(headline, sizeof headline, "Hochwasser: Meldestufe %d für %s erwartet", k,
             node_name(story, v->node_index, name));
    w.identifier = "myk10-demo-1";
    w.sender = "hochwasser@kreis-myk.example";
    w.sent = story->worst_issued;
    w.utc_offset_min = story->display_offset / 60;
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
        status = myk10_cap_write(&xml, &size, &w);
    if (status == MYK10_OK)
        fprintf(out, "\n  CAP 1.2 alert for civil protection (%zu bytes): \"%s\"\n"
                     "  severity %s, urgency %s, certainty %s\n",
                size, headline, myk10_cap_severity_str(w.cls.severity),
                myk10_cap_urgency_str(w.cls.urgency), myk10_cap_certainty_str(w.cls.certainty));
    myk10_free(xml);
    return status;
}

static void free_story(flood_story *story)
{
    myk10_flood_forecaster_destroy(story->forecaster);
    for (size_t i = 0; i < story->gauge_count; i++) {
        myk10_gauge_destroy(story->gauges[i].gauge);
        myk10_rating_destroy(story->gauges[i].rating);
    }
    myk10_flood_network_destroy(story->network);
}

/* The hours of the night, from the first reading to the last. */
static myk10_status tell_forecasts(flood_story *story, const cli_demo *demo)
{
    myk10_measurement first, last;
    size_t count = myk10_measurements_count(demo->readings);
    myk10_status status = myk10_measurements_get(&first, demo->readings, 0);
    if (status == MYK10_OK)
        status = myk10_measurements_get(&last, demo->readings, count - 1);
    for (int64_t now = first.time + REPORT_EVERY_S; status == MYK10_OK && now <= last.time;
         now += REPORT_EVERY_S)
        status = forecast_hour(story, demo, now);
    if (status == MYK10_OK && story->worst.max_level > 0)
        status = write_worst_as_cap(story, demo->out);
    return status;
}

int cli_flood_demo_step(cli_demo *demo)
{
    flood_story story;
    memset(&story, 0, sizeof story);
    story.display_offset = 3600; /* CET, as the gauge chapter */
    if (myk10_measurements_count(demo->readings) == 0)
        return CLI_EXIT_OK; /* no gauge chapter before this one */

    myk10_status status = load_network(&story, demo->data_dir);
    if (status == MYK10_OK)
        status = myk10_flood_forecaster_create(&story.forecaster, story.network, NULL);
    if (status == MYK10_OK)
        status = load_gauges(&story, demo->data_dir);
    if (status == MYK10_OK) {
        fprintf(demo->out,
                "\n== Flood warnings ==\n"
                "  Every hour the levels feed the river network (%zu gauges, Muskingum-Cunge\n"
                "  routing, 6 h ahead); villages hear when a Meldestufe is expected, how\n"
                "  much warning that leaves (10-90 %% band) and which gauge drives it.\n\n",
                story.gauge_count);
        status = tell_forecasts(&story, demo);
    }
    free_story(&story);
    return status == MYK10_OK ? CLI_EXIT_OK : cli_report(status);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The flood module's chapter of `myk10 demo`: the water levels the gauge
 * frames delivered feed the gauges of the bundled river network; every hour
 * the forecaster tells each village which Meldestufe to expect, when, how
 * much warning that leaves and how sure it is, and the most severe warning
 * is written as a CAP 1.2 alert for civil protection. Between the hourly
 * reports the forecast is updated after every reading, as a warning centre
 * would run it, which shows how little an incremental update re-routes.
 */
#include <string.h>

#include "flood_setup.h"

#define REPORT_EVERY_S 3600

typedef struct flood_story {
    cli_flood flood;
    size_t next_reading;     /* readings fed so far (they come in time order) */
    int told_level[64];      /* per village: the level last told */
    myk10_flood_village_forecast worst; /* highest warning of the night */
    int64_t worst_issued;
    int32_t display_offset;
    /* the updates after single readings */
    size_t updates, full_updates, partial_routed, reaches_varying;
} flood_story;

/* Updates the forecast after one reading, as of its time. */
static myk10_status update_after_reading(flood_story *story, int64_t now)
{
    myk10_flood_run_stats stats;
    myk10_status status = myk10_flood_forecaster_run(story->flood.forecaster, now);
    if (status == MYK10_OK)
        status = myk10_flood_forecaster_run_stats(&stats, story->flood.forecaster);
    if (status != MYK10_OK)
        return status;
    story->updates++;
    story->reaches_varying = stats.reaches_varying;
    if (stats.full)
        story->full_updates++;
    else
        story->partial_routed += stats.reaches_routed;
    return MYK10_OK;
}

/* Feeds every reading up to `now` to its gauge. */
static myk10_status feed_readings(flood_story *story, const myk10_measurements *readings,
                                  int64_t now)
{
    myk10_measurement m;
    while (story->next_reading < myk10_measurements_count(readings) &&
           myk10_measurements_get(&m, readings, story->next_reading) == MYK10_OK &&
           m.time <= now) {
        myk10_gauge *gauge = cli_flood_gauge_of(&story->flood, m.device);
        myk10_reading_outcome outcome;
        myk10_status status = gauge ? myk10_gauge_add(gauge, &outcome, m.time, m.number, now)
                                    : MYK10_OK;
        if (status == MYK10_OK && gauge)
            status = update_after_reading(story, m.time);
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

/* The display name of a node given by id (the id itself if unknown). */
static const char *name_of_id(const flood_story *story, const char *id, char buf[96])
{
    size_t index;
    if (myk10_flood_network_find_node(&index, story->flood.network, id) != MYK10_OK)
        return id;
    return cli_flood_node_name(&story->flood, index, buf);
}

/* One sentence for a village whose expected Meldestufe changed. */
static void tell_village(flood_story *story, const myk10_flood_village_forecast *v, int told,
                         int64_t now, FILE *out)
{
    char clock[8], when[8], name[96], gauge[96];
    char warn[DURATION_CAP], early[DURATION_CAP], late[DURATION_CAP], lead[DURATION_CAP];
    int k = v->max_level;
    fprintf(out, "  %s  %-22s ", clock_of(story, now, clock), cli_flood_node_name(&story->flood, v->node_index, name));
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
        status = myk10_flood_forecaster_run(story->flood.forecaster, now);
    for (size_t i = 0; status == MYK10_OK &&
                    i < myk10_flood_forecaster_village_count(story->flood.forecaster) && i < 64; i++) {
        myk10_flood_village_forecast v;
        status = myk10_flood_forecaster_village(&v, story->flood.forecaster, i);
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
    char *xml = NULL, name[96];
    size_t size;
    myk10_status status = cli_flood_cap(&xml, &size, &story->flood, &story->worst,
                                        story->worst_issued, story->display_offset / 60);
    if (status == MYK10_OK)
        fprintf(out, "\n  CAP 1.2 alert for civil protection (%zu bytes): Meldestufe %d for %s,\n"
                     "  issued %lld min before it is expected\n", size, story->worst.max_level,
                cli_flood_node_name(&story->flood, story->worst.node_index, name),
                (long long)(story->worst.warning_s[story->worst.max_level - 1] / 60));
    myk10_free(xml);
    return status;
}

/* How much the updates after single readings re-routed. */
static void tell_updates(const flood_story *story, FILE *out)
{
    size_t partial = story->updates - story->full_updates;
    fprintf(out, "\n  Between the reports the forecast was updated after each of %zu readings:\n"
                 "  %zu updates began a new routing step and routed all %zu reaches below\n"
                 "  gauges; the other %zu re-routed %.1f reaches on average, only the branch\n"
                 "  below the gauge that reported.\n",
            story->updates, story->full_updates, story->reaches_varying, partial,
            partial ? (double)story->partial_routed / (double)partial : 0.0);
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
    if (status == MYK10_OK)
        tell_updates(story, demo->out);
    if (status == MYK10_OK && story->worst.max_level > 0)
        status = write_worst_as_cap(story, demo->out);
    return status;
}

int cli_flood_demo_step(cli_demo *demo)
{
    char rivers[1024], gauges[1024];
    flood_story story;
    memset(&story, 0, sizeof story);
    story.display_offset = 3600; /* CET, as the gauge chapter */
    if (myk10_measurements_count(demo->readings) == 0)
        return CLI_EXIT_OK; /* no gauge chapter before this one */

    snprintf(rivers, sizeof rivers, "%s/rivers.json", demo->data_dir);
    snprintf(gauges, sizeof gauges, "%s/gauges.json", demo->data_dir);
    int result = cli_flood_load(&story.flood, rivers, gauges, NULL);
    if (result == CLI_EXIT_OK) {
        fprintf(demo->out,
                "\n== Flood warnings ==\n"
                "  Every hour the levels feed the river network (%zu gauges, Muskingum-Cunge\n"
                "  routing, 6 h ahead); villages hear when a Meldestufe is expected, how\n"
                "  much warning that leaves (10-90 %% band) and which gauge drives it.\n\n",
                story.flood.gauge_count);
        myk10_status status = tell_forecasts(&story, demo);
        if (status != MYK10_OK)
            result = cli_report(status);
    }
    cli_flood_free(&story.flood);
    return result;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A flood warning in C: a gauge upstream of a village, its readings, the
 * forecast of when the village reaches each alert level, an update after
 * one more reading (which re-routes only what changed), and the warning as
 * CAP 1.2 XML.
 *     cc warn.c $(pkg-config --cflags --libs myk10) -o warn
 */
#include <stdio.h>

#include <myk10/myk10.h>

#define NOW 1700006400 /* 2023-11-15T00:00:00Z */

static int fail(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", what, myk10_status_name(myk10_last_error_code()),
            myk10_last_error());
    return 1;
}

/* Gauge "up" drains through a 2-hour Muskingum reach into village "mill". */
static myk10_status build_network(myk10_flood_network **out)
{
    const myk10_flood_node nodes[] = {
        { .id = "up", .name = "Upstream gauge", .kind = MYK10_FLOOD_GAUGE, .lat = 50.33, .lon = 7.22 },
        { .id = "mill", .name = "Mill village", .kind = MYK10_FLOOD_VILLAGE, .lat = 50.35, .lon = 7.30 },
        { .id = "mouth", .name = "Mouth", .kind = MYK10_FLOOD_OUTLET, .lat = 50.37, .lon = 7.40 },
    };
    const myk10_flood_reach reaches[] = {
        { .id = "upper", .from = "up", .to = "mill", .length_m = 7000,
          .method = MYK10_FLOOD_MUSKINGUM, .k_s = 7200, .x = 0.2 },
        { .id = "lower", .from = "mill", .to = "mouth", .length_m = 8000,
          .method = MYK10_FLOOD_LAG, .lag_s = 1800 },
    };
    const double alert_m3s[3] = { 20, 35, 50 }; /* Meldestufen 1-3 at the village */
    myk10_status st = myk10_flood_network_create(out);
    for (size_t i = 0; st == MYK10_OK && i < 3; i++)
        st = myk10_flood_network_add_node(*out, &nodes[i]);
    for (size_t i = 0; st == MYK10_OK && i < 2; i++)
        st = myk10_flood_network_add_reach(*out, &reaches[i]);
    if (st == MYK10_OK)
        st = myk10_flood_network_set_village_levels(*out, "mill", alert_m3s, 3);
    return st;
}

static void print_village(const myk10_flood_forecaster *fc)
{
    myk10_flood_village_forecast v;
    char when[MYK10_TIME_STRLEN];
    if (myk10_flood_forecaster_village(&v, fc, 0) != MYK10_OK || v.max_level == 0)
        return;
    int k = v.max_level;
    myk10_time_format(when, sizeof when, v.level_time[k - 1]);
    printf("%s: level %d expected at %s, warning time %lld min (band %lld-%lld min)\n",
           v.node_id, k, when, (long long)v.warning_s[k - 1] / 60,
           (long long)(v.band[0] - NOW) / 60, (long long)(v.band[2] - NOW) / 60);
}

static void print_update(const myk10_flood_forecaster *fc)
{
    myk10_flood_run_stats s;
    if (myk10_flood_forecaster_run_stats(&s, fc) == MYK10_OK)
        printf("update: %s, %zu of %zu reaches re-routed\n", s.full ? "full" : "incremental",
               s.reaches_routed, s.reaches_varying);
}

static myk10_status print_cap(const myk10_flood_forecaster *fc)
{
    myk10_flood_village_forecast v;
    myk10_cap_forecast f;
    myk10_cap_warning w;
    myk10_cap_warning_init(&w);
    myk10_status st = myk10_flood_forecaster_village(&v, fc, 0);
    if (st == MYK10_OK)
        st = myk10_cap_forecast_of_village(&f, &v, NOW, 6 * 3600); /* the default horizon */
    if (st == MYK10_OK)
        st = myk10_cap_classify(&w.cls, &f);
    w.identifier = "example-mill-1";
    w.sender = "warn@example.org";
    w.sent = NOW;
    w.event = "Hochwasser";
    w.level = v.max_level;
    w.level_count = (int)v.level_count;
    w.onset = v.max_level ? v.level_time[v.max_level - 1] : INT64_MIN;
    w.area_desc = "Mill village";
    w.has_circle = true;
    w.circle_center = (myk10_cap_point){ 50.35, 7.30 };
    w.circle_radius_km = 1.5;
    char *xml = NULL;
    size_t size = 0;
    if (st == MYK10_OK)
        st = myk10_cap_write(&xml, &size, &w);
    if (st == MYK10_OK)
        printf("%.*s\n", (int)size, xml);
    myk10_free(xml);
    return st;
}

int main(void)
{
    myk10_flood_network *net = NULL;
    myk10_flood_forecaster *fc = NULL;
    myk10_rating *rating = NULL;
    myk10_gauge *gauge = NULL;
    myk10_gauge_config gcfg;
    myk10_gauge_config_init(&gcfg);
    gcfg.id = "up";
    const myk10_rating_segment curve = { 0.1, 10, 12.0, 0.1, 1.6 }; /* Q = 12 (h - 0.1)^1.6 */
    int rc = 0;

    if (build_network(&net) != MYK10_OK || myk10_flood_forecaster_create(&fc, net, NULL) != MYK10_OK ||
        myk10_rating_create(&rating, &curve, 1) != MYK10_OK ||
        myk10_gauge_create(&gauge, &gcfg) != MYK10_OK ||
        myk10_flood_forecaster_attach_gauge(fc, "up", gauge, rating) != MYK10_OK)
        rc = fail("setup");
    /* readings every 15 min: 0.8 m, rising from 3 h ago to 2.4 m now */
    for (int64_t t = NOW - 12 * 3600; rc == 0 && t <= NOW - 900; t += 900) {
        double h = t < NOW - 3 * 3600 ? 0.8 : 0.8 + 1.6 * (double)(t - (NOW - 3 * 3600)) / (3 * 3600);
        if (myk10_gauge_add(gauge, NULL, t, h, NOW) != MYK10_OK)
            rc = fail("reading");
    }
    if (rc == 0 && myk10_flood_forecaster_run(fc, NOW) != MYK10_OK)
        rc = fail("forecast");
    if (rc == 0)
        print_village(fc);
    /* the reading of `now` arrives: the forecast is updated, not redone */
    if (rc == 0 && (myk10_gauge_add(gauge, NULL, NOW, 2.4, NOW) != MYK10_OK ||
                    myk10_flood_forecaster_run(fc, NOW) != MYK10_OK))
        rc = fail("update");
    if (rc == 0) {
        print_update(fc);
        print_village(fc);
    }
    if (rc == 0 && print_cap(fc) != MYK10_OK)
        rc = fail("cap");
    myk10_flood_forecaster_destroy(fc);
    myk10_gauge_destroy(gauge);
    myk10_rating_destroy(rating);
    myk10_flood_network_destroy(net);
    return rc;
}

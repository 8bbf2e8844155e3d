/* SPDX-License-Identifier: Apache-2.0 */
/* The flood network fuzz targets (JSON and GeoJSON) differ only in the
 * loader and writer they use. Invariants: no crash; a failure explains
 * itself; a loaded network is valid, writes back, and the written text loads
 * to the same text; a router can be built from it; a forecaster too, and
 * after one more reading its incremental run equals a fresh forecaster's. */
#ifndef MYK10_FUZZ_FLOOD_NETWORK_H
#define MYK10_FUZZ_FLOOD_NETWORK_H

#include <stdlib.h>
#include <string.h>

#include <myk10/flood.h>

typedef myk10_status (*network_load_fn)(myk10_flood_network **, const char *, size_t);
typedef myk10_status (*network_save_fn)(char **, size_t *, const myk10_flood_network *);

#define FUZZ_NOW 1795737600 /* 2026-11-27T00:00:00Z */

/* A forecaster with short windows, a gauge with readings on the first gauge
 * node (if any), run at FUZZ_NOW; NULL when the network needs more segments
 * than a forecaster allows. */
static inline myk10_flood_forecaster *fuzz_forecaster(const myk10_flood_network *net,
                                                      myk10_gauge *gauge,
                                                      const myk10_rating *rating)
{
    myk10_flood_forecast_config cfg;
    myk10_flood_forecast_config_init(&cfg);
    cfg.warmup_s = 3600;
    cfg.horizon_s = 3600;
    myk10_flood_forecaster *fc = NULL;
    myk10_status st = myk10_flood_forecaster_create(&fc, net, &cfg);
    if (st != MYK10_OK) {
        if (st != MYK10_ERANGE && st != MYK10_ENOMEM)
            abort();
        return NULL;
    }
    myk10_flood_node node;
    for (size_t i = 0; i < myk10_flood_network_node_count(net); i++)
        if (myk10_flood_network_node(&node, net, i) == MYK10_OK &&
            node.kind == MYK10_FLOOD_GAUGE) {
            if (myk10_flood_forecaster_attach_gauge(fc, node.id, gauge, rating) != MYK10_OK)
                abort();
            break;
        }
    if (myk10_flood_forecaster_run(fc, FUZZ_NOW) != MYK10_OK)
        abort();
    return fc;
}

static inline int same_village(const myk10_flood_village_forecast *a,
                               const myk10_flood_village_forecast *b)
{
    return a->current_m3s == b->current_m3s && a->peak_m3s == b->peak_m3s &&
           a->peak_time == b->peak_time && a->max_level == b->max_level &&
           memcmp(a->level_time, b->level_time, sizeof a->level_time) == 0 &&
           memcmp(a->band, b->band, sizeof a->band) == 0 && a->stale == b->stale &&
           a->routed_only == b->routed_only && strcmp(a->path, b->path) == 0;
}

/* Forecasts, then one more reading: incremental and fresh runs must agree. */
static inline void fuzz_forecast(const myk10_flood_network *net)
{
    myk10_gauge_config gcfg;
    myk10_gauge_config_init(&gcfg);
    gcfg.id = "fuzz";
    myk10_rating_segment curve = { 0, 100, 3.0, 0, 1.5 };
    myk10_gauge *gauge = NULL;
    myk10_rating *rating = NULL;
    if (myk10_gauge_create(&gauge, &gcfg) != MYK10_OK ||
        myk10_rating_create(&rating, &curve, 1) != MYK10_OK)
        abort();
    for (int k = 4; k >= 1; k--)
        (void)myk10_gauge_add(gauge, NULL, FUZZ_NOW - 900 * k, 0.5 + 0.1 * k, FUZZ_NOW);
    myk10_flood_forecaster *fc = fuzz_forecaster(net, gauge, rating);
    if (fc) {
        (void)myk10_gauge_add(gauge, NULL, FUZZ_NOW - 300, 2.5, FUZZ_NOW);
        if (myk10_flood_forecaster_run(fc, FUZZ_NOW) != MYK10_OK)
            abort();
        myk10_flood_forecaster *fresh = fuzz_forecaster(net, gauge, rating);
        for (size_t v = 0; fresh && v < myk10_flood_forecaster_village_count(fc); v++) {
            myk10_flood_village_forecast a, b;
            if (myk10_flood_forecaster_village(&a, fc, v) != MYK10_OK ||
                myk10_flood_forecaster_village(&b, fresh, v) != MYK10_OK || !same_village(&a, &b))
                abort();
        }
        myk10_flood_forecaster_destroy(fresh);
    }
    myk10_flood_forecaster_destroy(fc);
    myk10_rating_destroy(rating);
    myk10_gauge_destroy(gauge);
}

/* The whole target for one format: `load` and `save` are its loader and writer. */
static inline int fuzz_flood_network(const uint8_t *data, size_t size, network_load_fn load,
                                     network_save_fn save)
{
    myk10_flood_network *net = NULL;
    if (load(&net, (const char *)data, size) != MYK10_OK) {
        if (myk10_last_error()[0] == '\0')
            abort(); /* every failure must explain itself */
        return 0;
    }
    if (myk10_flood_network_validate(net) != MYK10_OK)
        abort();
    char *one = NULL, *two = NULL;
    size_t len = 0;
    myk10_flood_network *back = NULL;
    if (save(&one, &len, net) != MYK10_OK ||
        load(&back, one, len) != MYK10_OK ||
        save(&two, NULL, back) != MYK10_OK || strcmp(one, two) != 0)
        abort();
    myk10_flood_router *router = NULL;
    myk10_status st = myk10_flood_router_create(&router, net, 900, MYK10_FLOOD_ADAPT);
    if (st == MYK10_OK)
        myk10_flood_router_route(router, NULL, NULL, 4);
    else if (st != MYK10_ERANGE && st != MYK10_ENOMEM)
        abort();
    myk10_flood_router_destroy(router);
    fuzz_forecast(net);
    myk10_free(one);
    myk10_free(two);
    myk10_flood_network_destroy(back);
    myk10_flood_network_destroy(net);
    return 0;
}

#endif /* MYK10_FUZZ_FLOOD_NETWORK_H */

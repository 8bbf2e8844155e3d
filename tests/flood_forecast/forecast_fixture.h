/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the forecast test suites: small networks from tables,
 * the identity rating (stage in m reads as m³/s), gauges fed from a
 * function, and the one-gauge set-up most tests start from.
 */
#ifndef MYK10_TEST_FORECAST_FIXTURE_H
#define MYK10_TEST_FORECAST_FIXTURE_H

#include <myk10/flood.h>

#define NOW 1700006400LL /* a multiple of 300 s */
#define H 3600.0

typedef struct nspec {
    const char *id;
    myk10_flood_node_kind kind;
    double baseflow;
} nspec;

typedef struct rspec {
    const char *id, *from, *to;
    myk10_flood_method method;
    double lag_s, k_s, x;
} rspec;

/* The line most tests route on: gauge "g" -> village "v" -> outlet "o",
 * no baseflows; reach r1 from g to v as the test needs it, r2 from v to the
 * outlet with 100 s of lag. */
extern const nspec line_nodes[3];
#define LINE_REACHES(method, lag_s, k_s, x)                                                   \
    { { "r1", "g", "v", (method), (lag_s), (k_s), (x) },                                      \
      { "r2", "v", "o", MYK10_FLOOD_LAG, 100, 0, 0 } }

/* A validated network of nn nodes and nr reaches (1 km each). */
myk10_flood_network *make_net(const nspec *n, size_t nn, const rspec *r, size_t nr);

/* Q = h (a = 1, h0 = 0, b = 1). */
myk10_rating *identity_rating(void);

/* A gauge with the default configuration. */
myk10_gauge *make_gauge(const char *id);

/* Readings every 900 s from `from` to `to` (inclusive) of fn. */
void feed(myk10_gauge *g, double (*fn)(double), int64_t from, int64_t to);

/* The forecast of the village with this id after a run. */
myk10_flood_village_forecast village(const myk10_flood_forecaster *fc, const char *id);

/* Network with a gauge "g" and a village "v", the forecaster, and the gauge
 * fed with fn every 900 s from now−12 h to `last` and attached. */
typedef struct one_gauge {
    myk10_flood_network *net;
    myk10_flood_forecaster *fc;
    myk10_gauge *g;
    myk10_rating *rating;
} one_gauge;

typedef struct one_gauge_spec {
    const nspec *nodes;
    size_t node_count;
    const rspec *reaches;
    size_t reach_count;
    const double *thresholds; /* of village "v" */
    size_t threshold_count;
    const myk10_flood_forecast_config *config; /* NULL: defaults */
    double (*level)(double t);
    int64_t last;             /* newest reading */
} one_gauge_spec;

one_gauge one_gauge_open(const one_gauge_spec *spec);
void one_gauge_close(one_gauge *x);

#endif

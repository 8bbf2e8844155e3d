/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private layout of the forecaster, shared by forecast.c (creation) and
 * forecast_run.c (runs and results). Never installed.
 */
#ifndef MYK10_FORECAST_INTERNAL_H
#define MYK10_FORECAST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/flood.h>

#define MAX_SEGMENTS 1000000u
#define MAX_RANGE_S (30 * 86400)
#define TIME_MIN (-62167219200LL) /* 0000-01-01T00:00:00Z */
#define TIME_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */
#define NO_NODE UINT32_MAX
#define CENTRAL (MYK10_FLOOD_ENSEMBLE / 2)

typedef struct fc_reach {
    uint32_t from, to;
    double lateral;
    bool lag;
    double k, x; /* K (lag time for lag reaches) and X */
} fc_reach;

typedef struct fc_plan {
    size_t first;   /* offset into the member's state arrays */
    uint32_t n;     /* Muskingum: sub-reaches; lag: ring length m+2 */
    uint32_t sub;   /* Muskingum: time sub-steps */
    uint32_t m;     /* lag: whole steps */
    uint32_t head;  /* lag: ring position of the newest inflow */
    double c0, c1, c2; /* Muskingum coefficients; lag: f in c0 */
} fc_plan;

typedef struct fc_member {
    double scale;
    fc_plan *plan;  /* per reach */
    double *s_in, *s_out;
    size_t seg_count;
} fc_member;

typedef struct fc_gauge {   /* per node (only gauge nodes used) */
    myk10_gauge *gauge;
    const myk10_rating *rating;
    bool valid, stale;
    int level;
    int64_t raised0;
    double q_now;
    double *series;         /* T+1 discharges, for gauge nodes */
} fc_gauge;

struct myk10_flood_forecaster {
    myk10_flood_forecast_config cfg;
    size_t node_count, reach_count, village_count;
    size_t steps_warm, steps_horizon; /* W and H; T = W + H */
    char **node_id;
    myk10_flood_node_kind *kind;
    double *baseflow;
    uint32_t *down_to;      /* node below each node, NO_NODE at outlets */
    fc_reach *reach;        /* topological order */
    fc_member member[MYK10_FLOOD_ENSEMBLE];
    fc_gauge *g;            /* per node */
    double *acc;            /* per node, flow of the current step */
    /* villages */
    uint32_t *v_node;
    size_t *v_levels;
    double (*v_q)[MYK10_ALERT_MAX_LEVELS];
    int32_t *v_of_node;     /* village index per node, -1 */
    double *v_prev;
    double (*v_time)[MYK10_FLOOD_ENSEMBLE][MYK10_ALERT_MAX_LEVELS]; /* NAN = not reached */
    myk10_flood_village_forecast *result;
    char **v_path;
    size_t *v_path_cap;
    int32_t *v_hops;        /* scratch: hops to the nearest gauge node upstream */
    int32_t *v_near;        /* scratch: that gauge node, or -1 */
    int32_t *v_best;        /* scratch: best valid driving gauge node, or -1 */
    int64_t *v_raise;       /* scratch: earliest raised_at[0] upstream */
    bool ran;
};

#endif /* MYK10_FORECAST_INTERNAL_H */

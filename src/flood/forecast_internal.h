/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private layout of the forecaster, shared by forecast.c (creation),
 * forecast_run.c (gauge series, routing, what changed) and forecast_result.c
 * (level crossings and village results). Never installed.
 */
#ifndef MYK10_FORECAST_INTERNAL_H
#define MYK10_FORECAST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/flood.h>

#include "flood/flood_internal.h"

#define MAX_SEGMENTS 1000000u
#define MAX_STEPS 10000000u
#define MAX_RANGE_S (30 * 86400)
#define TIME_MIN (-62167219200LL) /* 0000-01-01T00:00:00Z */
#define TIME_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */
#define NO_NODE UINT32_MAX
#define NOT_CHANGED UINT32_MAX
#define CENTRAL (MYK10_FLOOD_ENSEMBLE / 2)

/* A reach, in topological order (after every reach ending at its upstream node). */
typedef struct fc_reach {
    uint32_t from, to;
    double lateral;
    bool lag;
    double k, x;      /* K (the lag time for lag reaches) and X */
} fc_reach;

/* How one ensemble member routes one reach, and where its series are kept. */
typedef struct fc_plan {
    uint32_t n;        /* Muskingum: sub-reaches; lag: ring length m+2 */
    uint32_t sub;      /* Muskingum: time sub-steps; 0 marks a lag reach */
    uint32_t m;        /* lag: whole steps */
    double c0, c1, c2; /* Muskingum coefficients; lag: the fraction f in c0 */
    /* Offset in forecaster::outflow of the kept series (varying reaches):
     * Muskingum keeps every sub-reach's outflow, the last being the reach's,
     * so that a run can resume from any step; lag keeps its outflow. */
    size_t kept;
} fc_plan;

typedef struct fc_member {
    double scale;      /* K and lag multiplier */
    fc_plan *plan;     /* per reach */
} fc_member;

/*
 * A gauge node's observed inflow series and what it was computed from.
 * The series is recomputed only when that key changes (forecast_run.c).
 */
typedef struct fc_gauge {
    myk10_gauge *gauge;        /* attached, borrowed; NULL = routed value */
    const myk10_rating *rating;
    bool valid, stale;
    int level;
    int64_t raised0;
    double q_last;             /* discharge of the newest usable reading (valid only) */
    double *series;            /* T+1 discharges on the grid */
    uint32_t changed_from;     /* first grid point the current run changed, or NOT_CHANGED */
    bool refreshed;            /* its series was recomputed by the current run */
    /* cache key */
    bool cached;
    const myk10_gauge *key_gauge;
    const myk10_rating *key_rating;
    uint64_t key_revision;
    int64_t key_now;
    bool key_stale;            /* the gauge's own staleness at key_now */
} fc_gauge;

/* What a node passes down, or a village gathers (forecast_facts.c). */
typedef struct fc_facts {
    int32_t best;     /* best valid gauge node not hidden by another, or -1 */
    int32_t near;     /* nearest gauge node at or above, or -1 */
    int32_t hops;     /* reaches to it */
    int64_t raise;    /* earliest raised_at[0] of the gauges above */
    bool stale;       /* a gauge not hidden was stale */
    bool routed_only; /* a gauge node not hidden had no valid reading */
} fc_facts;

struct myk10_flood_forecaster {
    myk10_flood_forecast_config cfg;
    size_t node_count, reach_count, village_count;
    size_t steps;             /* T: the grid has T+1 points t0 + j·dt */
    char **node_id;
    myk10_flood_node_kind *kind;
    uint32_t *down_to;        /* node below each node, NO_NODE at outlets */
    uint32_t *down_reach;     /* reach leaving each node (topological index), NO_NODE */
    fc_reach *reach;          /* topological order */
    fc_member member[MYK10_FLOOD_ENSEMBLE];
    size_t max_segments;      /* the largest fc_plan::n of any member */
    double *seg_in, *seg_out; /* routing scratch: max_segments per member */

    /* Nodes at or below a gauge node vary in time; the rest stay steady. */
    bool *varies;             /* per node */
    double *steady;           /* per node: baseflow plus the steady reaches ending there */
    uint32_t *up_first;       /* per node + 1: its varying upstream reaches, CSR */
    uint32_t *up_reach;
    uint32_t *varying;        /* varying reaches, topological order */
    size_t varying_count;
    double *outflow;          /* kept series, T+1 each (fc_plan::kept) */
    double *inflow;           /* scratch: T+1 per member */
    double *gauge_scratch;    /* scratch: T+1 */
    fc_gauge *g;              /* per node (gauge nodes only used) */
    uint32_t *gauge_nodes;    /* the gauge nodes, in network order */
    size_t gauge_count;

    /* What the last run computed from; a run reuses what did not change. */
    bool primed;              /* outflow and gauge series hold a complete run */
    int64_t grid_base;        /* t0 = grid_base · dt */
    int64_t last_now;
    uint8_t *queued;          /* per node, scratch of a run: its way down is listed */
    uint32_t *changed_from;   /* per node, scratch of a run: first grid point whose
                                 inflow changed, NOT_CHANGED if none */
    uint32_t *work;           /* scratch: the reaches below refreshed gauges, topological order */
    size_t work_count;
    myk10_flood_run_stats stats;

    /* villages */
    uint32_t *v_node;
    size_t *v_levels;
    double (*v_q)[MYK10_ALERT_MAX_LEVELS];
    int32_t *v_of_node;       /* village index per node, -1 */
    double (*v_time)[MYK10_FLOOD_ENSEMBLE][MYK10_ALERT_MAX_LEVELS]; /* NAN = not reached */
    myk10_flood_village_forecast *result;
    char **v_path;
    size_t *v_path_cap;
    int32_t *v_path_of;       /* the gauge node v_path starts at, -1 none, -2 not written */
    fc_facts *v_facts;
    fc_facts *facts;          /* per node: what it passes down (varying nodes only) */
    flood_index ids;          /* node id -> index, keys in node_id */
    bool ran;
};

/* Index of the last grid point at or before `now` (the grid must cover it). */
size_t fc_grid_index(const struct myk10_flood_forecaster *f, int64_t now);

/* series (T+1 points on the grid) at `now`, interpolated linearly. */
double fc_at_now(const struct myk10_flood_forecaster *f, const double *series, int64_t now);

/* Time of grid point j. */
static inline double fc_time(const struct myk10_flood_forecaster *f, size_t j)
{
    return ((double)f->grid_base + (double)j) * f->cfg.dt_s;
}

/* Series kept by a plan: a lag reach's outflow, or a Muskingum reach's
 * sub-reach outflows one after the other. */
static inline size_t fc_kept_count(const fc_plan *p)
{
    return p->sub == 0 ? 1 : p->n;
}

/* Outflow series of member m of varying reach ri (topological index). */
static inline double *fc_outflow(const struct myk10_flood_forecaster *f, size_t ri, int m)
{
    const fc_plan *p = &f->member[m].plan[ri];
    return f->outflow + p->kept + (fc_kept_count(p) - 1) * (f->steps + 1);
}

/* Flow leaving node u for member m at grid points from..T, into out[from..T]. */
void fc_node_series(const struct myk10_flood_forecaster *f, uint32_t u, int m, double *out,
                    size_t from);

/* Level crossings, flows at `now` and peaks of village v from the series. */
void fc_observe_village(struct myk10_flood_forecaster *f, size_t v, int64_t now);

/* Gathers what drives every village (f->v_facts) from the gauges' state:
 * along the work list, or everywhere when `full`. */
void fc_upstream_facts(struct myk10_flood_forecaster *f, bool full);

/* The per-village results after the routing of a run. */
void fc_finish(struct myk10_flood_forecaster *f, int64_t now, bool full);

/* Clears what every node passes down and every village gathers. */
void fc_facts_init(struct myk10_flood_forecaster *f);

#endif /* MYK10_FORECAST_INTERNAL_H */

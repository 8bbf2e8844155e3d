/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Forecast results: level crossings, flows at `now` and peaks per village
 * and member, the ensemble band, the driving gauge and its path.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/forecast_internal.h"

/* ------------------------------------------------------------ crossings */

/* Crossings of member m (series q on the grid) from `now` to the horizon's
 * end; for the central member also the flow at `now` and the peak. */
static void observe_member(myk10_flood_forecaster *f, size_t v, int m, const double *q,
                           int64_t now)
{
    myk10_flood_village_forecast *res = &f->result[v];
    double *slot = f->v_time[v][m];
    double end = (double)now + (double)f->cfg.horizon_s;
    double tp = (double)now, qp = fc_at_now(f, q, now);
    for (size_t k = 0; k < MYK10_ALERT_MAX_LEVELS; k++)
        slot[k] = k < f->v_levels[v] && qp >= f->v_q[v][k] ? tp : NAN;
    if (m == CENTRAL) {
        res->current_m3s = res->peak_m3s = qp;
        res->peak_time = now;
    }
    for (size_t j = fc_grid_index(f, now) + 1; j <= f->steps && tp < end; j++) {
        double t = fc_time(f, j), qj = q[j];
        if (m == CENTRAL && t <= end && qj > res->peak_m3s) {
            res->peak_m3s = qj;
            res->peak_time = (int64_t)llround(t);
        }
        for (size_t k = 0; k < f->v_levels[v]; k++) {
            double thr = f->v_q[v][k];
            if (!isnan(slot[k]) || qj < thr)
                continue;
            double tc = tp + (t - tp) * (thr - qp) / (qj - qp);
            slot[k] = tc <= end ? tc : INFINITY; /* first crossing, but too late */
        }
        tp = t;
        qp = qj;
    }
    for (size_t k = 0; k < MYK10_ALERT_MAX_LEVELS; k++)
        if (isinf(slot[k]))
            slot[k] = NAN;
}

/* A village no gauge reaches: its steady flow all the time, so the level
 * it is at now is reached now and no other ever (what observe_member()
 * finds on a constant series, without reading one). */
static void observe_steady(myk10_flood_forecaster *f, size_t v, int64_t now)
{
    double q = f->steady[f->v_node[v]];
    myk10_flood_village_forecast *res = &f->result[v];
    res->current_m3s = res->peak_m3s = q;
    res->peak_time = now;
    for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++)
        for (size_t k = 0; k < MYK10_ALERT_MAX_LEVELS; k++)
            f->v_time[v][m][k] = k < f->v_levels[v] && q >= f->v_q[v][k] ? (double)now : NAN;
}

void fc_observe_village(myk10_flood_forecaster *f, size_t v, int64_t now)
{
    if (!f->varies[f->v_node[v]]) {
        observe_steady(f, v, now);
        return;
    }
    size_t from = fc_grid_index(f, now); /* nothing before `now` is read */
    for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++) {
        fc_node_series(f, f->v_node[v], m, f->inflow, from);
        observe_member(f, v, m, f->inflow, now);
    }
}

/* ------------------------------------------------------------ results */
static int64_t as_time(double t)
{
    return isnan(t) || isinf(t) ? MYK10_TIME_NONE : (int64_t)llround(t);
}

/* Hyndman–Fan type 7 quantile of `x` (n values, NaN = never: +inf). */
static double quantile(const double *x, size_t n, double p)
{
    double s[MYK10_FLOOD_ENSEMBLE];
    for (size_t i = 0; i < n; i++) {
        double v = isnan(x[i]) ? INFINITY : x[i];
        size_t k = i;
        while (k > 0 && s[k - 1] > v) {
            s[k] = s[k - 1];
            k--;
        }
        s[k] = v;
    }
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    double w = h - (double)lo;
    if (w == 0 || lo + 1 >= n)
        return s[lo];
    if (isinf(s[lo + 1]))
        return INFINITY;
    return s[lo] + w * (s[lo + 1] - s[lo]);
}

/* "gauge > ... > village", rewritten only when the driving gauge changed. */
static void write_path(myk10_flood_forecaster *f, size_t v, int32_t from)
{
    char *p = f->v_path[v];
    size_t cap = f->v_path_cap[v], len = 0;
    if (f->v_path_of[v] == from)
        return;
    f->v_path_of[v] = from;
    p[0] = '\0';
    if (from < 0)
        return;
    for (uint32_t n = (uint32_t)from;; n = f->down_to[n]) {
        const char *id = f->node_id[n];
        size_t need = strlen(id) + (len ? 3 : 0);
        if (len + need + 1 > cap)
            break; /* cannot happen: sized at creation */
        if (len) {
            memcpy(p + len, " > ", 3);
            len += 3;
        }
        memcpy(p + len, id, strlen(id) + 1);
        len += strlen(id);
        if (n == f->v_node[v] || f->down_to[n] == NO_NODE)
            break;
    }
}

void fc_finish(myk10_flood_forecaster *f, int64_t now, bool full)
{
    fc_upstream_facts(f, full);
    for (size_t v = 0; v < f->village_count; v++) {
        myk10_flood_village_forecast *r = &f->result[v];
        const fc_facts *facts = &f->v_facts[v];
        size_t node = f->v_node[v];
        r->node_index = node;
        r->node_id = f->node_id[node];
        r->level_count = f->v_levels[v];
        r->current_level = r->max_level = 0;
        for (size_t k = 0; k < MYK10_ALERT_MAX_LEVELS; k++) {
            r->level_time[k] = r->warning_s[k] = r->lead_won_s[k] = MYK10_TIME_NONE;
            if (k >= f->v_levels[v])
                continue;
            if (r->current_m3s >= f->v_q[v][k])
                r->current_level = (int)k + 1;
            int64_t t = as_time(f->v_time[v][CENTRAL][k]);
            if (t == MYK10_TIME_NONE)
                continue;
            r->max_level = (int)k + 1;
            r->level_time[k] = t;
            r->warning_s[k] = t - now;
            if (facts->raise != MYK10_TIME_NONE)
                r->lead_won_s[k] = t - facts->raise;
        }
        r->band[0] = r->band[1] = r->band[2] = MYK10_TIME_NONE;
        if (r->max_level > 0) {
            static const double ps[3] = { 0.1, 0.5, 0.9 };
            double arr[MYK10_FLOOD_ENSEMBLE];
            for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++)
                arr[m] = f->v_time[v][m][r->max_level - 1];
            for (int i = 0; i < 3; i++)
                r->band[i] = as_time(quantile(arr, MYK10_FLOOD_ENSEMBLE, ps[i]));
        }
        r->stale = facts->stale;
        r->routed_only = facts->routed_only;
        int32_t d = facts->best >= 0 ? facts->best : facts->near;
        r->driving_gauge = d >= 0 ? f->node_id[d] : NULL;
        write_path(f, v, d);
        r->path = f->v_path[v];
    }
}

myk10_status myk10_flood_forecaster_village(myk10_flood_village_forecast *out,
                                            const myk10_flood_forecaster *f, size_t index)
{
    if (!out || !f)
        return myk10__fail(MYK10_EINVAL, "flood: out or forecaster is NULL");
    if (index >= f->village_count)
        return myk10__fail(MYK10_ERANGE, "flood: village index %zu >= %zu", index,
                           f->village_count);
    if (!f->ran)
        return myk10__fail(MYK10_ESTATE, "flood: forecaster has no successful run");
    *out = f->result[index];
    return MYK10_OK;
}

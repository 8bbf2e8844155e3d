/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Forecast runs: gauge series with substitution, ensemble routing reach by
 * reach over the whole grid, and the bookkeeping that lets a run re-route
 * only the branches below gauges whose series changed.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"
#include "flood/forecast_internal.h"
#include "flood/gauge_internal.h"

/* ------------------------------------------------------------ the grid */

size_t fc_grid_index(const myk10_flood_forecaster *f, int64_t now)
{
    double t = (double)now;
    size_t j = (size_t)floor((t - fc_time(f, 0)) / f->cfg.dt_s);
    while (j > 0 && fc_time(f, j) > t) /* guard the division's rounding */
        j--;
    while (j + 1 < f->steps && fc_time(f, j + 1) <= t)
        j++;
    return j;
}

double fc_at_now(const myk10_flood_forecaster *f, const double *series, int64_t now)
{
    size_t j = fc_grid_index(f, now);
    double tj = fc_time(f, j);
    if ((double)now == tj)
        return series[j];
    return series[j] + (series[j + 1] - series[j]) * ((double)now - tj) / f->cfg.dt_s;
}

/* ------------------------------------------------------------ gauge series */

typedef struct usable {
    int64_t t;
    double level, q;
} usable;

/* Next accepted reading at or before `now` whose stage the curve covers. */
static bool next_usable(usable *u, const fc_gauge *g, size_t *idx, size_t count, int64_t now)
{
    myk10_reading r;
    while (*idx < count) {
        if (myk10_gauge_reading(&r, g->gauge, (*idx)++) != MYK10_OK)
            return false;
        double q;
        if (r.spike || r.time > now ||
            myk10_rating_discharge(&q, g->rating, r.level_m) != MYK10_OK)
            continue;
        u->t = r.time;
        u->level = r.level_m;
        u->q = q;
        return true;
    }
    return false;
}

/* The gauge's discharge on the grid into out[0..T]: linear between usable
 * readings, then persisted or extended along the trend (see flood.h). */
static void fill_series(const myk10_flood_forecaster *f, fc_gauge *g, double *out, int64_t now)
{
    myk10_gauge_status st;
    g->valid = g->stale = false;
    g->level = 0;
    g->raised0 = MYK10_TIME_NONE;
    if (!g->gauge || myk10_gauge_get_status(&st, g->gauge, now) != MYK10_OK)
        return;
    g->stale = st.stale;
    g->level = st.alert.level;
    g->raised0 = st.alert.level > 0 ? st.alert.raised_at[0] : MYK10_TIME_NONE;
    size_t count = myk10_gauge_count(g->gauge), idx = 0;
    usable a, b;
    if (!next_usable(&a, g, &idx, count, now)) {
        g->stale = true; /* nothing usable at or before now: as good as silent */
        return;
    }
    if (st.stale)
        return;
    g->valid = true;
    bool have_b = next_usable(&b, g, &idx, count, now);
    double rise_m_per_s = isfinite(st.rise_cm_per_h) ? st.rise_cm_per_h / 100.0 / 3600.0 : 0;
    double q = a.q;
    for (size_t j = 0; j <= f->steps; j++) {
        double t = fc_time(f, j);
        while (have_b && (double)b.t <= t) {
            a = b;
            have_b = next_usable(&b, g, &idx, count, now);
        }
        if (t <= (double)a.t) {
            q = a.q;
        } else if (have_b) {
            q = a.q + (b.q - a.q) * (t - (double)a.t) / (double)(b.t - a.t);
        } else if (f->cfg.inflow == MYK10_FLOOD_INFLOW_TREND) {
            double h = a.level + rise_m_per_s * (t - (double)a.t), qt;
            if (myk10_rating_discharge(&qt, g->rating, h) == MYK10_OK)
                q = qt; /* else hold the last value where the curve ends */
        } else {
            q = a.q;
        }
        out[j] = q;
    }
    g->q_last = a.q;
}

/*
 * Would fill_series() give what it gave last time? It reads the readings
 * (the revision says whether they changed), the attachment, and `now` only
 * through the gauge's staleness and which readings lie at or before it.
 */
static bool gauge_key_holds(const fc_gauge *g, int64_t now)
{
    if (!g->cached || g->key_gauge != g->gauge || g->key_rating != g->rating)
        return false;
    if (!g->gauge)
        return true;
    if (gauge__revision(g->gauge) != g->key_revision)
        return false;
    if (now == g->key_now)
        return true;
    int64_t earlier = now < g->key_now ? now : g->key_now;
    return gauge__newest_time(g->gauge) <= earlier &&
           gauge__is_stale(g->gauge, now) == g->key_stale;
}

/* First grid point where two series differ, or NOT_CHANGED. */
static uint32_t first_difference(const double *a, const double *b, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (memcmp(&a[j], &b[j], sizeof a[j]) != 0)
            return (uint32_t)j;
    return NOT_CHANGED;
}

/* Recomputes the gauge's series when its key moved (g->refreshed says whether
 * it did); returns the first grid point at which the flow it puts into the
 * network changed (NOT_CHANGED). */
static uint32_t refresh_gauge(myk10_flood_forecaster *f, fc_gauge *g, int64_t now, bool full)
{
    g->refreshed = full || !gauge_key_holds(g, now);
    if (!g->refreshed)
        return NOT_CHANGED;
    f->stats.gauges_refreshed++;
    bool was_valid = g->valid;
    fill_series(f, g, f->gauge_scratch, now);
    size_t n = f->steps + 1;
    uint32_t from = NOT_CHANGED;
    if (full || was_valid != g->valid)
        from = 0;
    else if (g->valid)
        from = first_difference(g->series, f->gauge_scratch, n);
    if (g->valid)
        memcpy(g->series, f->gauge_scratch, n * sizeof *g->series);
    g->cached = true;
    g->key_gauge = g->gauge;
    g->key_rating = g->rating;
    g->key_revision = g->gauge ? gauge__revision(g->gauge) : 0;
    g->key_now = now;
    g->key_stale = g->gauge ? gauge__is_stale(g->gauge, now) : false;
    return from;
}

/* ------------------------------------------------------------ routing */

void fc_node_series(const myk10_flood_forecaster *f, uint32_t u, int m, double *out, size_t from)
{
    size_t n = f->steps + 1;
    if (f->g[u].valid) { /* substituted: the observation replaces what was routed */
        memcpy(out + from, f->g[u].series + from, (n - from) * sizeof *out);
        return;
    }
    uint32_t k = f->up_first[u], end = f->up_first[u + 1];
    double steady = f->steady[u];
    if (k == end) {
        for (size_t j = from; j < n; j++)
            out[j] = steady;
        return;
    }
    const double *o = fc_outflow(f, f->up_reach[k], m); /* the first sets, the others add */
    for (size_t j = from; j < n; j++)
        out[j] = steady + o[j];
    for (k++; k < end; k++) {
        o = fc_outflow(f, f->up_reach[k], m);
        for (size_t j = from; j < n; j++)
            out[j] += o[j];
    }
}

/* Lag from grid point `from` on: O[j] = (1−f)·I[j−m] + f·I[j−m−1], the
 * steady inflow before the grid. Reads `in` from from−m−1 on (from 0 when
 * `from` is 0). */
static void route_lag(const fc_plan *p, const double *in, double *out, size_t from, size_t steps)
{
    double fr = p->c0;
    if (from == 0)
        out[from++] = in[0];
    for (size_t j = from; j <= steps; j++) {
        double a = j >= p->m ? in[j - p->m] : in[0];
        double b = j >= (size_t)p->m + 1 ? in[j - p->m - 1] : in[0];
        out[j] = (1 - fr) * a + fr * b;
    }
}

/* One step of Muskingum over N sub-reaches and S sub-steps, the inflow
 * linear within the step (and exactly `inflow` at its end, so that the
 * state after a step is the step's inflow and its sub-reaches' outflows,
 * which is what lets a later run resume from any step). */
static inline void muskingum_step(const fc_plan *p, double *s_in, double *s_out, double inflow)
{
    double i0 = s_in[0], x = inflow;
    for (uint32_t s = 1; s <= p->sub; s++) {
        x = s == p->sub ? inflow : i0 + (inflow - i0) * (double)s / (double)p->sub;
        for (uint32_t i = 0; i < p->n; i++) {
            double o = p->c0 * x + p->c1 * s_in[i] + p->c2 * s_out[i];
            if (o < 0)
                o = 0; /* only possible for X = 0.5, whose window is a single point */
            s_in[i] = x;
            s_out[i] = o;
            x = o;
        }
    }
}

/* The state before step `from`: the steady state of in[0] at the start,
 * else the inflow and kept sub-reach outflows of step from−1. */
static void resume_muskingum(const fc_plan *p, const double *in, double *kept, size_t points,
                             size_t from, double *s_in, double *s_out)
{
    for (uint32_t i = 0; i < p->n; i++) {
        if (from == 0) {
            s_in[i] = s_out[i] = kept[i * points] = in[0];
            continue;
        }
        s_in[i] = i == 0 ? in[from - 1] : kept[(i - 1) * points + from - 1];
        s_out[i] = kept[i * points + from - 1];
    }
}

/*
 * Muskingum for the members whose plan is one, from grid point `from` on,
 * keeping every sub-reach's outflow. The members are independent, so
 * stepping them together lets the CPU overlap their chains of dependent
 * multiply-adds, which one member alone would leave waiting.
 */
static void route_muskingum_members(const myk10_flood_forecaster *f, const fc_plan *const *plan,
                                    double *const *in, int members, size_t from)
{
    double *s_in[MYK10_FLOOD_ENSEMBLE], *s_out[MYK10_FLOOD_ENSEMBLE], *kept[MYK10_FLOOD_ENSEMBLE];
    size_t points = f->steps + 1;
    for (int m = 0; m < members; m++) {
        s_in[m] = f->seg_in + (size_t)m * f->max_segments;
        s_out[m] = f->seg_out + (size_t)m * f->max_segments;
        kept[m] = f->outflow + plan[m]->kept;
        resume_muskingum(plan[m], in[m], kept[m], points, from, s_in[m], s_out[m]);
    }
    for (size_t j = from ? from : 1; j <= f->steps; j++)
        for (int m = 0; m < members; m++) {
            muskingum_step(plan[m], s_in[m], s_out[m], in[m][j]);
            for (uint32_t i = 0; i < plan[m]->n; i++)
                kept[m][i * points + j] = s_out[m][i];
        }
}

/* Lowers the first changed grid point of node u to `from` (if on the grid). */
static void mark_changed(myk10_flood_forecaster *f, uint32_t u, size_t from)
{
    if (from <= f->steps && from < f->changed_from[u])
        f->changed_from[u] = (uint32_t)from;
}

/* Routes reach ri (topological index) for every member from grid point
 * `from`, where its inflow first changed, to the end of the grid. */
static void route_reach(myk10_flood_forecaster *f, size_t ri, size_t from)
{
    const fc_reach *r = &f->reach[ri];
    const fc_plan *plan[MYK10_FLOOD_ENSEMBLE];
    double *in[MYK10_FLOOD_ENSEMBLE];
    size_t points = f->steps + 1, lag_from = points;
    int musk = 0;
    for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++) {
        const fc_plan *p = &f->member[m].plan[ri];
        double *inflow = f->inflow + (size_t)m * points;
        /* both resume from the inflow before `from` (lag's output moves m later) */
        size_t need = from ? from - 1 : 0;
        fc_node_series(f, r->from, m, inflow, need);
        for (size_t j = need; r->lateral != 0 && j < points; j++)
            inflow[j] += r->lateral;
        if (p->sub == 0) {
            /* a change at `from` leaves the reach m steps later, except a
             * change at 0: the steady state before the grid moved with it */
            size_t out_from = from == 0 ? 0 : from + p->m < points ? from + p->m : points;
            route_lag(p, inflow, fc_outflow(f, ri, m), out_from, f->steps);
            lag_from = out_from < lag_from ? out_from : lag_from;
            continue;
        }
        plan[musk] = p;
        in[musk++] = inflow;
    }
    route_muskingum_members(f, plan, in, musk, from);
    mark_changed(f, r->to, musk ? from : lag_from);
    f->stats.reaches_routed++;
}

/* First grid point at which the flow leaving node u changed in this run. */
static size_t node_changed_from(const myk10_flood_forecaster *f, uint32_t u)
{
    const fc_gauge *g = &f->g[u];
    if (g->valid)
        return g->changed_from;
    return g->changed_from < f->changed_from[u] ? g->changed_from : f->changed_from[u];
}

static int by_index(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The reaches below changed gauges, in topological order. */
static size_t collect_work(myk10_flood_forecaster *f)
{
    size_t n = 0;
    for (size_t k = 0; k < f->gauge_count; k++) {
        uint32_t u = f->gauge_nodes[k];
        if (!f->g[u].refreshed)
            continue;
        /* each node has one way down; stop where another gauge's way joined */
        while (!f->queued[u]) {
            f->queued[u] = 1;
            uint32_t r = f->down_reach[u];
            if (r == NO_NODE)
                break;
            f->work[n++] = r;
            u = f->reach[r].to;
        }
    }
    qsort(f->work, n, sizeof *f->work, by_index);
    return n;
}

/* The reaches this run looks at: all varying ones, or those below refreshed gauges. */
static const uint32_t *work_list(const myk10_flood_forecaster *f, bool full, size_t *count)
{
    *count = full ? f->varying_count : f->work_count;
    return full ? f->varying : f->work;
}

static void route_changed(myk10_flood_forecaster *f, bool full)
{
    size_t count;
    const uint32_t *list = work_list(f, full, &count);
    for (size_t w = 0; w < count; w++) {
        size_t from = full ? 0 : node_changed_from(f, f->reach[list[w]].from);
        if (from <= f->steps)
            route_reach(f, list[w], from);
    }
}

/* Leaves the per-node scratch of a run as the next run expects it. */
static void clean_up(myk10_flood_forecaster *f, bool full)
{
    size_t count;
    const uint32_t *list = work_list(f, full, &count);
    for (size_t w = 0; w < count; w++) {
        const fc_reach *r = &f->reach[list[w]];
        f->queued[r->from] = f->queued[r->to] = 0;
        f->changed_from[r->from] = f->changed_from[r->to] = NOT_CHANGED;
    }
}

/* ------------------------------------------------------------ runs */

static bool village_changed(const myk10_flood_forecaster *f, size_t v)
{
    return f->changed_from[f->v_node[v]] != NOT_CHANGED;
}

static void refresh_gauges(myk10_flood_forecaster *f, int64_t now, bool full)
{
    for (size_t k = 0; k < f->gauge_count; k++) {
        fc_gauge *g = &f->g[f->gauge_nodes[k]];
        g->changed_from = refresh_gauge(f, g, now, full);
        f->stats.gauges_changed += g->changed_from != NOT_CHANGED;
    }
}

myk10_status myk10_flood_forecaster_run(myk10_flood_forecaster *f, int64_t now)
{
    if (!f)
        return myk10__fail(MYK10_EINVAL, "flood: forecaster is NULL");
    f->ran = false;
    double dt = f->cfg.dt_s;
    double base = floor(((double)now - (double)f->cfg.warmup_s) / dt);
    if (base * dt < (double)TIME_MIN || (base + (double)f->steps) * dt > (double)TIME_MAX)
        return myk10__fail(MYK10_ERANGE, "flood: forecast: now %lld with warm-up and horizon "
                           "leaves years 0000-9999", (long long)now);
    bool full = !f->primed || (int64_t)base != f->grid_base;
    bool moved = full || now != f->last_now;
    memset(&f->stats, 0, sizeof f->stats);
    f->stats.full = full;
    f->stats.reaches_varying = f->varying_count;
    f->grid_base = (int64_t)base;
    refresh_gauges(f, now, full);
    f->work_count = full ? 0 : collect_work(f);
    route_changed(f, full);
    for (size_t v = 0; v < f->village_count; v++) {
        if (!moved && !village_changed(f, v))
            continue;
        fc_observe_village(f, v, now);
        f->stats.villages_observed++;
    }
    fc_finish(f, now, full);
    clean_up(f, full);
    f->primed = f->ran = true;
    f->last_now = now;
    return MYK10_OK;
}

myk10_status myk10_flood_forecaster_run_stats(myk10_flood_run_stats *out,
                                              const myk10_flood_forecaster *f)
{
    if (!out || !f)
        return myk10__fail(MYK10_EINVAL, "flood: out or forecaster is NULL");
    if (!f->ran)
        return myk10__fail(MYK10_ESTATE, "flood: forecaster has no successful run");
    *out = f->stats;
    return MYK10_OK;
}

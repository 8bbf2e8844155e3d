/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Forecast runs: gauge series with substitution, ensemble routing, level
 * crossings, and the per-village results.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"
#include "flood/forecast_internal.h"

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

static void fill_series(myk10_flood_forecaster *f, fc_gauge *g, double t0, int64_t now)
{
    size_t T = f->steps_warm + f->steps_horizon;
    myk10_gauge_status st;
    g->valid = g->stale = false;
    g->level = 0;
    g->raised0 = MYK10_TIME_NONE;
    g->q_now = NAN;
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
    for (size_t j = 0; j <= T; j++) {
        double t = t0 + (double)j * f->cfg.dt_s;
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
        g->series[j] = q;
    }
    g->q_now = g->series[f->steps_warm];
}

/* ------------------------------------------------------------ routing */

static double step_reach(fc_member *mb, fc_plan *p, double inflow)
{
    double *in = mb->s_in + p->first, *out = mb->s_out + p->first;
    if (p->sub == 0) { /* lag: ring of the last m+2 inflows */
        uint32_t L = p->n;
        p->head = (p->head + 1) % L;
        in[p->head] = inflow;
        double fr = p->c0;
        return (1 - fr) * in[(p->head + L - p->m) % L] + fr * in[(p->head + 1) % L];
    }
    double i0 = in[0], x = inflow;
    for (uint32_t s = 1; s <= p->sub; s++) {
        x = i0 + (inflow - i0) * (double)s / (double)p->sub;
        for (uint32_t i = 0; i < p->n; i++) {
            double o = p->c0 * x + p->c1 * in[i] + p->c2 * out[i];
            if (o < 0)
                o = 0; /* only possible for X = 0.5, whose window is a single point */
            in[i] = x;
            out[i] = o;
            x = o;
        }
    }
    return x;
}

/* Flow leaving node u at step j: observed where substituted, else routed. */
static double node_flow(const myk10_flood_forecaster *f, uint32_t u, size_t j)
{
    return f->g[u].valid ? f->g[u].series[j] : f->acc[u];
}

static void init_member(myk10_flood_forecaster *f, fc_member *mb)
{
    for (size_t n = 0; n < f->node_count; n++)
        f->acc[n] = f->baseflow[n];
    for (size_t r = 0; r < f->reach_count; r++) {
        const fc_reach *fr = &f->reach[r];
        fc_plan *p = &mb->plan[r];
        double inflow = node_flow(f, fr->from, 0) + fr->lateral;
        for (uint32_t i = 0; i < p->n; i++)
            mb->s_in[p->first + i] = mb->s_out[p->first + i] = inflow;
        p->head = 0;
        f->acc[fr->to] += inflow;
    }
}

static void route_step(myk10_flood_forecaster *f, fc_member *mb, size_t j)
{
    for (size_t n = 0; n < f->node_count; n++)
        f->acc[n] = f->baseflow[n];
    for (size_t r = 0; r < f->reach_count; r++) {
        const fc_reach *fr = &f->reach[r];
        double inflow = node_flow(f, fr->from, j) + fr->lateral;
        f->acc[fr->to] += step_reach(mb, &mb->plan[r], inflow);
    }
}

/* Level crossings and (central member) current and peak flows at step j. */
static void observe(myk10_flood_forecaster *f, int m, size_t j, int64_t now)
{
    size_t W = f->steps_warm;
    double dt = f->cfg.dt_s, t = (double)now + ((double)j - (double)W) * dt;
    double end = (double)now + (double)f->cfg.horizon_s;
    for (size_t v = 0; v < f->village_count; v++) {
        double q = f->acc[f->v_node[v]], qp = f->v_prev[v];
        f->v_prev[v] = q;
        if (j < W)
            continue;
        myk10_flood_village_forecast *res = &f->result[v];
        if (m == CENTRAL && t <= end) {
            if (j == W) {
                res->current_m3s = res->peak_m3s = q;
                res->peak_time = now;
            } else if (q > res->peak_m3s) {
                res->peak_m3s = q;
                res->peak_time = (int64_t)llround(t);
            }
        }
        for (size_t k = 0; k < f->v_levels[v]; k++) {
            double thr = f->v_q[v][k], *slot = &f->v_time[v][m][k];
            if (!isnan(*slot) || q < thr)
                continue;
            double tc = j == W ? (double)now : t - dt + dt * (thr - qp) / (q - qp);
            if (tc <= end)
                *slot = tc;
        }
    }
}

static void run_member(myk10_flood_forecaster *f, int m, int64_t now)
{
    fc_member *mb = &f->member[m];
    size_t T = f->steps_warm + f->steps_horizon;
    for (size_t v = 0; v < f->village_count; v++)
        for (size_t k = 0; k < MYK10_ALERT_MAX_LEVELS; k++)
            f->v_time[v][m][k] = NAN;
    init_member(f, mb);
    observe(f, m, 0, now);
    for (size_t j = 1; j <= T; j++) {
        route_step(f, mb, j);
        observe(f, m, j, now);
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

/* Is gauge a better driver than gauge b (b may be -1)? */
static bool better(const myk10_flood_forecaster *f, uint32_t a, int32_t b)
{
    if (b < 0)
        return true;
    const fc_gauge *ga = &f->g[a], *gb = &f->g[b];
    if (ga->level != gb->level)
        return ga->level > gb->level;
    if (ga->raised0 != gb->raised0) {
        if (ga->raised0 == MYK10_TIME_NONE || gb->raised0 == MYK10_TIME_NONE)
            return gb->raised0 == MYK10_TIME_NONE;
        return ga->raised0 < gb->raised0;
    }
    return ga->q_now > gb->q_now;
}

/* Walks down from every gauge node: staleness, routed-only, raises, drivers. */
static void upstream_facts(myk10_flood_forecaster *f)
{
    for (size_t v = 0; v < f->village_count; v++) {
        f->v_hops[v] = INT32_MAX;
        f->v_near[v] = f->v_best[v] = -1;
        f->v_raise[v] = MYK10_TIME_NONE;
    }
    for (size_t gi = 0; gi < f->node_count; gi++) {
        if (f->kind[gi] != MYK10_FLOOD_GAUGE)
            continue;
        const fc_gauge *g = &f->g[gi];
        bool cut = false; /* a substituted gauge below hides this one */
        int32_t hops = 1;
        for (uint32_t n = f->down_to[gi]; n != NO_NODE; n = f->down_to[n], hops++) {
            if (f->kind[n] == MYK10_FLOOD_GAUGE && f->g[n].valid)
                cut = true;
            int32_t v = f->v_of_node[n];
            if (v < 0)
                continue;
            myk10_flood_village_forecast *res = &f->result[v];
            if (g->raised0 != MYK10_TIME_NONE &&
                (f->v_raise[v] == MYK10_TIME_NONE || g->raised0 < f->v_raise[v]))
                f->v_raise[v] = g->raised0;
            if (hops < f->v_hops[v]) {
                f->v_hops[v] = hops;
                f->v_near[v] = (int32_t)gi;
            }
            if (cut)
                continue;
            if (g->stale)
                res->stale = true;
            if (!g->valid)
                res->routed_only = true;
            else if (better(f, (uint32_t)gi, f->v_best[v]))
                f->v_best[v] = (int32_t)gi;
        }
    }
}

static void write_path(myk10_flood_forecaster *f, size_t v, int32_t from)
{
    char *p = f->v_path[v];
    size_t cap = f->v_path_cap[v], len = 0;
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

static void finish(myk10_flood_forecaster *f, int64_t now)
{
    upstream_facts(f);
    for (size_t v = 0; v < f->village_count; v++) {
        myk10_flood_village_forecast *r = &f->result[v];
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
            if (f->v_raise[v] != MYK10_TIME_NONE)
                r->lead_won_s[k] = t - f->v_raise[v];
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
        int32_t d = f->v_best[v] >= 0 ? f->v_best[v] : f->v_near[v];
        r->driving_gauge = d >= 0 ? f->node_id[d] : NULL;
        write_path(f, v, d);
        r->path = f->v_path[v];
    }
}

myk10_status myk10_flood_forecaster_run(myk10_flood_forecaster *f, int64_t now)
{
    if (!f)
        return myk10__fail(MYK10_EINVAL, "flood: forecaster is NULL");
    f->ran = false;
    double dt = f->cfg.dt_s;
    double t0 = (double)now - (double)f->steps_warm * dt;
    double t1 = (double)now + (double)f->steps_horizon * dt;
    if (t0 < (double)TIME_MIN || t1 > (double)TIME_MAX)
        return myk10__fail(MYK10_ERANGE, "flood: forecast: now %lld with warm-up and horizon "
                           "leaves years 0000-9999", (long long)now);
    for (size_t n = 0; n < f->node_count; n++)
        if (f->kind[n] == MYK10_FLOOD_GAUGE)
            fill_series(f, &f->g[n], t0, now);
    for (size_t v = 0; v < f->village_count; v++) {
        f->result[v].stale = f->result[v].routed_only = false;
    }
    for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++)
        run_member(f, m, now);
    finish(f, now);
    f->ran = true;
    return MYK10_OK;
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

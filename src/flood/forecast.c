/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Forecast and warnings: creation of the forecaster.
 *
 * The forecaster keeps its own compact copy of the network in topological
 * order (each reach after every reach that ends at its upstream node) and,
 * per ensemble member, a plan per reach:
 *   Muskingum: N identical sub-reaches × S time sub-steps with non-negative
 *              coefficients;
 *   Lag:       a ring of the last m+2 inflows, O = (1−f)·I[j−m] + f·I[j−m−1].
 * Only the nodes at or below a gauge node vary in time; everything else is
 * steady and summed once here. The outflow series of every varying reach
 * (of every sub-reach, for Muskingum) are kept so that a run can re-route
 * just the branches whose gauges changed, from the step where they changed.
 * Everything is allocated at creation; a run only fills arrays.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"

#include "flood/forecast_internal.h"

/* ------------------------------------------------------------ config */

void myk10_flood_forecast_config_init(myk10_flood_forecast_config *c)
{
    if (!c)
        return;
    c->dt_s = 300;
    c->horizon_s = 21600;
    c->warmup_s = 43200;
    c->k_spread = 0.2;
    c->inflow = MYK10_FLOOD_INFLOW_PERSIST;
}

static myk10_status check_config(const myk10_flood_forecast_config *c)
{
    if (!(isfinite(c->dt_s) && c->dt_s > 0))
        return myk10__fail(MYK10_ERANGE, "flood: forecast dt_s %g must be > 0", c->dt_s);
    if (c->horizon_s < 1 || c->horizon_s > MAX_RANGE_S)
        return myk10__fail(MYK10_ERANGE, "flood: forecast horizon_s %lld outside 1..%d",
                           (long long)c->horizon_s, MAX_RANGE_S);
    if (c->dt_s > (double)c->horizon_s)
        return myk10__fail(MYK10_ERANGE, "flood: forecast dt_s %g exceeds horizon_s %lld",
                           c->dt_s, (long long)c->horizon_s);
    if (c->warmup_s < 0 || c->warmup_s > MAX_RANGE_S)
        return myk10__fail(MYK10_ERANGE, "flood: forecast warmup_s %lld outside 0..%d",
                           (long long)c->warmup_s, MAX_RANGE_S);
    if (!(isfinite(c->k_spread) && c->k_spread >= 0 && c->k_spread <= 0.9))
        return myk10__fail(MYK10_ERANGE, "flood: forecast k_spread %g outside [0, 0.9]",
                           c->k_spread);
    if (c->inflow != MYK10_FLOOD_INFLOW_PERSIST && c->inflow != MYK10_FLOOD_INFLOW_TREND)
        return myk10__fail(MYK10_ERANGE, "flood: forecast inflow %d unknown", (int)c->inflow);
    return MYK10_OK;
}

/* ------------------------------------------------------------ plans */

static myk10_status plan_reach(fc_plan *p, const fc_reach *r, double scale, double dt,
                               const char *id)
{
    memset(p, 0, sizeof *p);
    if (r->lag) {
        double d = r->k * scale / dt;
        if (d > MAX_SEGMENTS)
            return myk10__fail(MYK10_ERANGE, "flood: reach '%s': lag needs more than %u steps",
                               id, MAX_SEGMENTS);
        p->m = (uint32_t)floor(d);
        p->c0 = d - p->m;
        p->n = p->m + 2;
        return MYK10_OK;
    }
    double k = r->k * scale, x = r->x;
    double nsub = 1;
    if (dt < 2 * k * x * (1 - 1e-12))
        nsub = ceil(2 * k * x / dt * (1 - 1e-12));
    double ks = k / nsub, s = 1;
    if (dt > 2 * ks * (1 - x) * (1 + 1e-12))
        s = ceil(dt / (2 * ks * (1 - x)) * (1 - 1e-12));
    if (nsub > MAX_SEGMENTS || s > MAX_SEGMENTS)
        return myk10__fail(MYK10_ERANGE, "flood: reach '%s': K %g s against dt %g s needs more "
                           "than %u sub-reaches or sub-steps", id, k, dt, MAX_SEGMENTS);
    p->n = (uint32_t)nsub;
    p->sub = (uint32_t)s;
    double c[3];
    myk10_status st = myk10_flood_muskingum_coefficients(c, ks, x, dt / s);
    if (st != MYK10_OK)
        return st;
    p->c0 = c[0], p->c1 = c[1], p->c2 = c[2];
    return MYK10_OK;
}

/* ------------------------------------------------------------ create */

void myk10_flood_forecaster_destroy(myk10_flood_forecaster *f)
{
    if (!f)
        return;
    for (size_t i = 0; f->node_id && i < f->node_count; i++)
        myk10__free(f->node_id[i]);
    for (size_t i = 0; f->g && i < f->node_count; i++)
        myk10__free(f->g[i].series);
    for (size_t i = 0; f->v_path && i < f->village_count; i++)
        myk10__free(f->v_path[i]);
    for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++)
        myk10__free(f->member[m].plan);
    void *arrays[] = {
        f->node_id, f->kind, f->down_to, f->down_reach, f->reach, f->seg_in, f->seg_out, f->varies,
        f->steady, f->up_first, f->up_reach, f->varying, f->outflow, f->inflow,
        f->gauge_scratch, f->g, f->queued, f->gauge_nodes, f->changed_from, f->work, f->v_node, f->v_levels, f->v_q,
        f->v_of_node, f->v_time, f->result, f->v_path, f->v_path_cap, f->v_path_of,
        f->v_facts, f->facts,
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        myk10__free(arrays[i]);
    flood_index_free(&f->ids);
    myk10__free(f);
}

static myk10_status no_memory(void)
{
    return myk10__fail(MYK10_ENOMEM, "flood: out of memory for the forecaster");
}

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = myk10__malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Reaches in topological order (Kahn over the nodes' upstream counts). */
static myk10_status order_reaches(myk10_flood_forecaster *f, const myk10_flood_network *net,
                                  const myk10_flood_router *rt)
{
    size_t nn = net->node_count, out = 0;
    size_t *pending = myk10__calloc(nn ? nn : 1, sizeof *pending);
    uint32_t *queue = myk10__calloc(nn ? nn : 1, sizeof *queue);
    if (!pending || !queue) {
        myk10__free(pending);
        myk10__free(queue);
        return no_memory();
    }
    size_t qh = 0, qt = 0;
    for (size_t i = 0; i < nn; i++) {
        pending[i] = net->nodes[i].up_count;
        if (!pending[i])
            queue[qt++] = (uint32_t)i;
    }
    while (qh < qt) {
        size_t n = queue[qh++];
        size_t r = net->nodes[n].down;
        if (r == FLOOD_NONE)
            continue;
        const flood_reach *src = &net->reaches[r];
        myk10_flood_reach_report rep;
        myk10_flood_router_report(&rep, rt, r);
        fc_reach *d = &f->reach[out++];
        d->from = (uint32_t)src->from;
        d->to = (uint32_t)src->to;
        d->lateral = src->pub.lateral_m3s;
        d->lag = src->pub.method == MYK10_FLOOD_LAG;
        d->k = d->lag ? src->pub.lag_s : rep.k_s;
        d->x = d->lag ? 0 : rep.x;
        f->down_reach[n] = (uint32_t)(out - 1);
        if (--pending[src->to] == 0)
            queue[qt++] = (uint32_t)src->to;
    }
    myk10__free(pending);
    myk10__free(queue);
    return MYK10_OK; /* the network was validated: no cycles, every reach seen */
}

/*
 * Splits the network into what varies (gauge nodes and everything below
 * them) and what stays steady, sums the steady flows once, and lists each
 * node's varying upstream reaches (CSR, topological order).
 */
static myk10_status split_steady(myk10_flood_forecaster *f, const myk10_flood_network *net)
{
    size_t nn = f->node_count;
    for (size_t i = 0; i < nn; i++) {
        f->varies[i] = f->kind[i] == MYK10_FLOOD_GAUGE;
        f->steady[i] = net->nodes[i].pub.baseflow_m3s;
    }
    for (size_t r = 0; r < f->reach_count; r++) {
        fc_reach *fr = &f->reach[r];
        if (!f->varies[fr->from]) {
            f->steady[fr->to] += f->steady[fr->from] + fr->lateral;
            continue;
        }
        f->varies[fr->to] = true;
        f->varying[f->varying_count++] = (uint32_t)r;
        f->up_first[fr->to + 1]++;
    }
    for (size_t i = 0; i < nn; i++)
        f->up_first[i + 1] += f->up_first[i];
    uint32_t *fill = myk10__calloc(nn ? nn : 1, sizeof *fill);
    if (!fill)
        return no_memory();
    for (size_t v = 0; v < f->varying_count; v++) {
        uint32_t to = f->reach[f->varying[v]].to;
        f->up_reach[f->up_first[to] + fill[to]++] = f->varying[v];
    }
    myk10__free(fill);
    return MYK10_OK;
}

/* Places the series every varying reach keeps (after the plans exist). */
static myk10_status make_kept_series(myk10_flood_forecaster *f)
{
    size_t count = 0, points = f->steps + 1;
    for (size_t v = 0; v < f->varying_count; v++)
        for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++) {
            fc_plan *p = &f->member[m].plan[f->varying[v]];
            if (count > SIZE_MAX / sizeof(double) / points - fc_kept_count(p))
                return no_memory();
            p->kept = count * points;
            count += fc_kept_count(p);
        }
    f->outflow = myk10__calloc(count ? count * points : 1, sizeof *f->outflow);
    return f->outflow ? MYK10_OK : no_memory();
}

static myk10_status make_members(myk10_flood_forecaster *f, const myk10_flood_network *net)
{
    static const double s[MYK10_FLOOD_ENSEMBLE] = { -1, -0.5, 0, 0.5, 1 };
    f->max_segments = 1;
    for (int m = 0; m < MYK10_FLOOD_ENSEMBLE; m++) {
        fc_member *mb = &f->member[m];
        mb->scale = 1 + s[m] * f->cfg.k_spread;
        mb->plan = myk10__calloc(f->reach_count ? f->reach_count : 1, sizeof *mb->plan);
        if (!mb->plan)
            return no_memory();
        for (size_t r = 0; r < f->reach_count; r++) {
            const fc_reach *fr = &f->reach[r];
            const char *id = net->reaches[net->nodes[fr->from].down].pub.id;
            myk10_status st = plan_reach(&mb->plan[r], fr, mb->scale, f->cfg.dt_s, id);
            if (st != MYK10_OK)
                return st;
            if (mb->plan[r].n > f->max_segments)
                f->max_segments = mb->plan[r].n;
        }
    }
    f->seg_in = myk10__calloc(MYK10_FLOOD_ENSEMBLE * f->max_segments, sizeof *f->seg_in);
    f->seg_out = myk10__calloc(MYK10_FLOOD_ENSEMBLE * f->max_segments, sizeof *f->seg_out);
    return f->seg_in && f->seg_out ? MYK10_OK : no_memory();
}

/* A village's path runs down one chain of nodes above it: its buffer holds
 * the longest such chain, found for all nodes in one topological pass. */
static myk10_status make_paths(myk10_flood_forecaster *f)
{
    size_t *longest = myk10__calloc(f->node_count, sizeof *longest);
    if (!longest)
        return no_memory();
    for (size_t n = 0; n < f->node_count; n++)
        longest[n] = strlen(f->node_id[n]) + 1;
    for (size_t r = 0; r < f->reach_count; r++) {
        const fc_reach *fr = &f->reach[r];
        size_t through = longest[fr->from] + 3 + strlen(f->node_id[fr->to]);
        if (through > longest[fr->to])
            longest[fr->to] = through;
    }
    myk10_status st = MYK10_OK;
    for (size_t v = 0; v < f->village_count && st == MYK10_OK; v++) {
        f->v_path_cap[v] = longest[f->v_node[v]];
        if (!(f->v_path[v] = myk10__calloc(f->v_path_cap[v], 1)))
            st = no_memory();
    }
    myk10__free(longest);
    return st;
}

static myk10_status make_villages(myk10_flood_forecaster *f, const myk10_flood_network *net)
{
    size_t nv = 0, nn = net->node_count;
    for (size_t i = 0; i < nn; i++)
        nv += net->nodes[i].pub.kind == MYK10_FLOOD_VILLAGE;
    f->village_count = nv;
    size_t c = nv ? nv : 1;
    f->v_node = myk10__calloc(c, sizeof *f->v_node);
    f->v_levels = myk10__calloc(c, sizeof *f->v_levels);
    f->v_q = myk10__calloc(c, sizeof *f->v_q);
    f->v_time = myk10__calloc(c, sizeof *f->v_time);
    f->result = myk10__calloc(c, sizeof *f->result);
    f->v_path = myk10__calloc(c, sizeof *f->v_path);
    f->v_path_cap = myk10__calloc(c, sizeof *f->v_path_cap);
    f->v_path_of = myk10__calloc(c, sizeof *f->v_path_of);
    f->v_facts = myk10__calloc(c, sizeof *f->v_facts);
    f->v_of_node = myk10__calloc(nn ? nn : 1, sizeof *f->v_of_node);
    if (!f->v_node || !f->v_levels || !f->v_q || !f->v_time || !f->result || !f->v_path ||
        !f->v_path_cap || !f->v_path_of || !f->v_facts || !f->v_of_node)
        return no_memory();
    size_t v = 0;
    for (size_t i = 0; i < nn; i++) {
        f->v_of_node[i] = -1;
        if (net->nodes[i].pub.kind != MYK10_FLOOD_VILLAGE)
            continue;
        f->v_of_node[i] = (int32_t)v;
        f->v_node[v] = (uint32_t)i;
        f->v_levels[v] = net->nodes[i].alert_count;
        for (size_t k = 0; k < net->nodes[i].alert_count; k++)
            f->v_q[v][k] = net->nodes[i].alert_m3s[k];
        f->v_path_of[v] = -2;
        v++;
    }
    return make_paths(f);
}

/* The grid: ceil(warm-up/dt) + ceil(horizon/dt) + 1 steps from t0 = ⌊(now − warm-up)/dt⌋·dt
 * always reach now + horizon, whatever the phase of `now` against dt. */
static myk10_status size_grid(myk10_flood_forecaster *f)
{
    double warm = ceil((double)f->cfg.warmup_s / f->cfg.dt_s);
    double horizon = ceil((double)f->cfg.horizon_s / f->cfg.dt_s);
    if (warm + horizon + 1 > MAX_STEPS)
        return myk10__fail(MYK10_ERANGE, "flood: forecast needs %.0f steps (at most %u): "
                           "raise dt_s", warm + horizon + 1, MAX_STEPS);
    f->steps = (size_t)(warm + horizon) + 1;
    return MYK10_OK;
}

static myk10_status copy_nodes(myk10_flood_forecaster *f, const myk10_flood_network *net)
{
    size_t nn = f->node_count, T = f->steps;
    f->node_id = myk10__calloc(nn, sizeof *f->node_id);
    f->kind = myk10__calloc(nn, sizeof *f->kind);
    f->down_to = myk10__calloc(nn, sizeof *f->down_to);
    f->down_reach = myk10__calloc(nn, sizeof *f->down_reach);
    f->g = myk10__calloc(nn, sizeof *f->g);
    f->varies = myk10__calloc(nn, sizeof *f->varies);
    f->steady = myk10__calloc(nn, sizeof *f->steady);
    f->up_first = myk10__calloc(nn + 1, sizeof *f->up_first);
    f->queued = myk10__calloc(nn, sizeof *f->queued);
    f->gauge_nodes = myk10__calloc(nn, sizeof *f->gauge_nodes);
    f->changed_from = myk10__calloc(nn, sizeof *f->changed_from);
    f->facts = myk10__calloc(nn, sizeof *f->facts);
    f->reach = myk10__calloc(f->reach_count ? f->reach_count : 1, sizeof *f->reach);
    f->up_reach = myk10__calloc(f->reach_count ? f->reach_count : 1, sizeof *f->up_reach);
    f->varying = myk10__calloc(f->reach_count ? f->reach_count : 1, sizeof *f->varying);
    f->work = myk10__calloc(f->reach_count ? f->reach_count : 1, sizeof *f->work);
    f->inflow = myk10__calloc(MYK10_FLOOD_ENSEMBLE * (T + 1), sizeof *f->inflow);
    f->gauge_scratch = myk10__calloc(T + 1, sizeof *f->gauge_scratch);
    if (!f->node_id || !f->kind || !f->down_to || !f->down_reach || !f->g || !f->varies || !f->steady ||
        !f->up_first || !f->queued || !f->gauge_nodes || !f->changed_from || !f->facts || !f->reach || !f->up_reach || !f->varying || !f->work ||
        !f->inflow || !f->gauge_scratch)
        return no_memory();
    for (size_t i = 0; i < nn; i++) {
        const flood_node *n = &net->nodes[i];
        if (!(f->node_id[i] = dup_string(n->pub.id)) ||
            flood_index_reserve(&f->ids, i) != MYK10_OK)
            return no_memory();
        flood_index_put(&f->ids, f->node_id[i], i);
        f->kind[i] = n->pub.kind;
        f->down_to[i] = n->down == FLOOD_NONE ? NO_NODE : (uint32_t)net->reaches[n->down].to;
        f->down_reach[i] = NO_NODE; /* set in topological terms by order_reaches() */
        f->g[i].changed_from = f->changed_from[i] = NOT_CHANGED;
        if (n->pub.kind == MYK10_FLOOD_GAUGE)
            f->gauge_nodes[f->gauge_count++] = (uint32_t)i;
        if (n->pub.kind == MYK10_FLOOD_GAUGE &&
            !(f->g[i].series = myk10__calloc(T + 1, sizeof(double))))
            return no_memory();
    }
    return MYK10_OK;
}

static myk10_status build(myk10_flood_forecaster *f, const myk10_flood_network *net)
{
    f->node_count = net->node_count;
    f->reach_count = net->reach_count;
    myk10_status st = size_grid(f);
    if (st == MYK10_OK)
        st = copy_nodes(f, net);
    if (st != MYK10_OK)
        return st;
    myk10_flood_router *rt = NULL;
    st = myk10_flood_router_create(&rt, net, f->cfg.dt_s, MYK10_FLOOD_ADAPT);
    if (st != MYK10_OK)
        return st;
    st = order_reaches(f, net, rt);
    myk10_flood_router_destroy(rt);
    if (st == MYK10_OK)
        st = split_steady(f, net);
    if (st == MYK10_OK)
        st = make_members(f, net);
    if (st == MYK10_OK)
        st = make_kept_series(f);
    if (st == MYK10_OK)
        st = make_villages(f, net);
    if (st == MYK10_OK)
        fc_facts_init(f);
    return st;
}

myk10_status myk10_flood_forecaster_create(myk10_flood_forecaster **out,
                                           const myk10_flood_network *net,
                                           const myk10_flood_forecast_config *config)
{
    if (!out || !net)
        return myk10__fail(MYK10_EINVAL, "flood: out or network is NULL");
    myk10_flood_forecast_config cfg;
    myk10_flood_forecast_config_init(&cfg);
    if (config)
        cfg = *config;
    myk10_status st = check_config(&cfg);
    if (st == MYK10_OK)
        st = myk10_flood_network_validate(net);
    if (st != MYK10_OK)
        return st;
    myk10_flood_forecaster *f = myk10__calloc(1, sizeof *f);
    if (!f)
        return no_memory();
    f->cfg = cfg;
    st = build(f, net);
    if (st != MYK10_OK) {
        myk10_flood_forecaster_destroy(f);
        return st;
    }
    *out = f;
    return MYK10_OK;
}

myk10_status myk10_flood_forecaster_attach_gauge(myk10_flood_forecaster *f, const char *node_id,
                                                 myk10_gauge *gauge, const myk10_rating *rating)
{
    if (!f || !node_id)
        return myk10__fail(MYK10_EINVAL, "flood: forecaster or node_id is NULL");
    size_t i;
    if (!flood_index_lookup(&i, &f->ids, node_id))
        return myk10__fail(MYK10_ENOTFOUND, "flood: forecast: no node '%s'", node_id);
    if (f->kind[i] != MYK10_FLOOD_GAUGE)
        return myk10__fail(MYK10_EINVAL, "flood: forecast: node '%s' is a %s, not a gauge",
                           node_id, flood_kind_name(f->kind[i]));
    if (gauge && !rating)
        return myk10__fail(MYK10_EINVAL, "flood: forecast: gauge '%s' needs a rating curve",
                           node_id);
    f->g[i].gauge = gauge;
    f->g[i].rating = gauge ? rating : NULL;
    return MYK10_OK;
}

size_t myk10_flood_forecaster_village_count(const myk10_flood_forecaster *f)
{
    return f ? f->village_count : 0;
}

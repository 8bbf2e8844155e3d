/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Routing: Muskingum coefficients, Muskingum–Cunge parameters and the
 * network router.
 *
 * Every reach becomes a chain of internal segments that all obey
 *     O' = a·I' + b·I + c·O
 * (Muskingum sub-reaches with time sub-steps folded into a, b, c; one-step
 * delays a = 0, b = 1, c = 0; the interpolating end of a lag a = 1−f, b = f).
 * One loop without branches then routes every method.
 *
 * Layout: each internal node except the outlets owns the one segment that
 * leaves it, so a node and its segment share one "slot". Slots are numbered
 * in reverse level order (breadth-first from the outlets, then reversed):
 * the segments farthest from an outlet come first, every segment before the
 * one it drains into, and the siblings of a confluence side by side in the
 * network's order. flow[s] accumulates the inflow of slot s during a step.
 *
 * Why this order: neighbouring slots are almost never upstream of each
 * other, so the CPU overlaps their updates; in post-order a node's last
 * tributary sits in the slot just before it and every step became a chain of
 * store-to-load dependencies. The inflows of a level land in the level next
 * to it, a window as wide as a level or two that stays in cache. Siblings keep
 * their order so that a confluence adds its tributaries in the same order
 * as in post-order: routed flows do not depend on the numbering (only the
 * storage total, a sum over slots, may differ in its last bits).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"

/* Bounds that keep a single reach from eating all memory. */
#define MAX_SEGMENTS_PER_REACH 1000000u
#define MAX_SUBSTEPS 1000000u
/* Relative slack when comparing Δt against 2KX and 2K(1−X). */
#define WINDOW_EPS 1e-12

struct myk10_flood_router {
    double dt;
    myk10_flood_mode mode;
    size_t node_count, reach_count;
    size_t seg_count, slot_count;
    /*
     * Per segment, in slot order, one array per quantity. Records (a, b, c,
     * local in one 32-byte struct, in_prev and out_prev in another) were
     * tried: as fast at 10^5 segments, 20-25 % slower at 10^6 on the
     * development machine (docs/benchmarks.md).
     */
    double *a, *b, *c;
    double *in_prev, *out_prev; /* state: inflow and outflow at the last step */
    uint32_t *dst;
    uint64_t *negative;         /* PLAIN only */
    double *min_out;            /* PLAIN only */
    /* per slot */
    double *flow;               /* inflow being accumulated for the coming step */
    double *local;              /* constant local inflow in use */
    double *local_base;         /* baseflow + lateral, as prepared */
    double *outlet_now;         /* per outlet slot: its flow after the last step */
    /* per public node */
    uint32_t *node_slot;
    double *node_lateral;       /* lateral of the node's downstream reach (in its slot) */
    double *node_baseflow;
    char **node_id;             /* for messages */
    uint32_t *node_order;       /* public nodes by ascending slot */
    /* per public reach: its first segment and how many follow it through dst */
    uint32_t *reach_first, *reach_segs;
    myk10_flood_reach_report *reports;
    /* scratch for one route() call; inputs by ascending slot */
    uint32_t *io_slot;
    const double **io_in;
    double **io_out;
    double *io_lat;
    size_t *io_node;
};

/* ------------------------------------------------------------ coefficients */

myk10_status myk10_flood_muskingum_coefficients(double out_c[3], double k, double x, double dt)
{
    if (!out_c)
        return myk10__fail(MYK10_EINVAL, "flood: out_c is NULL");
    if (!(isfinite(k) && k > 0))
        return myk10__fail(MYK10_ERANGE, "flood: K %g must be > 0", k);
    if (!(isfinite(x) && x >= 0 && x <= 0.5))
        return myk10__fail(MYK10_ERANGE, "flood: X %g outside [0, 0.5]", x);
    if (!(isfinite(dt) && dt > 0))
        return myk10__fail(MYK10_ERANGE, "flood: dt %g must be > 0", dt);
    double d = 2 * k * (1 - x) + dt;
    out_c[0] = (dt - 2 * k * x) / d;
    out_c[1] = (dt + 2 * k * x) / d;
    out_c[2] = (2 * k * (1 - x) - dt) / d;
    return MYK10_OK;
}

myk10_status myk10_flood_muskingum_apply(double *out, const double *in, size_t n,
                                         const double c[3], double initial_outflow)
{
    if (n == 0)
        return MYK10_OK;
    if (!out || !in || !c)
        return myk10__fail(MYK10_EINVAL, "flood: NULL array");
    out[0] = initial_outflow;
    for (size_t j = 1; j < n; j++)
        out[j] = c[0] * in[j] + c[1] * in[j - 1] + c[2] * out[j - 1];
    return MYK10_OK;
}

/* Manning discharge of the rectangular section at depth y. */
static double manning_q(double y, double slope, double n, double width)
{
    double area = width * y;
    double radius = area / (width + 2 * y);
    return area * pow(radius, 2.0 / 3.0) * sqrt(slope) / n;
}

/* Normal depth for discharge q: Q(y) increases with y, so bisect. */
static double normal_depth(double q, double slope, double n, double width)
{
    double lo = 0, hi = 1;
    while (manning_q(hi, slope, n, width) < q && hi < 1e6)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (manning_q(mid, slope, n, width) < q)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* K and X of a reach of length dx; X may come out negative (caller clamps). */
static void cunge_raw(double *k, double *x, double dx, double slope, double n, double width,
                      double q)
{
    double y = normal_depth(q, slope, n, width);
    double celerity = 5.0 / 3.0 * q / (width * y);
    *k = dx / celerity;
    *x = 0.5 * (1 - q / (width * slope * celerity * dx));
}

myk10_status myk10_flood_cunge_parameters(double *out_k, double *out_x, bool *out_clamped,
                                          double length_m, double slope, double manning_n,
                                          double width_m, double reference_m3s)
{
    if (!out_k || !out_x)
        return myk10__fail(MYK10_EINVAL, "flood: out_k or out_x is NULL");
    myk10_status st = flood_check_cunge("(cunge)", length_m, slope, manning_n, width_m,
                                        reference_m3s);
    if (st != MYK10_OK)
        return st;
    double k, x;
    cunge_raw(&k, &x, length_m, slope, manning_n, width_m, reference_m3s);
    if (out_clamped)
        *out_clamped = x < 0;
    *out_k = k;
    *out_x = x < 0 ? 0 : x;
    return MYK10_OK;
}

/*
 * Folds n time sub-steps of the recurrence, with the inflow interpolated
 * linearly across the step, into one step's coefficients. The result is the
 * exact n-sub-step answer, so sub-stepping costs nothing while routing.
 */
static void fold_substeps(double abc[3], const double c[3], unsigned n)
{
    double o[3] = { 0, 0, 1 }; /* weights of (I_new, I_prev, O_prev) */
    for (unsigned k = 1; k <= n; k++) {
        double now = (double)k / n, before = (double)(k - 1) / n;
        double next[3] = { c[0] * now + c[1] * before + c[2] * o[0],
                           c[0] * (1 - now) + c[1] * (1 - before) + c[2] * o[1],
                           c[2] * o[2] };
        memcpy(o, next, sizeof o);
    }
    memcpy(abc, o, sizeof o);
}

static bool in_window(double k, double x, double dt)
{
    return dt >= 2 * k * x * (1 - WINDOW_EPS) && dt <= 2 * k * (1 - x) * (1 + WINDOW_EPS);
}

static unsigned substeps_for(double k, double x, double dt)
{
    double n = ceil(dt / (2 * k * (1 - x)) * (1 - WINDOW_EPS));
    return n < 1 ? 1 : n > MAX_SUBSTEPS ? MAX_SUBSTEPS : (unsigned)n;
}

/* ------------------------------------------------------------ reach plans */

/* What one reach turns into: `count` segments, all `seg` except the last,
 * which is `last` (lag interpolation). */
typedef struct reach_plan {
    uint32_t count;
    double seg[3], last[3];
} reach_plan;

static myk10_status plan_lag(reach_plan *p, myk10_flood_reach_report *rep,
                             const myk10_flood_reach *r, double dt)
{
    double steps = r->lag_s / dt;
    if (steps >= MAX_SEGMENTS_PER_REACH)
        return myk10__fail(MYK10_ERANGE, "flood: reach '%s': lag %g s is %g steps of %g s, "
                           "more than %u", r->id, r->lag_s, steps, dt, MAX_SEGMENTS_PER_REACH);
    double m = floor(steps), f = steps - m;
    if (f < 1e-9) /* a lag meant as a whole number of steps */
        f = 0;
    else if (f > 1 - 1e-9)
        m += 1, f = 0;
    rep->k_s = r->lag_s;
    rep->in_range = true;
    rep->delay_steps = (size_t)m;
    rep->delay_fraction = f;
    p->seg[0] = 0, p->seg[1] = 1, p->seg[2] = 0;
    p->last[0] = 1 - f, p->last[1] = f, p->last[2] = 0;
    /* The interpolating segment is needed for a fraction, or as identity for lag 0. */
    p->count = (uint32_t)m + (f > 0 || m == 0);
    if (f == 0 && m > 0)
        memcpy(p->last, p->seg, sizeof p->seg);
    rep->c0 = p->last[0], rep->c1 = p->last[1], rep->c2 = 0;
    return MYK10_OK;
}

/* Muskingum–Cunge X of a sub-reach of length dx, clamped at 0. */
static double cunge_sub_x(const myk10_flood_reach *r, double dx, bool *clamped)
{
    double k, x;
    cunge_raw(&k, &x, dx, r->slope, r->manning_n, r->width_m, r->reference_m3s);
    if (x < 0)
        *clamped = true;
    return x < 0 ? 0 : x;
}

/*
 * Chooses N sub-reaches (K/N each) so that 2(K/N)X <= Δt, then sub-steps so
 * that Δt/n <= 2(K/N)(1−X). For Muskingum–Cunge the sub-reach X is
 * recomputed from the sub-reach length, as Cunge's derivation requires.
 * When X is so close to 0.5 that no sub-step fits both bounds, X is lowered
 * to the largest stable value and the report says so.
 */
static myk10_status plan_muskingum(reach_plan *p, myk10_flood_reach_report *rep,
                                   const myk10_flood_reach *r, double k, double x, double dt,
                                   myk10_flood_mode mode)
{
    bool cunge = r->method == MYK10_FLOOD_MUSKINGUM_CUNGE;
    rep->in_range = in_window(k, x, dt);
    double sub_k = k, sub_x = x;
    unsigned n_reach = 1, n_step = 1;
    if (mode == MYK10_FLOOD_ADAPT && !rep->in_range) {
        double need = ceil(2 * k * x / dt * (1 - WINDOW_EPS));
        if (need > MAX_SEGMENTS_PER_REACH)
            return myk10__fail(MYK10_ERANGE, "flood: reach '%s': K %g s needs %g sub-reaches "
                               "at dt %g s, more than %u", r->id, k, need, dt,
                               MAX_SEGMENTS_PER_REACH);
        n_reach = need < 1 ? 1 : (unsigned)need;
        if (cunge) /* smaller sub-reaches have smaller X: fewer may do */
            for (unsigned n = 1; n < n_reach; n++) {
                bool clamped = false;
                double xs = cunge_sub_x(r, r->length_m / n, &clamped);
                if (2 * (k / n) * xs <= dt * (1 + WINDOW_EPS)) {
                    n_reach = n;
                    break;
                }
            }
        sub_k = k / n_reach;
        if (cunge && n_reach > 1)
            sub_x = cunge_sub_x(r, r->length_m / n_reach, &rep->x_clamped);
        n_step = substeps_for(sub_k, sub_x, dt);
        if (dt / n_step < 2 * sub_k * sub_x * (1 - WINDOW_EPS)) {
            sub_x = dt / n_step / (2 * sub_k);
            rep->x_clamped = true;
        }
    }
    double c[3];
    myk10_status st = myk10_flood_muskingum_coefficients(c, sub_k, sub_x, dt / n_step);
    if (st != MYK10_OK)
        return st;
    rep->subreaches = n_reach;
    rep->substeps = n_step;
    rep->c0 = c[0], rep->c1 = c[1], rep->c2 = c[2];
    fold_substeps(p->seg, c, n_step);
    memcpy(p->last, p->seg, sizeof p->seg);
    p->count = n_reach;
    return MYK10_OK;
}

static myk10_status plan_reach(reach_plan *p, myk10_flood_reach_report *rep,
                               const myk10_flood_reach *r, double dt, myk10_flood_mode mode)
{
    memset(rep, 0, sizeof *rep);
    rep->method = r->method;
    rep->subreaches = 1;
    rep->substeps = 1;
    if (r->method == MYK10_FLOOD_LAG)
        return plan_lag(p, rep, r, dt);
    double k = r->k_s, x = r->x;
    if (r->method == MYK10_FLOOD_MUSKINGUM_CUNGE) {
        cunge_raw(&k, &x, r->length_m, r->slope, r->manning_n, r->width_m, r->reference_m3s);
        rep->x_clamped = x < 0;
        if (x < 0)
            x = 0;
    }
    rep->k_s = k;
    rep->x = x;
    return plan_muskingum(p, rep, r, k, x, dt, mode);
}

/* ------------------------------------------------------------ building */

/* The internal graph before renumbering: real nodes first, then the nodes
 * between sub-segments. down[i] is the internal node below i. */
typedef struct build {
    size_t count;
    size_t *down;
    double (*coef)[3];
    size_t *child_start, *child_list;
} build;

static void free_build(build *g)
{
    myk10__free(g->down);
    myk10__free(g->coef);
    myk10__free(g->child_start);
    myk10__free(g->child_list);
}

static myk10_status alloc_build(build *g, size_t count)
{
    memset(g, 0, sizeof *g);
    g->count = count;
    g->down = myk10__malloc(count * sizeof *g->down);
    g->coef = myk10__calloc(count, sizeof *g->coef);
    g->child_start = myk10__calloc(count + 1, sizeof *g->child_start);
    g->child_list = myk10__malloc(count * sizeof *g->child_list);
    if (!g->down || !g->coef || !g->child_start || !g->child_list)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for %zu segments", count);
    return MYK10_OK;
}

/* Chains each reach through its virtual nodes. */
static void link_build(build *g, const myk10_flood_network *net, const reach_plan *plans)
{
    for (size_t i = 0; i < g->count; i++)
        g->down[i] = FLOOD_NONE;
    size_t next_virtual = net->node_count;
    for (size_t r = 0; r < net->reach_count; r++) {
        size_t v = net->reaches[r].from;
        for (uint32_t s = 0; s + 1 < plans[r].count; s++) {
            memcpy(g->coef[v], plans[r].seg, sizeof plans[r].seg);
            g->down[v] = next_virtual;
            v = next_virtual++;
        }
        memcpy(g->coef[v], plans[r].last, sizeof plans[r].last);
        g->down[v] = net->reaches[r].to;
    }
    /* children in CSR form, in internal-node order (deterministic) */
    for (size_t i = 0; i < g->count; i++)
        if (g->down[i] != FLOOD_NONE)
            g->child_start[g->down[i] + 1]++;
    for (size_t i = 0; i < g->count; i++)
        g->child_start[i + 1] += g->child_start[i];
    size_t *fill = g->child_start; /* reused as cursor, then restored */
    for (size_t i = 0; i < g->count; i++)
        if (g->down[i] != FLOOD_NONE)
            g->child_list[fill[g->down[i]]++] = i;
    for (size_t i = g->count; i > 0; i--)
        fill[i] = fill[i - 1];
    fill[0] = 0;
}

/*
 * Reverse level order (see the top of the file): breadth-first from all
 * outlets at once, a node's children queued last to first so that, once
 * the order is reversed, they come first to last. Outlets keep the slots
 * after the segments, in node order.
 */
static myk10_status number_slots(uint32_t *slot, const build *g, const myk10_flood_network *net,
                                 size_t seg_count)
{
    size_t *queue = myk10__malloc(g->count * sizeof *queue);
    if (!queue)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for ordering");
    size_t tail = 0;
    for (size_t root = 0; root < net->node_count; root++)
        if (net->nodes[root].down == FLOOD_NONE)
            queue[tail++] = root;
    size_t outlets = tail;
    for (size_t head = 0; head < tail; head++) {
        size_t v = queue[head];
        for (size_t ci = g->child_start[v + 1]; ci > g->child_start[v]; ci--)
            queue[tail++] = g->child_list[ci - 1];
        slot[v] = (uint32_t)(head < outlets ? seg_count + head : g->count - 1 - head);
    }
    myk10__free(queue);
    return MYK10_OK;
}

/* Arrays sized by the network alone. */
static myk10_status alloc_per_item(myk10_flood_router *rt)
{
    size_t n = rt->node_count ? rt->node_count : 1, r = rt->reach_count ? rt->reach_count : 1;
    rt->node_slot = myk10__calloc(n, sizeof(uint32_t));
    rt->node_order = myk10__calloc(n, sizeof(uint32_t));
    rt->node_lateral = myk10__calloc(n, sizeof(double));
    rt->node_baseflow = myk10__calloc(n, sizeof(double));
    rt->reach_first = myk10__calloc(r, sizeof(uint32_t));
    rt->reach_segs = myk10__calloc(r, sizeof(uint32_t));
    rt->reports = myk10__calloc(r, sizeof *rt->reports);
    rt->io_slot = myk10__calloc(n, sizeof(uint32_t));
    rt->io_in = myk10__calloc(n, sizeof(double *));
    rt->io_out = myk10__calloc(n, sizeof(double *));
    rt->io_lat = myk10__calloc(n, sizeof(double));
    rt->io_node = myk10__calloc(n, sizeof(size_t));
    rt->node_id = myk10__calloc(n, sizeof(char *));
    if (!rt->io_node || !rt->node_id || !rt->node_slot || !rt->node_order || !rt->node_lateral ||
        !rt->node_baseflow || !rt->reach_first || !rt->reach_segs || !rt->reports ||
        !rt->io_slot || !rt->io_in || !rt->io_out || !rt->io_lat)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for a router");
    return MYK10_OK;
}

/* Arrays sized by the internal segments, once the plans are known. */
static myk10_status alloc_per_segment(myk10_flood_router *rt)
{
    size_t s = rt->seg_count ? rt->seg_count : 1;
    rt->a = myk10__calloc(s, sizeof(double));
    rt->b = myk10__calloc(s, sizeof(double));
    rt->c = myk10__calloc(s, sizeof(double));
    rt->in_prev = myk10__calloc(s, sizeof(double));
    rt->out_prev = myk10__calloc(s, sizeof(double));
    rt->dst = myk10__calloc(s, sizeof(uint32_t));
    rt->negative = myk10__calloc(s, sizeof(uint64_t));
    rt->min_out = myk10__calloc(s, sizeof(double));
    rt->flow = myk10__calloc(rt->slot_count, sizeof(double));
    rt->local = myk10__calloc(rt->slot_count, sizeof(double));
    rt->local_base = myk10__calloc(rt->slot_count, sizeof(double));
    rt->outlet_now = myk10__calloc(rt->slot_count - rt->seg_count + 1, sizeof(double));
    if (!rt->outlet_now || !rt->a || !rt->b || !rt->c || !rt->in_prev || !rt->out_prev ||
        !rt->dst || !rt->negative || !rt->min_out || !rt->flow || !rt->local || !rt->local_base)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for %zu segments", s);
    return MYK10_OK;
}

void myk10_flood_router_destroy(myk10_flood_router *rt)
{
    if (!rt)
        return;
    void *owned[] = { rt->a, rt->b, rt->c, rt->in_prev, rt->out_prev, rt->dst, rt->negative,
                      rt->min_out, rt->flow, rt->local, rt->local_base, rt->node_slot,
                      rt->node_order, rt->node_lateral, rt->node_baseflow, rt->reach_first,
                      rt->reach_segs, rt->reports, rt->io_slot, (void *)rt->io_in, rt->io_out,
                      rt->io_lat, rt->io_node, rt->outlet_now };
    for (size_t i = 0; rt->node_id && i < rt->node_count; i++)
        myk10__free(rt->node_id[i]);
    myk10__free(rt->node_id);
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        myk10__free(owned[i]);
    myk10__free(rt);
}

/* Copies the numbered graph into the router's flat arrays. */
static void fill_router(myk10_flood_router *rt, const build *g, const uint32_t *slot,
                        const myk10_flood_network *net)
{
    for (size_t i = 0; i < g->count; i++) {
        if (g->down[i] == FLOOD_NONE)
            continue;
        uint32_t s = slot[i];
        rt->a[s] = g->coef[i][0];
        rt->b[s] = g->coef[i][1];
        rt->c[s] = g->coef[i][2];
        rt->dst[s] = slot[g->down[i]];
    }
    for (size_t n = 0; n < net->node_count; n++) {
        const flood_node *node = &net->nodes[n];
        double lateral = node->down != FLOOD_NONE ? net->reaches[node->down].pub.lateral_m3s : 0;
        rt->node_slot[n] = slot[n];
        rt->node_lateral[n] = lateral;
        rt->node_baseflow[n] = node->pub.baseflow_m3s;
        rt->local_base[slot[n]] = node->pub.baseflow_m3s + lateral;
    }
    for (size_t r = 0; r < net->reach_count; r++)
        rt->reach_first[r] = slot[net->reaches[r].from];
}

/* node_order: the public nodes by ascending slot, so that route() can list
 * its inputs in the order the pass reaches them. */
static myk10_status order_nodes_by_slot(myk10_flood_router *rt)
{
    uint32_t *node_at = myk10__malloc(rt->slot_count * sizeof *node_at);
    if (!node_at)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for ordering");
    for (size_t s = 0; s < rt->slot_count; s++)
        node_at[s] = UINT32_MAX;
    for (size_t n = 0; n < rt->node_count; n++)
        node_at[rt->node_slot[n]] = (uint32_t)n;
    size_t k = 0;
    for (size_t s = 0; s < rt->slot_count; s++)
        if (node_at[s] != UINT32_MAX)
            rt->node_order[k++] = node_at[s];
    myk10__free(node_at);
    return MYK10_OK;
}

static myk10_status plan_all(reach_plan *plans, myk10_flood_router *rt,
                             const myk10_flood_network *net, size_t *out_internal)
{
    size_t internal = net->node_count;
    for (size_t r = 0; r < net->reach_count; r++) {
        myk10_status st = plan_reach(&plans[r], &rt->reports[r], &net->reaches[r].pub, rt->dt,
                                     rt->mode);
        if (st != MYK10_OK)
            return st;
        rt->reach_segs[r] = plans[r].count;
        internal += plans[r].count - 1;
        if (internal >= UINT32_MAX)
            return myk10__fail(MYK10_ERANGE, "flood: more than %u internal segments at "
                               "reach '%s'", UINT32_MAX - 1, net->reaches[r].pub.id);
    }
    *out_internal = internal;
    return MYK10_OK;
}

static size_t count_outlets(const myk10_flood_network *net)
{
    size_t outlets = 0;
    for (size_t n = 0; n < net->node_count; n++)
        outlets += net->nodes[n].down == FLOOD_NONE;
    return outlets;
}

static myk10_status copy_ids(myk10_flood_router *rt, const myk10_flood_network *net)
{
    for (size_t n = 0; n < net->node_count; n++) {
        size_t len = strlen(net->nodes[n].pub.id) + 1;
        if (!(rt->node_id[n] = myk10__malloc(len)))
            return myk10__fail(MYK10_ENOMEM, "flood: out of memory for node ids");
        memcpy(rt->node_id[n], net->nodes[n].pub.id, len);
    }
    return MYK10_OK;
}

static myk10_status build_router(myk10_flood_router *rt, const myk10_flood_network *net)
{
    reach_plan *plans = myk10__calloc(net->reach_count, sizeof *plans);
    if (!plans)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for reach plans");
    size_t internal = 0;
    build g = { 0 };
    uint32_t *slot = NULL;
    myk10_status st = plan_all(plans, rt, net, &internal);
    if (st == MYK10_OK)
        st = alloc_build(&g, internal);
    if (st == MYK10_OK && !(slot = myk10__malloc(internal * sizeof *slot)))
        st = myk10__fail(MYK10_ENOMEM, "flood: out of memory for slots");
    if (st == MYK10_OK) {
        rt->slot_count = internal;
        rt->seg_count = internal - count_outlets(net);
        link_build(&g, net, plans);
        st = number_slots(slot, &g, net, rt->seg_count);
    }
    if (st == MYK10_OK)
        st = alloc_per_segment(rt);
    if (st == MYK10_OK) {
        fill_router(rt, &g, slot, net);
        st = order_nodes_by_slot(rt);
    }
    myk10__free(plans);
    free_build(&g);
    myk10__free(slot);
    return st;
}

myk10_status myk10_flood_router_create(myk10_flood_router **out, const myk10_flood_network *net,
                                       double dt, myk10_flood_mode mode)
{
    if (!out || !net)
        return myk10__fail(MYK10_EINVAL, "flood: out or network is NULL");
    if (mode != MYK10_FLOOD_ADAPT && mode != MYK10_FLOOD_PLAIN)
        return myk10__fail(MYK10_EINVAL, "flood: unknown routing mode %d", (int)mode);
    if (!(isfinite(dt) && dt > 0))
        return myk10__fail(MYK10_ERANGE, "flood: time step %g s must be > 0", dt);
    myk10_status st = myk10_flood_network_validate(net);
    if (st != MYK10_OK)
        return st;
    myk10_flood_router *rt = myk10__calloc(1, sizeof *rt);
    if (!rt)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for a router");
    rt->dt = dt;
    rt->mode = mode;
    rt->node_count = net->node_count;
    rt->reach_count = net->reach_count;
    st = alloc_per_item(rt);
    if (st == MYK10_OK)
        st = copy_ids(rt, net);
    if (st == MYK10_OK)
        st = build_router(rt, net);
    if (st != MYK10_OK) {
        myk10_flood_router_destroy(rt);
        return st;
    }
    myk10_flood_router_reset(rt);
    *out = rt;
    return MYK10_OK;
}

/* ------------------------------------------------------------ state */

/* Steady state: every segment passes its inflow on unchanged. */
void myk10_flood_router_reset(myk10_flood_router *rt)
{
    if (!rt)
        return;
    memcpy(rt->local, rt->local_base, rt->slot_count * sizeof *rt->local);
    memcpy(rt->flow, rt->local_base, rt->slot_count * sizeof *rt->flow);
    for (size_t s = 0; s < rt->seg_count; s++) {
        double q = rt->flow[s];
        rt->in_prev[s] = q;
        rt->out_prev[s] = q;
        rt->flow[s] = rt->local[s];
        rt->flow[rt->dst[s]] += q;
        rt->negative[s] = 0;
        rt->min_out[s] = q;
    }
    for (size_t s = rt->seg_count; s < rt->slot_count; s++) {
        rt->outlet_now[s - rt->seg_count] = rt->flow[s];
        rt->flow[s] = rt->local[s];
    }
}

myk10_status myk10_flood_router_set_reach_state(myk10_flood_router *rt, size_t reach,
                                                double inflow, double outflow)
{
    if (!rt)
        return myk10__fail(MYK10_EINVAL, "flood: router is NULL");
    if (reach >= rt->reach_count)
        return myk10__fail(MYK10_ERANGE, "flood: reach index %zu, router has %zu reaches",
                           reach, rt->reach_count);
    if (!(isfinite(inflow) && inflow >= 0 && isfinite(outflow) && outflow >= 0))
        return myk10__fail(MYK10_ERANGE, "flood: reach state %g, %g must be finite and >= 0",
                           inflow, outflow);
    size_t s = rt->reach_first[reach];
    for (uint32_t k = 0; k < rt->reach_segs[reach]; k++, s = rt->dst[s]) {
        rt->in_prev[s] = k == 0 ? inflow : outflow;
        rt->out_prev[s] = outflow;
    }
    return MYK10_OK;
}

/* ------------------------------------------------------------ routing */

/* One step over every segment, upstream first. The hot loop of the module:
 * seven sequential streams and one scatter into the next level. */
static void pass_adapt(myk10_flood_router *rt)
{
    double *restrict flow = rt->flow;
    const double *restrict local = rt->local;
    const double *restrict a = rt->a, *restrict b = rt->b, *restrict c = rt->c;
    double *restrict ip = rt->in_prev, *restrict op = rt->out_prev;
    const uint32_t *restrict dst = rt->dst;
    size_t n = rt->seg_count;
    for (size_t s = 0; s < n; s++) {
        double in = flow[s];
        double out = a[s] * in + b[s] * ip[s] + c[s] * op[s];
        ip[s] = in;
        op[s] = out;
        flow[s] = local[s];
        flow[dst[s]] += out;
    }
}

/* As pass_adapt(), counting the negative outflows PLAIN coefficients make:
 * a slower loop of its own, so that the common one carries no branches. */
static void pass_plain(myk10_flood_router *rt)
{
    double *flow = rt->flow;
    for (size_t s = 0; s < rt->seg_count; s++) {
        double in = flow[s];
        double out = rt->a[s] * in + rt->b[s] * rt->in_prev[s] + rt->c[s] * rt->out_prev[s];
        rt->in_prev[s] = in;
        rt->out_prev[s] = out;
        if (out < 0)
            rt->negative[s]++;
        if (out < rt->min_out[s])
            rt->min_out[s] = out;
        flow[s] = rt->local[s];
        flow[rt->dst[s]] += out;
    }
}

static double current_flow(const myk10_flood_router *rt, size_t node)
{
    uint32_t s = rt->node_slot[node];
    if (s >= rt->seg_count)
        return rt->outlet_now[s - rt->seg_count];
    return rt->in_prev[s] - rt->node_lateral[node];
}

/* Index of the first local inflow that is negative or not finite, or n. */
static size_t first_invalid(const double *v, size_t n)
{
    size_t j = 0;
    while (j < n && isfinite(v[j]) && v[j] >= 0)
        j++;
    return j;
}

/* Checks every local inflow before anything moves (in node order, so the
 * error names the first bad node), then lists the inputs by slot. */
static myk10_status gather_inputs(size_t *out_count, myk10_flood_router *rt,
                                  const double *const *local, size_t steps)
{
    size_t count = 0;
    for (size_t n = 0; local && n < rt->node_count; n++) {
        size_t j = local[n] ? first_invalid(local[n], steps) : steps;
        if (j < steps)
            return myk10__fail(MYK10_ERANGE, "flood: local inflow at node '%s' step %zu "
                               "is %g, must be finite and >= 0", rt->node_id[n], j,
                               local[n][j]);
    }
    for (size_t k = 0; local && k < rt->node_count; k++) {
        size_t n = rt->node_order[k];
        if (!local[n])
            continue;
        rt->io_slot[count] = rt->node_slot[n];
        rt->io_in[count] = local[n];
        rt->io_lat[count] = rt->node_lateral[n];
        count++;
    }
    *out_count = count;
    return MYK10_OK;
}

/* Inputs replace the node's baseflow: its slot keeps only the lateral. */
static void set_input_locals(myk10_flood_router *rt, size_t n_in, bool replaced)
{
    for (size_t i = 0; i < n_in; i++) {
        uint32_t s = rt->io_slot[i];
        rt->local[s] = replaced ? rt->io_lat[i] : rt->local_base[s];
        rt->flow[s] = rt->local[s]; /* nothing has arrived yet at a step boundary */
    }
}

/* Adds step j's local inflow of every input, in slot order: a walk up the
 * flow array instead of a jump per input (node order). */
static void add_inputs(myk10_flood_router *rt, size_t n_in, size_t j)
{
    for (size_t i = 0; i < n_in; i++)
        rt->flow[rt->io_slot[i]] += rt->io_in[i][j];
}

static void collect_outlets(myk10_flood_router *rt)
{
    for (size_t s = rt->seg_count; s < rt->slot_count; s++) {
        rt->outlet_now[s - rt->seg_count] = rt->flow[s];
        rt->flow[s] = rt->local[s];
    }
}

myk10_status myk10_flood_router_route(myk10_flood_router *rt, const double *const *local,
                                      double *const *node_flow, size_t steps)
{
    if (!rt)
        return myk10__fail(MYK10_EINVAL, "flood: router is NULL");
    if (steps == 0)
        return MYK10_OK;
    size_t n_in = 0, n_out = 0;
    myk10_status st = gather_inputs(&n_in, rt, local, steps);
    if (st != MYK10_OK)
        return st;
    for (size_t n = 0; node_flow && n < rt->node_count; n++)
        if (node_flow[n])
            rt->io_out[n_out] = node_flow[n], rt->io_node[n_out++] = n;
    set_input_locals(rt, n_in, true);
    for (size_t j = 0; j < steps; j++) {
        add_inputs(rt, n_in, j);
        if (rt->mode == MYK10_FLOOD_PLAIN)
            pass_plain(rt);
        else
            pass_adapt(rt);
        collect_outlets(rt);
        for (size_t i = 0; i < n_out; i++)
            rt->io_out[i][j] = current_flow(rt, rt->io_node[i]);
    }
    set_input_locals(rt, n_in, false);
    return MYK10_OK;
}

/* ------------------------------------------------------------ queries */

myk10_status myk10_flood_router_node_flow(double *out, const myk10_flood_router *rt, size_t node)
{
    if (!out || !rt)
        return myk10__fail(MYK10_EINVAL, "flood: out or router is NULL");
    if (node >= rt->node_count)
        return myk10__fail(MYK10_ERANGE, "flood: node index %zu, router has %zu nodes", node,
                           rt->node_count);
    *out = current_flow(rt, node);
    return MYK10_OK;
}

/*
 * For O' = aI' + bI + cO with a + b + c = 1 the storage S = pI + qO with
 * q = Δt/2·(1+c)/(1−c) and p = Δt/2·(1−a) − q·a makes the trapezoidal
 * balance S' − S = Δt/2·(I + I' − O − O') exact. For plain Muskingum this
 * gives p = KX, q = K(1−X).
 */
myk10_status myk10_flood_router_storage(double *out, const myk10_flood_router *rt)
{
    if (!out || !rt)
        return myk10__fail(MYK10_EINVAL, "flood: out or router is NULL");
    double half = rt->dt / 2, total = 0;
    for (size_t s = 0; s < rt->seg_count; s++) {
        double q = half * (1 + rt->c[s]) / (1 - rt->c[s]);
        double p = half * (1 - rt->a[s]) - q * rt->a[s];
        total += p * rt->in_prev[s] + q * rt->out_prev[s];
    }
    *out = total;
    return MYK10_OK;
}

myk10_status myk10_flood_router_report(myk10_flood_reach_report *out,
                                       const myk10_flood_router *rt, size_t reach)
{
    if (!out || !rt)
        return myk10__fail(MYK10_EINVAL, "flood: out or router is NULL");
    if (reach >= rt->reach_count)
        return myk10__fail(MYK10_ERANGE, "flood: reach index %zu, router has %zu reaches",
                           reach, rt->reach_count);
    *out = rt->reports[reach];
    out->negative_steps = 0;
    out->min_outflow_m3s = rt->mode == MYK10_FLOOD_PLAIN ? INFINITY : NAN;
    size_t s = rt->reach_first[reach];
    for (uint32_t k = 0; k < rt->reach_segs[reach] && rt->mode == MYK10_FLOOD_PLAIN;
         k++, s = rt->dst[s]) {
        out->negative_steps += rt->negative[s];
        if (rt->min_out[s] < out->min_outflow_m3s)
            out->min_outflow_m3s = rt->min_out[s];
    }
    return MYK10_OK;
}

size_t myk10_flood_router_segment_count(const myk10_flood_router *rt)
{
    return rt ? rt->seg_count : 0;
}

double myk10_flood_router_dt(const myk10_flood_router *rt)
{
    return rt ? rt->dt : 0;
}

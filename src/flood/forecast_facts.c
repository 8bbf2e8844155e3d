/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What drives each village: the gauges upstream of it, which of them is
 * stale or missing, the earliest raise, the nearest gauge node and the best
 * observed gauge. One pass down the varying reaches in topological order
 * gathers them (each node merges what its upstream reaches pass down), so
 * a run costs the size of the varying network, not gauges × depth.
 *
 * A valid (substituted) gauge hides the gauges above it from staleness,
 * routed-only and the driver choice, since its observation replaces what
 * they route; raises and the nearest gauge node are not hidden.
 */
#include <stdbool.h>
#include <stdint.h>

#include "flood/forecast_internal.h"

/* Is gauge a a better driver than gauge b (b may be -1)? Higher level,
 * then earlier raise, then more water at `now`, then the lower index. */
static bool better(const myk10_flood_forecaster *f, int32_t a, int32_t b, int64_t now)
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
    double qa = fc_at_now(f, ga->series, now), qb = fc_at_now(f, gb->series, now);
    return qa != qb ? qa > qb : a < b;
}

static int64_t earlier(int64_t a, int64_t b)
{
    if (a == MYK10_TIME_NONE)
        return b;
    return b == MYK10_TIME_NONE || a < b ? a : b;
}

static void clear(fc_facts *x)
{
    x->best = x->near = -1;
    x->hops = INT32_MAX;
    x->raise = MYK10_TIME_NONE;
    x->stale = x->routed_only = false;
}

/* Adds what a node passes down (`from`) to what the node below gathers. */
static void merge(const myk10_flood_forecaster *f, fc_facts *into, const fc_facts *from,
                  int64_t now)
{
    into->raise = earlier(into->raise, from->raise);
    if (from->near >= 0 && (from->hops + 1 < into->hops ||
                            (from->hops + 1 == into->hops && from->near < into->near))) {
        into->near = from->near;
        into->hops = from->hops + 1;
    }
    into->stale |= from->stale;
    into->routed_only |= from->routed_only;
    if (from->best >= 0 && better(f, from->best, into->best, now))
        into->best = from->best;
}

/* What the reaches ending at node u bring. */
static void gather(const myk10_flood_forecaster *f, fc_facts *out, uint32_t u, int64_t now)
{
    clear(out);
    for (uint32_t k = f->up_first[u]; k < f->up_first[u + 1]; k++)
        merge(f, out, &f->facts[f->reach[f->up_reach[k]].from], now);
}

/* What node u passes down: what it gathers, and its own gauge. */
static void pass_down(myk10_flood_forecaster *f, uint32_t u, int64_t now)
{
    fc_facts *x = &f->facts[u];
    gather(f, x, u, now);
    if (f->kind[u] != MYK10_FLOOD_GAUGE)
        return;
    const fc_gauge *g = &f->g[u];
    x->raise = earlier(x->raise, g->raised0);
    x->near = (int32_t)u;
    x->hops = 0;
    if (g->valid) { /* its observation replaces everything above it */
        x->stale = g->stale;
        x->routed_only = false;
        x->best = (int32_t)u;
    } else {
        x->stale |= g->stale;
        x->routed_only = true;
    }
}

void fc_upstream_facts(myk10_flood_forecaster *f, int64_t now)
{
    for (size_t v = 0; v < f->varying_count; v++)
        pass_down(f, f->reach[f->varying[v]].from, now);
    for (size_t v = 0; v < f->village_count; v++)
        gather(f, &f->v_facts[v], f->v_node[v], now);
}

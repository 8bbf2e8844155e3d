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
#include <stddef.h>
#include <stdint.h>

#include "flood/forecast_internal.h"

/* Is gauge a a better driver than gauge b (b may be -1)? Higher level,
 * then earlier raise, then more water at the newest reading, then the
 * lower index. Nothing here depends on `now` but through the gauges'
 * refresh, so only the ways down from refreshed gauges need a new look. */
static bool better(const myk10_flood_forecaster *f, int32_t a, int32_t b)
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
    return ga->q_last != gb->q_last ? ga->q_last > gb->q_last : a < b;
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
static void merge(const myk10_flood_forecaster *f, fc_facts *into, const fc_facts *from)
{
    into->raise = earlier(into->raise, from->raise);
    if (from->near >= 0 && (from->hops + 1 < into->hops ||
                            (from->hops + 1 == into->hops && from->near < into->near))) {
        into->near = from->near;
        into->hops = from->hops + 1;
    }
    into->stale |= from->stale;
    into->routed_only |= from->routed_only;
    if (from->best >= 0 && better(f, from->best, into->best))
        into->best = from->best;
}

/* What the reaches ending at node u bring. */
static void gather(const myk10_flood_forecaster *f, fc_facts *out, uint32_t u)
{
    clear(out);
    for (uint32_t k = f->up_first[u]; k < f->up_first[u + 1]; k++)
        merge(f, out, &f->facts[f->reach[f->up_reach[k]].from]);
}

/* What node u passes down: what it gathers, and its own gauge. */
static void pass_down(myk10_flood_forecaster *f, uint32_t u)
{
    fc_facts *x = &f->facts[u];
    gather(f, x, u);
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

void fc_upstream_facts(myk10_flood_forecaster *f, bool full)
{
    const uint32_t *list = full ? f->varying : f->work;
    size_t count = full ? f->varying_count : f->work_count;
    for (size_t w = 0; w < count; w++) {
        const fc_reach *r = &f->reach[list[w]];
        pass_down(f, r->from);
        int32_t v = f->v_of_node[r->to];
        if (v >= 0)
            gather(f, &f->v_facts[v], r->to);
    }
}

void fc_facts_init(myk10_flood_forecaster *f)
{
    for (size_t n = 0; n < f->node_count; n++)
        clear(&f->facts[n]);
    for (size_t v = 0; v < f->village_count; v++)
        clear(&f->v_facts[v]);
}

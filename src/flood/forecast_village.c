/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Village alert thresholds (discharge) stored on the network's nodes.
 */
#include <math.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"

myk10_status myk10_flood_network_set_village_levels(myk10_flood_network *net, const char *node_id,
                                                    const double *q, size_t count)
{
    if (!net || !node_id || (!q && count))
        return myk10__fail(MYK10_EINVAL, "flood: network, node_id or thresholds is NULL");
    size_t index;
    myk10_status st = myk10_flood_network_find_node(&index, net, node_id);
    if (st != MYK10_OK)
        return st;
    flood_node *n = &net->nodes[index];
    if (n->pub.kind != MYK10_FLOOD_VILLAGE)
        return myk10__fail(MYK10_EINVAL, "flood: node '%s' is a %s, not a village", node_id,
                           flood_kind_name(n->pub.kind));
    if (count > MYK10_ALERT_MAX_LEVELS)
        return myk10__fail(MYK10_ERANGE, "flood: village '%s': %zu levels, at most %d", node_id,
                           count, MYK10_ALERT_MAX_LEVELS);
    for (size_t k = 0; k < count; k++) {
        if (!(isfinite(q[k]) && q[k] > 0))
            return myk10__fail(MYK10_ERANGE, "flood: village '%s': level %zu threshold %g m3/s "
                               "must be finite and > 0", node_id, k + 1, q[k]);
        if (k > 0 && !(q[k] > q[k - 1]))
            return myk10__fail(MYK10_ECONFLICT, "flood: village '%s': level %zu threshold %g "
                               "m3/s is not above level %zu (%g)", node_id, k + 1, q[k], k,
                               q[k - 1]);
    }
    for (size_t k = 0; k < count; k++)
        n->alert_m3s[k] = q[k];
    n->alert_count = count;
    return MYK10_OK;
}

myk10_status myk10_flood_network_village_levels(double out[MYK10_ALERT_MAX_LEVELS],
                                                size_t *out_count,
                                                const myk10_flood_network *net, size_t index)
{
    if (!out || !out_count || !net)
        return myk10__fail(MYK10_EINVAL, "flood: out, out_count or network is NULL");
    if (index >= net->node_count)
        return myk10__fail(MYK10_ERANGE, "flood: node index %zu >= %zu", index, net->node_count);
    const flood_node *n = &net->nodes[index];
    for (size_t k = 0; k < n->alert_count; k++)
        out[k] = n->alert_m3s[k];
    *out_count = n->alert_count;
    return MYK10_OK;
}

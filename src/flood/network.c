/* SPDX-License-Identifier: Apache-2.0 */
/*
 * River network: nodes, reaches, id lookup and validation.
 *
 * Ids are looked up through open-addressing hash maps so that building a
 * network of a million reaches stays linear. Each node records the single
 * reach leaving it, which makes "several downstream reaches" impossible to
 * build and cycle detection a walk along those links.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"

/* ------------------------------------------------------------ id maps */

/* ------------------------------------------------------------ names */

static const char *const kind_names[] = { "gauge", "confluence", "village", "outlet" };
static const char *const method_names[] = { "lag", "muskingum", "muskingum-cunge" };

const char *flood_kind_name(myk10_flood_node_kind kind)
{
    return (unsigned)kind < 4 ? kind_names[kind] : "?";
}

const char *flood_method_name(myk10_flood_method method)
{
    return (unsigned)method < 3 ? method_names[method] : "?";
}

int flood_kind_parse(myk10_flood_node_kind *out, const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (myk10_flood_node_kind)i;
            return 1;
        }
    return 0;
}

int flood_method_parse(myk10_flood_method *out, const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, method_names[i]) == 0) {
            *out = (myk10_flood_method)i;
            return 1;
        }
    return 0;
}

/* ------------------------------------------------------------ lifecycle */

myk10_status myk10_flood_network_create(myk10_flood_network **out)
{
    if (!out)
        return myk10__fail(MYK10_EINVAL, "flood: out is NULL");
    myk10_flood_network *net = myk10__calloc(1, sizeof *net);
    if (!net)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for a network");
    *out = net;
    return MYK10_OK;
}

void myk10_flood_network_destroy(myk10_flood_network *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->node_count; i++) {
        myk10__free((char *)net->nodes[i].pub.id);
        myk10__free((char *)net->nodes[i].pub.name);
    }
    for (size_t i = 0; i < net->reach_count; i++)
        myk10__free((char *)net->reaches[i].pub.id);
    myk10__free(net->nodes);
    myk10__free(net->reaches);
    flood_index_free(&net->node_ids);
    flood_index_free(&net->reach_ids);
    myk10__free(net->description);
    myk10__free(net);
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = myk10__malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

/* Grows an array of `size`-byte items so that one more fits. */
static myk10_status reserve_one(void **items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity)
        return MYK10_OK;
    size_t fresh = *capacity ? 2 * *capacity : 16;
    void *grown = myk10__realloc(*items, fresh * size);
    if (!grown)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for %zu items", fresh);
    *items = grown;
    *capacity = fresh;
    return MYK10_OK;
}

static myk10_status check_id(const char *what, const char *id)
{
    if (!id || !*id)
        return myk10__fail(MYK10_EINVAL, "flood: %s id is missing or empty", what);
    if (strlen(id) > FLOOD_MAX_ID)
        return myk10__fail(MYK10_EINVAL, "flood: %s id '%.40s...' longer than %d bytes", what,
                           id, FLOOD_MAX_ID);
    return MYK10_OK;
}

/* ------------------------------------------------------------ nodes */

static myk10_status check_node(const myk10_flood_network *net, const myk10_flood_node *node)
{
    myk10_status st = check_id("node", node->id);
    if (st != MYK10_OK)
        return st;
    size_t existing;
    if (flood_index_lookup(&existing, &net->node_ids, node->id))
        return myk10__fail(MYK10_EEXISTS, "flood: node '%s' already exists", node->id);
    if ((unsigned)node->kind > MYK10_FLOOD_OUTLET)
        return myk10__fail(MYK10_EINVAL, "flood: node '%s': unknown kind %d", node->id,
                           (int)node->kind);
    if (myk10_geo_check(node->lat, node->lon) != MYK10_OK)
        return myk10__fail(MYK10_ERANGE, "flood: node '%s': position %g, %g is not WGS84",
                           node->id, node->lat, node->lon);
    if (!isfinite(node->baseflow_m3s) || node->baseflow_m3s < 0)
        return myk10__fail(MYK10_ERANGE, "flood: node '%s': baseflow_m3s %g must be >= 0",
                           node->id, node->baseflow_m3s);
    return MYK10_OK;
}

myk10_status myk10_flood_network_add_node(myk10_flood_network *net, const myk10_flood_node *node)
{
    if (!net || !node)
        return myk10__fail(MYK10_EINVAL, "flood: network or node is NULL");
    myk10_status st = check_node(net, node);
    if (st == MYK10_OK)
        st = reserve_one((void **)&net->nodes, &net->node_capacity, net->node_count,
                         sizeof *net->nodes);
    if (st == MYK10_OK)
        st = flood_index_reserve(&net->node_ids, net->node_count);
    if (st != MYK10_OK)
        return st;
    char *id = copy_string(node->id);
    char *name = copy_string(node->name && *node->name ? node->name : node->id);
    if (!id || !name) {
        myk10__free(id);
        myk10__free(name);
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for node '%s'", node->id);
    }
    flood_node *n = &net->nodes[net->node_count];
    n->pub = *node;
    n->pub.id = id;
    n->pub.name = name;
    n->down = FLOOD_NONE;
    n->up_count = 0;
    n->alert_count = 0;
    flood_index_put(&net->node_ids, id, net->node_count);
    net->node_count++;
    return MYK10_OK;
}

/* ------------------------------------------------------------ reaches */

/* One-line range check: value finite and lo (<) value <= hi. */
static myk10_status check_param(const char *reach, const char *field, double value, double lo,
                                bool lo_open, double hi)
{
    bool ok = isfinite(value) && (lo_open ? value > lo : value >= lo) && value <= hi;
    if (ok)
        return MYK10_OK;
    return myk10__fail(MYK10_ERANGE, "flood: reach '%s': %s %g outside %c%g, %g]", reach, field,
                       value, lo_open ? '(' : '[', lo, hi);
}

myk10_status flood_check_cunge(const char *id, double length_m, double slope, double manning_n,
                               double width_m, double reference_m3s)
{
    myk10_status st;
    if ((st = check_param(id, "length_m", length_m, 0, true, 1e8)) != MYK10_OK ||
        (st = check_param(id, "slope", slope, 0, true, 1)) != MYK10_OK ||
        (st = check_param(id, "manning_n", manning_n, 0, true, 1)) != MYK10_OK ||
        (st = check_param(id, "width_m", width_m, 0, true, 1e5)) != MYK10_OK)
        return st;
    return check_param(id, "reference_m3s", reference_m3s, 0, true, 1e7);
}

static myk10_status check_method_params(const myk10_flood_reach *r)
{
    myk10_status st;
    switch (r->method) {
    case MYK10_FLOOD_LAG:
        return check_param(r->id, "lag_s", r->lag_s, 0, false, 1e9);
    case MYK10_FLOOD_MUSKINGUM:
        if ((st = check_param(r->id, "k_s", r->k_s, 0, true, 1e9)) != MYK10_OK)
            return st;
        return check_param(r->id, "x", r->x, 0, false, 0.5);
    case MYK10_FLOOD_MUSKINGUM_CUNGE:
        return flood_check_cunge(r->id, r->length_m, r->slope, r->manning_n, r->width_m,
                                 r->reference_m3s);
    }
    return myk10__fail(MYK10_EINVAL, "flood: reach '%s': unknown method %d", r->id,
                       (int)r->method);
}

static myk10_status find_end(size_t *out, const myk10_flood_network *net, const char *reach,
                             const char *field, const char *node)
{
    if (!node || !*node)
        return myk10__fail(MYK10_EINVAL, "flood: reach '%s': %s is missing", reach, field);
    if (!flood_index_lookup(out, &net->node_ids, node))
        return myk10__fail(MYK10_ENOTFOUND, "flood: reach '%s': %s node '%s' does not exist",
                           reach, field, node);
    return MYK10_OK;
}

static myk10_status check_reach(size_t *from, size_t *to, const myk10_flood_network *net,
                                const myk10_flood_reach *r)
{
    myk10_status st = check_id("reach", r->id);
    if (st != MYK10_OK)
        return st;
    size_t existing;
    if (flood_index_lookup(&existing, &net->reach_ids, r->id))
        return myk10__fail(MYK10_EEXISTS, "flood: reach '%s' already exists", r->id);
    if ((st = find_end(from, net, r->id, "from", r->from)) != MYK10_OK ||
        (st = find_end(to, net, r->id, "to", r->to)) != MYK10_OK)
        return st;
    if (*from == *to)
        return myk10__fail(MYK10_EINVAL, "flood: reach '%s' leads from node '%s' to itself",
                           r->id, r->from);
    size_t down = net->nodes[*from].down;
    if (down != FLOOD_NONE)
        return myk10__fail(MYK10_EINVAL,
                           "flood: reach '%s': node '%s' already drains through reach '%s'",
                           r->id, r->from, net->reaches[down].pub.id);
    if ((st = check_param(r->id, "length_m", r->length_m, 0, true, 1e8)) != MYK10_OK)
        return st;
    if ((st = check_param(r->id, "lateral_m3s", r->lateral_m3s, 0, false, 1e7)) != MYK10_OK)
        return st;
    return check_method_params(r);
}

myk10_status myk10_flood_network_add_reach(myk10_flood_network *net, const myk10_flood_reach *r)
{
    if (!net || !r)
        return myk10__fail(MYK10_EINVAL, "flood: network or reach is NULL");
    size_t from, to;
    myk10_status st = check_reach(&from, &to, net, r);
    if (st == MYK10_OK)
        st = reserve_one((void **)&net->reaches, &net->reach_capacity, net->reach_count,
                         sizeof *net->reaches);
    if (st == MYK10_OK)
        st = flood_index_reserve(&net->reach_ids, net->reach_count);
    if (st != MYK10_OK)
        return st;
    char *id = copy_string(r->id);
    if (!id)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for reach '%s'", r->id);
    flood_reach *reach = &net->reaches[net->reach_count];
    reach->pub = *r;
    reach->pub.id = id;
    reach->pub.from = net->nodes[from].pub.id;
    reach->pub.to = net->nodes[to].pub.id;
    reach->from = from;
    reach->to = to;
    net->nodes[from].down = net->reach_count;
    net->nodes[to].up_count++;
    flood_index_put(&net->reach_ids, id, net->reach_count);
    net->reach_count++;
    return MYK10_OK;
}

/* ------------------------------------------------------------ validation */

static myk10_status check_node_role(const myk10_flood_network *net, const flood_node *n)
{
    bool outlet = n->pub.kind == MYK10_FLOOD_OUTLET;
    if (n->down == FLOOD_NONE && n->up_count == 0)
        return myk10__fail(MYK10_EINVAL, "flood: node '%s' is not connected to any reach",
                           n->pub.id);
    if (n->down == FLOOD_NONE && !outlet)
        return myk10__fail(MYK10_EINVAL,
                           "flood: node '%s' has no downstream reach but is a %s, not an outlet",
                           n->pub.id, flood_kind_name(n->pub.kind));
    if (n->down != FLOOD_NONE && outlet)
        return myk10__fail(MYK10_EINVAL, "flood: outlet '%s' drains on through reach '%s'",
                           n->pub.id, net->reaches[n->down].pub.id);
    return MYK10_OK;
}

/*
 * Every node has at most one downstream reach, so following `down` from any
 * node either reaches a node without one or loops. Walks are marked with the
 * start index; meeting the current walk's mark again means a cycle. Each node
 * is visited once over all walks.
 */
static myk10_status check_cycles(const myk10_flood_network *net)
{
    size_t *mark = myk10__calloc(net->node_count ? net->node_count : 1, sizeof *mark);
    if (!mark)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for cycle check");
    myk10_status st = MYK10_OK;
    for (size_t start = 0; start < net->node_count && st == MYK10_OK; start++) {
        size_t v = start;
        while (mark[v] == 0) {
            mark[v] = start + 1;
            size_t down = net->nodes[v].down;
            if (down == FLOOD_NONE)
                break;
            v = net->reaches[down].to;
        }
        if (mark[v] == start + 1 && net->nodes[v].down != FLOOD_NONE)
            st = myk10__fail(MYK10_EINVAL, "flood: reach '%s' closes a cycle through node '%s'",
                             net->reaches[net->nodes[v].down].pub.id, net->nodes[v].pub.id);
    }
    myk10__free(mark);
    return st;
}

myk10_status myk10_flood_network_validate(const myk10_flood_network *net)
{
    if (!net)
        return myk10__fail(MYK10_EINVAL, "flood: network is NULL");
    if (net->reach_count == 0)
        return myk10__fail(MYK10_EINVAL, "flood: network has no reaches");
    for (size_t i = 0; i < net->node_count; i++) {
        myk10_status st = check_node_role(net, &net->nodes[i]);
        if (st != MYK10_OK)
            return st;
    }
    return check_cycles(net);
}

/* ------------------------------------------------------------ queries */

size_t myk10_flood_network_node_count(const myk10_flood_network *net)
{
    return net ? net->node_count : 0;
}

size_t myk10_flood_network_reach_count(const myk10_flood_network *net)
{
    return net ? net->reach_count : 0;
}

myk10_status myk10_flood_network_node(myk10_flood_node *out, const myk10_flood_network *net,
                                      size_t index)
{
    if (!out || !net)
        return myk10__fail(MYK10_EINVAL, "flood: out or network is NULL");
    if (index >= net->node_count)
        return myk10__fail(MYK10_ERANGE, "flood: node index %zu, network has %zu nodes", index,
                           net->node_count);
    *out = net->nodes[index].pub;
    return MYK10_OK;
}

myk10_status myk10_flood_network_reach(myk10_flood_reach *out, const myk10_flood_network *net,
                                       size_t index)
{
    if (!out || !net)
        return myk10__fail(MYK10_EINVAL, "flood: out or network is NULL");
    if (index >= net->reach_count)
        return myk10__fail(MYK10_ERANGE, "flood: reach index %zu, network has %zu reaches",
                           index, net->reach_count);
    *out = net->reaches[index].pub;
    return MYK10_OK;
}

static myk10_status find_id(size_t *out, const flood_index *ix, const char *what,
                            const char *id)
{
    if (!out || !id)
        return myk10__fail(MYK10_EINVAL, "flood: out or id is NULL");
    if (!flood_index_lookup(out, ix, id))
        return myk10__fail(MYK10_ENOTFOUND, "flood: no %s '%s'", what, id);
    return MYK10_OK;
}

myk10_status myk10_flood_network_find_node(size_t *out, const myk10_flood_network *net,
                                           const char *id)
{
    if (!net)
        return myk10__fail(MYK10_EINVAL, "flood: network is NULL");
    return find_id(out, &net->node_ids, "node", id);
}

myk10_status myk10_flood_network_find_reach(size_t *out, const myk10_flood_network *net,
                                            const char *id)
{
    if (!net)
        return myk10__fail(MYK10_EINVAL, "flood: network is NULL");
    return find_id(out, &net->reach_ids, "reach", id);
}

myk10_status myk10_flood_network_set_description(myk10_flood_network *net, const char *text)
{
    if (!net)
        return myk10__fail(MYK10_EINVAL, "flood: network is NULL");
    char *copy = NULL;
    if (text && !(copy = copy_string(text)))
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for the description");
    myk10__free(net->description);
    net->description = copy;
    return MYK10_OK;
}

const char *myk10_flood_network_description(const myk10_flood_network *net)
{
    return net && net->description ? net->description : "";
}

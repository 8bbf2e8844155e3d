/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private layout of the flood network, shared by the network, JSON and
 * routing sources. Never installed.
 */
#ifndef MYK10_FLOOD_INTERNAL_H
#define MYK10_FLOOD_INTERNAL_H

#include <stddef.h>

#include <myk10/flood.h>

/* Ids longer than this are rejected: they only ever name things for people. */
#define FLOOD_MAX_ID 255

/* No downstream reach (outlets, or a node not yet connected). */
#define FLOOD_NONE ((size_t)-1)

/* Open-addressing string -> index map; keys are the owned id strings. */
typedef struct flood_slot {
    const char *key; /* NULL = empty */
    size_t value;
} flood_slot;

typedef struct flood_index {
    flood_slot *slots;
    size_t capacity; /* power of two, or 0 */
} flood_index;

typedef struct flood_node {
    myk10_flood_node pub; /* id and name owned */
    size_t down;          /* reach leaving the node, or FLOOD_NONE */
    size_t up_count;      /* reaches ending at the node */
    size_t alert_count;   /* village alert thresholds in use (forecast_village.c) */
    double alert_m3s[MYK10_ALERT_MAX_LEVELS];
} flood_node;

typedef struct flood_reach {
    myk10_flood_reach pub; /* id owned; from/to point at the nodes' ids */
    size_t from, to;       /* node indices */
} flood_reach;

/* Finds `key`: 1 and *out set, or 0. */
int flood_index_lookup(size_t *out, const flood_index *index, const char *key);

/* Makes room for `count` + 1 entries (load factor at most 1/2). */
myk10_status flood_index_reserve(flood_index *index, size_t count);

/* Adds a key not yet present, after flood_index_reserve(); the key is borrowed. */
void flood_index_put(flood_index *index, const char *key, size_t value);

void flood_index_free(flood_index *index);

struct myk10_flood_network {
    flood_node *nodes;
    size_t node_count, node_capacity;
    flood_reach *reaches;
    size_t reach_count, reach_capacity;
    flood_index node_ids, reach_ids;
    char *description;
};

/* Reach parameter checks shared with the Muskingum–Cunge helper. */
myk10_status flood_check_cunge(const char *reach_id, double length_m, double slope,
                               double manning_n, double width_m, double reference_m3s);

/* Name of a kind or method for messages and files, and back. */
const char *flood_kind_name(myk10_flood_node_kind kind);
const char *flood_method_name(myk10_flood_method method);
int flood_kind_parse(myk10_flood_node_kind *out, const char *name);
int flood_method_parse(myk10_flood_method *out, const char *name);

#endif /* MYK10_FLOOD_INTERNAL_H */

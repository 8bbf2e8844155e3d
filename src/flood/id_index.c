/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The flood module's id -> index map: open addressing with linear probing
 * over FNV-1a hashes, keys borrowed from their owner (the network's nodes
 * and reaches, the forecaster's copies).
 */
#include <stdint.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

int flood_index_lookup(size_t *out, const flood_index *ix, const char *key)
{
    if (ix->capacity == 0)
        return 0;
    const flood_slot *slots = ix->slots;
    size_t mask = ix->capacity - 1;
    for (size_t i = (size_t)hash_id(key) & mask;; i = (i + 1) & mask) {
        if (!slots[i].key)
            return 0;
        if (strcmp(slots[i].key, key) == 0) {
            *out = slots[i].value;
            return 1;
        }
    }
}

static void index_put_slot(flood_slot *slots, size_t capacity, const char *key, size_t value)
{
    size_t mask = capacity - 1;
    size_t i = (size_t)hash_id(key) & mask;
    while (slots[i].key)
        i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].value = value;
}

/* Makes room for one more entry (load factor at most 1/2). */
myk10_status flood_index_reserve(flood_index *ix, size_t count)
{
    if (2 * (count + 1) <= ix->capacity)
        return MYK10_OK;
    size_t capacity = ix->capacity ? 2 * ix->capacity : 16;
    flood_slot *fresh = myk10__calloc(capacity, sizeof *fresh);
    if (!fresh)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory for the id index");
    flood_slot *old = ix->slots;
    for (size_t i = 0; i < ix->capacity; i++)
        if (old[i].key)
            index_put_slot(fresh, capacity, old[i].key, old[i].value);
    myk10__free(old);
    ix->slots = fresh;
    ix->capacity = capacity;
    return MYK10_OK;
}

void flood_index_put(flood_index *ix, const char *key, size_t value)
{
    index_put_slot(ix->slots, ix->capacity, key, value);
}

void flood_index_free(flood_index *ix)
{
    myk10__free(ix->slots);
    ix->slots = NULL;
    ix->capacity = 0;
}

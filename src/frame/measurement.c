/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Measurement lists. A list is an array of plain structs plus an arena of
 * fixed chunks for the strings they point to. Chunks never move (pointers
 * handed out stay valid while the list grows) and clear() only rewinds them,
 * so a reused list stops allocating once it has seen its largest frame.
 */
#include <math.h>
#include <string.h>

#include "frame/codec_internal.h"

#define CHUNK_SIZE 4096

typedef struct arena_chunk {
    size_t cap;
    size_t used;
    char bytes[];
} arena_chunk;

struct myk10_measurements {
    myk10_measurement *items;
    size_t count;
    size_t cap;
    arena_chunk **chunks;
    size_t chunk_count;
    size_t chunk_cap;
    size_t current;          /* chunk that serves the next allocation */
    const char *last_device; /* arena copy of the most recent device id */
};

myk10_status myk10_measurements_create(myk10_measurements **out)
{
    if (!out)
        return myk10__fail(MYK10_EINVAL, "measurements: out is NULL");
    myk10_measurements *list = myk10__calloc(1, sizeof *list);
    if (!list)
        return myk10__fail(MYK10_ENOMEM, "measurements: out of memory");
    *out = list;
    return MYK10_OK;
}

void myk10_measurements_destroy(myk10_measurements *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->chunk_count; i++)
        myk10__free(list->chunks[i]);
    myk10__free(list->chunks);
    myk10__free(list->items);
    myk10__free(list);
}

void myk10_measurements_clear(myk10_measurements *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->chunk_count; i++)
        list->chunks[i]->used = 0;
    list->count = 0;
    list->current = 0;
    list->last_device = NULL;
}

size_t myk10_measurements_count(const myk10_measurements *list)
{
    return list ? list->count : 0;
}

myk10_status myk10_measurements_get(myk10_measurement *out, const myk10_measurements *list,
                                    size_t index)
{
    if (!out || !list)
        return myk10__fail(MYK10_EINVAL, "measurements: NULL argument");
    if (index >= list->count)
        return myk10__fail(MYK10_ERANGE, "measurements: index %zu beyond count %zu",
                           index, list->count);
    *out = list->items[index];
    return MYK10_OK;
}

/* ------------------------------------------------------------------ arena */

static arena_chunk *arena_add_chunk(myk10_measurements *list, size_t min_size)
{
    if (list->chunk_count == list->chunk_cap) {
        size_t cap = list->chunk_cap ? list->chunk_cap * 2 : 4;
        arena_chunk **grown = myk10__realloc(list->chunks, cap * sizeof *grown);
        if (!grown)
            return NULL;
        list->chunks = grown;
        list->chunk_cap = cap;
    }
    size_t cap = min_size > CHUNK_SIZE ? min_size : CHUNK_SIZE;
    arena_chunk *chunk = myk10__malloc(sizeof *chunk + cap);
    if (!chunk)
        return NULL;
    chunk->cap = cap;
    chunk->used = 0;
    list->chunks[list->chunk_count++] = chunk;
    return chunk;
}

/* Allocations only move forward through the chunks, which is what makes
 * mark/rollback a matter of rewinding. */
static void *arena_alloc(myk10_measurements *list, size_t size)
{
    while (list->current < list->chunk_count) {
        arena_chunk *chunk = list->chunks[list->current];
        if (chunk->cap - chunk->used >= size) {
            void *p = chunk->bytes + chunk->used;
            chunk->used += size;
            return p;
        }
        list->current++;
    }
    arena_chunk *chunk = arena_add_chunk(list, size);
    if (!chunk)
        return NULL;
    list->current = list->chunk_count - 1;
    chunk->used = size;
    return chunk->bytes;
}

void *myk10__measurements_alloc(myk10_measurements *list, size_t size)
{
    return arena_alloc(list, size ? size : 1);
}

char *myk10__measurements_strdup(myk10_measurements *list, const char *text, size_t len)
{
    char *copy = arena_alloc(list, len + 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

const char *myk10__measurements_device(myk10_measurements *list, const char *device)
{
    if (!device || !*device)
        return "";
    if (list->last_device && strcmp(list->last_device, device) == 0)
        return list->last_device;
    const char *copy = myk10__measurements_strdup(list, device, strlen(device));
    if (copy)
        list->last_device = copy;
    return copy;
}

void myk10__measurements_mark(const myk10_measurements *list, myk10__list_mark *mark)
{
    mark->count = list->count;
    mark->chunk = list->current;
    mark->chunk_used = list->current < list->chunk_count ? list->chunks[list->current]->used : 0;
}

void myk10__measurements_rollback(myk10_measurements *list, const myk10__list_mark *mark)
{
    for (size_t i = mark->chunk + 1; i < list->chunk_count && i <= list->current; i++)
        list->chunks[i]->used = 0;
    if (mark->chunk < list->chunk_count)
        list->chunks[mark->chunk]->used = mark->chunk_used;
    list->current = mark->chunk;
    list->count = mark->count;
    list->last_device = NULL; /* it may live in the rewound part */
}

/* ------------------------------------------------------------------ items */

myk10_status myk10__measurements_push(myk10_measurements *list, const myk10_measurement *m)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        myk10_measurement *grown = myk10__realloc(list->items, cap * sizeof *grown);
        if (!grown)
            return myk10__fail(MYK10_ENOMEM, "measurements: out of memory");
        list->items = grown;
        list->cap = cap;
    }
    list->items[list->count++] = *m;
    return MYK10_OK;
}

static myk10_status check_for_add(const myk10_measurement *m)
{
    if (!m->quantity || !*m->quantity)
        return myk10__fail(MYK10_EINVAL, "measurements: quantity is NULL or empty");
    if (m->time_ns < 0 || m->time_ns > 999999999)
        return myk10__fail(MYK10_EINVAL, "measurements: time_ns %d outside 0..999999999",
                           (int)m->time_ns);
    if (m->has_sum && !isfinite(m->sum))
        return myk10__fail(MYK10_EINVAL, "measurements: sum is not finite");
    switch (m->kind) {
    case MYK10_VALUE_NUMBER:
        if (!isfinite(m->number))
            return myk10__fail(MYK10_EINVAL, "measurements: number is not finite");
        return MYK10_OK;
    case MYK10_VALUE_STRING:
        if (!m->string)
            return myk10__fail(MYK10_EINVAL, "measurements: string value is NULL");
        return MYK10_OK;
    case MYK10_VALUE_DATA:
        if (!m->data && m->data_len)
            return myk10__fail(MYK10_EINVAL, "measurements: data is NULL");
        return MYK10_OK;
    case MYK10_VALUE_BOOLEAN:
        return MYK10_OK;
    case MYK10_VALUE_NONE:
        if (!m->has_sum)
            return myk10__fail(MYK10_EINVAL, "measurements: no value and no sum");
        return MYK10_OK;
    }
    return myk10__fail(MYK10_EINVAL, "measurements: unknown value kind %d", (int)m->kind);
}

myk10_status myk10_measurements_add(myk10_measurements *list, const myk10_measurement *m)
{
    if (!list || !m)
        return myk10__fail(MYK10_EINVAL, "measurements: NULL argument");
    myk10_status status = check_for_add(m);
    if (status != MYK10_OK)
        return status;

    myk10__list_mark mark;
    myk10__measurements_mark(list, &mark);
    myk10_measurement copy = *m;
    copy.device = myk10__measurements_device(list, m->device);
    copy.quantity = myk10__measurements_strdup(list, m->quantity, strlen(m->quantity));
    copy.unit = m->unit ? myk10__measurements_strdup(list, m->unit, strlen(m->unit)) : "";
    copy.string = NULL;
    copy.data = NULL;
    bool ok = copy.device && copy.quantity && copy.unit;
    if (ok && m->kind == MYK10_VALUE_STRING) {
        copy.data_len = strlen(m->string);
        copy.string = myk10__measurements_strdup(list, m->string, copy.data_len);
        ok = copy.string != NULL;
    } else if (ok && m->kind == MYK10_VALUE_DATA) {
        copy.data = (const uint8_t *)myk10__measurements_strdup(list, (const char *)m->data,
                                                                m->data_len);
        ok = copy.data != NULL;
    } else {
        copy.data_len = 0;
    }
    status = ok ? myk10__measurements_push(list, &copy)
                : myk10__fail(MYK10_ENOMEM, "measurements: out of memory");
    if (status != MYK10_OK)
        myk10__measurements_rollback(list, &mark);
    return status;
}

/* --------------------------------------------------------- codec helpers */

static const myk10_codec_context default_context = MYK10_CODEC_CONTEXT_INIT;

const myk10_codec_context *myk10__context_or_default(const myk10_codec_context *ctx)
{
    return ctx ? ctx : &default_context;
}

void myk10_codec_context_init(myk10_codec_context *ctx)
{
    if (ctx)
        *ctx = default_context;
}

myk10_status myk10__emit_number_at(myk10_measurements *list, const myk10_codec_context *ctx,
                                   const char *quantity, const char *unit,
                                   int32_t channel, double value, int64_t time)
{
    const char *device = myk10__measurements_device(list, ctx->device);
    if (!device)
        return myk10__fail(MYK10_ENOMEM, "measurements: out of memory");
    myk10_measurement m = {
        .device = device, .quantity = quantity, .unit = unit, .time = time,
        .channel = channel, .kind = MYK10_VALUE_NUMBER, .number = value,
    };
    return myk10__measurements_push(list, &m);
}

myk10_status myk10__emit_number(myk10_measurements *list, const myk10_codec_context *ctx,
                                const char *quantity, const char *unit,
                                int32_t channel, double value)
{
    return myk10__emit_number_at(list, ctx, quantity, unit, channel, value, ctx->time);
}

/* A distance is only a water level once we know where the sensor hangs; a
 * depth only once we know where the probe lies. Deriving it here keeps every
 * codec ignorant of gauges. */
myk10_status myk10__derive_water_levels(myk10_measurements *list, size_t first,
                                        const myk10_codec_context *ctx)
{
    size_t end = list->count;
    for (size_t i = first; i < end; i++) {
        myk10_measurement m = list->items[i];
        if (m.kind != MYK10_VALUE_NUMBER || strcmp(m.unit, "m") != 0)
            continue;
        double level;
        if (ctx->has_mounting_height && strcmp(m.quantity, "distance") == 0)
            level = ctx->mounting_height_m - m.number;
        else if (ctx->has_probe_height && strcmp(m.quantity, "water_depth") == 0)
            level = ctx->probe_height_m + m.number;
        else
            continue;
        if (!isfinite(level))
            return myk10__fail(MYK10_ERANGE, "codec: water level of measurement %zu is not finite", i);
        m.quantity = "water_level";
        m.number = level;
        m.has_sum = false;
        myk10_status status = myk10__measurements_push(list, &m);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

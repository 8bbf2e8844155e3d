/* SPDX-License-Identifier: Apache-2.0 */
/* One-time initialisation, version, and the library allocator. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common_internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static myk10_status init_result = MYK10_OK;

/*
 * The allocator may change only until the library first allocates or is
 * initialised; after that it is frozen, so memory is always released by the
 * allocator that produced it.
 */
static atomic_bool allocator_frozen = false;
static pthread_mutex_t allocator_lock = PTHREAD_MUTEX_INITIALIZER;

static void *default_malloc(size_t size, void *user_data)
{
    (void)user_data;
    return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *user_data)
{
    (void)user_data;
    return realloc(ptr, size);
}

static void default_free(void *ptr, void *user_data)
{
    (void)user_data;
    free(ptr);
}

static myk10_allocator allocator = { default_malloc, default_realloc, default_free, NULL };

static void freeze_allocator(void)
{
    if (!atomic_load_explicit(&allocator_frozen, memory_order_acquire)) {
        pthread_mutex_lock(&allocator_lock);
        atomic_store_explicit(&allocator_frozen, true, memory_order_release);
        pthread_mutex_unlock(&allocator_lock);
    }
}

static void initialise_once(void)
{
    freeze_allocator();
    if (sodium_init() < 0)
        init_result = MYK10_ECRYPTO;
}

myk10_status myk10_init(void)
{
    pthread_once(&init_once, initialise_once);
    if (init_result != MYK10_OK)
        return myk10__fail(init_result, "init: libsodium failed to initialise");
    return MYK10_OK;
}

const char *myk10_version(void)
{
    return MYK10_VERSION_STRING;
}

int myk10_version_number(void)
{
    return MYK10_VERSION_NUMBER;
}

myk10_status myk10_set_allocator(const myk10_allocator *replacement)
{
    static const myk10_allocator system = { default_malloc, default_realloc,
                                            default_free, NULL };
    if (replacement && (!replacement->malloc_fn || !replacement->realloc_fn ||
                        !replacement->free_fn))
        return myk10__fail(MYK10_EINVAL,
                           "allocator: malloc_fn, realloc_fn and free_fn are all required");

    myk10_status status = MYK10_OK;
    pthread_mutex_lock(&allocator_lock);
    if (atomic_load_explicit(&allocator_frozen, memory_order_acquire))
        status = MYK10_ESTATE;
    else
        allocator = replacement ? *replacement : system;
    pthread_mutex_unlock(&allocator_lock);

    if (status != MYK10_OK)
        return myk10__fail(status,
                           "allocator: must be set before myk10_init() and before the first allocation");
    return MYK10_OK;
}

void *myk10__malloc(size_t size)
{
    if (size == 0)
        return NULL;
    freeze_allocator();
    return allocator.malloc_fn(size, allocator.user_data);
}

void *myk10__calloc(size_t count, size_t size)
{
    if (count == 0 || size == 0 || count > SIZE_MAX / size)
        return NULL;
    void *ptr = myk10__malloc(count * size);
    if (ptr)
        memset(ptr, 0, count * size);
    return ptr;
}

void *myk10__realloc(void *ptr, size_t size)
{
    if (size == 0)
        return NULL;
    freeze_allocator();
    return allocator.realloc_fn(ptr, size, allocator.user_data);
}

void myk10__free(void *ptr)
{
    if (ptr)
        allocator.free_fn(ptr, allocator.user_data);
}

void *myk10_malloc(size_t size)
{
    return myk10__malloc(size);
}

void myk10_free(void *ptr)
{
    myk10__free(ptr);
}

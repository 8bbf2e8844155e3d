/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers shared by every libmyk10 module. Never installed.
 */
#ifndef MYK10_COMMON_INTERNAL_H
#define MYK10_COMMON_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/common.h>

#if defined(__GNUC__)
#  define MYK10_PRINTF(fmt_index, first_arg) \
        __attribute__((format(printf, fmt_index, first_arg)))
#else
#  define MYK10_PRINTF(fmt_index, first_arg)
#endif

/*
 * Records a failure for the calling thread and returns `status`, so that a
 * failure site is one line:
 *
 *     return myk10__fail(MYK10_ERANGE, "geo: latitude %g outside [-90, 90]", lat);
 *
 * Messages start with the module name and a colon, name the offending
 * field, id or byte, and have no trailing period.
 */
myk10_status myk10__fail(myk10_status status, const char *fmt, ...)
    MYK10_PRINTF(2, 3);

/* As myk10__fail(), and records the byte offset into the input. */
myk10_status myk10__fail_at(myk10_status status, int64_t offset,
                            const char *fmt, ...) MYK10_PRINTF(3, 4);

/* Library allocator (see myk10_set_allocator). Never plain malloc/free. */
void *myk10__malloc(size_t size);
void *myk10__calloc(size_t count, size_t size);
void *myk10__realloc(void *ptr, size_t size);
void myk10__free(void *ptr);

#endif /* MYK10_COMMON_INTERNAL_H */

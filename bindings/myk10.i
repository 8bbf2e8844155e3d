/* SPDX-License-Identifier: Apache-2.0 */
/*
 * myk10.i - the language-neutral core of the libmyk10 SWIG bindings.
 *
 * Included by the per-language top-level interface (python/myk10_python.i,
 * java/myk10_java.i), which sets %module and, before including this file,
 * defines what differs between the languages:
 *
 *   MYK10_THROW(code)   SWIG macro: raise/throw the exception for the failed
 *                       status `code` (message and offset from
 *                       myk10_bind_failure()). Python drops any result and
 *                       leaves the wrapper (SWIG_fail); Java only makes the
 *                       exception pending, so the wrapper still releases its
 *                       arguments before it returns.
 *   MYK10_VOID_RESULT   SWIG macro: what a wrapper returns when a function
 *                       returning myk10_status succeeds (Python None; Java void).
 *   MYK10_CHECK_FAIL(code)  SWIG macro for `check` typemaps: raise/throw and
 *                       leave the wrapper before the C call (frame.i uses it
 *                       for closed handles).
 *   the bytes typemaps: (const uint8_t *BYTES, size_t BYTES_LEN) in and
 *                       myk10_bind_bytes out (Python bytes, Java byte[]).
 *   the %rename rule that turns C names into the language's names, and the
 *   typemaps for text (const char *) and for myk10_bind_pair.
 *
 * Conventions every module interface (common.i, frame.i, ...) follows:
 *
 * - Functions that return myk10_status are declared as they are: the status
 *   disappears from the binding and any value other than MYK10_OK becomes an
 *   exception (Python myk10.Error subclass, Java de.myk10.Myk10Exception).
 * - A function with out-parameters is replaced by a small static helper named
 *   myk10_bind_<name> that returns the value and reports its status through a
 *   trailing `myk10_status *STATUS` parameter, which the binding hides.
 * - Names: the prefix myk10_ (or myk10_bind_) is stripped; Python keeps
 *   snake_case (time_parse), Java uses lowerCamelCase (timeParse). The
 *   language files hold these %rename rules. Constants are declared with
 *   %constant under their final name (EARTH_RADIUS_M).
 * - Status-code parameters are named `code` and travel as plain integers.
 * - Text (const char *) is a Python str / Java String, passed as UTF-8 in
 *   both directions; text with an embedded NUL fails with EINVAL instead of
 *   being cut short at it.
 */

%include <stdint.i>

%{
#include <stdlib.h>
#include <string.h>

#include <myk10/myk10.h>

/*
 * The message and byte offset to report for a call that failed with `code`:
 * the calling thread's last-error detail when it was recorded for this
 * failure, otherwise the generic description of the code (and no offset).
 * Comparing the codes keeps a stale message from an earlier failure on this
 * thread from being attached to a failure that recorded none.
 */
static const char *myk10_bind_failure(myk10_status code, int64_t *offset)
{
    const char *detail = myk10_last_error();
    if (myk10_last_error_code() == code && detail[0] != '\0') {
        *offset = myk10_last_error_offset();
        return detail;
    }
    *offset = -1;
    return myk10_status_str(code);
}
%}

/* A status returned by the C function: raise on failure, otherwise return
 * nothing (or only the out-values a helper produces). */
%typemap(out) myk10_status {
    if ($1 != MYK10_OK) {
        MYK10_THROW($1);
    }
    MYK10_VOID_RESULT;
}

/* The status of a binding helper, hidden from the target language. */
%typemap(in, numinputs=0) myk10_status *STATUS (myk10_status status_temp = MYK10_OK) {
    $1 = &status_temp;
}
%typemap(argout) myk10_status *STATUS {
    if (*$1 != MYK10_OK) {
        MYK10_THROW(*$1);
    }
}

/* Status codes passed in (e.g. to status_str) are plain integers; the C
 * functions accept unknown values. */
%apply int { myk10_status code };

/* Two 64-bit integers returned together, e.g. (seconds, nanoseconds).
 * Python receives a tuple, Java a long[2]; the typemaps are per language. */
%{
typedef struct myk10_bind_pair {
    int64_t first;
    int64_t second;
} myk10_bind_pair;

/* Bytes returned to the host (Python bytes, Java byte[]); the typemaps are
 * per language. Small results live inline so frame-sized copies need no
 * heap; larger ones are in `heap`, which the out typemap frees after
 * copying. Copying the struct by value is safe: nothing points into it. */
typedef struct myk10_bind_bytes {
    uint8_t *heap;
    size_t size;
    uint8_t small[256];
} myk10_bind_bytes;

/* Releases the heap part of a bytes result after the host copied it. The
 * bytes are wiped first: a session snapshot carries keys in clear, and
 * wiping the few results that reach the heap costs next to nothing. The
 * volatile pointer keeps the compiler from dropping the stores as dead. */
static void myk10_bind_bytes_release(myk10_bind_bytes *bytes)
{
    if (bytes->heap) {
        volatile uint8_t *p = bytes->heap;
        size_t i;
        for (i = 0; i < bytes->size; i++)
            p[i] = 0;
        free(bytes->heap);
        bytes->heap = NULL;
    }
}

/* A 64-bit EUI. Python sees a non-negative int; Java a long with the same
 * bits (Java has no unsigned 64-bit type, and BigInteger would be clumsy
 * for identifiers that are only ever compared and printed in hex). */
typedef uint64_t myk10_bind_eui;
%}

/* The modules, in dependency order. */
%include "common.i"
%include "frame.i"
%include "flood.i"

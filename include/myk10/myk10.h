/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file myk10.h
 * @brief Umbrella header: includes every libmyk10 module header.
 *
 * Thread safety: every function is re-entrant; distinct handles may be used
 * from different threads at once; a single handle needs the caller's own
 * locking; the last-error detail is per thread. See common.h for the
 * conventions shared by all modules.
 */
#ifndef MYK10_MYK10_H
#define MYK10_MYK10_H

#include <myk10/common.h>
#include <myk10/frame.h>
#include <myk10/flood.h>

#endif /* MYK10_MYK10_H */

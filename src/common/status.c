/* SPDX-License-Identifier: Apache-2.0 */
/* Names and descriptions of status codes, and the per-thread failure record. */
#include <stdio.h>

#include "common_internal.h"

/* Longer messages are cut; one line naming the field is all we promise. */
#define ERROR_MESSAGE_CAP 512

typedef struct error_record {
    myk10_status code;
    int64_t offset;
    char message[ERROR_MESSAGE_CAP];
} error_record;

static _Thread_local error_record last_error = { MYK10_OK, -1, "" };

typedef struct status_text {
    const char *name;
    const char *description;
} status_text;

/* Indexed by status value; keep in the order of the enum. */
static const status_text status_texts[MYK10_STATUS_COUNT] = {
    { "MYK10_OK", "success" },
    { "MYK10_EINVAL", "invalid argument" },
    { "MYK10_ENOMEM", "out of memory" },
    { "MYK10_ETRUNCATED", "input truncated" },
    { "MYK10_EMALFORMED", "malformed input" },
    { "MYK10_EINTEGRITY", "integrity check failed" },
    { "MYK10_EREPLAY", "replay detected" },
    { "MYK10_EGAP", "counter gap too large" },
    { "MYK10_EUNSUPPORTED", "unsupported" },
    { "MYK10_ENOKEY", "no key available" },
    { "MYK10_ECONFLICT", "conflict" },
    { "MYK10_ECAPACITY", "capacity exhausted" },
    { "MYK10_ENOTFOUND", "not found" },
    { "MYK10_EEXISTS", "already exists" },
    { "MYK10_ERANGE", "value out of range" },
    { "MYK10_EBUFSIZE", "buffer too small" },
    { "MYK10_EIO", "input/output error" },
    { "MYK10_ECORRUPT", "corrupt data" },
    { "MYK10_ECRYPTO", "cryptographic failure" },
    { "MYK10_ESTATE", "invalid state" },
    { "MYK10_EPRIVACY", "privacy threshold not met" },
    { "MYK10_ECALLBACK", "callback failed" },
};

static const status_text *status_lookup(myk10_status code)
{
    /* Cast first: an out-of-range enum may be negative. */
    unsigned index = (unsigned)code;
    return index < MYK10_STATUS_COUNT ? &status_texts[index] : NULL;
}

const char *myk10_status_str(myk10_status code)
{
    const status_text *text = status_lookup(code);
    return text ? text->description : "unknown status";
}

const char *myk10_status_name(myk10_status code)
{
    const status_text *text = status_lookup(code);
    return text ? text->name : "MYK10_UNKNOWN";
}

const char *myk10_last_error(void)
{
    return last_error.message;
}

myk10_status myk10_last_error_code(void)
{
    return last_error.code;
}

int64_t myk10_last_error_offset(void)
{
    return last_error.offset;
}

void myk10_clear_error(void)
{
    last_error.code = MYK10_OK;
    last_error.offset = -1;
    last_error.message[0] = '\0';
}

static MYK10_PRINTF(3, 0) myk10_status record_failure(myk10_status status, int64_t offset,
                                                      const char *fmt, va_list args)
{
    last_error.code = status;
    last_error.offset = offset;
    if (vsnprintf(last_error.message, sizeof last_error.message, fmt, args) < 0)
        last_error.message[0] = '\0';
    return status;
}

myk10_status myk10__fail(myk10_status status, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    record_failure(status, -1, fmt, args);
    va_end(args);
    return status;
}

myk10_status myk10__fail_at(myk10_status status, int64_t offset, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    record_failure(status, offset, fmt, args);
    va_end(args);
    return status;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the flood readings parsers. The first byte selects the
 * format (even: CSV, odd: JSON lines); the rest is the input.
 * Invariants: no crash; every failure explains itself; every record has a
 * non-empty id within MYK10_GAUGE_ID_MAX, a finite level and a time that
 * formats back. Records then go through a small gauge (buffer, Hampel
 * filter, alert replay, rate of rise, time to threshold), which must take
 * them or reject them with a message. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <myk10/common.h>

#include <myk10/flood.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static myk10_status check_record(const myk10_reading_record *record, void *payload)
{
    myk10_gauge *gauge = payload;
    size_t length = strnlen(record->gauge, sizeof record->gauge);
    char back[MYK10_TIME_STRLEN];
    if (length == 0 || length > MYK10_GAUGE_ID_MAX || !isfinite(record->level_m) ||
        record->line == 0 || myk10_time_format(back, sizeof back, record->time) != MYK10_OK)
        abort();
    if (myk10_gauge_add(gauge, NULL, record->time, record->level_m, record->time) != MYK10_OK &&
        myk10_last_error()[0] == '\0')
        abort();
    return MYK10_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    myk10_gauge_config config;
    myk10_gauge *gauge = NULL;
    myk10_gauge_config_init(&config);
    config.id = "fuzz";
    config.capacity = 16;
    config.fit_min_points = 3;
    if (myk10_gauge_create(&gauge, &config) != MYK10_OK)
        abort();
    myk10_readings_format format = data[0] % 2 ? MYK10_READINGS_JSONL : MYK10_READINGS_CSV;
    myk10_clear_error();
    myk10_status status = myk10_readings_parse((const char *)data + 1, size - 1, format,
                                               check_record, gauge);
    if (status != MYK10_OK && myk10_last_error()[0] == '\0')
        abort();
    myk10_gauge_status state;
    myk10_gauge_forecast forecast;
    if (myk10_gauge_get_status(&state, gauge, 0) != MYK10_OK)
        abort();
    if (state.readings > 0) {
        status = myk10_gauge_time_to_threshold(&forecast, gauge, state.last_time, 86400);
        if (status != MYK10_OK && status != MYK10_ESTATE)
            abort();
        if (status == MYK10_OK && forecast.crossing == MYK10_CROSSING_EXPECTED &&
            (forecast.time < forecast.time_early ||
             (forecast.time_late != MYK10_TIME_NONE && forecast.time > forecast.time_late)))
            abort(); /* the estimate lies inside its interval */
    }
    myk10_gauge_destroy(gauge);
    return 0;
}

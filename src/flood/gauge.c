/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Gauges: a time-ordered ring of readings with de-duplication, a Hampel
 * spike filter, gaps, staleness, the alert state machine replayed over the
 * filtered readings, and the rate-of-rise alarm.
 */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/gauge_internal.h"

/* 1.4826·MAD estimates the standard deviation of normal data. */
#define MAD_TO_SIGMA 1.4826


/* Longest interval or window accepted in a configuration: a leap year. */
#define GAUGE_SPAN_MAX INT64_C(31622400)

void myk10_gauge_config_init(myk10_gauge_config *config)
{
    if (!config)
        return;
    memset(config, 0, sizeof *config);
    config->capacity = 2880; /* a month of 15-minute readings */
    config->reporting_interval_s = 900;
    config->gap_factor = 2.5;
    config->stale_factor = 3.0;
    config->max_future_s = 300;
    config->floor_m = -1.0;
    config->hampel_half_window = 3;
    config->hampel_k = 3.0;
    config->hampel_min_sigma_m = 0.02;
    config->rise_window_s = 3600;
    config->rise_alarm_cm_per_h = 10.0;
    config->fit_window_s = 3 * 3600;
    config->fit_min_points = 6;
    config->fit_coverage = 0.8;
    myk10_alert_config_init4(&config->alerts, 1.0, 2.0, 3.0, 4.0, 0.05);
}

static myk10_status bad_field(const char *field, const char *rule)
{
    return myk10__fail(MYK10_ERANGE, "gauge: config.%s %s", field, rule);
}

/* Process-wide so that revisions never repeat, whichever gauge they belong to. */
static uint64_t next_revision(void)
{
    static atomic_uint_fast64_t counter;
    return (uint64_t)atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed) + 1;
}

static myk10_status check_config(const myk10_gauge_config *c)
{
    if (!c->id || !c->id[0])
        return myk10__fail(MYK10_EINVAL, "gauge: config.id missing");
    if (strlen(c->id) > MYK10_GAUGE_ID_MAX)
        return bad_field("id", "longer than 63 bytes");
    if (c->capacity < 16 || c->capacity > (SIZE_MAX / 2) / sizeof(gauge_slot))
        return bad_field("capacity", "must be at least 16");
    if (c->reporting_interval_s <= 0 || c->reporting_interval_s > GAUGE_SPAN_MAX)
        return bad_field("reporting_interval_s", "must lie in 1..31622400 s");
    if (!(c->gap_factor >= 1) || !isfinite(c->gap_factor))
        return bad_field("gap_factor", "must be finite and >= 1");
    if (!(c->stale_factor >= 1) || !isfinite(c->stale_factor))
        return bad_field("stale_factor", "must be finite and >= 1");
    if (c->max_future_s < 0 || c->max_future_s > GAUGE_SPAN_MAX)
        return bad_field("max_future_s", "must lie in 0..31622400 s");
    if (!isfinite(c->floor_m))
        return bad_field("floor_m", "must be finite");
    if (c->hampel_half_window < 1 || c->hampel_half_window > MYK10_GAUGE_HAMPEL_MAX_HALF)
        return bad_field("hampel_half_window", "must be 1..15");
    if (!(c->hampel_k > 0) || !isfinite(c->hampel_k))
        return bad_field("hampel_k", "must be finite and > 0");
    if (!(c->hampel_min_sigma_m >= 0) || !isfinite(c->hampel_min_sigma_m))
        return bad_field("hampel_min_sigma_m", "must be finite and >= 0");
    if (c->rise_window_s <= 0 || c->rise_window_s > GAUGE_SPAN_MAX)
        return bad_field("rise_window_s", "must lie in 1..31622400 s");
    if (!isfinite(c->rise_alarm_cm_per_h))
        return bad_field("rise_alarm_cm_per_h", "must be finite");
    if (c->fit_window_s <= 0 || c->fit_window_s > GAUGE_SPAN_MAX)
        return bad_field("fit_window_s", "must lie in 1..31622400 s");
    if (c->fit_min_points < 3 || c->fit_min_points > MYK10_GAUGE_FIT_MAX_POINTS)
        return bad_field("fit_min_points", "must be 3..64");
    if (!(c->fit_coverage > 0 && c->fit_coverage < 1))
        return bad_field("fit_coverage", "must lie in (0, 1)");
    return myk10_alert_config_check(&c->alerts);
}

myk10_status myk10_gauge_create(myk10_gauge **out, const myk10_gauge_config *config)
{
    if (!out || !config)
        return myk10__fail(MYK10_EINVAL, "gauge: NULL argument");
    myk10_status status = check_config(config);
    if (status != MYK10_OK)
        return status;
    myk10_gauge *gauge = myk10__calloc(1, sizeof *gauge);
    if (!gauge)
        return myk10__fail(MYK10_ENOMEM, "gauge: out of memory");
    gauge->ring = myk10__calloc(config->capacity, sizeof gauge->ring[0]);
    gauge->pairs = myk10__malloc(GAUGE_FIT_MAX_PAIRS * sizeof gauge->pairs[0]);
    if (!gauge->ring || !gauge->pairs) {
        myk10_gauge_destroy(gauge);
        return myk10__fail(MYK10_ENOMEM, "gauge: out of memory for %zu readings",
                           config->capacity);
    }
    memcpy(gauge->id, config->id, strlen(config->id) + 1);
    gauge->config = *config;
    gauge->config.id = gauge->id;
    myk10_alert_state_init(&gauge->evicted_state);
    gauge->state = gauge->evicted_state;
    gauge->revision = next_revision();
    *out = gauge;
    return MYK10_OK;
}

void myk10_gauge_destroy(myk10_gauge *gauge)
{
    if (!gauge)
        return;
    myk10__free(gauge->ring);
    myk10__free(gauge->pairs);
    myk10__free(gauge);
}

const char *myk10_gauge_id(const myk10_gauge *gauge)
{
    return gauge ? gauge->id : "";
}

size_t myk10_gauge_count(const myk10_gauge *gauge)
{
    return gauge ? gauge->count : 0;
}

gauge_slot *gauge__slot(const myk10_gauge *gauge, size_t index)
{
    return &gauge->ring[(gauge->head + index) % gauge->config.capacity];
}

/* ------------------------------------------------------------ Hampel filter */

/*
 * Judges reading i against the median of the window of 2·half+1 readings
 * centred on it (shifted inwards at either end of the buffer, so the newest
 * reading is judged against the ones before it). Raw levels, spikes
 * included, make up the window: the median does not need them removed, and
 * a verdict that depends only on the data keeps the result independent of
 * the order in which readings arrived.
 */
static bool is_spike(const myk10_gauge *gauge, size_t i)
{
    const myk10_gauge_config *c = &gauge->config;
    size_t m = 2 * c->hampel_half_window + 1;
    if (gauge->count < 3)
        return false; /* nothing to compare with */
    if (m > gauge->count)
        m = gauge->count;
    size_t start = i > c->hampel_half_window ? i - c->hampel_half_window : 0;
    if (start + m > gauge->count)
        start = gauge->count - m;
    double window[2 * MYK10_GAUGE_HAMPEL_MAX_HALF + 1];
    for (size_t j = 0; j < m; j++)
        window[j] = gauge__slot(gauge, start + j)->level;
    double median = gauge__median(window, m);
    for (size_t j = 0; j < m; j++)
        window[j] = fabs(window[j] - median);
    double sigma = MAD_TO_SIGMA * gauge__median(window, m);
    if (sigma < c->hampel_min_sigma_m)
        sigma = c->hampel_min_sigma_m;
    return fabs(gauge__slot(gauge, i)->level - median) > c->hampel_k * sigma;
}

/* Judges again every reading whose window may contain index `pos`, and
 * those at the old end whose window shifted when the oldest was dropped. */
static void rejudge_around(myk10_gauge *gauge, size_t pos)
{
    size_t reach = 2 * gauge->config.hampel_half_window + 1;
    size_t from = pos > reach ? pos - reach : 0;
    size_t to = pos + reach < gauge->count ? pos + reach + 1 : gauge->count;
    for (size_t i = from; i < to; i++)
        gauge__slot(gauge, i)->spike = is_spike(gauge, i);
    for (size_t i = 0; i < reach && i < gauge->count; i++)
        gauge__slot(gauge, i)->spike = is_spike(gauge, i);
}

/* ------------------------------------------------------------ the ring */

/* Index of the first held reading at or after `time`. */
static size_t lower_bound(const myk10_gauge *gauge, int64_t time)
{
    size_t lo = 0;
    size_t hi = gauge->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gauge__slot(gauge, mid)->time < time)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Drops the oldest reading, keeping its effect on the alert state. */
static void evict_oldest(myk10_gauge *gauge)
{
    const gauge_slot *oldest = gauge__slot(gauge, 0);
    if (!oldest->spike)
        (void)myk10_alert_update(&gauge->evicted_state, NULL, &gauge->config.alerts,
                                 oldest->time, oldest->level);
    gauge->head = (gauge->head + 1) % gauge->config.capacity;
    gauge->count--;
}

static void insert_at(myk10_gauge *gauge, size_t pos, int64_t time, double level)
{
    for (size_t i = gauge->count; i > pos; i--)
        *gauge__slot(gauge, i) = *gauge__slot(gauge, i - 1);
    gauge->count++;
    gauge_slot *slot = gauge__slot(gauge, pos);
    slot->time = time;
    slot->level = level;
    slot->spike = false;
}

static myk10_status check_reading(const myk10_gauge *gauge, int64_t time, double level,
                                  int64_t now)
{
    const myk10_gauge_config *c = &gauge->config;
    if (!isfinite(level))
        return myk10__fail(MYK10_EINVAL, "gauge %s: level at %lld is not a finite number",
                           gauge->id, (long long)time);
    if (time < GAUGE_TIME_MIN || time > GAUGE_TIME_MAX)
        return myk10__fail(MYK10_ERANGE, "gauge %s: time %lld outside years 0000-9999",
                           gauge->id, (long long)time);
    if (level < c->floor_m)
        return myk10__fail(MYK10_ERANGE, "gauge %s: level %g m at %lld below the floor %g m",
                           gauge->id, level, (long long)time, c->floor_m);
    if (time > now && (uint64_t)time - (uint64_t)now > (uint64_t)c->max_future_s)
        return myk10__fail(MYK10_ERANGE, "gauge %s: reading at %lld lies %llds after now",
                           gauge->id, (long long)time,
                           (unsigned long long)((uint64_t)time - (uint64_t)now));
    return MYK10_OK;
}

myk10_status myk10_gauge_add(myk10_gauge *gauge, myk10_reading_outcome *out_outcome,
                             int64_t time, double level_m, int64_t now)
{
    if (!gauge)
        return myk10__fail(MYK10_EINVAL, "gauge: NULL gauge");
    myk10_status status = check_reading(gauge, time, level_m, now);
    if (status != MYK10_OK)
        return status;
    size_t pos = lower_bound(gauge, time);
    myk10_reading_outcome outcome = MYK10_READING_ACCEPTED;
    if (pos < gauge->count && gauge__slot(gauge, pos)->time == time) {
        gauge_slot *held = gauge__slot(gauge, pos);
        if (held->level == level_m) {
            if (out_outcome)
                *out_outcome = MYK10_READING_DUPLICATE;
            return MYK10_OK;
        }
        held->level = level_m;
        outcome = MYK10_READING_REPLACED;
    } else {
        if (gauge->count == gauge->config.capacity) {
            if (pos == 0)
                return myk10__fail(MYK10_ERANGE, "gauge %s: reading at %lld older than the "
                                   "oldest held (%lld) and the buffer is full", gauge->id,
                                   (long long)time, (long long)gauge__slot(gauge, 0)->time);
            evict_oldest(gauge);
            pos--;
        }
        insert_at(gauge, pos, time, level_m);
    }
    rejudge_around(gauge, pos);
    gauge->state_dirty = true;
    gauge->revision = next_revision();
    if (out_outcome)
        *out_outcome = gauge__slot(gauge, pos)->spike && outcome == MYK10_READING_ACCEPTED
                           ? MYK10_READING_SPIKE
                           : outcome;
    return MYK10_OK;
}

myk10_status myk10_gauge_reading(myk10_reading *out, myk10_gauge *gauge, size_t index)
{
    if (!out || !gauge)
        return myk10__fail(MYK10_EINVAL, "gauge: NULL argument");
    if (index >= gauge->count)
        return myk10__fail(MYK10_ERANGE, "gauge %s: reading %zu of %zu", gauge->id, index,
                           gauge->count);
    const gauge_slot *slot = gauge__slot(gauge, index);
    out->time = slot->time;
    out->level_m = slot->level;
    out->spike = slot->spike;
    return MYK10_OK;
}

/* ------------------------------------------------------------ derived state */

uint64_t gauge__revision(const myk10_gauge *gauge)
{
    return gauge->revision;
}

int64_t gauge__newest_time(const myk10_gauge *gauge)
{
    return gauge->count ? gauge__slot(gauge, gauge->count - 1)->time : MYK10_TIME_NONE;
}

const myk10_alert_state *gauge__alert_state(myk10_gauge *gauge)
{
    if (gauge->state_dirty) {
        gauge->state = gauge->evicted_state;
        for (size_t i = 0; i < gauge->count; i++) {
            const gauge_slot *slot = gauge__slot(gauge, i);
            if (!slot->spike)
                (void)myk10_alert_update(&gauge->state, NULL, &gauge->config.alerts,
                                         slot->time, slot->level);
        }
        gauge->state_dirty = false;
    }
    return &gauge->state;
}

const gauge_slot *gauge__last_accepted(const myk10_gauge *gauge)
{
    for (size_t i = gauge->count; i-- > 0;)
        if (!gauge__slot(gauge, i)->spike)
            return gauge__slot(gauge, i);
    return NULL;
}

/* Readings that fit the window, taking every k-th (from the newest) when
 * there are more than the fit can use. */
size_t gauge__collect(myk10_gauge *gauge, int64_t from, int64_t to)
{
    size_t first = lower_bound(gauge, from);
    size_t accepted = 0;
    for (size_t i = first; i < gauge->count && gauge__slot(gauge, i)->time <= to; i++)
        accepted += !gauge__slot(gauge, i)->spike;
    size_t stride = (accepted + MYK10_GAUGE_FIT_MAX_POINTS - 1) / MYK10_GAUGE_FIT_MAX_POINTS;
    size_t n = 0;
    size_t seen = 0;
    for (size_t i = first; i < gauge->count && gauge__slot(gauge, i)->time <= to; i++) {
        const gauge_slot *slot = gauge__slot(gauge, i);
        if (slot->spike)
            continue;
        if ((accepted - 1 - seen++) % stride == 0) {
            gauge->fit_t[n] = (double)slot->time - (double)to;
            gauge->fit_y[n] = slot->level;
            n++;
        }
    }
    return n;
}

static bool is_stale(const myk10_gauge *gauge, const gauge_slot *last, int64_t now)
{
    if (!last)
        return true;
    double silent = (double)now - (double)last->time;
    return silent > (double)gauge->config.reporting_interval_s * gauge->config.stale_factor;
}

static void rate_of_rise(myk10_gauge_status *out, myk10_gauge *gauge, const gauge_slot *last)
{
    out->rise_cm_per_h = NAN;
    out->rise_alarm = false;
    if (!last)
        return;
    int64_t from = last->time - gauge->config.rise_window_s; /* times are bounded: no overflow */
    size_t n = gauge__collect(gauge, from, last->time);
    if (n < 2)
        return;
    gauge_fit fit;
    gauge__theil_sen(&fit, gauge->fit_t, gauge->fit_y, n, 0, 0, gauge->pairs, gauge->fit_work);
    out->rise_cm_per_h = fit.slope * 100.0 * 3600.0;
    out->rise_alarm = out->rise_cm_per_h >= gauge->config.rise_alarm_cm_per_h;
}

myk10_status myk10_gauge_get_status(myk10_gauge_status *out, myk10_gauge *gauge, int64_t now)
{
    if (!out || !gauge)
        return myk10__fail(MYK10_EINVAL, "gauge: NULL argument");
    const gauge_slot *last = gauge__last_accepted(gauge);
    memset(out, 0, sizeof *out);
    out->readings = gauge->count;
    for (size_t i = 0; i < gauge->count; i++)
        out->spikes += gauge__slot(gauge, i)->spike;
    out->last_time = last ? last->time : MYK10_TIME_NONE;
    out->last_level_m = last ? last->level : NAN;
    out->stale = is_stale(gauge, last, now);
    out->alert = *gauge__alert_state(gauge);
    rate_of_rise(out, gauge, last);
    return MYK10_OK;
}

bool gauge__is_stale(const myk10_gauge *gauge, int64_t now)
{
    return is_stale(gauge, gauge__last_accepted(gauge), now);
}

myk10_status myk10_gauge_gaps(myk10_gauge_gap *out, size_t cap, size_t *out_count,
                              myk10_gauge *gauge)
{
    if (!out_count || !gauge)
        return myk10__fail(MYK10_EINVAL, "gauge: NULL argument");
    double limit = (double)gauge->config.reporting_interval_s * gauge->config.gap_factor;
    size_t n = 0;
    const gauge_slot *prev = NULL;
    for (size_t i = 0; i < gauge->count; i++) {
        const gauge_slot *slot = gauge__slot(gauge, i);
        if (slot->spike)
            continue;
        if (prev && (double)(slot->time - prev->time) > limit) {
            if (out && n < cap) {
                out[n].start = prev->time;
                out[n].end = slot->time;
            }
            n++;
        }
        prev = slot;
    }
    *out_count = n;
    if (n > 0 && (!out || n > cap))
        return myk10__fail(MYK10_EBUFSIZE, "gauge %s: %zu gaps, room for %zu", gauge->id, n,
                           out ? cap : 0);
    return MYK10_OK;
}

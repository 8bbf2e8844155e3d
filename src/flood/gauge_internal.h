/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to the gauge part of the flood module: the gauge object and the
 * robust statistics (medians, Theil–Sen, quantiles) it shares with the
 * time-to-threshold fit. Never installed.
 */
#ifndef MYK10_FLOOD_GAUGE_INTERNAL_H
#define MYK10_FLOOD_GAUGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <myk10/flood.h>

/* Times a reading may carry: years 0000-9999, as myk10_time_format() writes,
 * which also keeps every difference of two times far from overflow. */
#define GAUGE_TIME_MIN INT64_C(-62167219200)
#define GAUGE_TIME_MAX INT64_C(253402300799)

/* Slopes of all pairs of MYK10_GAUGE_FIT_MAX_POINTS readings. */
#define GAUGE_FIT_MAX_PAIRS \
    (MYK10_GAUGE_FIT_MAX_POINTS * (MYK10_GAUGE_FIT_MAX_POINTS - 1) / 2)

typedef struct gauge_slot {
    int64_t time;
    double level;
    bool spike;
} gauge_slot;

struct myk10_gauge {
    char id[MYK10_GAUGE_ID_MAX + 1];
    myk10_gauge_config config; /* config.id points at id */

    /* Readings ordered by time in a ring: reading i sits at (head + i) % capacity. */
    gauge_slot *ring;
    size_t head;
    size_t count;

    /* Alert state after the readings that fell out of the ring, and the
     * state after all held readings (recomputed lazily when dirty). */
    myk10_alert_state evicted_state;
    myk10_alert_state state;
    bool state_dirty;

    /* Changes whenever the readings change; unique across all gauges of the
     * process, so that a cache keyed on (gauge, revision) cannot mistake a new
     * gauge at a recycled address for an old one (the forecaster relies on it). */
    uint64_t revision;

    /* Scratch for fits, allocated once so that nothing allocates later. */
    double fit_t[MYK10_GAUGE_FIT_MAX_POINTS];
    double fit_y[MYK10_GAUGE_FIT_MAX_POINTS];
    double fit_work[MYK10_GAUGE_FIT_MAX_POINTS];
    double *pairs; /* GAUGE_FIT_MAX_PAIRS */
};

gauge_slot *gauge__slot(const myk10_gauge *gauge, size_t index);

/* The gauge's current revision (see struct myk10_gauge). */
uint64_t gauge__revision(const myk10_gauge *gauge);

/* Time of the newest held reading, accepted or not; MYK10_TIME_NONE when empty. */
int64_t gauge__newest_time(const myk10_gauge *gauge);

/* Alert state after every held accepted reading. */
const myk10_alert_state *gauge__alert_state(myk10_gauge *gauge);

/* No accepted reading within reporting interval × stale_factor before now. */
bool gauge__is_stale(const myk10_gauge *gauge, int64_t now);

/* Newest accepted reading, or NULL. */
const gauge_slot *gauge__last_accepted(const myk10_gauge *gauge);

/*
 * Copies the accepted readings with from <= time <= to into gauge->fit_t
 * (seconds relative to `to`) and fit_y, thinning evenly to at most
 * MYK10_GAUGE_FIT_MAX_POINTS; returns how many.
 */
size_t gauge__collect(myk10_gauge *gauge, int64_t from, int64_t to);

/* Sorts a[0..n) ascending in place (heapsort: no allocation, O(n log n)). */
void gauge__sort(double *a, size_t n);

/* Median of a[0..n), n >= 1; reorders a. */
double gauge__median(double *a, size_t n);

/* Theil–Sen fit of y over t with Sen's rank interval for the slope. */
typedef struct gauge_fit {
    double slope;    /* per unit of t */
    double slope_lo; /* Sen's interval at the requested coverage */
    double slope_hi;
    double pivot_t;  /* where `level` applies (a whole second for time fits) */
    double level;    /* median of y − slope·(t − pivot_t) */
    double mad;      /* median absolute residual */
} gauge_fit;

/*
 * Fits n >= 2 points (t strictly increasing). `pairs` holds n(n-1)/2
 * doubles; `work` holds n. coverage in (0, 1); 0 skips the interval.
 */
void gauge__theil_sen(gauge_fit *fit, const double *t, const double *y, size_t n,
                      double pivot_t, double coverage, double *pairs, double *work);

/* Standard normal quantile (Acklam's rational approximation, |rel err| < 1.2e-9). */
double gauge__normal_quantile(double p);

/* Student t quantile with nu >= 1 degrees of freedom (exact for nu 1 and 2,
 * Cornish–Fisher expansion to 1/nu^4 otherwise, error < 1e-3 for nu >= 3). */
double gauge__t_quantile(double p, double nu);

#endif /* MYK10_FLOOD_GAUGE_INTERNAL_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Time to threshold: when the trend of a gauge's recent readings reaches
 * the next alert level, with an interval (Theil–Sen line, Sen's slope
 * interval, MAD of residuals, Fieller-style inversion of the band).
 */
#include <math.h>
#include <string.h>

#include "common/common_internal.h"
#include "flood/gauge_internal.h"

#define SECONDS_PER_HOUR 3600.0

/* The MAD estimates sigma (×1.4826) with about 37 % of the efficiency of
 * the standard deviation, so it carries as much information as an SD from
 * 37 % of the points; the t quantile uses that many degrees of freedom. */
#define MAD_EFFICIENCY 0.37
#define MAD_TO_SIGMA 1.4826
/* The median's standard error is sqrt(pi/2) = 1.2533 times the mean's. */
#define MEDIAN_SE_FACTOR 1.2533
/* Gauges report in millimetres at best: no band narrower than that. */
#define SIGMA_FLOOR_M 0.001

/* A set of times as at most two intervals (±INFINITY for open ends). */
typedef struct time_set {
    size_t count;
    double lo[2];
    double hi[2];
} time_set;

static void set_add(time_set *set, double lo, double hi)
{
    set->lo[set->count] = lo;
    set->hi[set->count] = hi;
    set->count++;
}

/*
 * The times u (relative to the pivot) at which the threshold lies within the
 * band: (d + s·u)² <= hy² + (hs·u)², i.e. a·u² + 2·s·d·u + c <= 0.
 */
static time_set band_meets_threshold(double d, double s, double hy, double hs)
{
    time_set set = { 0, { 0, 0 }, { 0, 0 } };
    double a = s * s - hs * hs;
    double b = s * d;
    double c = d * d - hy * hy;
    if (a == 0) {
        if (b > 0)
            set_add(&set, -INFINITY, -c / (2 * b));
        else if (b < 0)
            set_add(&set, -c / (2 * b), INFINITY);
        else if (c <= 0)
            set_add(&set, -INFINITY, INFINITY);
        return set;
    }
    double disc = b * b - a * c;
    if (disc < 0) {
        if (a < 0) /* never positive: everywhere */
            set_add(&set, -INFINITY, INFINITY);
        return set;
    }
    double root = sqrt(disc);
    /* Numerically stable roots: q = −(b + sign(b)·root). */
    double q = -(b + (b >= 0 ? root : -root));
    double r1 = q != 0 ? q / a : 0;
    double r2 = q != 0 ? c / q : 0;
    if (r1 > r2) {
        double tmp = r1;
        r1 = r2;
        r2 = tmp;
    }
    if (a > 0) {
        set_add(&set, r1, r2);
    } else {
        set_add(&set, -INFINITY, r1);
        set_add(&set, r2, INFINITY);
    }
    return set;
}

/* Rounds a time offset to an absolute second; MYK10_TIME_NONE if absurd. */
static int64_t absolute(int64_t pivot, double u)
{
    if (!isfinite(u) || fabs(u) > 1e12)
        return MYK10_TIME_NONE;
    return pivot + (int64_t)llround(u);
}

static void no_crossing(myk10_gauge_forecast *out)
{
    out->time = MYK10_TIME_NONE;
    out->time_early = MYK10_TIME_NONE;
    out->time_late = MYK10_TIME_NONE;
}

static void fill_fit(myk10_gauge_forecast *out, const myk10_gauge *gauge, const gauge_fit *fit,
                     int64_t pivot, size_t n)
{
    double sigma = MAD_TO_SIGMA * fit->mad;
    if (sigma < SIGMA_FLOOR_M)
        sigma = SIGMA_FLOOR_M;
    double nu = MAD_EFFICIENCY * (double)(n - 2);
    if (nu < 3)
        nu = 3;
    double tq = gauge__t_quantile(0.5 + gauge->config.fit_coverage / 2, nu);
    out->points = n;
    out->pivot_time = pivot;
    out->pivot_level_m = fit->level;
    out->level_halfwidth_m = tq * MEDIAN_SE_FACTOR * sigma / sqrt((double)n);
    out->slope_m_per_h = fit->slope * SECONDS_PER_HOUR;
    out->slope_lo_m_per_h = fit->slope_lo * SECONDS_PER_HOUR;
    out->slope_hi_m_per_h = fit->slope_hi * SECONDS_PER_HOUR;
    out->slope_halfwidth_m_per_h = (out->slope_hi_m_per_h - out->slope_lo_m_per_h) / 2;
}

/* Intersects the band's set with [u_now, ∞) and sets verdict and times. */
static void judge(myk10_gauge_forecast *out, const gauge_fit *fit, int64_t now,
                  int64_t horizon_s)
{
    double d = out->pivot_level_m - out->threshold_m;
    double hs = out->slope_halfwidth_m_per_h / SECONDS_PER_HOUR;
    time_set set = band_meets_threshold(d, fit->slope, out->level_halfwidth_m, hs);
    double u_now = (double)now - (double)out->pivot_time;
    double u_end = u_now + (double)horizon_s;
    double early = INFINITY;
    double late = -INFINITY;
    for (size_t i = 0; i < set.count; i++) {
        if (set.hi[i] < u_now)
            continue;
        early = fmin(early, fmax(set.lo[i], u_now));
        late = fmax(late, set.hi[i]);
    }
    if (d + fit->slope * u_now >= 0) {
        /* The trend is at or above the threshold already (the readings
         * lag it, or the newest fell back): it is crossed now, and is
         * certainly crossed now when even the band's low side is above. */
        double w_now = hypot(out->level_halfwidth_m, hs * u_now);
        early = u_now;
        if (d + fit->slope * u_now - w_now >= 0 || late < u_now)
            late = u_now;
    }
    no_crossing(out);
    out->crossing = MYK10_CROSSING_NOT_EXPECTED;
    if (early > u_end)
        return; /* also when the set lies wholly in the past */
    out->time_early = absolute(out->pivot_time, early);
    out->time_late = absolute(out->pivot_time, late);
    out->crossing = MYK10_CROSSING_POSSIBLE;
    if (d + fit->slope * u_now >= 0) {
        out->time = absolute(out->pivot_time, u_now);
        out->crossing = MYK10_CROSSING_EXPECTED;
    } else if (fit->slope > 0) {
        double central = -d / fit->slope; /* > u_now here */
        if (central <= u_end) {
            out->time = absolute(out->pivot_time, central);
            out->crossing = MYK10_CROSSING_EXPECTED;
        }
    }
}

myk10_status myk10_gauge_time_to_threshold(myk10_gauge_forecast *out, myk10_gauge *gauge,
                                           int64_t now, int64_t horizon_s)
{
    if (!out || !gauge || horizon_s <= 0)
        return myk10__fail(MYK10_EINVAL, "gauge: NULL argument or horizon <= 0");
    if (now < GAUGE_TIME_MIN || now > GAUGE_TIME_MAX || horizon_s > GAUGE_TIME_MAX)
        return myk10__fail(MYK10_ERANGE, "gauge %s: now or horizon outside years 0000-9999",
                           gauge->id);
    const gauge_slot *last = gauge__last_accepted(gauge);
    if (!last)
        return myk10__fail(MYK10_ESTATE, "gauge %s: no accepted readings to fit", gauge->id);
    size_t n = gauge__collect(gauge, last->time - gauge->config.fit_window_s, last->time);
    if (n < gauge->config.fit_min_points)
        return myk10__fail(MYK10_ESTATE, "gauge %s: %zu readings in the fit window, need %zu",
                           gauge->id, n, gauge->config.fit_min_points);
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += gauge->fit_t[i];
    mean = floor(mean / (double)n + 0.5); /* a whole second, so pivot_time is exact */
    gauge_fit fit;
    gauge__theil_sen(&fit, gauge->fit_t, gauge->fit_y, n, mean, gauge->config.fit_coverage,
                     gauge->pairs, gauge->fit_work);

    memset(out, 0, sizeof *out);
    fill_fit(out, gauge, &fit, last->time + (int64_t)mean, n);
    out->stale = gauge__is_stale(gauge, now);
    const myk10_alert_config *alerts = &gauge->config.alerts;
    int level = gauge__alert_state(gauge)->level;
    if ((size_t)level >= alerts->count) {
        no_crossing(out);
        out->crossing = MYK10_CROSSING_TOP_LEVEL;
        out->threshold_m = NAN;
        return MYK10_OK;
    }
    out->level = level + 1;
    out->threshold_m = alerts->thresholds[level];
    judge(out, &fit, now, horizon_s);
    return MYK10_OK;
}

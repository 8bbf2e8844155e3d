/* SPDX-License-Identifier: Apache-2.0 */
/* Robust statistics for gauges: sorting and medians without allocation,
 * the Theil–Sen line with Sen's slope interval, normal and t quantiles. */
#include <math.h>

#include "flood/gauge_internal.h"

static void sift_down(double *a, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && a[child + 1] > a[child])
            child++;
        if (!(a[child] > a[root]))
            return;
        double tmp = a[root];
        a[root] = a[child];
        a[child] = tmp;
        root = child;
    }
}

void gauge__sort(double *a, size_t n)
{
    if (n < 2)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (size_t end = n - 1; end > 0; end--) {
        double tmp = a[0];
        a[0] = a[end];
        a[end] = tmp;
        sift_down(a, 0, end);
    }
}

double gauge__median(double *a, size_t n)
{
    gauge__sort(a, n);
    return n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

/* 0-based index of the k-th (1-based, rounded, clamped) of n sorted values. */
static size_t rank_index(double k, size_t n)
{
    double r = floor(k + 0.5);
    if (r < 1)
        r = 1;
    if (r > (double)n)
        r = (double)n;
    return (size_t)r - 1;
}

void gauge__theil_sen(gauge_fit *fit, const double *t, const double *y, size_t n,
                      double pivot_t, double coverage, double *pairs, double *work)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            pairs[m++] = (y[j] - y[i]) / (t[j] - t[i]);
    gauge__sort(pairs, m);
    fit->slope = m % 2 ? pairs[m / 2] : 0.5 * (pairs[m / 2 - 1] + pairs[m / 2]);
    fit->slope_lo = fit->slope_hi = fit->slope;
    if (coverage > 0) {
        /* Sen (1968): the interval's ends are the slopes of rank (N ∓ C)/2
         * (+1 for the upper), C = z·sqrt(Var S) of Kendall's S. */
        double z = gauge__normal_quantile(0.5 + coverage / 2);
        double dn = (double)n;
        double c = z * sqrt(dn * (dn - 1) * (2 * dn + 5) / 18.0);
        fit->slope_lo = pairs[rank_index((m - c) / 2, m)];
        fit->slope_hi = pairs[rank_index((m + c) / 2 + 1, m)];
    }
    fit->pivot_t = pivot_t;
    for (size_t i = 0; i < n; i++)
        work[i] = y[i] - fit->slope * (t[i] - pivot_t);
    fit->level = gauge__median(work, n);
    for (size_t i = 0; i < n; i++)
        work[i] = fabs(y[i] - fit->slope * (t[i] - pivot_t) - fit->level);
    fit->mad = gauge__median(work, n);
}

double gauge__normal_quantile(double p)
{
    static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                                -2.759285104469687e+02, 1.383577518672690e+02,
                                -3.066479806614716e+01, 2.506628277459239e+00 };
    static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                                -1.556989798598866e+02, 6.680131188771972e+01,
                                -1.328068155288572e+01 };
    static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                                -2.400758277161838e+00, -2.549732539343734e+00,
                                4.374664141464968e+00, 2.938163982698783e+00 };
    static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                                2.445134137142996e+00, 3.754408661907416e+00 };
    const double p_low = 0.02425;
    if (p <= 0)
        return -INFINITY;
    if (p >= 1)
        return INFINITY;
    if (p < p_low || p > 1 - p_low) {
        double q = sqrt(-2 * log(p < p_low ? p : 1 - p));
        double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                   ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        return p < p_low ? x : -x;
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double gauge__t_quantile(double p, double nu)
{
    const double pi = 3.14159265358979323846;
    if (nu <= 1)
        return tan(pi * (p - 0.5));
    if (nu <= 2)
        return (2 * p - 1) / sqrt(2 * p * (1 - p));
    double z = gauge__normal_quantile(p);
    double z2 = z * z;
    double g1 = (z2 + 1) * z / 4;
    double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
    return z + g1 / nu + g2 / (nu * nu) + g3 / (nu * nu * nu) + g4 / (nu * nu * nu * nu);
}

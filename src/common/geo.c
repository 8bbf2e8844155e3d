/* SPDX-License-Identifier: Apache-2.0 */
/* WGS84 position checks and great-circle distance. */
#include <math.h>

#include "common_internal.h"

#define DEGREES_TO_RADIANS (3.14159265358979323846 / 180.0)

myk10_status myk10_geo_check(double lat, double lon)
{
    /* Written so that NaN fails both comparisons and is rejected. */
    if (!(lat >= -90.0 && lat <= 90.0))
        return myk10__fail(MYK10_ERANGE, "geo: latitude %.9g outside [-90, 90]", lat);
    if (!(lon >= -180.0 && lon <= 180.0))
        return myk10__fail(MYK10_ERANGE, "geo: longitude %.9g outside [-180, 180]", lon);
    return MYK10_OK;
}

myk10_status myk10_geo_distance(double *out_m, double lat1, double lon1,
                                double lat2, double lon2)
{
    if (!out_m)
        return myk10__fail(MYK10_EINVAL, "geo: NULL out_m");
    myk10_status status;
    if ((status = myk10_geo_check(lat1, lon1)) || (status = myk10_geo_check(lat2, lon2)))
        return status;

    double phi1 = lat1 * DEGREES_TO_RADIANS;
    double phi2 = lat2 * DEGREES_TO_RADIANS;
    double half_dphi = (phi2 - phi1) / 2.0;
    double half_dlambda = (lon2 - lon1) * DEGREES_TO_RADIANS / 2.0;
    double s_phi = sin(half_dphi), s_lambda = sin(half_dlambda);
    double h = s_phi * s_phi + cos(phi1) * cos(phi2) * s_lambda * s_lambda;
    /* Rounding can push h a hair above 1 for antipodes. */
    if (h > 1.0)
        h = 1.0;
    *out_m = 2.0 * MYK10_EARTH_RADIUS_M * asin(sqrt(h));
    return MYK10_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Rating curves Q = a·(h − h0)^b, piecewise by stage range, and their inverse. */
#include <math.h>
#include <string.h>

#include "common/common_internal.h"
#include <myk10/flood.h>

struct myk10_rating {
    size_t count;
    myk10_rating_segment segments[]; /* validated, tiling their range */
};

static double segment_q(const myk10_rating_segment *s, double h)
{
    return s->a * pow(h - s->h0, s->b);
}

static myk10_status check_segment(const myk10_rating_segment *s, size_t i)
{
    if (!isfinite(s->stage_min) || isnan(s->stage_max) || s->stage_max == -INFINITY)
        return myk10__fail(MYK10_ERANGE, "rating: segment %zu: stage range not finite", i);
    if (!isfinite(s->a) || s->a <= 0)
        return myk10__fail(MYK10_ERANGE, "rating: segment %zu: a = %g, must be > 0", i, s->a);
    if (!isfinite(s->b) || s->b <= 0)
        return myk10__fail(MYK10_ERANGE, "rating: segment %zu: b = %g, must be > 0", i, s->b);
    if (!isfinite(s->h0) || s->h0 > s->stage_min)
        return myk10__fail(MYK10_ERANGE, "rating: segment %zu: h0 = %g above stage_min %g", i,
                           s->h0, s->stage_min);
    if (!(s->stage_min < s->stage_max))
        return myk10__fail(MYK10_ERANGE, "rating: segment %zu: stage_min %g not below stage_max %g",
                           i, s->stage_min, s->stage_max);
    return MYK10_OK;
}

/* Segment i must start where i-1 ends, and the discharge may only jump up. */
static myk10_status check_joint(const myk10_rating_segment *prev, const myk10_rating_segment *s,
                                size_t i)
{
    if (s->stage_min < prev->stage_max)
        return myk10__fail(MYK10_ECONFLICT,
                           "rating: segment %zu (from %g m) overlaps or precedes segment %zu "
                           "(to %g m)", i, s->stage_min, i - 1, prev->stage_max);
    if (s->stage_min > prev->stage_max)
        return myk10__fail(MYK10_ECONFLICT,
                           "rating: segments %zu and %zu leave stages %g..%g m uncovered", i - 1,
                           i, prev->stage_max, s->stage_min);
    double q_left = segment_q(prev, prev->stage_max);
    double q_right = segment_q(s, s->stage_min);
    if (!(q_right >= q_left))
        return myk10__fail(MYK10_ECONFLICT,
                           "rating: not monotone: discharge drops from %g to %g m3/s at %g m "
                           "(segment %zu to %zu)", q_left, q_right, s->stage_min, i - 1, i);
    return MYK10_OK;
}

myk10_status myk10_rating_create(myk10_rating **out, const myk10_rating_segment *segments,
                                 size_t count)
{
    if (!out || !segments || count == 0)
        return myk10__fail(MYK10_EINVAL, "rating: NULL argument or no segments");
    for (size_t i = 0; i < count; i++) {
        myk10_status status = check_segment(&segments[i], i);
        if (status == MYK10_OK && i > 0)
            status = check_joint(&segments[i - 1], &segments[i], i);
        if (status != MYK10_OK)
            return status;
        if (segments[i].stage_max == INFINITY && i + 1 < count)
            return myk10__fail(MYK10_ECONFLICT, "rating: segment %zu: only the last segment "
                               "may be open-ended", i);
    }
    myk10_rating *rating = myk10__malloc(sizeof *rating + count * sizeof segments[0]);
    if (!rating)
        return myk10__fail(MYK10_ENOMEM, "rating: out of memory");
    rating->count = count;
    memcpy(rating->segments, segments, count * sizeof segments[0]);
    *out = rating;
    return MYK10_OK;
}

void myk10_rating_destroy(myk10_rating *rating)
{
    myk10__free(rating);
}

size_t myk10_rating_segment_count(const myk10_rating *rating)
{
    return rating ? rating->count : 0;
}

myk10_status myk10_rating_discharge(double *out_q, const myk10_rating *rating, double stage)
{
    if (!out_q || !rating || !isfinite(stage))
        return myk10__fail(MYK10_EINVAL, "rating: NULL argument or stage not finite");
    const myk10_rating_segment *last = &rating->segments[rating->count - 1];
    if (stage < rating->segments[0].stage_min || stage > last->stage_max)
        return myk10__fail(MYK10_ERANGE, "rating: stage %g m outside the curve's %g..%g m", stage,
                           rating->segments[0].stage_min, last->stage_max);
    size_t i = 0;
    while (i + 1 < rating->count && stage >= rating->segments[i].stage_max)
        i++;
    *out_q = segment_q(&rating->segments[i], stage);
    return MYK10_OK;
}

myk10_status myk10_rating_stage(double *out_stage, const myk10_rating *rating, double discharge)
{
    if (!out_stage || !rating || !isfinite(discharge))
        return myk10__fail(MYK10_EINVAL, "rating: NULL argument or discharge not finite");
    const myk10_rating_segment *first = &rating->segments[0];
    const myk10_rating_segment *last = &rating->segments[rating->count - 1];
    double q_min = segment_q(first, first->stage_min);
    double q_max = segment_q(last, last->stage_max);
    if (discharge < q_min || discharge > q_max)
        return myk10__fail(MYK10_ERANGE, "rating: discharge %g m3/s outside the curve's %g..%g",
                           discharge, q_min, q_max);
    /* The first segment whose upper end carries at least this discharge. */
    size_t i = 0;
    while (i + 1 < rating->count && discharge >= segment_q(&rating->segments[i + 1],
                                                           rating->segments[i + 1].stage_min))
        i++;
    const myk10_rating_segment *s = &rating->segments[i];
    double h = s->h0 + pow(discharge / s->a, 1.0 / s->b);
    /* Inside an upward jump, or rounding just outside the segment: clamp. */
    if (h < s->stage_min)
        h = s->stage_min;
    if (h > s->stage_max)
        h = s->stage_max;
    *out_stage = h;
    return MYK10_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Alert levels (Meldestufen) with hysteresis: the per-gauge state machine. */
#include <math.h>
#include <string.h>

#include "common/common_internal.h"
#include <myk10/flood.h>

void myk10_alert_config_init4(myk10_alert_config *config, double t1, double t2, double t3,
                              double t4, double hysteresis_m)
{
    if (!config)
        return;
    memset(config, 0, sizeof *config);
    config->count = 4;
    config->thresholds[0] = t1;
    config->thresholds[1] = t2;
    config->thresholds[2] = t3;
    config->thresholds[3] = t4;
    config->hysteresis_m = hysteresis_m;
}

myk10_status myk10_alert_config_check(const myk10_alert_config *config)
{
    if (!config)
        return myk10__fail(MYK10_EINVAL, "alert: NULL configuration");
    if (config->count < 1 || config->count > MYK10_ALERT_MAX_LEVELS)
        return myk10__fail(MYK10_ERANGE, "alert: count %zu outside 1..%d", config->count,
                           MYK10_ALERT_MAX_LEVELS);
    if (!isfinite(config->hysteresis_m) || config->hysteresis_m < 0)
        return myk10__fail(MYK10_ERANGE, "alert: hysteresis %g m must be finite and >= 0",
                           config->hysteresis_m);
    for (size_t k = 0; k < config->count; k++) {
        if (!isfinite(config->thresholds[k]))
            return myk10__fail(MYK10_ERANGE, "alert: level %zu: threshold not finite", k + 1);
        if (k > 0 && !(config->thresholds[k] > config->thresholds[k - 1]))
            return myk10__fail(MYK10_ECONFLICT,
                               "alert: level %zu: threshold %g m not above level %zu's %g m",
                               k + 1, config->thresholds[k], k, config->thresholds[k - 1]);
    }
    return MYK10_OK;
}

void myk10_alert_state_init(myk10_alert_state *state)
{
    if (!state)
        return;
    state->level = 0;
    for (int k = 0; k < MYK10_ALERT_MAX_LEVELS; k++)
        state->raised_at[k] = MYK10_TIME_NONE;
    state->last_time = MYK10_TIME_NONE;
}

/* Highest level whose threshold `h` reaches (0 if none). */
static int level_reached(const myk10_alert_config *config, double h, double margin)
{
    int level = 0;
    while ((size_t)level < config->count && h >= config->thresholds[level] - margin)
        level++;
    return level;
}

/*
 * Raise to every level reached; keep a level already held while the water
 * stays at or above its threshold minus the hysteresis.
 */
static int next_level(const myk10_alert_config *config, int current, double h)
{
    int raised = level_reached(config, h, 0);
    int kept = level_reached(config, h, config->hysteresis_m);
    if (kept > current)
        kept = current;
    return raised > kept ? raised : kept;
}

myk10_status myk10_alert_update(myk10_alert_state *state, bool *out_changed,
                                const myk10_alert_config *config, int64_t time, double level_m)
{
    if (!state || !config || !isfinite(level_m))
        return myk10__fail(MYK10_EINVAL, "alert: NULL argument or level not finite");
    if (state->last_time != MYK10_TIME_NONE && time < state->last_time)
        return myk10__fail(MYK10_ESTATE, "alert: time %lld before the last one fed (%lld)",
                           (long long)time, (long long)state->last_time);
    int level = next_level(config, state->level, level_m);
    for (int k = state->level; k < level; k++)
        if (state->raised_at[k] == MYK10_TIME_NONE)
            state->raised_at[k] = time;
    if (level == 0) /* the episode is over */
        for (int k = 0; k < MYK10_ALERT_MAX_LEVELS; k++)
            state->raised_at[k] = MYK10_TIME_NONE;
    if (out_changed)
        *out_changed = level != state->level;
    state->level = level;
    state->last_time = time;
    return MYK10_OK;
}

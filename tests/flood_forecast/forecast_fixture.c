/* SPDX-License-Identifier: Apache-2.0 */
#include "forecast_fixture.h"

#include <check.h>
#include <math.h>
#include <string.h>

const nspec line_nodes[3] = { { "g", MYK10_FLOOD_GAUGE, 0 }, { "v", MYK10_FLOOD_VILLAGE, 0 },
                               { "o", MYK10_FLOOD_OUTLET, 0 } };

myk10_flood_network *make_net(const nspec *n, size_t nn, const rspec *r, size_t nr)
{
    myk10_flood_network *net = NULL;
    ck_assert_int_eq(myk10_flood_network_create(&net), MYK10_OK);
    for (size_t i = 0; i < nn; i++) {
        myk10_flood_node node = { .id = n[i].id, .kind = n[i].kind, .lat = 50.3 + 0.01 * (double)i,
                                  .lon = 7.2, .baseflow_m3s = n[i].baseflow };
        ck_assert_int_eq(myk10_flood_network_add_node(net, &node), MYK10_OK);
    }
    for (size_t i = 0; i < nr; i++) {
        myk10_flood_reach reach = { .id = r[i].id, .from = r[i].from, .to = r[i].to,
                                    .length_m = 1000, .method = r[i].method,
                                    .lag_s = r[i].lag_s, .k_s = r[i].k_s, .x = r[i].x };
        ck_assert_int_eq(myk10_flood_network_add_reach(net, &reach), MYK10_OK);
    }
    ck_assert_int_eq(myk10_flood_network_validate(net), MYK10_OK);
    return net;
}

myk10_rating *identity_rating(void)
{
    myk10_rating_segment seg = { 0, INFINITY, 1, 0, 1 };
    myk10_rating *r = NULL;
    ck_assert_int_eq(myk10_rating_create(&r, &seg, 1), MYK10_OK);
    return r;
}

myk10_gauge *make_gauge(const char *id)
{
    myk10_gauge_config cfg;
    myk10_gauge_config_init(&cfg);
    cfg.id = id;
    myk10_gauge *g = NULL;
    ck_assert_int_eq(myk10_gauge_create(&g, &cfg), MYK10_OK);
    return g;
}

void feed(myk10_gauge *g, double (*fn)(double), int64_t from, int64_t to)
{
    for (int64_t t = from; t <= to; t += 900)
        ck_assert_int_eq(myk10_gauge_add(g, NULL, t, fn((double)t), NOW), MYK10_OK);
}

myk10_flood_village_forecast village(const myk10_flood_forecaster *fc, const char *id)
{
    myk10_flood_village_forecast v;
    for (size_t i = 0; i < myk10_flood_forecaster_village_count(fc); i++) {
        ck_assert_int_eq(myk10_flood_forecaster_village(&v, fc, i), MYK10_OK);
        if (strcmp(v.node_id, id) == 0)
            return v;
    }
    ck_abort_msg("no village %s", id);
    return v;
}

one_gauge one_gauge_open(const one_gauge_spec *s)
{
    one_gauge x;
    x.net = make_net(s->nodes, s->node_count, s->reaches, s->reach_count);
    ck_assert_int_eq(myk10_flood_network_set_village_levels(x.net, "v", s->thresholds,
                                                            s->threshold_count), MYK10_OK);
    x.fc = NULL;
    ck_assert_int_eq(myk10_flood_forecaster_create(&x.fc, x.net, s->config), MYK10_OK);
    x.g = make_gauge("g");
    x.rating = identity_rating();
    feed(x.g, s->level, NOW - 12 * 3600, s->last);
    ck_assert_int_eq(myk10_flood_forecaster_attach_gauge(x.fc, "g", x.g, x.rating), MYK10_OK);
    return x;
}

void one_gauge_close(one_gauge *x)
{
    myk10_flood_forecaster_destroy(x->fc);
    myk10_gauge_destroy(x->g);
    myk10_rating_destroy(x->rating);
    myk10_flood_network_destroy(x->net);
}

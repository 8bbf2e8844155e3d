/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Network JSON and GeoJSON, through jansson. Formats: docs/flood-network.md.
 *
 * Both loaders share the field readers: a node or reach is read into the
 * public structs and handed to add_node/add_reach, so files and the C API
 * apply exactly the same checks.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "common/common_internal.h"
#include "flood/flood_internal.h"

#define FORMAT_NAME "myk10-flood-network"
#define FORMAT_VERSION 1

/* ------------------------------------------------------------ readers */

static void put(json_t *obj, const char *key, json_t *value, bool *ok);

typedef struct reader {
    const char *what; /* "node 'x'" etc., for messages */
    bool strict;      /* unknown members are errors (JSON) or ignored (GeoJSON) */
} reader;

static myk10_status get_number(double *out, json_t *obj, const char *key, const char *what,
                               bool required, double fallback)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return myk10__fail(MYK10_EMALFORMED, "flood: %s: member '%s' is missing", what, key);
        *out = fallback;
        return MYK10_OK;
    }
    if (!json_is_number(v))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: member '%s' must be a number", what,
                           key);
    *out = json_number_value(v);
    return MYK10_OK;
}

static myk10_status get_string(const char **out, json_t *obj, const char *key, const char *what,
                               bool required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        *out = NULL;
        return required ? myk10__fail(MYK10_EMALFORMED, "flood: %s: member '%s' is missing",
                                      what, key)
                        : MYK10_OK;
    }
    if (!json_is_string(v))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: member '%s' must be a string", what,
                           key);
    *out = json_string_value(v);
    if (strlen(*out) != json_string_length(v))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: member '%s' contains a NUL", what, key);
    return MYK10_OK;
}

static myk10_status check_members(json_t *obj, const char *const *allowed, const char *what)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(key, allowed[i]) == 0;
        if (!known)
            return myk10__fail(MYK10_EMALFORMED, "flood: %s: unknown member '%s'", what, key);
    }
    return MYK10_OK;
}

static const char *const node_members[] = { "id", "name", "kind", "lat", "lon", "baseflow_m3s",
                                            "alert_m3s", "note", NULL };
static const char *const reach_members[] = { "id", "from", "to", "length_m", "method", "lag_s",
                                             "k_s", "x", "slope", "manning_n", "width_m",
                                             "reference_m3s", "lateral_m3s", "note", NULL };

/* Reads the node fields other than id and position from `props`. */
static myk10_status read_node_props(myk10_flood_node *node, json_t *props, const char *what)
{
    const char *kind = NULL;
    myk10_status st;
    if ((st = get_string(&node->name, props, "name", what, false)) != MYK10_OK ||
        (st = get_string(&kind, props, "kind", what, true)) != MYK10_OK ||
        (st = get_number(&node->baseflow_m3s, props, "baseflow_m3s", what, false, 0)) !=
            MYK10_OK)
        return st;
    if (!flood_kind_parse(&node->kind, kind))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: unknown kind '%s' (gauge, confluence, "
                           "village, outlet)", what, kind);
    return MYK10_OK;
}

static myk10_status read_reach_props(myk10_flood_reach *r, json_t *props, const char *what)
{
    const char *method = NULL;
    myk10_status st;
    if ((st = get_string(&r->from, props, "from", what, true)) != MYK10_OK ||
        (st = get_string(&r->to, props, "to", what, true)) != MYK10_OK ||
        (st = get_number(&r->length_m, props, "length_m", what, true, 0)) != MYK10_OK ||
        (st = get_string(&method, props, "method", what, true)) != MYK10_OK ||
        (st = get_number(&r->lateral_m3s, props, "lateral_m3s", what, false, 0)) != MYK10_OK)
        return st;
    if (!flood_method_parse(&r->method, method))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: unknown method '%s' (lag, muskingum, "
                           "muskingum-cunge)", what, method);
    switch (r->method) {
    case MYK10_FLOOD_LAG:
        return get_number(&r->lag_s, props, "lag_s", what, true, 0);
    case MYK10_FLOOD_MUSKINGUM:
        if ((st = get_number(&r->k_s, props, "k_s", what, true, 0)) != MYK10_OK)
            return st;
        return get_number(&r->x, props, "x", what, true, 0);
    case MYK10_FLOOD_MUSKINGUM_CUNGE:
        if ((st = get_number(&r->slope, props, "slope", what, true, 0)) != MYK10_OK ||
            (st = get_number(&r->manning_n, props, "manning_n", what, true, 0)) != MYK10_OK ||
            (st = get_number(&r->width_m, props, "width_m", what, true, 0)) != MYK10_OK)
            return st;
        return get_number(&r->reference_m3s, props, "reference_m3s", what, true, 0);
    }
    return MYK10_OK;
}

/* Optional village thresholds "alert_m3s": [q1, q2, ...], set after the node exists. */
static myk10_status load_alerts(myk10_flood_network *net, json_t *props, const char *id,
                                const char *what)
{
    json_t *v = json_object_get(props, "alert_m3s");
    if (!v)
        return MYK10_OK;
    if (!json_is_array(v))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: member 'alert_m3s' must be an array",
                           what);
    double q[MYK10_ALERT_MAX_LEVELS];
    size_t n = json_array_size(v);
    if (n > MYK10_ALERT_MAX_LEVELS)
        return myk10__fail(MYK10_ERANGE, "flood: %s: 'alert_m3s' has %zu levels, at most %d",
                           what, n, MYK10_ALERT_MAX_LEVELS);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_number(e))
            return myk10__fail(MYK10_EMALFORMED, "flood: %s: 'alert_m3s' item %zu must be a "
                               "number", what, i);
        q[i] = json_number_value(e);
    }
    return myk10_flood_network_set_village_levels(net, id, q, n);
}

static void put_alerts(json_t *o, const flood_node *n, bool *ok)
{
    if (!n->alert_count)
        return;
    json_t *a = json_array();
    for (size_t i = 0; i < n->alert_count && a; i++)
        if (json_array_append_new(a, json_real(n->alert_m3s[i])) != 0)
            *ok = false;
    put(o, "alert_m3s", a, ok);
}

static void describe(char *buf, size_t cap, const char *kind, size_t index, json_t *id)
{
    if (json_is_string(id))
        snprintf(buf, cap, "%s '%.200s'", kind, json_string_value(id));
    else
        snprintf(buf, cap, "%s #%zu", kind, index);
}

/* ------------------------------------------------------------ JSON */

static myk10_status parse_document(json_t **out, const char *text, size_t size)
{
    json_error_t err;
    *out = json_loadb(text, size, JSON_REJECT_DUPLICATES, &err);
    if (!*out)
        return myk10__fail_at(MYK10_EMALFORMED, err.position,
                              "flood: JSON line %d column %d: %s", err.line, err.column,
                              err.text);
    if (!json_is_object(*out)) {
        json_decref(*out);
        return myk10__fail_at(MYK10_EMALFORMED, 0, "flood: document is not a JSON object");
    }
    return MYK10_OK;
}

/* Optional "units": only "SI" is understood. */
static myk10_status check_header(myk10_flood_network *net, json_t *doc)
{
    const char *units = NULL, *description = NULL;
    myk10_status st;
    if ((st = get_string(&units, doc, "units", "document", false)) != MYK10_OK ||
        (st = get_string(&description, doc, "description", "document", false)) != MYK10_OK)
        return st;
    if (units && strcmp(units, "SI") != 0)
        return myk10__fail(MYK10_EUNSUPPORTED, "flood: units '%s' not supported: only \"SI\" "
                           "(m, s, m3/s)", units);
    return description ? myk10_flood_network_set_description(net, description) : MYK10_OK;
}

static myk10_status load_json_node(myk10_flood_network *net, json_t *item, size_t i)
{
    char what[240];
    describe(what, sizeof what, "node", i, json_object_get(item, "id"));
    if (!json_is_object(item))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s is not an object", what);
    myk10_flood_node node = { 0 };
    myk10_status st = check_members(item, node_members, what);
    if (st == MYK10_OK)
        st = get_string(&node.id, item, "id", what, true);
    if (st == MYK10_OK)
        st = read_node_props(&node, item, what);
    if (st == MYK10_OK)
        st = get_number(&node.lat, item, "lat", what, true, 0);
    if (st == MYK10_OK)
        st = get_number(&node.lon, item, "lon", what, true, 0);
    if (st == MYK10_OK)
        st = myk10_flood_network_add_node(net, &node);
    return st == MYK10_OK ? load_alerts(net, item, node.id, what) : st;
}

static myk10_status load_json_reach(myk10_flood_network *net, json_t *item, size_t i)
{
    char what[240];
    describe(what, sizeof what, "reach", i, json_object_get(item, "id"));
    if (!json_is_object(item))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s is not an object", what);
    myk10_flood_reach reach = { 0 };
    myk10_status st = check_members(item, reach_members, what);
    if (st == MYK10_OK)
        st = get_string(&reach.id, item, "id", what, true);
    if (st == MYK10_OK)
        st = read_reach_props(&reach, item, what);
    return st == MYK10_OK ? myk10_flood_network_add_reach(net, &reach) : st;
}

static json_t *get_array(json_t *doc, const char *key)
{
    json_t *v = json_object_get(doc, key);
    return json_is_array(v) ? v : NULL;
}

static myk10_status load_json_body(myk10_flood_network *net, json_t *doc)
{
    static const char *const top[] = { "format", "version", "units", "description", "nodes",
                                       "reaches", NULL };
    myk10_status st = check_members(doc, top, "document");
    const char *format = NULL;
    if (st == MYK10_OK)
        st = get_string(&format, doc, "format", "document", true);
    if (st != MYK10_OK)
        return st;
    if (strcmp(format, FORMAT_NAME) != 0)
        return myk10__fail(MYK10_EUNSUPPORTED, "flood: format '%s', expected '" FORMAT_NAME "'",
                           format);
    json_t *version = json_object_get(doc, "version");
    if (!json_is_integer(version) || json_integer_value(version) != FORMAT_VERSION)
        return myk10__fail(MYK10_EUNSUPPORTED, "flood: version must be the integer %d",
                           FORMAT_VERSION);
    if ((st = check_header(net, doc)) != MYK10_OK)
        return st;
    json_t *nodes = get_array(doc, "nodes"), *reaches = get_array(doc, "reaches");
    if (!nodes || !reaches)
        return myk10__fail(MYK10_EMALFORMED, "flood: document needs arrays 'nodes' and "
                           "'reaches'");
    for (size_t i = 0; i < json_array_size(nodes) && st == MYK10_OK; i++)
        st = load_json_node(net, json_array_get(nodes, i), i);
    for (size_t i = 0; i < json_array_size(reaches) && st == MYK10_OK; i++)
        st = load_json_reach(net, json_array_get(reaches, i), i);
    return st == MYK10_OK ? myk10_flood_network_validate(net) : st;
}

typedef myk10_status (*body_loader)(myk10_flood_network *net, json_t *doc);

static myk10_status load_with(myk10_flood_network **out, const char *text, size_t size,
                              body_loader body)
{
    if (!out || (!text && size))
        return myk10__fail(MYK10_EINVAL, "flood: out or text is NULL");
    json_t *doc;
    myk10_status st = parse_document(&doc, text ? text : "", size);
    if (st != MYK10_OK)
        return st;
    myk10_flood_network *net = NULL;
    st = myk10_flood_network_create(&net);
    if (st == MYK10_OK)
        st = body(net, doc);
    json_decref(doc);
    if (st != MYK10_OK) {
        myk10_flood_network_destroy(net);
        return st;
    }
    *out = net;
    return MYK10_OK;
}

myk10_status myk10_flood_network_load_json(myk10_flood_network **out, const char *text,
                                           size_t size)
{
    return load_with(out, text, size, load_json_body);
}

/* ------------------------------------------------------------ GeoJSON */

/* A position [lon, lat, (alt)] of finite numbers. */
static myk10_status read_position(double *lat, double *lon, json_t *pos, const char *what)
{
    size_t n = json_array_size(pos);
    if (!json_is_array(pos) || n < 2 || n > 3)
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: a position is [lon, lat]", what);
    for (size_t i = 0; i < n; i++)
        if (!json_is_number(json_array_get(pos, i)))
            return myk10__fail(MYK10_EMALFORMED, "flood: %s: position holds a non-number", what);
    *lon = json_number_value(json_array_get(pos, 0));
    *lat = json_number_value(json_array_get(pos, 1));
    return MYK10_OK;
}

static myk10_status load_feature(myk10_flood_network *net, json_t *f, size_t i, bool points)
{
    char what[240];
    json_t *id = json_object_get(f, "id");
    json_t *geometry = json_object_get(f, "geometry");
    json_t *props = json_object_get(f, "properties");
    const char *type = json_string_value(json_object_get(geometry, "type"));
    describe(what, sizeof what, "feature", i, id);
    if (!json_is_object(f) || !type || !json_is_object(props))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s needs a geometry with a type and "
                           "properties", what);
    if (!json_is_string(id))
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: 'id' must be a string", what);
    bool is_point = strcmp(type, "Point") == 0, is_line = strcmp(type, "LineString") == 0;
    if (!is_point && !is_line)
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: geometry type '%s' (Point or "
                           "LineString)", what, type);
    if (is_point != points)
        return MYK10_OK; /* nodes first, then reaches: two passes */
    json_t *coords = json_object_get(geometry, "coordinates");
    if (is_point) {
        myk10_flood_node node = { .id = json_string_value(id) };
        myk10_status st = read_position(&node.lat, &node.lon, coords, what);
        if (st == MYK10_OK)
            st = read_node_props(&node, props, what);
        if (st == MYK10_OK)
            st = myk10_flood_network_add_node(net, &node);
        return st == MYK10_OK ? load_alerts(net, props, node.id, what) : st;
    }
    if (!json_is_array(coords) || json_array_size(coords) < 2)
        return myk10__fail(MYK10_EMALFORMED, "flood: %s: a LineString needs two positions", what);
    for (size_t k = 0; k < json_array_size(coords); k++) {
        double lat, lon;
        myk10_status st = read_position(&lat, &lon, json_array_get(coords, k), what);
        if (st != MYK10_OK)
            return st;
    }
    myk10_flood_reach reach = { .id = json_string_value(id) };
    myk10_status st = read_reach_props(&reach, props, what);
    return st == MYK10_OK ? myk10_flood_network_add_reach(net, &reach) : st;
}

static myk10_status load_geojson_body(myk10_flood_network *net, json_t *doc)
{
    const char *type = json_string_value(json_object_get(doc, "type"));
    if (!type || strcmp(type, "FeatureCollection") != 0)
        return myk10__fail(MYK10_EMALFORMED, "flood: GeoJSON must be a FeatureCollection");
    myk10_status st = check_header(net, doc);
    json_t *features = get_array(doc, "features");
    if (st == MYK10_OK && !features)
        st = myk10__fail(MYK10_EMALFORMED, "flood: FeatureCollection without 'features' array");
    for (int pass = 0; pass < 2 && st == MYK10_OK; pass++)
        for (size_t i = 0; i < json_array_size(features) && st == MYK10_OK; i++)
            st = load_feature(net, json_array_get(features, i), i, pass == 0);
    return st == MYK10_OK ? myk10_flood_network_validate(net) : st;
}

myk10_status myk10_flood_network_load_geojson(myk10_flood_network **out, const char *text,
                                              size_t size)
{
    return load_with(out, text, size, load_geojson_body);
}

/* ------------------------------------------------------------ writers */

/* json_object_set_new that remembers a failed allocation. */
static void put(json_t *obj, const char *key, json_t *value, bool *ok)
{
    if (!value || json_object_set_new(obj, key, value) != 0)
        *ok = false;
}

static void put_node_props(json_t *o, const myk10_flood_node *n, bool *ok)
{
    put(o, "name", json_string(n->name), ok);
    put(o, "kind", json_string(flood_kind_name(n->kind)), ok);
    if (n->baseflow_m3s != 0)
        put(o, "baseflow_m3s", json_real(n->baseflow_m3s), ok);
}

static void put_reach_props(json_t *o, const myk10_flood_reach *r, bool *ok)
{
    put(o, "from", json_string(r->from), ok);
    put(o, "to", json_string(r->to), ok);
    put(o, "length_m", json_real(r->length_m), ok);
    put(o, "method", json_string(flood_method_name(r->method)), ok);
    switch (r->method) {
    case MYK10_FLOOD_LAG:
        put(o, "lag_s", json_real(r->lag_s), ok);
        break;
    case MYK10_FLOOD_MUSKINGUM:
        put(o, "k_s", json_real(r->k_s), ok);
        put(o, "x", json_real(r->x), ok);
        break;
    case MYK10_FLOOD_MUSKINGUM_CUNGE:
        put(o, "slope", json_real(r->slope), ok);
        put(o, "manning_n", json_real(r->manning_n), ok);
        put(o, "width_m", json_real(r->width_m), ok);
        put(o, "reference_m3s", json_real(r->reference_m3s), ok);
        break;
    }
    if (r->lateral_m3s != 0)
        put(o, "lateral_m3s", json_real(r->lateral_m3s), ok);
}

static json_t *position(double lat, double lon)
{
    return json_pack("[ff]", lon, lat);
}

static json_t *build_json(const myk10_flood_network *net, bool *ok)
{
    json_t *doc = json_object(), *nodes = json_array(), *reaches = json_array();
    put(doc, "format", json_string(FORMAT_NAME), ok);
    put(doc, "version", json_integer(FORMAT_VERSION), ok);
    put(doc, "units", json_string("SI"), ok);
    if (net->description)
        put(doc, "description", json_string(net->description), ok);
    for (size_t i = 0; i < net->node_count && *ok; i++) {
        const myk10_flood_node *n = &net->nodes[i].pub;
        json_t *o = json_object();
        put(o, "id", json_string(n->id), ok);
        put_node_props(o, n, ok);
        put_alerts(o, &net->nodes[i], ok);
        put(o, "lat", json_real(n->lat), ok);
        put(o, "lon", json_real(n->lon), ok);
        if (!o || json_array_append_new(nodes, o) != 0)
            *ok = false;
    }
    for (size_t i = 0; i < net->reach_count && *ok; i++) {
        json_t *o = json_object();
        put(o, "id", json_string(net->reaches[i].pub.id), ok);
        put_reach_props(o, &net->reaches[i].pub, ok);
        if (!o || json_array_append_new(reaches, o) != 0)
            *ok = false;
    }
    put(doc, "nodes", nodes, ok);
    put(doc, "reaches", reaches, ok);
    return doc;
}

static json_t *feature(const char *id, json_t *geometry, json_t *props, bool *ok)
{
    json_t *f = json_object();
    put(f, "type", json_string("Feature"), ok);
    put(f, "id", json_string(id), ok);
    put(f, "geometry", geometry, ok);
    put(f, "properties", props, ok);
    return f;
}

static json_t *build_geojson(const myk10_flood_network *net, bool *ok)
{
    json_t *doc = json_object(), *features = json_array();
    put(doc, "type", json_string("FeatureCollection"), ok);
    put(doc, "units", json_string("SI"), ok);
    if (net->description)
        put(doc, "description", json_string(net->description), ok);
    for (size_t i = 0; i < net->node_count && *ok; i++) {
        const myk10_flood_node *n = &net->nodes[i].pub;
        json_t *props = json_object();
        put_node_props(props, n, ok);
        put_alerts(props, &net->nodes[i], ok);
        json_t *geometry = json_pack("{s:s,s:o}", "type", "Point", "coordinates",
                                     position(n->lat, n->lon));
        if (json_array_append_new(features, feature(n->id, geometry, props, ok)) != 0)
            *ok = false;
    }
    for (size_t i = 0; i < net->reach_count && *ok; i++) {
        const flood_reach *r = &net->reaches[i];
        const myk10_flood_node *a = &net->nodes[r->from].pub, *b = &net->nodes[r->to].pub;
        json_t *props = json_object();
        put_reach_props(props, &r->pub, ok);
        json_t *geometry = json_pack("{s:s,s:[oo]}", "type", "LineString", "coordinates",
                                     position(a->lat, a->lon), position(b->lat, b->lon));
        if (json_array_append_new(features, feature(r->pub.id, geometry, props, ok)) != 0)
            *ok = false;
    }
    put(doc, "features", features, ok);
    return doc;
}

typedef json_t *(*doc_builder)(const myk10_flood_network *net, bool *ok);

static myk10_status write_with(char **out_text, size_t *out_size,
                               const myk10_flood_network *net, doc_builder builder)
{
    if (!out_text || !net)
        return myk10__fail(MYK10_EINVAL, "flood: out_text or network is NULL");
    bool ok = true;
    json_t *doc = builder(net, &ok);
    size_t flags = JSON_INDENT(2) | JSON_REAL_PRECISION(17);
    /* json_dumpb sizes first, so the text lands in memory from our allocator */
    size_t len = ok && doc ? json_dumpb(doc, NULL, 0, flags) : 0;
    char *copy = len ? myk10__malloc(len + 1) : NULL;
    if (copy && json_dumpb(doc, copy, len, flags) == len)
        copy[len] = '\0';
    else
        myk10__free(copy), copy = NULL;
    json_decref(doc);
    if (!copy)
        return myk10__fail(MYK10_ENOMEM, "flood: out of memory writing JSON");
    *out_text = copy;
    if (out_size)
        *out_size = len;
    return MYK10_OK;
}

myk10_status myk10_flood_network_to_json(char **out_text, size_t *out_size,
                                         const myk10_flood_network *net)
{
    return write_with(out_text, out_size, net, build_json);
}

myk10_status myk10_flood_network_to_geojson(char **out_text, size_t *out_size,
                                            const myk10_flood_network *net)
{
    return write_with(out_text, out_size, net, build_geojson);
}

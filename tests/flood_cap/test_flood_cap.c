/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check suite for the CAP 1.2 writer: the severity/urgency/certainty mapping
 * case by case, documents parsed back with libxml2 and validated against a
 * structural CAP 1.2 schema (tests/flood_cap/cap-1.2-structure.xsd, see its
 * header: not the official OASIS file), escaping, time offsets, a German
 * numeric locale, and every rejected input with its status and message.
 */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <myk10/common.h>

#include <myk10/flood.h>

#define ck_ok(call)                                                                   \
    do {                                                                              \
        myk10_status st_ = (call);                                                    \
        ck_assert_msg(st_ == MYK10_OK, "%s: %s (%s)", #call, myk10_status_name(st_), \
                      myk10_last_error());                                           \
    } while (0)

#define HOUR INT64_C(3600)
/* 2026-11-27T01:40:00Z, i.e. 02:40 CET. */
#define T_ONSET INT64_C(1795743600)
#define T_SENT (T_ONSET - 115 * 60)

/* ------------------------------------------------------------ mapping */

static myk10_cap_class classify(int k, int n, bool reached, int64_t p10, int64_t p50,
                                int64_t p90, int64_t horizon)
{
    myk10_cap_forecast f = {k, n, reached, p10, p50, p90, horizon};
    myk10_cap_class c;
    ck_ok(myk10_cap_classify(&c, &f));
    return c;
}

START_TEST(severity_by_level)
{
    /* {n, k, expected}: the quarter of the scale in which level k starts. */
    static const struct { int n, k; myk10_cap_severity s; } table[] = {
        {4, 1, MYK10_CAP_MINOR}, {4, 2, MYK10_CAP_MODERATE},
        {4, 3, MYK10_CAP_SEVERE}, {4, 4, MYK10_CAP_EXTREME},
        {1, 1, MYK10_CAP_MINOR},
        {2, 1, MYK10_CAP_MINOR}, {2, 2, MYK10_CAP_SEVERE},
        {3, 1, MYK10_CAP_MINOR}, {3, 2, MYK10_CAP_MODERATE}, {3, 3, MYK10_CAP_SEVERE},
        {5, 1, MYK10_CAP_MINOR}, {5, 2, MYK10_CAP_MINOR}, {5, 3, MYK10_CAP_MODERATE},
        {5, 4, MYK10_CAP_SEVERE}, {5, 5, MYK10_CAP_EXTREME},
        {8, 1, MYK10_CAP_MINOR}, {8, 2, MYK10_CAP_MINOR}, {8, 3, MYK10_CAP_MODERATE},
        {8, 4, MYK10_CAP_MODERATE}, {8, 5, MYK10_CAP_SEVERE}, {8, 6, MYK10_CAP_SEVERE},
        {8, 7, MYK10_CAP_EXTREME}, {8, 8, MYK10_CAP_EXTREME},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        myk10_cap_class c = classify(table[i].k, table[i].n, false, 2 * HOUR, 3 * HOUR,
                                     4 * HOUR, 12 * HOUR);
        ck_assert_msg(c.severity == table[i].s, "k=%d n=%d: %s", table[i].k, table[i].n,
                      myk10_cap_severity_str(c.severity));
    }
}
END_TEST

START_TEST(urgency_by_early_warning_time)
{
    static const struct { int64_t p10; myk10_cap_urgency u; } table[] = {
        {0, MYK10_CAP_IMMEDIATE},           {HOUR - 1, MYK10_CAP_IMMEDIATE},
        {HOUR, MYK10_CAP_EXPECTED},         {6 * HOUR - 1, MYK10_CAP_EXPECTED},
        {6 * HOUR, MYK10_CAP_FUTURE},       {30 * HOUR, MYK10_CAP_FUTURE},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        int64_t p10 = table[i].p10;
        myk10_cap_class c = classify(3, 4, false, p10, p10 + HOUR, p10 + 2 * HOUR, 48 * HOUR);
        ck_assert_msg(c.urgency == table[i].u, "p10=%lld: %s", (long long)p10,
                      myk10_cap_urgency_str(c.urgency));
        ck_assert_int_eq(c.certainty, MYK10_CAP_LIKELY);
    }
    /* The early bound decides, not the median: median 2 h but p10 50 min. */
    myk10_cap_class c = classify(3, 4, false, 50 * 60, 2 * HOUR, 3 * HOUR, 6 * HOUR);
    ck_assert_int_eq(c.urgency, MYK10_CAP_IMMEDIATE);
}
END_TEST

START_TEST(certainty_by_band_and_horizon)
{
    const int64_t h = 6 * HOUR;
    /* Whole band inside the horizon, and median exactly on it: Likely. */
    ck_assert_int_eq(classify(2, 4, false, HOUR, 2 * HOUR, 3 * HOUR, h).certainty,
                     MYK10_CAP_LIKELY);
    ck_assert_int_eq(classify(2, 4, false, HOUR, h, h + HOUR, h).certainty, MYK10_CAP_LIKELY);
    /* Median beyond, early bound inside: Possible. */
    ck_assert_int_eq(classify(2, 4, false, 5 * HOUR, h + 1, INT64_MAX, h).certainty,
                     MYK10_CAP_POSSIBLE);
    ck_assert_int_eq(classify(2, 4, false, h, h + 1, h + 2, h).certainty, MYK10_CAP_POSSIBLE);
    /* Nothing inside: Unlikely. */
    ck_assert_int_eq(classify(2, 4, false, h + 1, INT64_MAX, INT64_MAX, h).certainty,
                     MYK10_CAP_UNLIKELY);
    /* Reached: Observed and Immediate whatever the band says (even garbage). */
    myk10_cap_class c = classify(4, 4, true, -5, -10, -20, h);
    ck_assert_int_eq(c.certainty, MYK10_CAP_OBSERVED);
    ck_assert_int_eq(c.urgency, MYK10_CAP_IMMEDIATE);
    ck_assert_int_eq(c.severity, MYK10_CAP_EXTREME);
}
END_TEST

/* A village forecast becomes classify() input: band bounds relative to the
 * issue time, open bounds closed with the median or the horizon. */
START_TEST(forecast_of_village)
{
    const int64_t now = 1700006400;
    myk10_flood_village_forecast v = { .node_id = "v", .level_count = 4, .max_level = 2,
                                       .current_level = 1 };
    v.warning_s[1] = 5400;
    v.level_time[1] = now + 5400;
    v.band[0] = now + 4000, v.band[1] = now + 5400, v.band[2] = now + 7000;
    myk10_cap_forecast f;
    ck_assert_int_eq(myk10_cap_forecast_of_village(&f, &v, now, 6 * HOUR), MYK10_OK);
    ck_assert_int_eq(f.level, 2);
    ck_assert_int_eq(f.level_count, 4);
    ck_assert(!f.reached);
    ck_assert_int_eq(f.warning_p10_s, 4000);
    ck_assert_int_eq(f.warning_p50_s, 5400);
    ck_assert_int_eq(f.warning_p90_s, 7000);
    ck_assert_int_eq(f.horizon_s, 6 * HOUR);
    /* the late bound beyond the horizon: "not within the horizon" */
    v.band[2] = MYK10_TIME_NONE;
    ck_assert_int_eq(myk10_cap_forecast_of_village(&f, &v, now, 6 * HOUR), MYK10_OK);
    ck_assert_int_eq(f.warning_p90_s, 6 * HOUR);
    myk10_cap_class c;
    ck_assert_int_eq(myk10_cap_classify(&c, &f), MYK10_OK);
    /* already reached: every quantile 0 */
    v.current_level = 2;
    v.band[0] = v.band[1] = v.band[2] = MYK10_TIME_NONE;
    ck_assert_int_eq(myk10_cap_forecast_of_village(&f, &v, now, 6 * HOUR), MYK10_OK);
    ck_assert(f.reached);
    ck_assert_int_eq(f.warning_p10_s, 0);
    ck_assert_int_eq(f.warning_p50_s, 0);
    ck_assert_int_eq(f.warning_p90_s, 6 * HOUR);
    /* bad input */
    ck_assert_int_eq(myk10_cap_forecast_of_village(NULL, &v, now, HOUR), MYK10_EINVAL);
    ck_assert_int_eq(myk10_cap_forecast_of_village(&f, NULL, now, HOUR), MYK10_EINVAL);
    ck_assert_int_eq(myk10_cap_forecast_of_village(&f, &v, now, 0), MYK10_ERANGE);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "horizon_s 0"));
    v.max_level = 0;
    ck_assert_int_eq(myk10_cap_forecast_of_village(&f, &v, now, HOUR), MYK10_ERANGE);
    ck_assert_ptr_nonnull(strstr(myk10_last_error(), "'v' expects no alert level"));
}
END_TEST

START_TEST(classify_rejects)
{
    static const struct { myk10_cap_forecast f; const char *msg; } table[] = {
        {{1, 0, false, 0, 0, 0, HOUR}, "level_count 0"},
        {{1, 9, false, 0, 0, 0, HOUR}, "level_count 9"},
        {{0, 4, false, 0, 0, 0, HOUR}, "level 0"},
        {{5, 4, false, 0, 0, 0, HOUR}, "level 5"},
        {{1, 4, false, 0, 0, 0, 0}, "horizon_s 0"},
        {{1, 4, false, -1, 0, 0, HOUR}, "warning_p10_s -1"},
        {{1, 4, false, 10, 5, 20, HOUR}, "not ordered"},
        {{1, 4, false, 10, 20, 15, HOUR}, "not ordered"},
    };
    myk10_cap_class c = {MYK10_CAP_MINOR, MYK10_CAP_PAST, MYK10_CAP_UNLIKELY};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        ck_assert_int_eq(myk10_cap_classify(&c, &table[i].f), MYK10_ERANGE);
        ck_assert_msg(strstr(myk10_last_error(), table[i].msg), "%zu: %s", i,
                      myk10_last_error());
    }
    ck_assert_int_eq(c.urgency, MYK10_CAP_PAST); /* untouched */
    ck_assert_int_eq(myk10_cap_classify(NULL, &table[0].f), MYK10_EINVAL);
    ck_assert_int_eq(myk10_cap_classify(&c, NULL), MYK10_EINVAL);
    ck_assert_str_eq(myk10_cap_severity_str((myk10_cap_severity)99), "Unknown");
    ck_assert_str_eq(myk10_cap_urgency_str(MYK10_CAP_FUTURE), "Future");
    ck_assert_str_eq(myk10_cap_certainty_str(MYK10_CAP_POSSIBLE), "Possible");
}
END_TEST

/* ------------------------------------------------------------ documents */

static const myk10_cap_point ring[] = {
    {50.1890, 7.2620}, {50.1890, 7.2900}, {50.1700, 7.2900}, {50.1700, 7.2620},
    {50.1890, 7.2620},
};

static void full_warning(myk10_cap_warning *w)
{
    myk10_cap_warning_init(w);
    w->identifier = "DE-MYK-flood-2026-11-27-0042";
    w->sender = "hochwasser@kreis-myk.example";
    w->sent = T_SENT;
    w->utc_offset_min = 60;
    w->event = "Hochwasser";
    myk10_cap_forecast f = {3, 4, false, 90 * 60, 115 * 60, 140 * 60, 12 * HOUR};
    ck_ok(myk10_cap_classify(&w->cls, &f));
    w->level = 3;
    w->level_count = 4;
    w->onset = T_ONSET;
    w->expires = T_ONSET + 12 * HOUR;
    w->sender_name = "Kreisverwaltung Mayen-Koblenz";
    w->headline = "Überflutung in Müden <&> \"Meldestufe\" 3";
    w->description = "Meldestufe 3 erwartet um 02:40,\nVorwarnzeit 1 h 55 min (1 h 30–2 h 20)";
    w->instruction = "Keller räumen & höher gelegene Bereiche aufsuchen";
    w->web = "https://www.example.org/hochwasser?ort=mueden&stufe=3";
    w->contact = "Leitstelle 112";
    w->area_desc = "Müden (Mosel)";
    w->polygon = ring;
    w->polygon_count = 5;
    w->has_circle = true;
    w->circle_center = (myk10_cap_point){50.18, -7.2756};
    w->circle_radius_km = 1.5;
    w->village_id = "mueden";
}

static xmlSchemaPtr load_schema(void)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(CAP_XSD);
    ck_assert_ptr_nonnull(pc);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    ck_assert_msg(schema != NULL, "cannot parse %s", CAP_XSD);
    return schema;
}

static void quiet(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* 0 when `xml` is valid; `expect_invalid` silences the errors of a negative test. */
static int schema_check(const char *xml, bool expect_invalid)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "cap.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    xmlSchemaPtr schema = load_schema();
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (expect_invalid)
        xmlSchemaSetValidStructuredErrors(vc, quiet, NULL);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlFreeDoc(doc);
    return rc;
}

static int schema_validate(const char *xml)
{
    return schema_check(xml, false);
}

/* Text of the only node matching `path` (prefix c: = CAP 1.2); "" if none. */
static char text_buf[512];
static const char *xp(xmlDocPtr doc, const char *path)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "c", BAD_CAST "urn:oasis:names:tc:emergency:cap:1.2");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST path, ctx);
    text_buf[0] = '\0';
    int n = (r && r->nodesetval) ? r->nodesetval->nodeNr : 0;
    ck_assert_msg(n <= 1, "%s: %d matches", path, n);
    if (n == 1) {
        xmlChar *s = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
        snprintf(text_buf, sizeof text_buf, "%s", (const char *)s);
        xmlFree(s);
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return text_buf;
}

START_TEST(full_alert_round_trip)
{
    myk10_cap_warning w;
    full_warning(&w);
    char *xml = NULL;
    size_t len = 0;
    ck_ok(myk10_cap_write(&xml, &len, &w));
    ck_assert_uint_eq(len, strlen(xml));
    ck_assert_int_eq(schema_validate(xml), 0);

    /* Escaped in the text, and only the characters XML needs escaped. */
    ck_assert_ptr_nonnull(strstr(xml, "Überflutung in Müden &lt;&amp;&gt;"));
    ck_assert_ptr_nonnull(strstr(xml, "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"));
    ck_assert_ptr_nonnull(strstr(xml, "encoding=\"UTF-8\""));

    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "cap.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    static const struct { const char *path, *value; } expect[] = {
        {"/c:alert/c:identifier", "DE-MYK-flood-2026-11-27-0042"},
        {"/c:alert/c:sender", "hochwasser@kreis-myk.example"},
        {"/c:alert/c:sent", "2026-11-27T00:45:00+01:00"},
        {"/c:alert/c:status", "Actual"},
        {"/c:alert/c:msgType", "Alert"},
        {"/c:alert/c:scope", "Public"},
        {"/c:alert/c:references", ""},
        {"/c:alert/c:info/c:language", "de-DE"},
        {"/c:alert/c:info/c:category", "Met"},
        {"/c:alert/c:info/c:event", "Hochwasser"},
        {"/c:alert/c:info/c:urgency", "Expected"},
        {"/c:alert/c:info/c:severity", "Severe"},
        {"/c:alert/c:info/c:certainty", "Likely"},
        {"/c:alert/c:info/c:onset", "2026-11-27T02:40:00+01:00"},
        {"/c:alert/c:info/c:expires", "2026-11-27T14:40:00+01:00"},
        {"/c:alert/c:info/c:senderName", "Kreisverwaltung Mayen-Koblenz"},
        {"/c:alert/c:info/c:headline", "Überflutung in Müden <&> \"Meldestufe\" 3"},
        {"/c:alert/c:info/c:description",
         "Meldestufe 3 erwartet um 02:40,\nVorwarnzeit 1 h 55 min (1 h 30–2 h 20)"},
        {"/c:alert/c:info/c:instruction", "Keller räumen & höher gelegene Bereiche aufsuchen"},
        {"/c:alert/c:info/c:web", "https://www.example.org/hochwasser?ort=mueden&stufe=3"},
        {"/c:alert/c:info/c:contact", "Leitstelle 112"},
        {"/c:alert/c:info/c:parameter[c:valueName='alertLevel']/c:value", "3"},
        {"/c:alert/c:info/c:parameter[c:valueName='alertLevelCount']/c:value", "4"},
        {"/c:alert/c:info/c:area/c:areaDesc", "Müden (Mosel)"},
        {"/c:alert/c:info/c:area/c:polygon",
         "50.189000,7.262000 50.189000,7.290000 50.170000,7.290000 50.170000,7.262000 "
         "50.189000,7.262000"},
        {"/c:alert/c:info/c:area/c:circle", "50.180000,-7.275600 1.500"},
        {"/c:alert/c:info/c:area/c:geocode/c:valueName", "village"},
        {"/c:alert/c:info/c:area/c:geocode/c:value", "mueden"},
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        ck_assert_msg(strcmp(xp(doc, expect[i].path), expect[i].value) == 0,
                      "%s: got \"%s\", want \"%s\"", expect[i].path, text_buf, expect[i].value);
    xmlFreeDoc(doc);
    myk10_free(xml);
}
END_TEST

START_TEST(utc_minimal_update_and_cancel)
{
    myk10_cap_warning w;
    myk10_cap_warning_init(&w);
    w.identifier = "id-1";
    w.sender = "s@x";
    w.sent = T_ONSET;
    w.event = "Hochwasser";
    w.area_desc = "Moselkern";
    w.has_circle = true;
    w.circle_center = (myk10_cap_point){-90, 180};
    w.circle_radius_km = 0.0005; /* smallest radius that still writes as 0.001 */
    w.language = "en";
    w.status = MYK10_CAP_EXERCISE;
    char *xml = NULL;
    ck_ok(myk10_cap_write(&xml, NULL, &w));
    ck_assert_int_eq(schema_validate(xml), 0);
    /* CAP 1.2 §3.3.2: UTC is written -00:00, never Z or +00:00. */
    ck_assert_ptr_nonnull(strstr(xml, "<sent>2026-11-27T01:40:00-00:00</sent>"));
    ck_assert_ptr_nonnull(strstr(xml, "<circle>-90.000000,180.000000 0.001</circle>"));
    ck_assert_ptr_nonnull(strstr(xml, "<urgency>Unknown</urgency>"));
    ck_assert_ptr_nonnull(strstr(xml, "<language>en</language>"));
    ck_assert_ptr_nonnull(strstr(xml, "<status>Exercise</status>"));
    ck_assert_ptr_null(strstr(xml, "<onset>"));
    ck_assert_ptr_null(strstr(xml, "<parameter>"));
    ck_assert_ptr_null(strstr(xml, "<geocode>"));
    myk10_free(xml);

    w.msg_type = MYK10_CAP_UPDATE;
    w.references = "s@x,id-0,2026-11-27T01:00:00-00:00  s@x,id-00,2026-11-27T01:20:00+01:00";
    w.utc_offset_min = -150; /* Newfoundland summer: negative, with minutes */
    ck_ok(myk10_cap_write(&xml, NULL, &w));
    ck_assert_int_eq(schema_validate(xml), 0);
    ck_assert_ptr_nonnull(strstr(xml, "<msgType>Update</msgType>"));
    ck_assert_ptr_nonnull(strstr(xml, "<sent>2026-11-26T23:10:00-02:30</sent>"));
    ck_assert_ptr_nonnull(strstr(xml, "<references>s@x,id-0,2026-11-27T01:00:00-00:00  "));
    myk10_free(xml);

    w.msg_type = MYK10_CAP_CANCEL;
    w.references = "s@x,id-1,2026-11-27T01:40:00-00:00";
    ck_ok(myk10_cap_write(&xml, NULL, &w));
    ck_assert_int_eq(schema_validate(xml), 0);
    ck_assert_ptr_nonnull(strstr(xml, "<msgType>Cancel</msgType>"));
    myk10_free(xml);
}
END_TEST

/* The schema is only worth something if it can fail. */
START_TEST(schema_rejects_what_cap_forbids)
{
    myk10_cap_warning w;
    full_warning(&w);
    char *xml = NULL;
    ck_ok(myk10_cap_write(&xml, NULL, &w));
    static const struct { const char *from, *to; } breakages[] = {
        {"+01:00</sent>", "Z</sent>"},
        {"<severity>Severe", "<severity>Heavy"},
        {"<scope>Public</scope>", ""},
        {"<category>Met</category>", "<category>Flood</category>"},
    };
    for (size_t i = 0; i < sizeof breakages / sizeof breakages[0]; i++) {
        char bad[8192];
        const char *at = strstr(xml, breakages[i].from);
        ck_assert_ptr_nonnull(at);
        ck_assert_uint_lt(strlen(xml) + 64, sizeof bad);
        size_t pre = (size_t)(at - xml);
        snprintf(bad, sizeof bad, "%.*s%s%s", (int)pre, xml, breakages[i].to,
                 at + strlen(breakages[i].from));
        ck_assert_msg(schema_check(bad, true) != 0, "schema accepted breakage %zu", i);
    }
    myk10_free(xml);
}
END_TEST

/* printf("%f") would write "50,189000" here; the writer must not. */
START_TEST(german_numeric_locale)
{
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "de_DE.utf8")) {
        /* No German locale installed: nothing to prove on this machine. */
        return;
    }
    myk10_cap_warning w;
    full_warning(&w);
    char *xml = NULL;
    ck_ok(myk10_cap_write(&xml, NULL, &w));
    setlocale(LC_NUMERIC, "C");
    ck_assert_ptr_nonnull(strstr(xml, "<circle>50.180000,-7.275600 1.500</circle>"));
    ck_assert_int_eq(schema_validate(xml), 0);
    myk10_free(xml);
}
END_TEST

/* ------------------------------------------------------------ rejections */

typedef void (*breaker)(myk10_cap_warning *w);
#define BREAK(name, body) static void name(myk10_cap_warning *w) { body; }

static const myk10_cap_point open_ring[] = {{50, 7}, {50, 7.1}, {50.1, 7.1}, {50.1, 7}};
static const myk10_cap_point triangle[] = {{50, 7}, {50, 7.1}, {50, 7}};
static const myk10_cap_point bad_lat[] = {{50, 7}, {91, 7.1}, {50.1, 7.1}, {50, 7}};
static const myk10_cap_point nan_lon[] = {{50, 7}, {50, NAN}, {50.1, 7.1}, {50, 7}};

BREAK(no_identifier, w->identifier = NULL)
BREAK(empty_identifier, w->identifier = "")
BREAK(identifier_space, w->identifier = "a b")
BREAK(identifier_comma, w->identifier = "a,b")
BREAK(identifier_lt, w->identifier = "a<b")
BREAK(sender_amp, w->sender = "a&b")
BREAK(no_sender, w->sender = NULL)
BREAK(no_sent, w->sent = INT64_MIN)
BREAK(sent_far, w->sent = INT64_C(400000000000))
BREAK(no_event, w->event = "")
BREAK(no_area_desc, w->area_desc = NULL)
BREAK(no_shape, w->has_circle = false; w->polygon = NULL; w->polygon_count = 0)
BREAK(poly_null, w->polygon = NULL)
BREAK(poly_open, w->polygon = open_ring; w->polygon_count = 4)
BREAK(poly_short, w->polygon = triangle; w->polygon_count = 3)
BREAK(poly_lat, w->polygon = bad_lat; w->polygon_count = 4)
BREAK(poly_nan, w->polygon = nan_lon; w->polygon_count = 4)
BREAK(circle_lon, w->circle_center.lon = 180.5)
BREAK(radius_zero, w->circle_radius_km = 0)
BREAK(radius_neg, w->circle_radius_km = -1)
BREAK(radius_nan, w->circle_radius_km = NAN)
BREAK(radius_inf, w->circle_radius_km = INFINITY)
BREAK(offset_far, w->utc_offset_min = 841)
BREAK(expires_before, w->expires = w->sent)
BREAK(update_no_refs, w->msg_type = MYK10_CAP_UPDATE; w->references = NULL)
BREAK(cancel_bad_refs, w->msg_type = MYK10_CAP_CANCEL; w->references = "s@x,id")
BREAK(refs_bad_time, w->msg_type = MYK10_CAP_UPDATE; w->references = "s@x,id,yesterday")
BREAK(refs_amp, w->msg_type = MYK10_CAP_UPDATE; w->references = "s&x,id,2026-11-27T01:00:00-00:00")
BREAK(bad_language, w->language = "de_DE")
BREAK(bad_status, w->status = (myk10_cap_status)7)
BREAK(bad_msg_type, w->msg_type = (myk10_cap_msg_type)3)
BREAK(bad_severity, w->cls.severity = (myk10_cap_severity)5)
BREAK(level_above, w->level = 5)
BREAK(bad_utf8, w->headline = "\xc3\x28")
BREAK(overlong_utf8, w->description = "\xc0\xaf")
BREAK(control_char, w->instruction = "a\x01z")
BREAK(web_space, w->web = "http://x/ y")

START_TEST(rejects_bad_input)
{
    static const struct { breaker brk; myk10_status st; const char *msg; } table[] = {
        {no_identifier, MYK10_EINVAL, "identifier missing"},
        {empty_identifier, MYK10_EINVAL, "identifier missing"},
        {identifier_space, MYK10_EINVAL, "identifier: character 'space'"},
        {identifier_comma, MYK10_EINVAL, "identifier: character ','"},
        {identifier_lt, MYK10_EINVAL, "identifier: character '<'"},
        {sender_amp, MYK10_EINVAL, "sender: character '&'"},
        {no_sender, MYK10_EINVAL, "sender missing"},
        {no_sent, MYK10_EINVAL, "sent missing"},
        {sent_far, MYK10_ERANGE, "sent"},
        {no_event, MYK10_EINVAL, "event missing"},
        {no_area_desc, MYK10_EINVAL, "area_desc missing"},
        {no_shape, MYK10_EINVAL, "neither circle nor polygon"},
        {poly_null, MYK10_EINVAL, "polygon NULL"},
        {poly_open, MYK10_EINVAL, "polygon not closed"},
        {poly_short, MYK10_EINVAL, "polygon has 3 points"},
        {poly_lat, MYK10_ERANGE, "polygon[1]"},
        {poly_nan, MYK10_ERANGE, "polygon[1]"},
        {circle_lon, MYK10_ERANGE, "circle_center"},
        {radius_zero, MYK10_ERANGE, "circle_radius_km"},
        {radius_neg, MYK10_ERANGE, "circle_radius_km"},
        {radius_nan, MYK10_ERANGE, "circle_radius_km"},
        {radius_inf, MYK10_ERANGE, "circle_radius_km"},
        {offset_far, MYK10_ERANGE, "utc_offset_min"},
        {expires_before, MYK10_ERANGE, "expires"},
        {update_no_refs, MYK10_EINVAL, "references missing"},
        {cancel_bad_refs, MYK10_EINVAL, "not sender,identifier,sent"},
        {refs_bad_time, MYK10_EINVAL, "sent time \"yesterday\""},
        {refs_amp, MYK10_EINVAL, "references: '&'"},
        {bad_language, MYK10_EINVAL, "language"},
        {bad_status, MYK10_EINVAL, "status 7"},
        {bad_msg_type, MYK10_EINVAL, "msg_type 3"},
        {bad_severity, MYK10_EINVAL, "severity 5"},
        {level_above, MYK10_ERANGE, "level 5"},
        {bad_utf8, MYK10_EINVAL, "headline: invalid UTF-8 at byte 0"},
        {overlong_utf8, MYK10_EINVAL, "description: invalid UTF-8"},
        {control_char, MYK10_EINVAL, "instruction: control character 0x01 at byte 1"},
        {web_space, MYK10_EINVAL, "web"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        myk10_cap_warning w;
        full_warning(&w);
        table[i].brk(&w);
        char *xml = (char *)"untouched";
        myk10_status st = myk10_cap_write(&xml, NULL, &w);
        ck_assert_msg(st == table[i].st, "case %zu (%s): got %s", i, table[i].msg,
                      myk10_status_name(st));
        ck_assert_msg(strstr(myk10_last_error(), table[i].msg), "case %zu: message \"%s\"", i,
                      myk10_last_error());
        ck_assert_str_eq(xml, "untouched");
    }
    myk10_cap_warning w;
    full_warning(&w);
    char *xml = NULL;
    ck_assert_int_eq(myk10_cap_write(NULL, NULL, &w), MYK10_EINVAL);
    ck_assert_int_eq(myk10_cap_write(&xml, NULL, NULL), MYK10_EINVAL);
    myk10_cap_warning_init(NULL); /* harmless */
}
END_TEST

static Suite *flood_cap_suite(void)
{
    Suite *s = suite_create("flood-cap");
    TCase *tc = tcase_create("mapping");
    tcase_add_test(tc, severity_by_level);
    tcase_add_test(tc, urgency_by_early_warning_time);
    tcase_add_test(tc, certainty_by_band_and_horizon);
    tcase_add_test(tc, classify_rejects);
    tcase_add_test(tc, forecast_of_village);
    suite_add_tcase(s, tc);
    tc = tcase_create("xml");
    tcase_add_test(tc, full_alert_round_trip);
    tcase_add_test(tc, utc_minimal_update_and_cancel);
    tcase_add_test(tc, schema_rejects_what_cap_forbids);
    tcase_add_test(tc, german_numeric_locale);
    tcase_add_test(tc, rejects_bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(flood_cap_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    xmlCleanupParser();
    return failed == 0 ? 0 : 1;
}

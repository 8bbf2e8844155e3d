/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CAP 1.2 writer for village flood warnings (declared in myk10/flood.h).
 *
 * Everything is validated before the first byte is written, so a failure
 * never leaves half a document behind and the message can name the field.
 * Numbers are formatted from integers, never with "%f": printf follows
 * LC_NUMERIC, and a host running in a German locale would otherwise write
 * "50,123456" into a polygon where CAP needs a point.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "common/common_internal.h"
#include <myk10/flood.h>

#define CAP_NS "urn:oasis:names:tc:emergency:cap:1.2"
#define CAP_OMIT INT64_MIN
#define CAP_MAX_OFFSET_MIN 840 /* ±14 h, the widest offset in use (Kiribati) */
#define CAP_TIME_LEN 26        /* "YYYY-MM-DDThh:mm:ss+hh:mm" + NUL */
#define CAP_NUM_LEN 48        /* room for any long long, so no truncation is possible */

/* ---------------------------------------------------------------- mapping */

static const char *const severity_names[] = {"Extreme", "Severe", "Moderate", "Minor",
                                             "Unknown"};
static const char *const urgency_names[] = {"Immediate", "Expected", "Future", "Past",
                                            "Unknown"};
static const char *const certainty_names[] = {"Observed", "Likely", "Possible", "Unlikely",
                                              "Unknown"};
static const char *const status_names[] = {"Actual", "Exercise", "System", "Test", "Draft"};
static const char *const msg_type_names[] = {"Alert", "Update", "Cancel"};

#define NAME_OF(table, value) \
    ((unsigned)(value) < sizeof(table) / sizeof((table)[0]) ? (table)[(value)] : NULL)

const char *myk10_cap_severity_str(myk10_cap_severity severity)
{
    const char *s = NAME_OF(severity_names, severity);
    return s ? s : "Unknown";
}

const char *myk10_cap_urgency_str(myk10_cap_urgency urgency)
{
    const char *s = NAME_OF(urgency_names, urgency);
    return s ? s : "Unknown";
}

const char *myk10_cap_certainty_str(myk10_cap_certainty certainty)
{
    const char *s = NAME_OF(certainty_names, certainty);
    return s ? s : "Unknown";
}

#define HOUR_S INT64_C(3600)

myk10_status myk10_cap_forecast_of_village(myk10_cap_forecast *out,
                                           const myk10_flood_village_forecast *v, int64_t issued,
                                           int64_t horizon_s)
{
    if (!out || !v)
        return myk10__fail(MYK10_EINVAL, "cap: out or forecast is NULL");
    if (v->max_level < 1)
        return myk10__fail(MYK10_ERANGE, "cap: village '%s' expects no alert level",
                           v->node_id ? v->node_id : "");
    if (horizon_s <= 0)
        return myk10__fail(MYK10_ERANGE, "cap: horizon_s %lld must be > 0",
                           (long long)horizon_s);
    int k = v->max_level;
    bool reached = v->current_level >= k;
    /* without a band (a level already reached) every quantile is the arrival */
    int64_t p50 = reached ? 0 : v->warning_s[k - 1];
    int64_t p10 = v->band[0] != MYK10_TIME_NONE ? v->band[0] - issued : p50;
    int64_t p90 = v->band[2] != MYK10_TIME_NONE ? v->band[2] - issued : horizon_s;
    *out = (myk10_cap_forecast){ k, (int)v->level_count, reached, p10 < p50 ? p10 : p50, p50,
                                 p90 > p50 ? p90 : p50, horizon_s };
    return MYK10_OK;
}

myk10_status myk10_cap_classify(myk10_cap_class *out, const myk10_cap_forecast *f)
{
    if (!out || !f)
        return myk10__fail(MYK10_EINVAL, "cap: classify: NULL argument");
    if (f->level_count < 1 || f->level_count > MYK10_ALERT_MAX_LEVELS)
        return myk10__fail(MYK10_ERANGE, "cap: level_count %d outside 1..%d", f->level_count,
                           MYK10_ALERT_MAX_LEVELS);
    if (f->level < 1 || f->level > f->level_count)
        return myk10__fail(MYK10_ERANGE, "cap: level %d outside 1..%d", f->level,
                           f->level_count);
    if (f->horizon_s <= 0)
        return myk10__fail(MYK10_ERANGE, "cap: horizon_s %" PRId64 " not positive",
                           f->horizon_s);
    if (!f->reached) {
        if (f->warning_p10_s < 0)
            return myk10__fail(MYK10_ERANGE, "cap: warning_p10_s %" PRId64 " negative "
                               "(set reached when the level is already reached)",
                               f->warning_p10_s);
        if (f->warning_p10_s > f->warning_p50_s || f->warning_p50_s > f->warning_p90_s)
            return myk10__fail(MYK10_ERANGE, "cap: warning times not ordered "
                               "p10 <= p50 <= p90");
    }

    myk10_cap_class c;
    /* Quarter of the scale in which level k starts: identity for n = 4. */
    int quarter = ((f->level - 1) * 4) / f->level_count; /* 0..3 */
    c.severity = (myk10_cap_severity)(MYK10_CAP_MINOR - quarter);

    if (f->reached) {
        c.urgency = MYK10_CAP_IMMEDIATE;
        c.certainty = MYK10_CAP_OBSERVED;
    } else {
        if (f->warning_p10_s < HOUR_S)
            c.urgency = MYK10_CAP_IMMEDIATE;
        else if (f->warning_p10_s < 6 * HOUR_S)
            c.urgency = MYK10_CAP_EXPECTED;
        else
            c.urgency = MYK10_CAP_FUTURE;

        if (f->warning_p50_s <= f->horizon_s)
            c.certainty = MYK10_CAP_LIKELY;
        else if (f->warning_p10_s <= f->horizon_s)
            c.certainty = MYK10_CAP_POSSIBLE;
        else
            c.certainty = MYK10_CAP_UNLIKELY;
    }
    *out = c;
    return MYK10_OK;
}

void myk10_cap_warning_init(myk10_cap_warning *w)
{
    if (!w)
        return;
    memset(w, 0, sizeof *w);
    w->status = MYK10_CAP_ACTUAL;
    w->msg_type = MYK10_CAP_ALERT;
    w->cls.severity = MYK10_CAP_SEVERITY_UNKNOWN;
    w->cls.urgency = MYK10_CAP_URGENCY_UNKNOWN;
    w->cls.certainty = MYK10_CAP_CERTAINTY_UNKNOWN;
    w->sent = CAP_OMIT; /* so that a forgotten sent is caught, not sent as 1970 */
    w->onset = CAP_OMIT;
    w->expires = CAP_OMIT;
    w->circle_radius_km = NAN;
}

/* ------------------------------------------------------------- validation */

static bool present(const char *s)
{
    return s && *s;
}

/*
 * XML 1.0 can carry neither invalid UTF-8 nor the C0 controls other than
 * tab, LF and CR (not even as character references), so such text is
 * refused here instead of producing a document no parser accepts.
 */
static myk10_status check_text(const char *field, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (p[i]) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return myk10__fail(MYK10_EINVAL, "cap: %s: control character 0x%02x at byte %zu",
                                   field, c, i);
            i++;
            continue;
        }
        size_t len;
        uint32_t cp, min;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2; cp = c & 0x1f; min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3; cp = c & 0x0f; min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4; cp = c & 0x07; min = 0x10000;
        } else {
            return myk10__fail(MYK10_EINVAL, "cap: %s: invalid UTF-8 at byte %zu", field, i);
        }
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return myk10__fail(MYK10_EINVAL, "cap: %s: invalid UTF-8 at byte %zu", field, i);
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        /* Overlong forms, surrogates, beyond U+10FFFF, and U+FFFE/U+FFFF (not XML chars). */
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe ||
            cp == 0xffff)
            return myk10__fail(MYK10_EINVAL, "cap: %s: invalid UTF-8 at byte %zu", field, i);
        i += len;
    }
    return MYK10_OK;
}

static myk10_status check_optional(const char *field, const char *s)
{
    return s ? check_text(field, s) : MYK10_OK;
}

static myk10_status check_required(const char *field, const char *s)
{
    if (!present(s))
        return myk10__fail(MYK10_EINVAL, "cap: %s missing", field);
    return check_text(field, s);
}

/* CAP 1.2 §3.2.1: identifier and sender MUST NOT include spaces, commas or '<' '&'. */
static myk10_status check_token(const char *field, const char *s)
{
    myk10_status st = check_required(field, s);
    if (st != MYK10_OK)
        return st;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '<' || c == '&')
            return myk10__fail(MYK10_EINVAL, "cap: %s: character '%s' at byte %zu not allowed "
                               "(no spaces, commas, '<' or '&')", field,
                               c == ' ' ? "space" : c == ',' ? "," : c == '<' ? "<"
                               : c == '&' ? "&" : "whitespace", i);
    }
    return MYK10_OK;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* RFC 3066 (what CAP 1.2 cites): 1*8ALPHA *("-" 1*8alphanum). */
static myk10_status check_language(const char *s)
{
    size_t i = 0, run = 0;
    bool first = true;
    for (;; i++) {
        char c = s[i];
        if (c == '-' || c == '\0') {
            if (run == 0 || run > 8)
                break;
            if (c == '\0')
                return MYK10_OK;
            run = 0;
            first = false;
            continue;
        }
        if (!(is_alpha(c) || (!first && is_digit(c))))
            break;
        run++;
    }
    return myk10__fail(MYK10_EINVAL, "cap: language \"%.40s\" is not an RFC 3066 tag", s);
}

/* CAP references: whitespace-separated "sender,identifier,sent" triples. */
static myk10_status check_references(const char *s)
{
    myk10_status st = check_required("references", s);
    if (st != MYK10_OK)
        return st;
    size_t i = 0, entries = 0;
    while (s[i]) {
        while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            i++;
        if (!s[i])
            break;
        size_t start = i, commas = 0, comma_at[2] = {0, 0};
        while (s[i] && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
            if (s[i] == '<' || s[i] == '&')
                return myk10__fail(MYK10_EINVAL, "cap: references: '%c' at byte %zu not allowed",
                                   s[i], i);
            if (s[i] == ',') {
                if (commas < 2)
                    comma_at[commas] = i;
                commas++;
            }
            i++;
        }
        if (commas != 2 || comma_at[0] == start || comma_at[1] == comma_at[0] + 1 ||
            comma_at[1] + 1 == i)
            return myk10__fail(MYK10_EINVAL, "cap: references: entry at byte %zu is not "
                               "sender,identifier,sent", start);
        char sent[40];
        size_t len = i - comma_at[1] - 1;
        int64_t t;
        if (len >= sizeof sent)
            return myk10__fail(MYK10_EINVAL, "cap: references: sent time at byte %zu too long",
                               comma_at[1] + 1);
        memcpy(sent, s + comma_at[1] + 1, len);
        sent[len] = '\0';
        if (myk10_time_parse(&t, NULL, sent) != MYK10_OK)
            return myk10__fail(MYK10_EINVAL, "cap: references: sent time \"%s\" at byte %zu "
                               "not a date-time with offset", sent, comma_at[1] + 1);
        entries++;
    }
    if (entries == 0)
        return myk10__fail(MYK10_EINVAL, "cap: references missing");
    return MYK10_OK;
}

static myk10_status check_point(const char *field, size_t index, myk10_cap_point p)
{
    if (myk10_geo_check(p.lat, p.lon) != MYK10_OK)
        return myk10__fail(MYK10_ERANGE, "cap: %s[%zu]: position (%g, %g) outside WGS84 range",
                           field, index, p.lat, p.lon);
    return MYK10_OK;
}

static myk10_status check_time(const char *field, int64_t t, int offset_min)
{
    char buf[MYK10_TIME_STRLEN];
    /* Bounds first so that t + offset cannot overflow. */
    if (t < INT64_MIN / 2 || t > INT64_MAX / 2 ||
        myk10_time_format(buf, sizeof buf, t + (int64_t)offset_min * 60) != MYK10_OK)
        return myk10__fail(MYK10_ERANGE, "cap: %s %" PRId64 " outside years 0000-9999", field,
                           t);
    return MYK10_OK;
}

static myk10_status validate(const myk10_cap_warning *w)
{
    myk10_status st;
    if ((st = check_token("identifier", w->identifier)) != MYK10_OK ||
        (st = check_token("sender", w->sender)) != MYK10_OK)
        return st;
    if (w->utc_offset_min < -CAP_MAX_OFFSET_MIN || w->utc_offset_min > CAP_MAX_OFFSET_MIN)
        return myk10__fail(MYK10_ERANGE, "cap: utc_offset_min %d outside -840..840",
                           w->utc_offset_min);
    if (w->sent == CAP_OMIT)
        return myk10__fail(MYK10_EINVAL, "cap: sent missing");
    if ((st = check_time("sent", w->sent, w->utc_offset_min)) != MYK10_OK)
        return st;
    if (!NAME_OF(status_names, w->status))
        return myk10__fail(MYK10_EINVAL, "cap: status %d unknown", (int)w->status);
    if (!NAME_OF(msg_type_names, w->msg_type))
        return myk10__fail(MYK10_EINVAL, "cap: msg_type %d unknown", (int)w->msg_type);
    if (w->msg_type != MYK10_CAP_ALERT && (st = check_references(w->references)) != MYK10_OK)
        return st;

    if (present(w->language) && ((st = check_text("language", w->language)) != MYK10_OK ||
                                 (st = check_language(w->language)) != MYK10_OK))
        return st;
    if ((st = check_required("event", w->event)) != MYK10_OK)
        return st;
    if (!NAME_OF(severity_names, w->cls.severity))
        return myk10__fail(MYK10_EINVAL, "cap: severity %d unknown", (int)w->cls.severity);
    if (!NAME_OF(urgency_names, w->cls.urgency))
        return myk10__fail(MYK10_EINVAL, "cap: urgency %d unknown", (int)w->cls.urgency);
    if (!NAME_OF(certainty_names, w->cls.certainty))
        return myk10__fail(MYK10_EINVAL, "cap: certainty %d unknown", (int)w->cls.certainty);
    if (w->level_count < 0 || w->level_count > MYK10_ALERT_MAX_LEVELS)
        return myk10__fail(MYK10_ERANGE, "cap: level_count %d outside 0..%d", w->level_count,
                           MYK10_ALERT_MAX_LEVELS);
    if (w->level < 0 || (w->level_count > 0 && w->level > w->level_count) ||
        (w->level_count == 0 && w->level > MYK10_ALERT_MAX_LEVELS))
        return myk10__fail(MYK10_ERANGE, "cap: level %d outside 0..%d", w->level,
                           w->level_count > 0 ? w->level_count : MYK10_ALERT_MAX_LEVELS);
    if (w->onset != CAP_OMIT && (st = check_time("onset", w->onset, w->utc_offset_min)) != MYK10_OK)
        return st;
    if (w->expires != CAP_OMIT) {
        if ((st = check_time("expires", w->expires, w->utc_offset_min)) != MYK10_OK)
            return st;
        if (w->expires <= w->sent)
            return myk10__fail(MYK10_ERANGE, "cap: expires not after sent");
    }
    if ((st = check_optional("sender_name", w->sender_name)) != MYK10_OK ||
        (st = check_optional("headline", w->headline)) != MYK10_OK ||
        (st = check_optional("description", w->description)) != MYK10_OK ||
        (st = check_optional("instruction", w->instruction)) != MYK10_OK ||
        (st = check_optional("contact", w->contact)) != MYK10_OK)
        return st;
    /* web is an xs:anyURI: a full absolute URI is expected, but at least no whitespace. */
    if (present(w->web)) {
        if ((st = check_text("web", w->web)) != MYK10_OK)
            return st;
        if (strpbrk(w->web, " \t\r\n"))
            return myk10__fail(MYK10_EINVAL, "cap: web contains whitespace");
    }

    if ((st = check_required("area_desc", w->area_desc)) != MYK10_OK)
        return st;
    if (!w->has_circle && w->polygon_count == 0)
        return myk10__fail(MYK10_EINVAL, "cap: area: neither circle nor polygon given");
    if (w->polygon_count > 0 || w->polygon) {
        if (!w->polygon)
            return myk10__fail(MYK10_EINVAL, "cap: polygon NULL with polygon_count %zu",
                               w->polygon_count);
        if (w->polygon_count < 4)
            return myk10__fail(MYK10_EINVAL, "cap: polygon has %zu points, needs at least 4 "
                               "(a closed ring)", w->polygon_count);
        for (size_t i = 0; i < w->polygon_count; i++)
            if ((st = check_point("polygon", i, w->polygon[i])) != MYK10_OK)
                return st;
        const myk10_cap_point a = w->polygon[0], b = w->polygon[w->polygon_count - 1];
        if (a.lat != b.lat || a.lon != b.lon)
            return myk10__fail(MYK10_EINVAL, "cap: polygon not closed (first point differs "
                               "from last)");
    }
    if (w->has_circle) {
        if ((st = check_point("circle_center", 0, w->circle_center)) != MYK10_OK)
            return st;
        /* Written with three decimals: a radius that rounds to 0 is no area. */
        if (!isfinite(w->circle_radius_km) || !(w->circle_radius_km >= 0.0005) ||
            w->circle_radius_km > 20100.0)
            return myk10__fail(MYK10_ERANGE, "cap: circle_radius_km %g not in (0, 20100]",
                               w->circle_radius_km);
    }
    if (present(w->village_id) && (st = check_text("village_id", w->village_id)) != MYK10_OK)
        return st;
    if (present(w->geocode_name) && (st = check_text("geocode_name", w->geocode_name)) != MYK10_OK)
        return st;
    return MYK10_OK;
}

/* ------------------------------------------------------------- formatting */

/* CAP dateTime: local time at the given offset, UTC as "-00:00" (§3.3.2). */
static void format_time(char out[CAP_TIME_LEN], int64_t t, int offset_min)
{
    char buf[MYK10_TIME_STRLEN];
    /* validate() checked the range; "YYYY-MM-DDThh:mm:ssZ" minus the Z. */
    (void)myk10_time_format(buf, sizeof buf, t + (int64_t)offset_min * 60);
    int mag = offset_min < 0 ? -offset_min : offset_min; /* <= 840, checked */
    int hh = mag / 60, mm = mag % 60;
    memcpy(out, buf, 19);
    out[19] = offset_min > 0 ? '+' : '-';
    out[20] = (char)('0' + hh / 10);
    out[21] = (char)('0' + hh % 10);
    out[22] = ':';
    out[23] = (char)('0' + mm / 10);
    out[24] = (char)('0' + mm % 10);
    out[25] = '\0';
}

/* Fixed-point decimal from an integer, so the locale cannot change the point. */
static void format_fixed(char out[CAP_NUM_LEN], double v, int decimals)
{
    long long scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    long long n = llround(v * (double)scale);
    unsigned long long mag = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    snprintf(out, CAP_NUM_LEN, "%s%llu.%0*llu", n < 0 ? "-" : "", mag / (unsigned long long)scale,
             decimals, mag % (unsigned long long)scale);
}

static void format_pair(char out[2 * CAP_NUM_LEN + 1], myk10_cap_point p)
{
    char lat[CAP_NUM_LEN], lon[CAP_NUM_LEN];
    format_fixed(lat, p.lat, 6); /* 1e-6 degree is about 0.1 m */
    format_fixed(lon, p.lon, 6);
    snprintf(out, 2 * CAP_NUM_LEN + 1, "%s,%s", lat, lon);
}

/* ----------------------------------------------------------------- writer */

/* Every xmlTextWriter call returns < 0 on failure; the writer then is useless. */
#define X(call)          \
    do {                 \
        if ((call) < 0)  \
            goto fail;   \
    } while (0)

static int elem(xmlTextWriterPtr x, const char *name, const char *text)
{
    return xmlTextWriterWriteElement(x, BAD_CAST name, BAD_CAST text);
}

static int elem_opt(xmlTextWriterPtr x, const char *name, const char *text)
{
    return present(text) ? elem(x, name, text) : 0;
}

static int name_value(xmlTextWriterPtr x, const char *tag, const char *name, const char *value)
{
    if (xmlTextWriterStartElement(x, BAD_CAST tag) < 0 || elem(x, "valueName", name) < 0 ||
        elem(x, "value", value) < 0)
        return -1;
    return xmlTextWriterEndElement(x);
}

static int write_polygon(xmlTextWriterPtr x, const myk10_cap_warning *w)
{
    /* Pair by pair into the writer: no length limit on the ring. */
    if (xmlTextWriterStartElement(x, BAD_CAST "polygon") < 0)
        return -1;
    for (size_t i = 0; i < w->polygon_count; i++) {
        char pair[2 * CAP_NUM_LEN + 1];
        format_pair(pair, w->polygon[i]);
        if ((i > 0 && xmlTextWriterWriteString(x, BAD_CAST " ") < 0) ||
            xmlTextWriterWriteString(x, BAD_CAST pair) < 0)
            return -1;
    }
    return xmlTextWriterEndElement(x);
}

myk10_status myk10_cap_write(char **out_xml, size_t *out_len, const myk10_cap_warning *w)
{
    if (!out_xml || !w)
        return myk10__fail(MYK10_EINVAL, "cap: write: NULL argument");
    myk10_status st = validate(w);
    if (st != MYK10_OK)
        return st;

    /* Thread-safe and idempotent; libxml2 wants it before any use from threads. */
    xmlInitParser();
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        return myk10__fail(MYK10_ENOMEM, "cap: out of memory");
    xmlTextWriterPtr x = xmlNewTextWriterMemory(buf, 0);
    if (!x) {
        xmlBufferFree(buf);
        return myk10__fail(MYK10_ENOMEM, "cap: out of memory");
    }

    char t[CAP_TIME_LEN], num[2 * CAP_NUM_LEN + 1];
    X(xmlTextWriterSetIndent(x, 1));
    X(xmlTextWriterSetIndentString(x, BAD_CAST "  "));
    X(xmlTextWriterStartDocument(x, "1.0", "UTF-8", NULL));
    X(xmlTextWriterStartElement(x, BAD_CAST "alert"));
    X(xmlTextWriterWriteAttribute(x, BAD_CAST "xmlns", BAD_CAST CAP_NS));
    X(elem(x, "identifier", w->identifier));
    X(elem(x, "sender", w->sender));
    format_time(t, w->sent, w->utc_offset_min);
    X(elem(x, "sent", t));
    X(elem(x, "status", status_names[w->status]));
    X(elem(x, "msgType", msg_type_names[w->msg_type]));
    X(elem(x, "scope", "Public"));
    if (w->msg_type != MYK10_CAP_ALERT)
        X(elem(x, "references", w->references));

    X(xmlTextWriterStartElement(x, BAD_CAST "info"));
    X(elem(x, "language", present(w->language) ? w->language : "de-DE"));
    X(elem(x, "category", "Met")); /* CAP: "Met - Meteorological (inc. flood)" */
    X(elem(x, "event", w->event));
    X(elem(x, "urgency", urgency_names[w->cls.urgency]));
    X(elem(x, "severity", severity_names[w->cls.severity]));
    X(elem(x, "certainty", certainty_names[w->cls.certainty]));
    if (w->onset != CAP_OMIT) {
        format_time(t, w->onset, w->utc_offset_min);
        X(elem(x, "onset", t));
    }
    if (w->expires != CAP_OMIT) {
        format_time(t, w->expires, w->utc_offset_min);
        X(elem(x, "expires", t));
    }
    X(elem_opt(x, "senderName", w->sender_name));
    X(elem_opt(x, "headline", w->headline));
    X(elem_opt(x, "description", w->description));
    X(elem_opt(x, "instruction", w->instruction));
    X(elem_opt(x, "web", w->web));
    X(elem_opt(x, "contact", w->contact));
    if (w->level > 0) {
        snprintf(num, sizeof num, "%d", w->level);
        X(name_value(x, "parameter", "alertLevel", num));
    }
    if (w->level_count > 0) {
        snprintf(num, sizeof num, "%d", w->level_count);
        X(name_value(x, "parameter", "alertLevelCount", num));
    }

    X(xmlTextWriterStartElement(x, BAD_CAST "area"));
    X(elem(x, "areaDesc", w->area_desc));
    if (w->polygon_count > 0)
        X(write_polygon(x, w));
    if (w->has_circle) {
        char radius[CAP_NUM_LEN], circle[3 * CAP_NUM_LEN + 2];
        format_pair(num, w->circle_center);
        format_fixed(radius, w->circle_radius_km, 3);
        snprintf(circle, sizeof circle, "%s %s", num, radius);
        X(elem(x, "circle", circle));
    }
    if (present(w->village_id))
        X(name_value(x, "geocode", present(w->geocode_name) ? w->geocode_name : "village",
                     w->village_id));
    X(xmlTextWriterEndDocument(x)); /* closes area, info, alert */
    xmlFreeTextWriter(x);           /* flushes into buf */
    x = NULL;

    size_t len = (size_t)xmlBufferLength(buf);
    char *copy = myk10__malloc(len + 1);
    if (!copy) {
        xmlBufferFree(buf);
        return myk10__fail(MYK10_ENOMEM, "cap: out of memory");
    }
    memcpy(copy, xmlBufferContent(buf), len);
    copy[len] = '\0';
    xmlBufferFree(buf);
    *out_xml = copy;
    if (out_len)
        *out_len = len;
    return MYK10_OK;

fail:
    /* Input was validated, so libxml2 can only have run out of memory. */
    if (x)
        xmlFreeTextWriter(x);
    xmlBufferFree(buf);
    return myk10__fail(MYK10_ENOMEM, "cap: writing XML failed (out of memory)");
}

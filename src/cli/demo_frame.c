/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The frame module's chapter of `myk10 demo`: simulated gauges send real,
 * encrypted LoRaWAN frames through a gateway's packet-forwarder JSON, and
 * the same pipeline as `myk10 frame decode` turns them back into water
 * levels, rejecting a replayed and a forged frame on the way.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "demo_gauges.h"
#include "frame_pipeline.h"

#define MAX_GAUGES 16

typedef struct demo_gauge {
    const cli_device *device;
    demo_wave wave;
    uint32_t fcnt;
    uint8_t last_phy[MYK10_FRAME_MAX_SIZE]; /* for the replay incident */
    size_t last_phy_size;
    double peak_m;
    int64_t peak_time;
    double last_level_m;
} demo_gauge;

typedef struct demo_incident {
    int64_t at;
    const char *device_id;
    const char *kind;  /* "replay" or "forgery" */
    const char *story;
} demo_incident;

typedef struct demo_night {
    json_t *scenario;
    int64_t start, end, step;
    int32_t display_offset;
    const char *display_zone;
    const char *gateway_eui;
    const char *gateway_name;
    demo_gauge gauges[MAX_GAUGES];
    size_t gauge_count;
    demo_incident incidents[8];
    size_t incident_count;
    /* tallies for the summary */
    unsigned frames_sent, frames_accepted, frames_rejected, readings;
} demo_night;

/* --------------------------------------------------------- scenario */

static bool read_time(int64_t *out, json_t *object, const char *key)
{
    const char *text = json_string_value(json_object_get(object, key));
    return text && myk10_time_parse(out, NULL, text) == MYK10_OK;
}

static bool load_wave(demo_wave *wave, json_t *spec)
{
    wave->time_to_crest_h = json_number_value(json_object_get(spec, "hours_to_crest"));
    wave->base_m = json_number_value(json_object_get(spec, "base_m"));
    wave->rise_m = json_number_value(json_object_get(spec, "rise_m"));
    return read_time(&wave->start, spec, "rise_start") && wave->time_to_crest_h > 0;
}

static bool load_gauges(demo_night *night, const cli_devices *devices)
{
    const char *id;
    json_t *spec;
    json_t *first_fcnt = json_object_get(night->scenario, "first_fcnt");
    json_object_foreach(json_object_get(night->scenario, "waves"), id, spec) {
        demo_gauge *gauge = &night->gauges[night->gauge_count];
        if (night->gauge_count == MAX_GAUGES)
            return false;
        gauge->device = cli_devices_find_id(devices, id);
        if (!gauge->device || !load_wave(&gauge->wave, spec))
            return false;
        gauge->fcnt = (uint32_t)json_integer_value(json_object_get(first_fcnt, id));
        gauge->peak_m = -1.0;
        night->gauge_count++;
    }
    return night->gauge_count > 0;
}

static bool load_incidents(demo_night *night)
{
    size_t index;
    json_t *spec;
    json_array_foreach(json_object_get(night->scenario, "incidents"), index, spec) {
        demo_incident *incident = &night->incidents[night->incident_count];
        if (night->incident_count == sizeof night->incidents / sizeof night->incidents[0] ||
            !read_time(&incident->at, spec, "at"))
            return false;
        incident->device_id = json_string_value(json_object_get(spec, "device"));
        incident->kind = json_string_value(json_object_get(spec, "kind"));
        incident->story = json_string_value(json_object_get(spec, "story"));
        if (!incident->device_id || !incident->kind || !incident->story)
            return false;
        night->incident_count++;
    }
    return true;
}

static int load_scenario(demo_night *night, const cli_devices *devices, const char *path)
{
    json_error_t error;
    int64_t offset_probe;
    night->scenario = json_load_file(path, 0, &error);
    if (!night->scenario) {
        fprintf(stderr, "myk10 demo: %s:%d: %s\n", path, error.line, error.text);
        return CLI_EXIT_FAILED;
    }
    json_t *s = night->scenario, *gateway = json_object_get(s, "gateway");
    const char *offset = json_string_value(json_object_get(s, "display_offset"));
    char probe[40];
    snprintf(probe, sizeof probe, "1970-01-01T00:00:00%s", offset ? offset : "Z");
    bool ok = read_time(&night->start, s, "start") && read_time(&night->end, s, "end") &&
              myk10_time_parse(&offset_probe, NULL, probe) == MYK10_OK &&
              load_gauges(night, devices) && load_incidents(night);
    night->display_offset = (int32_t)-offset_probe;
    night->step = json_integer_value(json_object_get(s, "interval_minutes")) * 60;
    night->display_zone = json_string_value(json_object_get(s, "display_zone"));
    night->gateway_eui = json_string_value(json_object_get(gateway, "eui"));
    night->gateway_name = json_string_value(json_object_get(gateway, "name"));
    if (!ok || night->step <= 0 || !night->display_zone || !night->gateway_eui ||
        !night->gateway_name) {
        fprintf(stderr, "myk10 demo: %s: incomplete scenario or unknown device\n", path);
        return CLI_EXIT_FAILED;
    }
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------ radio */

/* "HH:MM" in the scenario's display zone. */
static const char *clock_text(const demo_night *night, int64_t t, char buf[8])
{
    int64_t local = t + night->display_offset;
    int64_t minute_of_day = ((local % 86400) + 86400) % 86400 / 60;
    snprintf(buf, 8, "%02d:%02d", (int)(minute_of_day / 60), (int)(minute_of_day % 60));
    return buf;
}

/* Wraps a PHYPayload into the JSON a Semtech packet forwarder sends. */
static char *push_data_line(const demo_night *night, const uint8_t *phy, size_t size,
                            int64_t t, unsigned serial)
{
    char time_text[MYK10_TIME_STRLEN];
    char base64[sodium_base64_ENCODED_LEN(MYK10_FRAME_MAX_SIZE, sodium_base64_VARIANT_ORIGINAL)];
    myk10_time_format(time_text, sizeof time_text, t);
    sodium_bin2base64(base64, sizeof base64, phy, size, sodium_base64_VARIANT_ORIGINAL);
    json_t *rxpk = json_pack("{s:s, s:I, s:i, s:i, s:f, s:i, s:s, s:s, s:s, s:i, s:f, s:I, s:s}",
                             "time", time_text, "tmst", (json_int_t)(t % 4294967) * 1000,
                             "chan", (int)(serial % 8), "rfch", 0,
                             "freq", 868.1 + 0.2 * (serial % 3), "stat", 1,
                             "modu", "LORA", "datr", "SF9BW125", "codr", "4/5",
                             "rssi", -97 - (int)(serial % 17), "lsnr", 6.5 - (serial % 9),
                             "size", (json_int_t)size, "data", base64);
    json_t *root = json_pack("{s:[o]}", "rxpk", rxpk);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    return text;
}

/* ------------------------------------------------------------ frames */

static myk10_status encode_reading(demo_gauge *gauge, int64_t t, double level_m)
{
    uint8_t payload[64];
    size_t payload_size;
    myk10_status status =
        demo_gauge_payload(payload, sizeof payload, &payload_size, gauge->device, level_m, t);
    if (status != MYK10_OK)
        return status;
    myk10_frame_data_fields fields;
    memset(&fields, 0, sizeof fields);
    fields.mtype = MYK10_FRAME_UNCONFIRMED_UP;
    fields.dev_addr = gauge->device->dev_addr;
    fields.has_fport = true;
    fields.fport = 2;
    fields.payload = payload;
    fields.payload_size = payload_size;
    fields.params.fcnt = gauge->fcnt++;
    return myk10_frame_encode_data(gauge->last_phy, sizeof gauge->last_phy,
                                   &gauge->last_phy_size, &fields, gauge->device->keys);
}

/* The level the pipeline decoded from the last line, or a negative value. */
static double decoded_level(const cli_pipeline *pipeline)
{
    const myk10_measurements *list = cli_pipeline_measurements(pipeline);
    for (size_t i = 0; i < myk10_measurements_count(list); i++) {
        myk10_measurement m;
        if (myk10_measurements_get(&m, list, i) == MYK10_OK &&
            strcmp(m.quantity, "water_level") == 0)
            return m.number;
    }
    return -1.0;
}

/* Sends one PHYPayload through the gateway JSON and the decode pipeline;
 * returns the verdict line the pipeline produced for it. */
static json_t *transmit(demo_night *night, cli_pipeline *pipeline, const uint8_t *phy,
                        size_t size, int64_t t)
{
    char *line = push_data_line(night, phy, size, t, night->frames_sent++);
    json_t *results = line ? cli_pipeline_decode_line(pipeline, line, t) : NULL;
    free(line);
    json_t *first = json_incref(json_array_get(results, 0));
    json_decref(results);
    if (first && !json_object_get(first, "error"))
        night->frames_accepted++;
    else
        night->frames_rejected++;
    return first;
}

/* Keeps the level for the story's summary and for the flood chapter. */
static myk10_status record_reading(demo_night *night, cli_demo *demo, demo_gauge *gauge,
                                   int64_t t, double level)
{
    myk10_measurement m;
    memset(&m, 0, sizeof m);
    m.device = gauge->device->id;
    m.quantity = "water_level";
    m.unit = "m";
    m.time = t;
    m.channel = MYK10_NO_CHANNEL;
    m.kind = MYK10_VALUE_NUMBER;
    m.number = level;
    night->readings++;
    gauge->last_level_m = level;
    if (level > gauge->peak_m) {
        gauge->peak_m = level;
        gauge->peak_time = t;
    }
    return myk10_measurements_add(demo->readings, &m);
}

static const char *error_status(json_t *verdict)
{
    const char *status = json_string_value(
        json_object_get(json_object_get(verdict, "error"), "status"));
    return status ? status : "accepted";
}

static void run_incident(demo_night *night, cli_pipeline *pipeline, demo_gauge *gauge,
                         const demo_incident *incident, int64_t t, FILE *out)
{
    uint8_t phy[MYK10_FRAME_MAX_SIZE];
    size_t size = gauge->last_phy_size;
    char clock[8];
    memcpy(phy, gauge->last_phy, size);
    if (strcmp(incident->kind, "forgery") == 0)
        phy[size - 6] ^= 0x40; /* flip a payload bit: the MIC no longer fits */
    json_t *verdict = transmit(night, pipeline, phy, size, t);
    const char *message = json_string_value(
        json_object_get(json_object_get(verdict, "error"), "message"));
    fprintf(out, "  %s  %s: %s\n         -> rejected: %s (%s)\n", clock_text(night, t, clock),
            gauge->device->name, incident->story, error_status(verdict),
            message ? message : "no error?");
    json_decref(verdict);
}

static demo_gauge *find_gauge(demo_night *night, const char *id)
{
    for (size_t i = 0; i < night->gauge_count; i++)
        if (strcmp(night->gauges[i].device->id, id) == 0)
            return &night->gauges[i];
    return NULL;
}

/* The 16-bit counter on air wraps while the session's 32-bit one goes on. */
static void tell_counter_wrap(const demo_night *night, const demo_gauge *gauge, json_t *verdict,
                              int64_t t, FILE *out)
{
    char clock[8];
    json_int_t fcnt = json_integer_value(json_object_get(verdict, "fcnt"));
    if (fcnt != 0x10000)
        return;
    fprintf(out, "  %s  %s: the frame counter on air wraps from 0xFFFF to 0x%04llx;\n"
                 "         the session continues at %lld and accepts the frame\n",
            clock_text(night, t, clock), gauge->device->name,
            (long long)json_integer_value(json_object_get(verdict, "fcnt16")), (long long)fcnt);
}

static int send_step(demo_night *night, cli_demo *demo, cli_pipeline *pipeline, int64_t t)
{
    FILE *out = demo->out;
    for (size_t i = 0; i < night->gauge_count; i++) {
        demo_gauge *gauge = &night->gauges[i];
        double level = demo_gauge_level(&gauge->wave, t);
        myk10_status status = encode_reading(gauge, t, level);
        if (status != MYK10_OK)
            return cli_report(status);
        json_t *verdict = transmit(night, pipeline, gauge->last_phy, gauge->last_phy_size, t);
        double decoded = decoded_level(pipeline);
        if (!verdict || json_object_get(verdict, "error") || decoded < 0) {
            fprintf(out, "  %s lost a reading: %s\n", gauge->device->name, error_status(verdict));
            json_decref(verdict);
            return CLI_EXIT_FAILED;
        }
        tell_counter_wrap(night, gauge, verdict, t, out);
        json_decref(verdict);
        status = record_reading(night, demo, gauge, t, decoded);
        if (status != MYK10_OK)
            return cli_report(status);
    }
    for (size_t k = 0; k < night->incident_count; k++) {
        demo_gauge *gauge = find_gauge(night, night->incidents[k].device_id);
        if (night->incidents[k].at == t && gauge)
            run_incident(night, pipeline, gauge, &night->incidents[k], t, out);
    }
    return CLI_EXIT_OK;
}

/* One line per hour: every gauge's level, grouped by river. */
static void print_hour(const demo_night *night, int64_t t, FILE *out)
{
    char clock[8];
    fprintf(out, "  %s ", clock_text(night, t, clock));
    const char *river = NULL;
    for (size_t i = 0; i < night->gauge_count; i++) {
        const demo_gauge *g = &night->gauges[i];
        if (!river || strcmp(river, g->device->river) != 0) {
            fprintf(out, "%s %s:", river ? " |" : "", g->device->river);
            river = g->device->river;
        }
        fprintf(out, " %s %.2f", g->device->name + strlen("Pegel "), g->last_level_m);
    }
    fprintf(out, "\n");
}

static void print_summary(const demo_night *night, FILE *out)
{
    char clock[8];
    fprintf(out, "\n  Crests:\n");
    for (size_t i = 0; i < night->gauge_count; i++) {
        const demo_gauge *g = &night->gauges[i];
        fprintf(out, "    %-16s (%-8s) %.2f m at %s %s\n", g->device->name, g->device->river,
                g->peak_m, clock_text(night, g->peak_time, clock), night->display_zone);
    }
    fprintf(out, "\n  %u frames on air, %u accepted (%u water levels), %u rejected.\n",
            night->frames_sent, night->frames_accepted, night->readings,
            night->frames_rejected);
}

static int tell_night(demo_night *night, cli_demo *demo, cli_pipeline *pipeline)
{
    FILE *out = demo->out;
    for (int64_t t = night->start; t <= night->end; t += night->step) {
        int result = send_step(night, demo, pipeline, t);
        if (result != CLI_EXIT_OK)
            return result;
        if ((t + night->display_offset) % 3600 == 0)
            print_hour(night, t, out);
    }
    print_summary(night, out);
    return CLI_EXIT_OK;
}

int cli_frame_demo_step(cli_demo *demo)
{
    char devices_path[1024], scenario_path[1024];
    snprintf(devices_path, sizeof devices_path, "%s/devices.json", demo->data_dir);
    snprintf(scenario_path, sizeof scenario_path, "%s/heavy-rain-night.json", demo->data_dir);

    cli_pipeline *pipeline;
    int result = cli_pipeline_create(&pipeline, devices_path);
    if (result != CLI_EXIT_OK)
        return result;
    demo_night night;
    memset(&night, 0, sizeof night);
    result = load_scenario(&night, cli_pipeline_devices(pipeline), scenario_path);
    if (result == CLI_EXIT_OK) {
        fprintf(demo->out,
                "== Gauge frames ==\n"
                "  %zu river gauges send their level every %lld minutes over LoRaWAN,\n"
                "  encrypted and signed, through %s. Each frame is checked\n"
                "  (MIC, frame counter), decrypted and decoded by libmyk10.\n"
                "  Levels in metres above gauge zero, times %s.\n\n",
                night.gauge_count, (long long)(night.step / 60), night.gateway_name,
                night.display_zone);
        result = tell_night(&night, demo, pipeline);
    }
    json_decref(night.scenario);
    cli_pipeline_destroy(pipeline);
    return result;
}

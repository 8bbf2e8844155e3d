/* SPDX-License-Identifier: Apache-2.0 */
/* The decode pipeline shared by `myk10 frame decode` and the demo. */
#include <stdlib.h>
#include <string.h>

#include "frame_json.h"
#include "frame_pipeline.h"

struct cli_pipeline {
    cli_devices devices;
    myk10_session_table *sessions;
    myk10_codec_registry *codecs;
    myk10_uplink_reader *reader;
    myk10_measurements *measurements;
};

/* Registers every device as a session whose host pointer is its entry. */
static myk10_status add_sessions(cli_pipeline *p)
{
    for (size_t i = 0; i < p->devices.count; i++) {
        cli_device *device = &p->devices.items[i];
        myk10_session_info info;
        memset(&info, 0, sizeof info);
        info.dev_eui = device->dev_eui;
        info.dev_addr = device->dev_addr;
        info.user = device;
        info.has_fcnt_up = device->has_fcnt_up;
        info.fcnt_up = device->fcnt_up;
        memcpy(info.codec, device->codec, sizeof info.codec);
        myk10_status status = myk10_session_add(p->sessions, &info, device->keys);
        if (status != MYK10_OK)
            return status;
    }
    return MYK10_OK;
}

int cli_pipeline_create(cli_pipeline **out, const char *devices_path)
{
    cli_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return cli_report(MYK10_ENOMEM);
    int result = cli_devices_load(&p->devices, devices_path);
    if (result != CLI_EXIT_OK) {
        free(p);
        return result;
    }
    myk10_status status = myk10_session_table_create(&p->sessions);
    if (status == MYK10_OK)
        status = add_sessions(p);
    if (status == MYK10_OK)
        status = myk10_codec_registry_create(&p->codecs);
    if (status == MYK10_OK)
        status = myk10_uplink_reader_create(&p->reader);
    if (status == MYK10_OK)
        status = myk10_measurements_create(&p->measurements);
    if (status != MYK10_OK) {
        cli_pipeline_destroy(p);
        return cli_report(status);
    }
    *out = p;
    return CLI_EXIT_OK;
}

void cli_pipeline_destroy(cli_pipeline *p)
{
    if (!p)
        return;
    myk10_measurements_destroy(p->measurements);
    myk10_uplink_reader_destroy(p->reader);
    myk10_codec_registry_destroy(p->codecs);
    myk10_session_table_destroy(p->sessions);
    cli_devices_free(&p->devices);
    free(p);
}

const cli_devices *cli_pipeline_devices(const cli_pipeline *p)
{
    return &p->devices;
}

const myk10_measurements *cli_pipeline_measurements(const cli_pipeline *p)
{
    return p->measurements;
}

/* Adds {"error": ...} to `verdict` for a failed step and returns it. */
static json_t *with_error(json_t *verdict, myk10_status status)
{
    json_object_set_new(verdict, "error", cli_error_json(status));
    return verdict;
}

/* Decodes an application payload with the device's codec into "measurements". */
static void add_measurements(cli_pipeline *p, json_t *verdict, const cli_device *device,
                             int fport, const uint8_t *payload, size_t size, int64_t time)
{
    if (!device->codec[0] || fport <= 0)
        return;
    myk10_codec_context ctx = device->codec_context;
    ctx.device = device->id;
    ctx.time = time;
    ctx.fport = fport;
    myk10_status status =
        myk10_codec_registry_decode(p->measurements, p->codecs, device->codec, &ctx, payload,
                                    size);
    if (status != MYK10_OK)
        json_object_set_new(verdict, "codec_error", cli_error_json(status));
    else
        json_object_set_new(verdict, "measurements", cli_measurements_json(p->measurements));
}

/* Fields an accepted uplink adds to the header view. */
static void add_session_result(json_t *verdict, const myk10_session_result *r)
{
    const cli_device *device = r->user;
    json_object_set_new(verdict, "device", json_string(device->id));
    json_object_set_new(verdict, "fcnt", json_integer(r->fcnt));
    json_object_set_new(verdict, "mic_check", json_string("ok"));
    json_object_set_new(verdict, "counter",
                        json_string(r->retransmission ? "retransmission" : "ok"));
    json_object_set_new(verdict, "payload", r->payload_encrypted ? json_null()
                                                 : cli_hex_json(r->payload, r->payload_size));
    bool fport0 = r->frame.data.has_fport && r->frame.data.fport == 0;
    if (r->fopts_size > 0)
        json_object_set_new(verdict, "mac_commands", cli_mac_json(r->fopts, r->fopts_size, true));
    else if (fport0 && !r->payload_encrypted)
        json_object_set_new(verdict, "mac_commands",
                            cli_mac_json(r->payload, r->payload_size, true));
}

/* A PHYPayload from a gateway or a hex line: the whole security path. */
static json_t *decode_phy(cli_pipeline *p, const uint8_t *phy, size_t size, int64_t time)
{
    myk10_frame frame;
    myk10_status status = myk10_frame_parse(&frame, phy, size);
    if (status != MYK10_OK)
        return with_error(json_object(), status);
    json_t *verdict = cli_frame_json(&frame);
    if (!myk10_frame_mtype_is_data(frame.mtype) || !frame.uplink)
        return verdict; /* joins and downlinks: header only */

    uint8_t clear[MYK10_FRAME_MAX_SIZE];
    myk10_session_result r;
    status = myk10_session_uplink_frame(&r, clear, sizeof clear, p->sessions, &frame, NULL);
    if (status != MYK10_OK)
        return with_error(verdict, status);
    add_session_result(verdict, &r);
    if (!r.payload_encrypted)
        add_measurements(p, verdict, r.user, frame.data.has_fport ? frame.data.fport : -1,
                         r.payload, r.payload_size, time);
    return verdict;
}

/* A record a network server already verified and decrypted. */
static json_t *decode_application(cli_pipeline *p, const myk10_uplink *up)
{
    json_t *verdict = json_object();
    const cli_device *device = (up->flags & MYK10_UPLINK_HAS_DEV_EUI)
                                   ? cli_devices_find_eui(&p->devices, up->dev_eui)
                                   : NULL;
    json_object_set_new(verdict, "dev_eui", cli_hex_json(up->dev_eui, 8));
    json_object_set_new(verdict, "fcnt", json_integer(up->fcnt));
    json_object_set_new(verdict, "fport", (up->flags & MYK10_UPLINK_HAS_FPORT)
                                              ? json_integer(up->fport) : json_null());
    json_object_set_new(verdict, "payload", cli_hex_json(up->payload, up->payload_len));
    if (!device) {
        json_object_set_new(verdict, "error",
                            cli_error_object(MYK10_ENOTFOUND,
                                             "cli: no device with this DevEUI in the devices file"));
        return verdict;
    }
    json_object_set_new(verdict, "device", json_string(device->id));
    add_measurements(p, verdict, device, (up->flags & MYK10_UPLINK_HAS_FPORT) ? up->fport : -1,
                     up->payload, up->payload_len, up->time_sec);
    return verdict;
}

static json_t *decode_record(cli_pipeline *p, const myk10_uplink *up)
{
    myk10_measurements_clear(p->measurements);
    json_t *verdict = up->kind == MYK10_UPLINK_PHY_PAYLOAD
                          ? decode_phy(p, up->payload, up->payload_len, up->time_sec)
                          : decode_application(p, up);
    json_object_set_new(verdict, "source", json_string(myk10_uplink_format_name(up->format)));
    json_object_set_new(verdict, "time", cli_time_json(up->time_sec));
    json_object_set_new(verdict, "radio", cli_radio_json(up));
    return verdict;
}

static json_t *decode_json_line(cli_pipeline *p, const char *line, int64_t received_at)
{
    json_t *verdicts = json_array();
    size_t count;
    myk10_status status = myk10_uplink_reader_load(&count, p->reader, MYK10_UPLINK_FORMAT_AUTO,
                                                   line, strlen(line), received_at, 0);
    if (status != MYK10_OK) {
        json_array_append_new(verdicts, with_error(json_object(), status));
        return verdicts;
    }
    for (size_t i = 0; i < count; i++) {
        myk10_uplink up;
        status = myk10_uplink_reader_get(&up, p->reader, i);
        json_array_append_new(verdicts, status == MYK10_OK ? decode_record(p, &up)
                                                           : with_error(json_object(), status));
    }
    return verdicts;
}

json_t *cli_pipeline_decode_line(cli_pipeline *p, const char *line, int64_t received_at)
{
    if (line[0] == '{')
        return decode_json_line(p, line, received_at);

    uint8_t phy[MYK10_FRAME_MAX_SIZE + 1];
    size_t size;
    json_t *verdicts = json_array();
    myk10_measurements_clear(p->measurements);
    if (!cli_hex_decode(phy, sizeof phy, &size, line)) {
        json_t *verdict = json_object();
        json_object_set_new(verdict, "error",
                            cli_error_object(MYK10_EMALFORMED,
                                             "cli: line is neither hex nor a JSON object"));
        json_array_append_new(verdicts, verdict);
        return verdicts;
    }
    json_array_append_new(verdicts, decode_phy(p, phy, size, received_at));
    return verdicts;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Subcommands of the frame module: `frame parse`, `frame payload`,
 * `frame encode` and `frame decode`. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cli_devices.h"
#include "frame_json.h"
#include "frame_pipeline.h"

/* ------------------------------------------------------------ options */

/* Options shared by the frame subcommands; NULL/false when absent. */
typedef struct frame_options {
    const char *devices_path;
    const char *device_id;
    const char *codec;
    const char *payload_hex;
    const char *fopts_hex;
    const char *time_text;
    long long fcnt, fport;
    bool has_fcnt, has_fport, confirmed, downlink;
    bool has_mounting_height, has_probe_height;
    double mounting_height_m, probe_height_m;
    int first_operand; /* index of the first non-option argument */
} frame_options;

static bool take_value(int argc, char **argv, int *i, const char **out)
{
    if (*i + 1 >= argc)
        return false;
    *out = argv[++*i];
    return true;
}

/* Parses one option at argv[*i]; false if it is unknown or lacks its value. */
static bool parse_option(frame_options *o, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *value = NULL;
    if (strcmp(arg, "--devices") == 0)
        return take_value(argc, argv, i, &o->devices_path);
    if (strcmp(arg, "--device") == 0)
        return take_value(argc, argv, i, &o->device_id);
    if (strcmp(arg, "--codec") == 0)
        return take_value(argc, argv, i, &o->codec);
    if (strcmp(arg, "--payload") == 0)
        return take_value(argc, argv, i, &o->payload_hex);
    if (strcmp(arg, "--fopts") == 0)
        return take_value(argc, argv, i, &o->fopts_hex);
    if (strcmp(arg, "--time") == 0)
        return take_value(argc, argv, i, &o->time_text);
    if (strcmp(arg, "--confirmed") == 0)
        return o->confirmed = true;
    if (strcmp(arg, "--downlink") == 0)
        return o->downlink = true;
    if (strcmp(arg, "--fcnt") == 0)
        return take_value(argc, argv, i, &value) && (o->has_fcnt = cli_parse_int64(value, &o->fcnt));
    if (strcmp(arg, "--fport") == 0)
        return take_value(argc, argv, i, &value) &&
               (o->has_fport = cli_parse_int64(value, &o->fport));
    if (strcmp(arg, "--mounting-height") == 0)
        return take_value(argc, argv, i, &value) &&
               (o->has_mounting_height = cli_parse_double(value, &o->mounting_height_m));
    if (strcmp(arg, "--probe-height") == 0)
        return take_value(argc, argv, i, &value) &&
               (o->has_probe_height = cli_parse_double(value, &o->probe_height_m));
    return false;
}

static int parse_options(frame_options *o, const char *command, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    int i;
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++)
        if (!parse_option(o, argc, argv, &i))
            return cli_usage_error(command, "bad option or missing value: '%s'", argv[i]);
    o->first_operand = i;
    return CLI_EXIT_OK;
}

/* Runs `each` over the operands after the options (or stdin lines). */
static int for_each_operand(const frame_options *o, int argc, char **argv, cli_item_fn each,
                            void *context)
{
    int skip = o->first_operand - 1;
    argv[skip] = argv[0];
    return cli_for_each_input(argc - skip, argv + skip, each, context);
}

/* ------------------------------------------------------------ frame parse */

static int parse_one_frame(void *context, const char *hex)
{
    uint8_t phy[MYK10_FRAME_MAX_SIZE + 1];
    size_t size;
    myk10_frame frame;
    json_t *line = json_object();
    json_object_set_new(line, "input", json_string(hex));
    if (!cli_hex_decode(phy, sizeof phy, &size, hex)) {
        json_decref(line);
        return cli_usage_error("frame parse", "'%s' is not hex of at most 256 bytes", hex);
    }
    myk10_status status = myk10_frame_parse(&frame, phy, size);
    if (status != MYK10_OK) {
        json_object_set_new(line, "error", cli_error_json(status));
        cli_print_json(line);
        return cli_report(status);
    }
    json_t *fields = cli_frame_json(&frame);
    json_object_update(line, fields);
    json_decref(fields);
    if (myk10_frame_mtype_is_data(frame.mtype) && frame.data.fopts_size > 0)
        json_object_set_new(line, "mac_commands", cli_mac_json(frame.data.fopts,
                                                               frame.data.fopts_size,
                                                               frame.uplink));
    cli_print_json(line);
    return CLI_EXIT_OK;
}

static int run_frame_parse(int argc, char **argv)
{
    return cli_for_each_input(argc, argv, parse_one_frame, NULL);
}

/* ------------------------------------------------------------ frame payload */

typedef struct payload_run {
    frame_options options;
    myk10_codec_registry *registry;
    myk10_measurements *list;
} payload_run;

static int decode_one_payload(void *context, const char *hex)
{
    payload_run *run = context;
    uint8_t payload[MYK10_FRAME_MAX_SIZE];
    size_t size;
    if (!cli_hex_decode(payload, sizeof payload, &size, hex))
        return cli_usage_error("frame payload", "'%s' is not hex of at most 255 bytes", hex);

    const frame_options *o = &run->options;
    myk10_codec_context ctx = MYK10_CODEC_CONTEXT_INIT;
    ctx.device = o->device_id;
    ctx.fport = o->has_fport ? (int32_t)o->fport : -1;
    ctx.has_mounting_height = o->has_mounting_height;
    ctx.mounting_height_m = o->mounting_height_m;
    ctx.has_probe_height = o->has_probe_height;
    ctx.probe_height_m = o->probe_height_m;
    ctx.time = (int64_t)time(NULL);
    if (o->time_text && myk10_time_parse(&ctx.time, NULL, o->time_text) != MYK10_OK)
        return cli_report(myk10_last_error_code());

    json_t *line = json_object();
    json_object_set_new(line, "input", json_string(hex));
    myk10_measurements_clear(run->list);
    myk10_status status = myk10_codec_registry_decode(run->list, run->registry, o->codec, &ctx,
                                                      payload, size);
    if (status != MYK10_OK) {
        json_object_set_new(line, "error", cli_error_json(status));
        cli_print_json(line);
        return cli_report(status);
    }
    json_object_set_new(line, "measurements", cli_measurements_json(run->list));
    cli_print_json(line);
    return CLI_EXIT_OK;
}

static int run_frame_payload(int argc, char **argv)
{
    payload_run run = { .registry = NULL, .list = NULL };
    int result = parse_options(&run.options, "frame payload", argc, argv);
    if (result != CLI_EXIT_OK)
        return result;
    if (!run.options.codec)
        return cli_usage_error("frame payload", "--codec NAME is required");
    myk10_status status = myk10_codec_registry_create(&run.registry);
    if (status == MYK10_OK)
        status = myk10_measurements_create(&run.list);
    result = status == MYK10_OK
                 ? for_each_operand(&run.options, argc, argv, decode_one_payload, &run)
                 : cli_report(status);
    myk10_measurements_destroy(run.list);
    myk10_codec_registry_destroy(run.registry);
    return result;
}

/* ------------------------------------------------------------ frame encode */

static int encode_with_device(const frame_options *o, const cli_device *device)
{
    uint8_t payload[MYK10_FRAME_MAX_SIZE], fopts[MYK10_FRAME_MAX_FOPTS];
    size_t payload_size = 0, fopts_size = 0;
    if (o->payload_hex && !cli_hex_decode(payload, sizeof payload, &payload_size, o->payload_hex))
        return cli_usage_error("frame encode", "--payload must be hex");
    if (o->fopts_hex && !cli_hex_decode(fopts, sizeof fopts, &fopts_size, o->fopts_hex))
        return cli_usage_error("frame encode", "--fopts must be hex of at most 15 bytes");
    if (!o->has_fcnt || o->fcnt < 0 || o->fcnt > UINT32_MAX)
        return cli_usage_error("frame encode", "--fcnt 0..4294967295 is required");
    if (o->has_fport && (o->fport < 0 || o->fport > 255))
        return cli_usage_error("frame encode", "--fport must be 0..255");

    myk10_frame_data_fields fields;
    memset(&fields, 0, sizeof fields);
    fields.mtype = o->downlink ? (o->confirmed ? MYK10_FRAME_CONFIRMED_DOWN
                                               : MYK10_FRAME_UNCONFIRMED_DOWN)
                               : (o->confirmed ? MYK10_FRAME_CONFIRMED_UP
                                               : MYK10_FRAME_UNCONFIRMED_UP);
    fields.dev_addr = device->dev_addr;
    fields.fopts = fopts_size ? fopts : NULL;
    fields.fopts_size = fopts_size;
    fields.has_fport = o->has_fport;
    fields.fport = (uint8_t)o->fport;
    fields.payload = payload_size ? payload : NULL;
    fields.payload_size = payload_size;
    fields.params.fcnt = (uint32_t)o->fcnt;

    uint8_t phy[MYK10_FRAME_MAX_SIZE];
    size_t phy_size;
    myk10_status status =
        myk10_frame_encode_data(phy, sizeof phy, &phy_size, &fields, device->keys);
    if (status != MYK10_OK)
        return cli_report(status);
    json_t *line = json_object();
    json_object_set_new(line, "device", json_string(device->id));
    json_object_set_new(line, "fcnt", json_integer(o->fcnt));
    json_object_set_new(line, "phy_payload", cli_hex_json(phy, phy_size));
    cli_print_json(line);
    return CLI_EXIT_OK;
}

static int run_frame_encode(int argc, char **argv)
{
    frame_options o;
    cli_devices devices = { NULL, 0 };
    int result = parse_options(&o, "frame encode", argc, argv);
    if (result != CLI_EXIT_OK)
        return result;
    if (!o.devices_path || !o.device_id)
        return cli_usage_error("frame encode", "--devices FILE and --device ID are required");
    if ((result = cli_devices_load(&devices, o.devices_path)) != CLI_EXIT_OK)
        return result;
    const cli_device *device = cli_devices_find_id(&devices, o.device_id);
    result = device ? encode_with_device(&o, device)
                    : cli_usage_error("frame encode", "no device '%s' in %s", o.device_id,
                                      o.devices_path);
    cli_devices_free(&devices);
    return result;
}

/* ------------------------------------------------------------ frame decode */

typedef struct decode_run {
    cli_pipeline *pipeline;
    int64_t received_at;
} decode_run;

static int decode_one_line(void *context, const char *line)
{
    decode_run *run = context;
    json_t *verdicts = cli_pipeline_decode_line(run->pipeline, line, run->received_at);
    int result = CLI_EXIT_OK;
    size_t index;
    json_t *verdict;
    json_array_foreach(verdicts, index, verdict) {
        json_t *error = json_object_get(verdict, "error");
        if (error) {
            fprintf(stderr, "myk10: %s: %s\n", json_string_value(json_object_get(error, "status")),
                    json_string_value(json_object_get(error, "message")));
            result = CLI_EXIT_FAILED;
        }
        cli_print_json(json_incref(verdict));
    }
    json_decref(verdicts);
    return result;
}

static int run_frame_decode(int argc, char **argv)
{
    frame_options o;
    decode_run run = { NULL, (int64_t)time(NULL) };
    int result = parse_options(&o, "frame decode", argc, argv);
    if (result != CLI_EXIT_OK)
        return result;
    if (!o.devices_path)
        return cli_usage_error("frame decode", "--devices FILE is required");
    if (o.time_text && myk10_time_parse(&run.received_at, NULL, o.time_text) != MYK10_OK)
        return cli_report(myk10_last_error_code());
    if ((result = cli_pipeline_create(&run.pipeline, o.devices_path)) != CLI_EXIT_OK)
        return result;
    result = for_each_operand(&o, argc, argv, decode_one_line, &run);
    cli_pipeline_destroy(run.pipeline);
    return result;
}

static const cli_command frame_commands[] = {
    { "parse", "[HEX...]", "LoRaWAN PHYPayloads (hex) to header fields, no keys needed",
      run_frame_parse },
    { "decode", "--devices FILE [--time T] [LINE...]",
      "hex PHYPayloads or gateway/network-server JSON lines to verified, decrypted "
      "frames and measurements", run_frame_decode },
    { "encode", "--devices FILE --device ID --fcnt N [--fport P] [--payload HEX] "
      "[--fopts HEX] [--confirmed] [--downlink]", "builds an encrypted data frame with its MIC",
      run_frame_encode },
    { "payload", "--codec NAME [--device ID] [--fport P] [--time T] [--mounting-height M] "
      "[--probe-height M] [HEX...]", "application payloads to measurements with a codec",
      run_frame_payload },
    { NULL, NULL, NULL, NULL },
};

const cli_group cli_frame_group = { "frame", "LoRaWAN frames and payload codecs",
                                    frame_commands, cli_frame_demo_step };

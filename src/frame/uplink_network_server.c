/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Uplink messages of network servers, which have already checked the MIC
 * and decrypted the payload:
 *
 * - ChirpStack v4 integration event "up" (UplinkEvent of
 *   api/proto/integration/integration.proto, JSON marshaler: lowerCamelCase
 *   names, bytes as base64, EUIs as hex strings, zero values omitted);
 * - The Things Stack v3 application uplink (ApplicationUp with
 *   "uplink_message"; snake_case names, empty values omitted, 64-bit
 *   integers such as the frequency written as strings).
 *
 * Both follow the protobuf JSON mapping, which omits fields holding zero:
 * an absent fCnt/f_cnt is 0, an absent payload is empty.
 */
#include <math.h>
#include <string.h>

#include "frame/uplink_internal.h"

/* ------------------------------------------------------------ shared parts */

/* Where a format keeps the per-gateway reception values. */
typedef struct reception_keys {
    const char *gateway_object; /* object holding the EUI, or NULL: in the element itself */
    const char *gateway_eui;
    const char *rssi;
    const char *snr;
} reception_keys;

typedef struct reception {
    bool has_eui, has_rssi, has_snr;
    uint8_t eui[8];
    double rssi, snr;
} reception;

static myk10_status read_reception(reception *out, const json_t *element, const char *path,
                                   const reception_keys *keys)
{
    const json_t *holder = element;
    char holder_path[UPLINK_PATH_CAP];
    bool present = true;
    myk10_status status = MYK10_OK;

    snprintf(holder_path, sizeof holder_path, "%s", path);
    if (keys->gateway_object) {
        status = uplink__get_object(&holder, &present, element, path, keys->gateway_object);
        uplink__path(holder_path, path, keys->gateway_object);
    }
    if (status == MYK10_OK && present)
        status = uplink__get_hex(out->eui, 8, &out->has_eui, holder, holder_path,
                                 keys->gateway_eui);
    if (status == MYK10_OK)
        status = uplink__get_real(&out->rssi, &out->has_rssi, element, path, keys->rssi);
    if (status == MYK10_OK)
        status = uplink__get_real(&out->snr, &out->has_snr, element, path, keys->snr);
    return status;
}

static bool better_than(const reception *candidate, const reception *best)
{
    return uplink__better_reception(candidate->has_snr, candidate->snr,
                                    candidate->has_rssi ? candidate->rssi : -INFINITY,
                                    best->has_snr, best->snr,
                                    best->has_rssi ? best->rssi : -INFINITY);
}

/* Reads every listed reception and keeps the best in the record. */
static myk10_status read_receptions(myk10_uplink *out, const json_t *object, const char *parent,
                                    const char *key, const reception_keys *keys)
{
    const json_t *list;
    bool present;
    myk10_status status = uplink__get_array(&list, &present, object, parent, key);
    if (status != MYK10_OK || !present)
        return status;

    char list_path[UPLINK_PATH_CAP];
    reception best;
    memset(&best, 0, sizeof best);
    uplink__path(list_path, parent, key);
    for (size_t i = 0; i < json_array_size(list); i++) {
        char path[UPLINK_PATH_CAP];
        const json_t *element = json_array_get(list, i);
        reception candidate;

        uplink__path_index(path, list_path, i);
        if (!json_is_object(element))
            return myk10__fail(MYK10_EMALFORMED, "uplink: %s: expected an object", path);
        memset(&candidate, 0, sizeof candidate);
        status = read_reception(&candidate, element, path, keys);
        if (status != MYK10_OK)
            return status;
        if (i == 0 || better_than(&candidate, &best))
            best = candidate;
    }
    out->gateway_count = (uint32_t)json_array_size(list);
    if (out->gateway_count == 0)
        return MYK10_OK;
    if (best.has_eui) {
        memcpy(out->gateway_eui, best.eui, 8);
        out->flags |= MYK10_UPLINK_HAS_GATEWAY_EUI;
    }
    if (best.has_rssi) {
        out->rssi_dbm = best.rssi;
        out->flags |= MYK10_UPLINK_HAS_RSSI;
    }
    if (best.has_snr) {
        out->snr_db = best.snr;
        out->flags |= MYK10_UPLINK_HAS_SNR;
    }
    return MYK10_OK;
}

static myk10_status read_dev_eui(myk10_uplink *out, const json_t *object, const char *parent,
                                 const char *key, bool required)
{
    bool present = true;
    myk10_status status = uplink__get_hex(out->dev_eui, 8, required ? NULL : &present,
                                          object, parent, key);
    if (status == MYK10_OK && present)
        out->flags |= MYK10_UPLINK_HAS_DEV_EUI;
    return status;
}

static myk10_status read_dev_addr(myk10_uplink *out, const json_t *object, const char *parent,
                                  const char *key)
{
    uint8_t bytes[4];
    bool present;
    myk10_status status = uplink__get_hex(bytes, 4, &present, object, parent, key);
    if (status != MYK10_OK || !present)
        return status;
    out->dev_addr = (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 |
                    (uint32_t)bytes[2] << 8 | bytes[3];
    out->flags |= MYK10_UPLINK_HAS_DEV_ADDR;
    return MYK10_OK;
}

/* Frame counter, port, data rate and flags; names differ per format. */
typedef struct frame_keys {
    const char *fcnt, *fport, *confirmed, *adr;
} frame_keys;

static myk10_status read_frame_fields(myk10_uplink *out, const json_t *object,
                                      const char *parent, const frame_keys *keys)
{
    int64_t value = 0;
    bool present, flag = false;

    /* An absent counter is 0: the protobuf JSON mapping omits zeros. */
    myk10_status status = uplink__get_int(&value, &present, object, parent, keys->fcnt,
                                          0, UINT32_MAX);
    if (status != MYK10_OK)
        return status;
    out->fcnt = (uint32_t)value;
    out->flags |= MYK10_UPLINK_HAS_FCNT;

    status = uplink__get_int(&value, &present, object, parent, keys->fport, 0, 255);
    if (status != MYK10_OK)
        return status;
    if (present) {
        out->fport = (uint8_t)value;
        out->flags |= MYK10_UPLINK_HAS_FPORT;
    }
    status = uplink__get_bool(&flag, &present, object, parent, keys->confirmed);
    if (status == MYK10_OK && present && flag)
        out->flags |= MYK10_UPLINK_CONFIRMED;
    if (status == MYK10_OK && keys->adr) {
        flag = false;
        status = uplink__get_bool(&flag, &present, object, parent, keys->adr);
        if (status == MYK10_OK && present && flag)
            out->flags |= MYK10_UPLINK_ADR;
    }
    return status;
}

static myk10_status read_data_rate_index(myk10_uplink *out, const json_t *object,
                                         const char *parent, const char *key)
{
    int64_t value;
    bool present;
    myk10_status status = uplink__get_int(&value, &present, object, parent, key, 0, 15);
    if (status == MYK10_OK && present) {
        out->data_rate = (uint8_t)value;
        out->flags |= MYK10_UPLINK_HAS_DATA_RATE;
    }
    return status;
}

static myk10_status read_payload(myk10_uplink *out, const json_t *object, const char *parent,
                                 const char *key)
{
    bool present;
    return uplink__get_base64(out->payload, &out->payload_len, &present, object, parent, key);
}

static myk10_status read_frequency(myk10_uplink *out, const json_t *object, const char *parent,
                                   const char *key)
{
    int64_t hz;
    bool present;
    myk10_status status = uplink__get_int(&hz, &present, object, parent, key, 0, UINT32_MAX);
    if (status == MYK10_OK && present)
        out->frequency_hz = (uint32_t)hz;
    return status;
}

/* LoRa parameters: bandwidth in Hz, spreading factor, optional code rate. */
static myk10_status read_lora(myk10_uplink *out, const json_t *lora, const char *path,
                              const char *sf_key, const char *cr_key)
{
    int64_t bandwidth = 0, sf = 0;
    bool present;
    const char *code_rate;

    out->modulation = MYK10_UPLINK_MODULATION_LORA;
    myk10_status status = uplink__get_int(&bandwidth, &present, lora, path, "bandwidth",
                                          0, UINT32_MAX);
    if (status == MYK10_OK)
        status = uplink__get_int(&sf, &present, lora, path, sf_key, 5, 12);
    if (status == MYK10_OK)
        status = uplink__get_string(&code_rate, &present, lora, path, cr_key);
    if (status != MYK10_OK)
        return status;
    out->bandwidth_khz = (uint32_t)(bandwidth / 1000);
    out->spreading_factor = (uint8_t)sf;
    if (present)
        uplink__parse_coding_rate(&out->coding_rate_num, &out->coding_rate_den, code_rate);
    return MYK10_OK;
}

static myk10_status read_fsk(myk10_uplink *out, const json_t *fsk, const char *path,
                             const char *bitrate_key)
{
    int64_t bitrate;
    bool present;
    out->modulation = MYK10_UPLINK_MODULATION_FSK;
    myk10_status status = uplink__get_int(&bitrate, &present, fsk, path, bitrate_key,
                                          0, UINT32_MAX);
    if (status == MYK10_OK && present)
        out->bitrate = (uint32_t)bitrate;
    return status;
}

/* The one member of a protobuf "oneof" modulation object that is set. */
typedef struct modulation_keys {
    const char *lora, *fsk, *lr_fhss, *sf, *lora_code_rate, *fsk_bitrate;
} modulation_keys;

static myk10_status read_modulation(myk10_uplink *out, const json_t *object, const char *parent,
                                    const char *key, const modulation_keys *keys)
{
    const json_t *modulation, *choice;
    bool present;
    char path[UPLINK_PATH_CAP], choice_path[UPLINK_PATH_CAP];
    myk10_status status = uplink__get_object(&modulation, &present, object, parent, key);
    if (status != MYK10_OK || !present)
        return status;

    uplink__path(path, parent, key);
    status = uplink__get_object(&choice, &present, modulation, path, keys->lora);
    if (status == MYK10_OK && present) {
        uplink__path(choice_path, path, keys->lora);
        return read_lora(out, choice, choice_path, keys->sf, keys->lora_code_rate);
    }
    if (status == MYK10_OK)
        status = uplink__get_object(&choice, &present, modulation, path, keys->fsk);
    if (status == MYK10_OK && present) {
        uplink__path(choice_path, path, keys->fsk);
        return read_fsk(out, choice, choice_path, keys->fsk_bitrate);
    }
    if (status == MYK10_OK)
        status = uplink__get_object(&choice, &present, modulation, path, keys->lr_fhss);
    if (status == MYK10_OK && present)
        out->modulation = MYK10_UPLINK_MODULATION_LR_FHSS;
    return status;
}

static myk10_status read_time_or_caller(myk10_uplink *out, bool *found, const json_t *object,
                                        const char *parent, const char *key,
                                        const struct myk10_uplink_reader *reader)
{
    myk10_status status = uplink__get_time(&out->time_sec, &out->time_nsec, found,
                                           object, parent, key);
    if (status == MYK10_OK && !*found) {
        out->time_sec = reader->received_sec;
        out->time_nsec = reader->received_nsec;
        out->flags |= MYK10_UPLINK_TIME_FROM_CALLER;
    }
    return status;
}

static void start_record(myk10_uplink *out, myk10_uplink_format format)
{
    memset(out, 0, sizeof *out);
    out->format = format;
    out->kind = MYK10_UPLINK_APPLICATION_PAYLOAD;
}

/* -------------------------------------------------------------- ChirpStack */

myk10_status uplink__chirpstack_check(const json_t *root)
{
    static const char *const uplink_members[] = { "rxInfo", "data", "fPort", "fCnt" };
    const json_t *device_info;

    if (!json_object_get(root, "deviceInfo") && json_object_get(root, "devEUI"))
        return myk10__fail(MYK10_EUNSUPPORTED,
                           "uplink: ChirpStack v3 event JSON (devEUI without deviceInfo) "
                           "is not supported; use the v4 JSON marshaler");
    myk10_status status = uplink__get_object(&device_info, NULL, root, "", "deviceInfo");
    if (status != MYK10_OK)
        return status;
    /* join, status, ack, txack, log and location events share deviceInfo. */
    for (size_t i = 0; i < sizeof uplink_members / sizeof uplink_members[0]; i++)
        if (json_object_get(root, uplink_members[i]))
            return MYK10_OK;
    return myk10__fail(MYK10_EUNSUPPORTED,
                       "uplink: ChirpStack event is not an uplink (no rxInfo, data, "
                       "fPort or fCnt)");
}

static myk10_status chirpstack_device(myk10_uplink *out, const json_t *root)
{
    const json_t *info;
    myk10_status status = uplink__get_object(&info, NULL, root, "", "deviceInfo");
    if (status == MYK10_OK)
        status = read_dev_eui(out, info, "deviceInfo", "devEui", true);
    if (status == MYK10_OK)
        status = uplink__get_id(out->device_id, &out->flags, info, "deviceInfo", "deviceName");
    if (status == MYK10_OK)
        status = uplink__get_id(out->application_id, &out->flags, info, "deviceInfo",
                                "applicationId");
    if (status == MYK10_OK)
        status = read_dev_addr(out, root, "", "devAddr");
    return status;
}

static myk10_status chirpstack_radio(myk10_uplink *out, const json_t *root)
{
    static const reception_keys rx_keys = { NULL, "gatewayId", "rssi", "snr" };
    static const modulation_keys modulation = { "lora", "fsk", "lrFhss", "spreadingFactor",
                                                "codeRate", "datarate" };
    const json_t *tx_info;
    bool present;

    myk10_status status = read_receptions(out, root, "", "rxInfo", &rx_keys);
    if (status == MYK10_OK)
        status = read_data_rate_index(out, root, "", "dr");
    if (status == MYK10_OK)
        status = uplink__get_object(&tx_info, &present, root, "", "txInfo");
    if (status != MYK10_OK || !present)
        return status;
    status = read_frequency(out, tx_info, "txInfo", "frequency");
    if (status == MYK10_OK)
        status = read_modulation(out, tx_info, "txInfo", "modulation", &modulation);
    return status;
}

myk10_status uplink__chirpstack_record(myk10_uplink *out,
                                       const struct myk10_uplink_reader *reader)
{
    static const frame_keys frame = { "fCnt", "fPort", "confirmed", "adr" };
    const json_t *root = reader->root;
    myk10_uplink record;
    bool found;

    start_record(&record, MYK10_UPLINK_FORMAT_CHIRPSTACK);
    myk10_status status = chirpstack_device(&record, root);
    if (status == MYK10_OK)
        status = read_frame_fields(&record, root, "", &frame);
    if (status == MYK10_OK)
        status = read_payload(&record, root, "", "data");
    if (status == MYK10_OK)
        status = read_time_or_caller(&record, &found, root, "", "time", reader);
    if (status == MYK10_OK)
        status = chirpstack_radio(&record, root);
    if (status == MYK10_OK)
        *out = record;
    return status;
}

/* ------------------------------------------------------- The Things Stack */

myk10_status uplink__things_stack_check(const json_t *root)
{
    const json_t *ids, *uplink;
    bool present;
    myk10_status status = uplink__get_object(&ids, NULL, root, "", "end_device_ids");
    if (status == MYK10_OK)
        status = uplink__get_object(&uplink, &present, root, "", "uplink_message");
    if (status == MYK10_OK && !present)
        /* join_accept, downlink_* and location_solved messages. */
        return myk10__fail(MYK10_EUNSUPPORTED,
                           "uplink: The Things Stack message is not an uplink "
                           "(no uplink_message)");
    return status;
}

static myk10_status things_stack_device(myk10_uplink *out, const json_t *root)
{
    const json_t *ids, *application;
    bool present;
    myk10_status status = uplink__get_object(&ids, NULL, root, "", "end_device_ids");
    const char *device_id;

    if (status == MYK10_OK)
        status = uplink__get_string(&device_id, NULL, ids, "end_device_ids", "device_id");
    if (status == MYK10_OK)
        status = uplink__get_id(out->device_id, &out->flags, ids, "end_device_ids", "device_id");
    if (status == MYK10_OK)
        status = read_dev_eui(out, ids, "end_device_ids", "dev_eui", false);
    if (status == MYK10_OK)
        status = read_dev_addr(out, ids, "end_device_ids", "dev_addr");
    if (status == MYK10_OK)
        status = uplink__get_object(&application, &present, ids, "end_device_ids",
                                    "application_ids");
    if (status == MYK10_OK && present)
        status = uplink__get_id(out->application_id, &out->flags, application,
                                "end_device_ids.application_ids", "application_id");
    return status;
}

static myk10_status things_stack_settings(myk10_uplink *out, const json_t *uplink)
{
    static const modulation_keys data_rate = { "lora", "fsk", "lrfhss", "spreading_factor",
                                               "coding_rate", "bit_rate" };
    const char *parent = "uplink_message.settings";
    const json_t *settings;
    const char *code_rate;
    bool present;

    myk10_status status = uplink__get_object(&settings, &present, uplink, "uplink_message",
                                             "settings");
    if (status != MYK10_OK || !present)
        return status;
    status = read_frequency(out, settings, parent, "frequency");
    if (status == MYK10_OK)
        status = read_modulation(out, settings, parent, "data_rate", &data_rate);
    if (status == MYK10_OK)
        status = read_data_rate_index(out, settings, parent, "data_rate_index");
    /* Older releases put the code rate beside the data rate. */
    if (status == MYK10_OK)
        status = uplink__get_string(&code_rate, &present, settings, parent, "coding_rate");
    if (status == MYK10_OK && present && out->coding_rate_den == 0)
        uplink__parse_coding_rate(&out->coding_rate_num, &out->coding_rate_den, code_rate);
    return status;
}

static myk10_status things_stack_uplink(myk10_uplink *out, const json_t *root,
                                        const struct myk10_uplink_reader *reader)
{
    static const frame_keys frame = { "f_cnt", "f_port", "confirmed", NULL };
    static const reception_keys rx_keys = { "gateway_ids", "eui", "rssi", "snr" };
    const char *parent = "uplink_message";
    const json_t *uplink;
    bool found;

    myk10_status status = uplink__get_object(&uplink, NULL, root, "", parent);
    if (status == MYK10_OK)
        status = read_frame_fields(out, uplink, parent, &frame);
    if (status == MYK10_OK)
        status = read_payload(out, uplink, parent, "frm_payload");
    /* The Application Server's time, else the Network Server's. */
    if (status == MYK10_OK)
        status = uplink__get_time(&out->time_sec, &out->time_nsec, &found, root, "",
                                  "received_at");
    if (status == MYK10_OK && !found)
        status = read_time_or_caller(out, &found, uplink, parent, "received_at", reader);
    if (status == MYK10_OK)
        status = read_receptions(out, uplink, parent, "rx_metadata", &rx_keys);
    if (status == MYK10_OK)
        status = things_stack_settings(out, uplink);
    return status;
}

myk10_status uplink__things_stack_record(myk10_uplink *out,
                                         const struct myk10_uplink_reader *reader)
{
    myk10_uplink record;

    start_record(&record, MYK10_UPLINK_FORMAT_THINGS_STACK);
    myk10_status status = things_stack_device(&record, reader->root);
    if (status == MYK10_OK)
        status = things_stack_uplink(&record, reader->root, reader);
    if (status == MYK10_OK)
        *out = record;
    return status;
}

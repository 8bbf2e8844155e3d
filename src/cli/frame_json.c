/* SPDX-License-Identifier: Apache-2.0 */
/* JSON views of frames, MAC commands, uplink records and measurements, shared
 * by the frame subcommands and the demo. */
#include <stdio.h>

#include "frame_json.h"
#include "cli_devices.h"

json_t *cli_hex_json(const uint8_t *data, size_t size)
{
    char text[2 * MYK10_FRAME_MAX_SIZE + 1];
    if (size > MYK10_FRAME_MAX_SIZE)
        size = MYK10_FRAME_MAX_SIZE;
    cli_hex_encode(text, data, size);
    return json_string(text);
}

json_t *cli_u32_hex_json(uint32_t value)
{
    char text[9];
    snprintf(text, sizeof text, "%08x", (unsigned)value);
    return json_string(text);
}

json_t *cli_u64_hex_json(uint64_t value)
{
    char text[17];
    snprintf(text, sizeof text, "%016llx", (unsigned long long)value);
    return json_string(text);
}

json_t *cli_time_json(int64_t seconds)
{
    char text[MYK10_TIME_STRLEN];
    if (myk10_time_format(text, sizeof text, seconds) != MYK10_OK)
        return json_integer(seconds);
    return json_string(text);
}

static void set_bool(json_t *object, const char *key, bool value)
{
    json_object_set_new(object, key, json_boolean(value));
}

static json_t *fctrl_json(const myk10_frame *frame)
{
    const myk10_frame_data *data = &frame->data;
    json_t *fctrl = json_object();
    set_bool(fctrl, "adr", data->adr);
    set_bool(fctrl, "ack", data->ack);
    if (frame->uplink) {
        set_bool(fctrl, "adr_ack_req", data->adr_ack_req);
        set_bool(fctrl, "class_b", data->class_b);
    } else {
        set_bool(fctrl, "fpending", data->fpending);
    }
    json_object_set_new(fctrl, "fopts_len", json_integer((json_int_t)data->fopts_size));
    return fctrl;
}

static void add_data_fields(json_t *out, const myk10_frame *frame)
{
    const myk10_frame_data *data = &frame->data;
    json_object_set_new(out, "dev_addr", cli_u32_hex_json(data->dev_addr));
    json_object_set_new(out, "fctrl", fctrl_json(frame));
    json_object_set_new(out, "fcnt16", json_integer(data->fcnt16));
    json_object_set_new(out, "fopts", cli_hex_json(data->fopts, data->fopts_size));
    json_object_set_new(out, "fport", data->has_fport ? json_integer(data->fport) : json_null());
    json_object_set_new(out, "frm_payload",
                        cli_hex_json(data->frm_payload, data->frm_payload_size));
}

json_t *cli_frame_json(const myk10_frame *frame)
{
    json_t *out = json_object();
    json_object_set_new(out, "mtype", json_string(myk10_frame_mtype_name(frame->mtype)));
    json_object_set_new(out, "uplink", json_boolean(frame->uplink));
    if (myk10_frame_mtype_is_data(frame->mtype)) {
        add_data_fields(out, frame);
    } else if (frame->mtype == MYK10_FRAME_JOIN_REQUEST) {
        json_object_set_new(out, "join_eui", cli_u64_hex_json(frame->join_request.join_eui));
        json_object_set_new(out, "dev_eui", cli_u64_hex_json(frame->join_request.dev_eui));
        json_object_set_new(out, "dev_nonce", json_integer(frame->join_request.dev_nonce));
    } else if (frame->mtype == MYK10_FRAME_REJOIN_REQUEST) {
        json_object_set_new(out, "rejoin_type", json_integer(frame->rejoin.type));
        json_object_set_new(out, "dev_eui", cli_u64_hex_json(frame->rejoin.dev_eui));
        json_object_set_new(out, "rj_count", json_integer(frame->rejoin.rj_count));
    } else if (frame->mtype == MYK10_FRAME_JOIN_ACCEPT) {
        json_object_set_new(out, "encrypted", cli_hex_json(frame->join_accept.encrypted,
                                                           frame->join_accept.encrypted_size));
    }
    if (frame->mtype != MYK10_FRAME_PROPRIETARY)
        json_object_set_new(out, "mic", cli_hex_json(frame->mic, 4));
    return out;
}

/* The typed fields of the commands people look at most; the others carry
 * their raw bytes only. */
static void add_mac_value(json_t *out, const myk10_mac_command *cmd)
{
    const myk10_mac_payload *v = &cmd->value;
    if (cmd->cid == MYK10_MAC_DEV_STATUS && cmd->uplink) {
        json_object_set_new(out, "battery", json_integer(v->dev_status_ans.battery));
        json_object_set_new(out, "margin_db", json_integer(v->dev_status_ans.margin));
    } else if (cmd->cid == MYK10_MAC_LINK_CHECK && !cmd->uplink) {
        json_object_set_new(out, "margin_db", json_integer(v->link_check_ans.margin));
        json_object_set_new(out, "gateways", json_integer(v->link_check_ans.gw_cnt));
    } else if (cmd->cid == MYK10_MAC_LINK_ADR && !cmd->uplink) {
        json_object_set_new(out, "data_rate", json_integer(v->link_adr_req.data_rate));
        json_object_set_new(out, "tx_power", json_integer(v->link_adr_req.tx_power));
        json_object_set_new(out, "ch_mask", json_integer(v->link_adr_req.ch_mask));
        json_object_set_new(out, "nb_trans", json_integer(v->link_adr_req.nb_trans));
    } else if (cmd->cid == MYK10_MAC_DEVICE_TIME && !cmd->uplink) {
        json_object_set_new(out, "gps_seconds", json_integer(v->device_time_ans.gps_seconds));
    }
}

json_t *cli_mac_json(const uint8_t *data, size_t size, bool uplink)
{
    json_t *list = json_array();
    myk10_mac_iter iter;
    myk10_mac_iter_init(&iter, data, size, uplink);
    while (!myk10_mac_iter_done(&iter)) {
        myk10_mac_command cmd;
        myk10_status status = myk10_mac_iter_next(&cmd, &iter);
        json_t *item = json_object();
        if (status != MYK10_OK) {
            json_object_set_new(item, "error", cli_error_json(status));
            json_array_append_new(list, item);
            break; /* the rest of the buffer cannot be framed */
        }
        json_object_set_new(item, "cid", json_integer(cmd.cid));
        json_object_set_new(item, "name", json_string(myk10_mac_name(cmd.cid, cmd.uplink)));
        json_object_set_new(item, "payload", cli_hex_json(data + cmd.offset + 1, cmd.size));
        add_mac_value(item, &cmd);
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *measurement_value_json(const myk10_measurement *m)
{
    switch (m->kind) {
    case MYK10_VALUE_NUMBER: return json_real(m->number);
    case MYK10_VALUE_BOOLEAN: return json_boolean(m->boolean);
    case MYK10_VALUE_STRING: return json_stringn(m->string, m->data_len);
    case MYK10_VALUE_DATA: return cli_hex_json(m->data, m->data_len);
    default: return json_null();
    }
}

json_t *cli_measurements_json(const myk10_measurements *list)
{
    json_t *array = json_array();
    for (size_t i = 0; i < myk10_measurements_count(list); i++) {
        myk10_measurement m;
        if (myk10_measurements_get(&m, list, i) != MYK10_OK)
            break;
        json_t *item = json_object();
        json_object_set_new(item, "device", json_string(m.device));
        json_object_set_new(item, "time", cli_time_json(m.time));
        json_object_set_new(item, "quantity", json_string(m.quantity));
        json_object_set_new(item, "unit", json_string(m.unit));
        json_object_set_new(item, "value", measurement_value_json(&m));
        if (m.channel != MYK10_NO_CHANNEL)
            json_object_set_new(item, "channel", json_integer(m.channel));
        json_array_append_new(array, item);
    }
    return array;
}

json_t *cli_radio_json(const myk10_uplink *up)
{
    json_t *radio = json_object();
    if (up->frequency_hz)
        json_object_set_new(radio, "frequency_hz", json_integer(up->frequency_hz));
    if (up->spreading_factor)
        json_object_set_new(radio, "spreading_factor", json_integer(up->spreading_factor));
    if (up->bandwidth_khz)
        json_object_set_new(radio, "bandwidth_khz", json_integer(up->bandwidth_khz));
    if (up->flags & MYK10_UPLINK_HAS_RSSI)
        json_object_set_new(radio, "rssi_dbm", json_real(up->rssi_dbm));
    if (up->flags & MYK10_UPLINK_HAS_SNR)
        json_object_set_new(radio, "snr_db", json_real(up->snr_db));
    if (up->flags & MYK10_UPLINK_HAS_GATEWAY_EUI)
        json_object_set_new(radio, "gateway_eui", cli_hex_json(up->gateway_eui, 8));
    json_object_set_new(radio, "gateways", json_integer(up->gateway_count));
    return radio;
}

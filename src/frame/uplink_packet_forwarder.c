/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Semtech UDP packet forwarder, upstream PUSH_DATA (PROTOCOL.TXT of
 * Lora-net/packet_forwarder, protocol v1, and PROTOCOL.md of
 * Lora-net/sx1302_hal, v2): a 12-byte header, then a JSON object whose
 * "rxpk" array lists the received packets.
 */
#include <math.h>
#include <string.h>

#include "frame/uplink_internal.h"

#define HEADER_SIZE 12
#define PUSH_DATA 0x00

static const char *identifier_name(uint8_t identifier)
{
    static const char *const names[] = { "PUSH_DATA", "PUSH_ACK", "PULL_DATA",
                                         "PULL_RESP", "PULL_ACK", "TX_ACK" };
    return identifier < sizeof names / sizeof names[0] ? names[identifier] : "unknown";
}

myk10_status uplink__packet_forwarder_header(struct myk10_uplink_reader *reader,
                                             const uint8_t *input, size_t size)
{
    if (size < HEADER_SIZE)
        return myk10__fail_at(MYK10_ETRUNCATED, (int64_t)size,
                              "uplink: datagram of %zu bytes is shorter than the "
                              "12-byte PUSH_DATA header", size);
    /* Version 1 (packet_forwarder) and 2 (sx1302_hal) share this layout. */
    if (input[0] != 1 && input[0] != 2)
        return myk10__fail_at(MYK10_EUNSUPPORTED, 0,
                              "uplink: datagram protocol version %u at byte 0 is not 1 or 2",
                              input[0]);
    if (input[3] != PUSH_DATA)
        return myk10__fail_at(MYK10_EUNSUPPORTED, 3,
                              "uplink: datagram identifier 0x%02x (%s) at byte 3 is not "
                              "PUSH_DATA (0x00)", input[3], identifier_name(input[3]));
    memcpy(reader->gateway_eui, input + 4, 8);
    reader->has_gateway_eui = true;
    return MYK10_OK;
}

myk10_status uplink__packet_forwarder_check(struct myk10_uplink_reader *reader)
{
    const json_t *rxpk = NULL;
    bool present;
    myk10_status status = uplink__get_array(&rxpk, &present, reader->root, "", "rxpk");
    if (status != MYK10_OK)
        return status;
    /* A datagram may carry only "stat": that is zero packets, not an error. */
    reader->rxpk = present ? rxpk : NULL;
    reader->count = present ? json_array_size(rxpk) : 0;
    return MYK10_OK;
}

/* "SF7BW125": spreading factor 5..12 and bandwidth in kHz. */
static myk10_status read_lora_datr(myk10_uplink *out, const json_t *packet, const char *path)
{
    const char *datr;
    myk10_status status = uplink__get_string(&datr, NULL, packet, path, "datr");
    if (status != MYK10_OK)
        return status;

    unsigned sf = 0, bw = 0;
    const char *c = datr;
    if (strncmp(c, "SF", 2) != 0)
        goto syntax;
    for (c += 2; *c >= '0' && *c <= '9' && sf < 100; c++)
        sf = sf * 10 + (unsigned)(*c - '0');
    if (strncmp(c, "BW", 2) != 0)
        goto syntax;
    for (c += 2; *c >= '0' && *c <= '9' && bw < 100000; c++)
        bw = bw * 10 + (unsigned)(*c - '0');
    if (*c != '\0' || bw == 0)
        goto syntax;
    if (sf < 5 || sf > 12)
        return uplink__fail_member(MYK10_ERANGE, path, "datr",
                                   "spreading factor %u outside 5..12", sf);
    out->spreading_factor = (uint8_t)sf;
    out->bandwidth_khz = bw;
    return MYK10_OK;
syntax:
    return uplink__fail_member(MYK10_EMALFORMED, path, "datr",
                               "expected \"SF<n>BW<kHz>\" for LoRa");
}

static myk10_status read_modulation(myk10_uplink *out, const json_t *packet, const char *path)
{
    const char *modu;
    bool present;
    myk10_status status = uplink__get_string(&modu, &present, packet, path, "modu");
    if (status != MYK10_OK || !present)
        return status;

    if (strcmp(modu, "LORA") == 0) {
        out->modulation = MYK10_UPLINK_MODULATION_LORA;
        status = read_lora_datr(out, packet, path);
        const char *codr;
        if (status == MYK10_OK)
            status = uplink__get_string(&codr, &present, packet, path, "codr");
        if (status == MYK10_OK && present)
            uplink__parse_coding_rate(&out->coding_rate_num, &out->coding_rate_den, codr);
        return status;
    }
    if (strcmp(modu, "FSK") == 0) {
        int64_t bitrate;
        out->modulation = MYK10_UPLINK_MODULATION_FSK;
        status = uplink__get_int(&bitrate, NULL, packet, path, "datr", 1, UINT32_MAX);
        if (status == MYK10_OK)
            out->bitrate = (uint32_t)bitrate;
        return status;
    }
    /* sx1302 gateways also send "LR-FHSS"; other values are left unknown
     * rather than rejected, so a new modulation does not drop the packet. */
    if (strcmp(modu, "LR-FHSS") == 0)
        out->modulation = MYK10_UPLINK_MODULATION_LR_FHSS;
    return MYK10_OK;
}

static myk10_status read_frequency(myk10_uplink *out, const json_t *packet, const char *path)
{
    double mhz;
    bool present;
    myk10_status status = uplink__get_real(&mhz, &present, packet, path, "freq");
    if (status != MYK10_OK || !present)
        return status;
    if (mhz <= 0 || mhz * 1e6 > (double)UINT32_MAX)
        return uplink__fail_member(MYK10_ERANGE, path, "freq",
                                   "%g MHz outside 0..4294.967295", mhz);
    out->frequency_hz = (uint32_t)llround(mhz * 1e6);
    return MYK10_OK;
}

static myk10_status read_crc(myk10_uplink *out, const json_t *packet, const char *path)
{
    int64_t stat;
    bool present;
    myk10_status status = uplink__get_int(&stat, &present, packet, path, "stat", -1, 1);
    if (status != MYK10_OK || !present)
        return status;
    out->crc = stat == 1 ? MYK10_UPLINK_CRC_OK
             : stat == -1 ? MYK10_UPLINK_CRC_BAD : MYK10_UPLINK_CRC_NONE;
    return MYK10_OK;
}

static myk10_status read_counters(myk10_uplink *out, const json_t *packet, const char *path)
{
    int64_t value;
    bool present;
    myk10_status status = uplink__get_int(&value, &present, packet, path, "tmst", 0, UINT32_MAX);
    if (status != MYK10_OK)
        return status;
    if (present) {
        out->tmst = (uint32_t)value;
        out->flags |= MYK10_UPLINK_HAS_TMST;
    }
    status = uplink__get_int(&value, &present, packet, path, "chan", 0, UINT32_MAX);
    if (status == MYK10_OK && present)
        out->channel = (uint32_t)value;
    if (status == MYK10_OK)
        status = uplink__get_int(&value, &present, packet, path, "rfch", 0, UINT32_MAX);
    if (status == MYK10_OK && present)
        out->rf_chain = (uint32_t)value;
    if (status == MYK10_OK)
        status = uplink__get_int(&value, &present, packet, path, "tmms", 0, INT64_MAX);
    if (status == MYK10_OK && present) {
        out->gps_time_ms = value;
        out->flags |= MYK10_UPLINK_HAS_GPS_TIME;
    }
    return status;
}

/* One antenna's reception, or the best so far. */
typedef struct reception {
    bool has_rssi, has_snr;
    double rssi, snr;
} reception;

static bool is_better(const reception *candidate, const reception *best)
{
    if (!candidate->has_rssi && !candidate->has_snr)
        return false;
    if (!best->has_rssi && !best->has_snr)
        return true;
    return uplink__better_reception(candidate->has_snr, candidate->snr,
                                    candidate->has_rssi ? candidate->rssi : -INFINITY,
                                    best->has_snr, best->snr,
                                    best->has_rssi ? best->rssi : -INFINITY);
}

static myk10_status read_antenna(reception *out, const json_t *rsig, const char *rsig_path,
                                 size_t index)
{
    char path[UPLINK_PATH_CAP];
    const json_t *antenna = json_array_get(rsig, index);

    uplink__path_index(path, rsig_path, index);
    if (!json_is_object(antenna))
        return myk10__fail(MYK10_EMALFORMED, "uplink: %s: expected an object", path);
    myk10_status status = uplink__get_real(&out->rssi, &out->has_rssi, antenna, path, "rssic");
    if (status == MYK10_OK)
        status = uplink__get_real(&out->snr, &out->has_snr, antenna, path, "lsnr");
    return status;
}

/* Protocol v2 gateways with several antennas put RSSI and SNR per antenna
 * into "rsig" instead of "rssi"/"lsnr"; the best antenna stands for all. */
static myk10_status read_rsig(myk10_uplink *out, const json_t *packet, const char *path)
{
    const json_t *rsig;
    bool present;
    myk10_status status = uplink__get_array(&rsig, &present, packet, path, "rsig");
    if (status != MYK10_OK || !present)
        return status;

    char rsig_path[UPLINK_PATH_CAP];
    reception best = { false, false, 0, 0 };
    uplink__path(rsig_path, path, "rsig");
    for (size_t i = 0; i < json_array_size(rsig); i++) {
        reception candidate = { false, false, 0, 0 };
        status = read_antenna(&candidate, rsig, rsig_path, i);
        if (status != MYK10_OK)
            return status;
        if (is_better(&candidate, &best))
            best = candidate;
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

static myk10_status read_signal(myk10_uplink *out, const json_t *packet, const char *path)
{
    bool has_rssi, has_snr;
    myk10_status status = uplink__get_real(&out->rssi_dbm, &has_rssi, packet, path, "rssi");
    if (status == MYK10_OK)
        status = uplink__get_real(&out->snr_db, &has_snr, packet, path, "lsnr");
    if (status != MYK10_OK)
        return status;
    if (has_rssi)
        out->flags |= MYK10_UPLINK_HAS_RSSI;
    if (has_snr)
        out->flags |= MYK10_UPLINK_HAS_SNR;
    if (has_rssi || has_snr)
        return MYK10_OK;
    return read_rsig(out, packet, path);
}

static myk10_status read_time(myk10_uplink *out, const json_t *packet, const char *path,
                              const struct myk10_uplink_reader *reader)
{
    bool present;
    myk10_status status = uplink__get_time(&out->time_sec, &out->time_nsec, &present,
                                           packet, path, "time");
    if (status == MYK10_OK && !present) {
        out->time_sec = reader->received_sec;
        out->time_nsec = reader->received_nsec;
        out->flags |= MYK10_UPLINK_TIME_FROM_CALLER;
    }
    return status;
}

static myk10_status read_payload(myk10_uplink *out, const json_t *packet, const char *path)
{
    int64_t size;
    bool present;
    myk10_status status = uplink__get_base64(out->payload, &out->payload_len, NULL,
                                             packet, path, "data");
    if (status == MYK10_OK)
        status = uplink__get_int(&size, &present, packet, path, "size", 0, UINT16_MAX);
    if (status != MYK10_OK)
        return status;
    /* A mismatch means the forwarder or something on the way garbled the
     * packet; better to say so than to hand on bytes of unknown origin. */
    if (present && (size_t)size != out->payload_len)
        return uplink__fail_member(MYK10_EMALFORMED, path, "size",
                                   "%lld does not match the %zu bytes of data",
                                   (long long)size, out->payload_len);
    return MYK10_OK;
}

myk10_status uplink__packet_forwarder_record(myk10_uplink *out,
                                             const struct myk10_uplink_reader *reader,
                                             size_t index)
{
    char path[UPLINK_PATH_CAP];
    const json_t *packet = json_array_get(reader->rxpk, index);
    myk10_uplink record;

    uplink__path_index(path, "rxpk", index);
    if (!json_is_object(packet))
        return myk10__fail(MYK10_EMALFORMED, "uplink: %s: expected an object", path);

    memset(&record, 0, sizeof record);
    record.format = MYK10_UPLINK_FORMAT_PACKET_FORWARDER;
    record.kind = MYK10_UPLINK_PHY_PAYLOAD;
    record.gateway_count = 1;
    if (reader->has_gateway_eui) {
        memcpy(record.gateway_eui, reader->gateway_eui, 8);
        record.flags |= MYK10_UPLINK_HAS_GATEWAY_EUI;
    }

    myk10_status status = read_payload(&record, packet, path);
    if (status == MYK10_OK)
        status = read_time(&record, packet, path, reader);
    if (status == MYK10_OK)
        status = read_counters(&record, packet, path);
    if (status == MYK10_OK)
        status = read_frequency(&record, packet, path);
    if (status == MYK10_OK)
        status = read_crc(&record, packet, path);
    if (status == MYK10_OK)
        status = read_modulation(&record, packet, path);
    if (status == MYK10_OK)
        status = read_signal(&record, packet, path);
    if (status == MYK10_OK)
        *out = record;
    return status;
}

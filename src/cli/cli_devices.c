/* SPDX-License-Identifier: Apache-2.0 */
/* Loading the devices file of the `myk10` tool. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cli.h"
#include "cli_devices.h"

bool cli_hex_decode(uint8_t *out, size_t cap, size_t *out_size, const char *text)
{
    size_t len = strlen(text);
    if (len % 2 != 0 || len / 2 > cap)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        int nibble = c >= '0' && c <= '9' ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (nibble < 0)
            return false;
        if (i % 2 == 0)
            out[i / 2] = (uint8_t)(nibble << 4);
        else
            out[i / 2] |= (uint8_t)nibble;
    }
    *out_size = len / 2;
    return true;
}

void cli_hex_encode(char *out, const uint8_t *data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < size; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    out[2 * size] = '\0';
}

/* Reads a fixed-size hex field (a key, an EUI, a DevAddr) of `size` bytes. */
static bool read_hex_field(uint8_t *out, size_t size, json_t *object, const char *key)
{
    size_t got;
    const char *text = json_string_value(json_object_get(object, key));
    return text && cli_hex_decode(out, size, &got, text) && got == size;
}

static uint64_t bytes_to_u64(const uint8_t *bytes, size_t size)
{
    uint64_t value = 0;
    for (size_t i = 0; i < size; i++)
        value = value << 8 | bytes[i];
    return value;
}

static bool copy_text(char *dst, size_t cap, json_t *object, const char *key, bool required)
{
    const char *text = json_string_value(json_object_get(object, key));
    if (!text) {
        dst[0] = '\0';
        return !required;
    }
    if (strlen(text) >= cap)
        return false;
    strcpy(dst, text);
    return true;
}

typedef struct key_field {
    const char *name;
    myk10_frame_key_role role;
} key_field;

static const key_field key_fields[] = {
    { "app_s_key", MYK10_KEY_APP_S },
    { "f_nwk_s_int_key", MYK10_KEY_F_NWK_S_INT },
    { "s_nwk_s_int_key", MYK10_KEY_S_NWK_S_INT },
    { "nwk_s_enc_key", MYK10_KEY_NWK_S_ENC },
    { "app_key", MYK10_KEY_APP },
    { "nwk_key", MYK10_KEY_NWK },
};

static const char *set_key(cli_device *device, myk10_frame_key_role role, const uint8_t *key)
{
    return myk10_frame_keys_set(device->keys, role, key) == MYK10_OK ? NULL
                                                                     : myk10_last_error();
}

/* Reads the "keys" member: a 1.0 NwkSKey fills the three network roles. */
static const char *read_keys(cli_device *device, json_t *keys)
{
    uint8_t key[16];
    const char *problem = NULL;
    if (!json_is_object(keys))
        return "'keys' must be an object";
    if (json_object_get(keys, "nwk_s_key")) {
        if (device->version != MYK10_LORAWAN_1_0 || !read_hex_field(key, 16, keys, "nwk_s_key"))
            return "'nwk_s_key' needs 32 hex digits and LoRaWAN 1.0";
        for (int role = MYK10_KEY_F_NWK_S_INT; role <= MYK10_KEY_NWK_S_ENC && !problem; role++)
            problem = set_key(device, (myk10_frame_key_role)role, key);
    }
    for (size_t i = 0; i < sizeof key_fields / sizeof key_fields[0] && !problem; i++) {
        if (!json_object_get(keys, key_fields[i].name))
            continue;
        if (!read_hex_field(key, 16, keys, key_fields[i].name))
            problem = "a key needs 32 hex digits";
        else
            problem = set_key(device, key_fields[i].role, key);
    }
    sodium_memzero(key, sizeof key);
    return problem;
}

/* Creates the keys object of one device from its "keys" member. */
static const char *load_keys(cli_device *device, json_t *keys)
{
    if (myk10_frame_keys_create(&device->keys, device->version) != MYK10_OK)
        return myk10_last_error();
    return read_keys(device, keys);
}

static void load_heights(myk10_codec_context *ctx, json_t *entry)
{
    json_t *mounting = json_object_get(entry, "mounting_height_m");
    json_t *probe = json_object_get(entry, "probe_height_m");
    myk10_codec_context_init(ctx);
    if (json_is_number(mounting)) {
        ctx->has_mounting_height = true;
        ctx->mounting_height_m = json_number_value(mounting);
    }
    if (json_is_number(probe)) {
        ctx->has_probe_height = true;
        ctx->probe_height_m = json_number_value(probe);
    }
}

/* Fills one device; returns NULL or what is wrong with the entry. */
static const char *load_device(cli_device *device, json_t *entry)
{
    uint8_t eui[8], addr[4];
    const char *version = json_string_value(json_object_get(entry, "lorawan"));
    if (!json_is_object(entry))
        return "not an object";
    if (!copy_text(device->id, sizeof device->id, entry, "id", true))
        return "'id' missing or longer than 63 bytes";
    if (!copy_text(device->name, sizeof device->name, entry, "name", false) ||
        !copy_text(device->river, sizeof device->river, entry, "river", false) ||
        !copy_text(device->codec, sizeof device->codec, entry, "codec", false))
        return "'name', 'river' or 'codec' too long";
    if (!read_hex_field(eui, 8, entry, "dev_eui") || !read_hex_field(addr, 4, entry, "dev_addr"))
        return "'dev_eui' (16 hex digits) and 'dev_addr' (8 hex digits) are required";
    device->dev_eui = bytes_to_u64(eui, 8);
    device->dev_addr = (uint32_t)bytes_to_u64(addr, 4);
    if (!version || (strcmp(version, "1.0") != 0 && strcmp(version, "1.1") != 0))
        return "'lorawan' must be \"1.0\" or \"1.1\"";
    device->version = version[2] == '0' ? MYK10_LORAWAN_1_0 : MYK10_LORAWAN_1_1;
    device->lat = json_number_value(json_object_get(entry, "lat"));
    device->lon = json_number_value(json_object_get(entry, "lon"));
    load_heights(&device->codec_context, entry);
    json_t *fcnt_up = json_object_get(entry, "fcnt_up");
    if (fcnt_up && (!json_is_integer(fcnt_up) || json_integer_value(fcnt_up) < 0 ||
                    json_integer_value(fcnt_up) > UINT32_MAX))
        return "'fcnt_up' must be an integer 0..4294967295";
    device->has_fcnt_up = fcnt_up != NULL;
    device->fcnt_up = (uint32_t)json_integer_value(fcnt_up);
    return load_keys(device, json_object_get(entry, "keys"));
}

int cli_devices_load(cli_devices *out, const char *path)
{
    json_error_t error;
    json_t *root = json_load_file(path, 0, &error);
    if (!root) {
        fprintf(stderr, "myk10: MYK10_EMALFORMED: %s:%d:%d: %s\n", path, error.line,
                error.column, error.text);
        return CLI_EXIT_FAILED;
    }
    json_t *list = json_object_get(root, "devices");
    size_t count = json_array_size(list);
    out->items = count ? calloc(count, sizeof *out->items) : NULL;
    out->count = 0;
    if (!json_is_array(list) || (count && !out->items)) {
        fprintf(stderr, "myk10: MYK10_EMALFORMED: %s: expected {\"devices\": [...]}\n", path);
        json_decref(root);
        return CLI_EXIT_FAILED;
    }
    for (size_t i = 0; i < count; i++) {
        const char *problem = load_device(&out->items[i], json_array_get(list, i));
        out->count = i + 1; /* so that cli_devices_free() releases this entry's keys */
        if (problem) {
            fprintf(stderr, "myk10: MYK10_EMALFORMED: %s: devices[%zu]: %s\n", path, i, problem);
            json_decref(root);
            cli_devices_free(out);
            return CLI_EXIT_FAILED;
        }
    }
    json_decref(root);
    return CLI_EXIT_OK;
}

void cli_devices_free(cli_devices *devices)
{
    for (size_t i = 0; i < devices->count; i++)
        myk10_frame_keys_destroy(devices->items[i].keys);
    free(devices->items);
    devices->items = NULL;
    devices->count = 0;
}

const cli_device *cli_devices_find_addr(const cli_devices *devices, uint32_t dev_addr)
{
    for (size_t i = 0; i < devices->count; i++)
        if (devices->items[i].dev_addr == dev_addr)
            return &devices->items[i];
    return NULL;
}

const cli_device *cli_devices_find_eui(const cli_devices *devices, const uint8_t eui[8])
{
    uint64_t wanted = bytes_to_u64(eui, 8);
    for (size_t i = 0; i < devices->count; i++)
        if (devices->items[i].dev_eui == wanted)
            return &devices->items[i];
    return NULL;
}

const cli_device *cli_devices_find_id(const cli_devices *devices, const char *id)
{
    for (size_t i = 0; i < devices->count; i++)
        if (strcmp(devices->items[i].id, id) == 0)
            return &devices->items[i];
    return NULL;
}

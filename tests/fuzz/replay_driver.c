/* SPDX-License-Identifier: Apache-2.0 */
/* Replays every file of a corpus directory through a fuzz target, so that
 * the inputs fuzzing found stay regression tests in builds without libFuzzer.
 * Usage: replay_<name> DIR [DIR...] */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, len = 0, got;
    uint8_t *data = malloc(cap);
    while (data && (got = fread(data + len, 1, cap - len, file)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *bigger = realloc(data, cap *= 2);
            if (!bigger)
                free(data);
            data = bigger;
        }
    }
    fclose(file);
    if (!data) {
        fprintf(stderr, "%s: out of memory\n", path);
        return 1;
    }
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the files of `dir` in name order; returns the number replayed or -1. */
static int replay_dir(const char *dir)
{
    DIR *handle = opendir(dir);
    if (!handle) {
        perror(dir);
        return -1;
    }
    char *names[4096];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(handle)) && count < 4096)
        if (entry->d_name[0] != '.')
            names[count++] = strdup(entry->d_name);
    closedir(handle);
    qsort(names, (size_t)count, sizeof names[0], compare_names);

    int failures = 0;
    for (int i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        failures += replay_file(path);
        free(names[i]);
    }
    return failures ? -1 : count;
}

int main(int argc, char **argv)
{
    int total = 0;
    for (int i = 1; i < argc; i++) {
        int replayed = replay_dir(argv[i]);
        if (replayed < 0)
            return 1;
        total += replayed;
    }
    /* A target that crashes never gets here; reaching it means all passed. */
    printf("%d passed, 0 failed\n", total);
    return total > 0 ? 0 : 1;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The smallest libmyk10 program: initialise, use a helper, handle an error.
 * Build against an installed library:
 *     cc hello.c $(pkg-config --cflags --libs myk10) -o hello */
#include <stdio.h>

#include <myk10/myk10.h>

int main(void)
{
    if (myk10_init() != MYK10_OK) {
        fprintf(stderr, "init: %s\n", myk10_last_error());
        return 1;
    }
    printf("libmyk10 %s (headers %s)\n", myk10_version(), MYK10_VERSION_STRING);

    /* Mayen to Koblenz, as the crow flies. */
    double metres;
    if (myk10_geo_distance(&metres, 50.3275, 7.2225, 50.3569, 7.5890) != MYK10_OK) {
        fprintf(stderr, "distance: %s\n", myk10_last_error());
        return 1;
    }
    printf("Mayen -> Koblenz: %.0f m\n", metres);

    /* A wrong input comes back as a status with a precise message. */
    int64_t t;
    myk10_status status = myk10_time_parse(&t, NULL, "2026-11-26 08:00:00Z");
    printf("parse '2026-11-26 08:00:00Z': %s (%s)\n", myk10_status_name(status),
           myk10_last_error());

    if (myk10_time_parse(&t, NULL, "2026-11-26T09:00:00+01:00") != MYK10_OK)
        return 1;
    char text[MYK10_TIME_STRLEN];
    myk10_time_format(text, sizeof text, t);
    printf("2026-11-26T09:00:00+01:00 is %s = %lld\n", text, (long long)t);
    return status == MYK10_EMALFORMED ? 0 : 1;
}

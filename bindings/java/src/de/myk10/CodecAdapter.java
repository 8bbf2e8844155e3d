// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bridge between the C registry and a {@link Codec}: the JNI trampoline
 * calls {@link #decode} with the borrowed C list. Every Throwable is caught
 * here, because it cannot travel through the C frames of the registry; it
 * is kept per thread and attached to the ECALLBACK exception the decode
 * call then throws.
 */
final class CodecAdapter {
    private static final ThreadLocal<Throwable> FAILURE = new ThreadLocal<>();

    private final Codec codec;

    CodecAdapter(Codec codec) {
        this.codec = codec;
    }

    /* Called from C (signature in myk10_java.i). Returns a status code. */
    int decode(long list, byte[] payload, byte[] device, long time, int fport,
               boolean hasMountingHeight, double mountingHeight,
               boolean hasProbeHeight, double probeHeight) {
        try {
            CodecContext ctx = new CodecContext()
                    .device(new String(device, StandardCharsets.UTF_8))
                    .time(time)
                    .fport(fport)
                    .mountingHeight(hasMountingHeight ? mountingHeight : null)
                    .probeHeight(hasProbeHeight ? probeHeight : null);
            List<Measurement> result = codec.decode(payload, ctx);
            if (result != null) {
                // Not owned: the list belongs to the registry's caller.
                MeasurementList target = new MeasurementList(list, false);
                for (Measurement m : result) {
                    target.add(m.withDefaults(ctx.device(), ctx.time()));
                }
            }
            return Status.OK.code();
        } catch (Throwable t) {
            FAILURE.set(t);
            return Status.ECALLBACK.code();
        }
    }

    static void clearFailure() {
        FAILURE.remove();
    }

    /* The exception to throw for a failed decode: with the codec's own
     * exception as cause and in the message, when there is one. */
    static Myk10Exception withFailure(Myk10Exception e) {
        Throwable cause = FAILURE.get();
        FAILURE.remove();
        if (cause == null || e.getStatus() != Status.ECALLBACK) {
            return e;
        }
        Myk10Exception wrapped = new Myk10Exception(Status.ECALLBACK,
                e.getMessage() + ": " + cause, e.getOffset());
        wrapped.initCause(cause);
        return wrapped;
    }
}

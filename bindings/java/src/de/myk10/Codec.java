// SPDX-License-Identifier: Apache-2.0
package de.myk10;

import java.util.List;

/**
 * A payload codec written in Java, registered with
 * {@link CodecRegistry#register(String, Codec)}. The registry calls it for
 * every payload decoded under its name.
 *
 * <p>Throwing fails that decode: the caller of
 * {@link CodecRegistry#decode(String, byte[], CodecContext)} gets a
 * {@link Myk10Exception} with status {@link Status#ECALLBACK} whose message
 * includes this exception's and whose cause is this exception. Nothing the
 * codec returned before is kept.
 */
@FunctionalInterface
public interface Codec {
    /**
     * @param payload the application payload (a copy; keep it if you like)
     * @param ctx what is known about the frame: device, receive time, FPort,
     *            gauge heights
     * @return the measurements; a measurement without device or time gets
     *         the context's
     */
    List<Measurement> decode(byte[] payload, CodecContext ctx);
}

// SPDX-License-Identifier: Apache-2.0
/**
 * libmyk10 for Java: the core of the Smarte Region MYK10 services.
 *
 * <p>{@link de.myk10.Myk10} is the static entry point. Failures throw the
 * unchecked {@link de.myk10.Myk10Exception} with a {@link de.myk10.Status};
 * nothing returns a status code. Times are seconds since
 * 1970-01-01T00:00:00Z, distances metres, coordinates WGS84 degrees.
 *
 * <p>The native library {@code libmyk10_jni.so} is loaded from
 * {@code java.library.path} when the first call is made. Every method may be
 * called from any thread; each exception carries the message of the failure
 * on its own thread.
 */
package de.myk10;

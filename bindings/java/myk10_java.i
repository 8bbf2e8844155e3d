/* SPDX-License-Identifier: Apache-2.0 */
/*
 * myk10_java.i - Java glue around the language-neutral interface.
 *
 * Generates, in package de.myk10: Myk10 (the static facade), Myk10Constants
 * (constants Myk10 inherits) and the package-private Myk10JNI, plus the C
 * wrapper built into libmyk10_jni.so. Status and Myk10Exception are
 * hand-written (src/de/myk10/).
 */
%module Myk10

/* Java names: strip myk10_ / myk10_bind_, then lowerCamelCase. */
%rename("%(lowercamelcase)s", sourcefmt="%(regex:/^myk10_(bind_)?(.*)$/\\2/)s",
        %$isfunction) "";
%rename(timeParseNanos) myk10_bind_time_parse_ns;

/* Hooks used by the typemaps in myk10.i. The exception is only made
 * pending: the wrapper goes on to release its arguments (strings) and
 * returns a value Java discards. Typemaps that run after a status check must
 * therefore make no JNI calls other than releases when one is pending. */
%define MYK10_THROW(code)
    myk10_java_throw(jenv, code)
%enddef
%define MYK10_VOID_RESULT
%enddef

/* A returned status becomes `void` (or an exception). */
%typemap(jni) myk10_status "void"
%typemap(jtype) myk10_status "void"
%typemap(jstype) myk10_status "void"
%typemap(javaout) myk10_status {
    $jnicall;
  }

/* Pairs such as (seconds, nanoseconds) become a long[2]. */
%typemap(jni) myk10_bind_pair "jlongArray"
%typemap(jtype) myk10_bind_pair "long[]"
%typemap(jstype) myk10_bind_pair "long[]"
%typemap(javaout) myk10_bind_pair {
    return $jnicall;
  }
%typemap(out) myk10_bind_pair {
    jlong values[2];
    values[0] = (jlong)$1.first;
    values[1] = (jlong)$1.second;
    $result = JCALL1(NewLongArray, jenv, 2);
    if ($result)
        JCALL4(SetLongArrayRegion, jenv, $result, 0, 2, values);
}

/* Text crosses JNI as UTF-8 byte arrays, in both directions. JNI's own
 * string functions use "modified UTF-8" (NUL as two bytes, characters
 * outside the BMP as surrogate pairs) and must never see invalid bytes; the
 * C library speaks standard UTF-8 and may return bytes it read from input.
 * Java-side conversion (Myk10JNI.encode/decode) gets both right. As in
 * Python, text with an embedded NUL is rejected rather than cut short. */
%typemap(jni) const char * "jbyteArray"
%typemap(jtype) const char * "byte[]"
%typemap(jstype) const char * "String"
%typemap(javain) const char * "Myk10JNI.encode($javainput)"
%typemap(javaout) const char * {
    return Myk10JNI.decode($jnicall);
  }
%typemap(in) const char * {
    $1 = NULL;
    if ($input) {
        $1 = ($1_ltype)JCALL2(GetByteArrayElements, jenv, $input, NULL);
        if (!$1)
            return $null;
    }
}
%typemap(freearg) const char * {
    if ($1)
        JCALL3(ReleaseByteArrayElements, jenv, $input, (jbyte *)$1, JNI_ABORT);
}
%typemap(out) const char * {
    $result = NULL;
    if ($1) {
        jsize length = (jsize)strlen($1);
        $result = JCALL1(NewByteArray, jenv, length);
        if ($result)
            JCALL4(SetByteArrayRegion, jenv, $result, 0, length, (const jbyte *)$1);
    }
}

/* String constants (ASCII, from the headers) are plain Java Strings: the
 * constants interface assigns the JNI getter's result directly. */
%typemap(jni) const char *VERSION "jstring"
%typemap(jtype) const char *VERSION "String"
%typemap(jstype) const char *VERSION "String"
%typemap(out) const char *VERSION {
    $result = JCALL1(NewStringUTF, jenv, $1);
}

/* Class shapes: a final facade that cannot be instantiated; the JNI class
 * is an implementation detail and loads the native library itself. */
%pragma(java) moduleclassmodifiers="public final class"
%pragma(java) modulecode=%{
  private Myk10() {
  }
%}
%pragma(java) jniclassclassmodifiers="final class"
%pragma(java) jniclasscode=%{
  static {
    try {
      System.loadLibrary("myk10_jni");
    } catch (UnsatisfiedLinkError e) {
      UnsatisfiedLinkError detailed = new UnsatisfiedLinkError(
          "libmyk10: cannot load libmyk10_jni.so from java.library.path="
          + System.getProperty("java.library.path") + ": " + e.getMessage());
      detailed.initCause(e);
      throw detailed;
    }
  }

  private Myk10JNI() {
  }

  /* Text to the C library: UTF-8 with a terminating NUL; null stays null. */
  static byte[] encode(String text) {
    if (text == null) {
      return null;
    }
    if (text.indexOf('\0') >= 0) {
      throw new Myk10Exception(Status.EINVAL, "embedded NUL character in text", -1);
    }
    byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.util.Arrays.copyOf(utf8, utf8.length + 1);
  }

  /* Text from the C library; bytes that are not UTF-8 become U+FFFD. */
  static String decode(byte[] utf8) {
    return utf8 == null ? null : new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }
%}

%include "myk10.i"

%{
/* Binary name of the exception class and its JNI constructor
 * Myk10Exception(int code, byte[] utf8Message, long offset). */
#include <stdio.h>

#define MYK10_JAVA_EXCEPTION "de/myk10/Myk10Exception"
#define MYK10_JAVA_EXCEPTION_INIT "(I[BJ)V"

/* Last resort when Myk10Exception cannot be found: a RuntimeException
 * naming the status. ThrowNew wants modified UTF-8, so anything outside
 * ASCII becomes '?'. */
static void myk10_java_throw_fallback(JNIEnv *jenv, myk10_status code, const char *message)
{
    char text[600];
    size_t i;
    jclass runtime;

    snprintf(text, sizeof text, "%s (%s)", message, myk10_status_name(code));
    for (i = 0; text[i] != '\0'; i++)
        if ((unsigned char)text[i] >= 0x80)
            text[i] = '?';
    runtime = (*jenv)->FindClass(jenv, "java/lang/RuntimeException");
    if (runtime)
        (*jenv)->ThrowNew(jenv, runtime, text);
}

/* Makes a de.myk10.Myk10Exception for the failed status `code` pending.
 * The message travels as UTF-8 bytes and is decoded in Java, so whatever a
 * message quotes from the input cannot upset the JVM. (This code is C, so
 * JNI functions are called through the function table: (*jenv)->Fn(jenv, ...).) */
static void myk10_java_throw(JNIEnv *jenv, myk10_status code)
{
    int64_t offset;
    const char *message = myk10_bind_failure(code, &offset);
    jsize length = (jsize)strlen(message);
    jclass cls;
    jmethodID init;
    jbyteArray bytes;
    jobject exception;

    if ((*jenv)->ExceptionCheck(jenv))
        return; /* keep the exception that is already pending */

    cls = (*jenv)->FindClass(jenv, MYK10_JAVA_EXCEPTION);
    if (!cls) {
        (*jenv)->ExceptionClear(jenv);
        myk10_java_throw_fallback(jenv, code, message);
        return;
    }
    /* From here on a failed JNI call leaves its own exception pending
     * (OutOfMemoryError, NoSuchMethodError), which Java then sees. */
    init = (*jenv)->GetMethodID(jenv, cls, "<init>", MYK10_JAVA_EXCEPTION_INIT);
    if (!init)
        return;
    bytes = (*jenv)->NewByteArray(jenv, length);
    if (!bytes)
        return;
    (*jenv)->SetByteArrayRegion(jenv, bytes, 0, length, (const jbyte *)message);
    exception = (*jenv)->NewObject(jenv, cls, init, (jint)code, bytes, (jlong)offset);
    if (exception) {
        (*jenv)->Throw(jenv, (jthrowable)exception);
        (*jenv)->DeleteLocalRef(jenv, exception);
    }
    (*jenv)->DeleteLocalRef(jenv, bytes);
    (*jenv)->DeleteLocalRef(jenv, cls);
}
%}

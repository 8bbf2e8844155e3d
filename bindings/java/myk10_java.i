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
/* Methods of the handle classes: lowerCamelCase as well (devAddr). */
%rename("%(lowercamelcase)s", %$isfunction, %$ismember) "";
/* `boolean` is a Java keyword. */
%rename(booleanValue) MeasurementListShadow::boolean;

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

/* A failure detected by a typemap before the C call (e.g. a closed
 * handle): make the exception pending and leave before the call. */
%define MYK10_CHECK_FAIL(code)
    myk10_java_throw(jenv, code);
    return $null
%enddef

/* Bytes in: byte[], read for the duration of the call and released without
 * copying back (JNI_ABORT: the library never writes to its input). null is
 * refused like any other invalid argument. */
%typemap(jni) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) "jbyteArray"
%typemap(jtype) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) "byte[]"
%typemap(jstype) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) "byte[]"
%typemap(javain) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) "$javainput"
%typemap(in) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) {
    if (!$input) {
        myk10_clear_error();
        myk10_java_throw(jenv, MYK10_EINVAL);
        return $null;
    }
    $2 = (size_t)JCALL1(GetArrayLength, jenv, $input);
    $1 = (uint8_t *)JCALL2(GetByteArrayElements, jenv, $input, NULL);
    if (!$1)
        return $null;
}
%typemap(freearg) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) {
    if ($1)
        JCALL3(ReleaseByteArrayElements, jenv, $input, (jbyte *)$1, JNI_ABORT);
}

/* Bytes out: a new byte[]; a heap part of the result is wiped and freed here. */
%typemap(jni) myk10_bind_bytes "jbyteArray"
%typemap(jtype) myk10_bind_bytes "byte[]"
%typemap(jstype) myk10_bind_bytes "byte[]"
%typemap(javaout) myk10_bind_bytes {
    return $jnicall;
  }
%typemap(out) myk10_bind_bytes {
    $result = JCALL1(NewByteArray, jenv, (jsize)$1.size);
    if ($result && $1.size > 0)
        JCALL4(SetByteArrayRegion, jenv, $result, 0, (jsize)$1.size,
               (const jbyte *)($1.heap ? $1.heap : $1.small));
    myk10_bind_bytes_release(&$1);
}

/* EUIs: a long with the same 64 bits. */
%apply long long { myk10_bind_eui };

/* The JNIEnv of the call, for functions that keep Java references. */
%typemap(in, numinputs=0) JNIEnv *JENV "$1 = jenv;"

/* Handles are AutoCloseable: close() frees the C object at once (no
 * finalizers). A closed handle throws Myk10Exception(ESTATE). */
%define MYK10_JAVA_CLOSEABLE(TYPE)
%typemap(javainterfaces) TYPE "AutoCloseable"
%typemap(javacode) TYPE %{
  /** Frees the native object; further calls throw Myk10Exception(ESTATE). */
  @Override
  public void close() {
    delete();
  }
%}
%enddef
MYK10_JAVA_CLOSEABLE(FrameKeysShadow)
%typemap(javainterfaces) FrameShadow "AutoCloseable"
%typemap(javacode) FrameShadow %{
  /** Frees the native copy; further calls throw Myk10Exception(ESTATE). */
  @Override
  public void close() {
    delete();
  }

  /** Parses a PHYPayload (same as the constructor). */
  public static Frame parse(byte[] phy) {
    return new Frame(phy);
  }

  /** @return e.g. "UnconfirmedDataUp" */
  public String mtypeName() {
    return Myk10.frameMtypeName(mtype());
  }

  /** Verifies the MIC of a LoRaWAN 1.0 frame or 1.1 downlink with the 32-bit counter. */
  public void verify(FrameKeys keys, long fcnt) {
    verify(keys, fcnt, 0, (short) 0, (short) 0);
  }

  /** Computes the MIC with the 32-bit counter (other 1.1 inputs 0). */
  public byte[] computeMic(FrameKeys keys, long fcnt) {
    return computeMic(keys, fcnt, 0, (short) 0, (short) 0);
  }

  /** The MAC commands in FOpts, decrypted first for LoRaWAN 1.1. */
  public java.util.List<MacCommand> macCommands(FrameKeys keys, long fcnt) {
    return MacCommandList.decodeAll(decryptFopts(keys, fcnt), uplink());
  }

  @Override
  public String toString() {
    return String.format("%s(DevAddr %08X, FCnt %d)", mtypeName(), devAddr(), fcnt16());
  }
%}
MYK10_JAVA_CLOSEABLE(JoinAcceptShadow)
MYK10_JAVA_CLOSEABLE(UplinkReaderShadow)
MYK10_JAVA_CLOSEABLE(UplinkListShadow)

/* Device sessions. The SWIG layer of SessionTable stays private: the public
 * methods below take and return Java values (SessionInfo, UplinkResult,
 * List<Long>), and are synchronized because one C table must not be used
 * from two threads at once (uplinks change counters and cipher state) while
 * Java wrappers run in parallel. delete() is synchronized on the same
 * object, so close() waits for a running call. The record classes the SWIG
 * layer returns are package-private and freed as soon as they are read. */
%javamethodmodifiers SessionTableShadow::session_count "private";
%javamethodmodifiers SessionTableShadow::add_session "private";
%javamethodmodifiers SessionTableShadow::remove_session "private";
%javamethodmodifiers SessionTableShadow::info "private";
%javamethodmodifiers SessionTableShadow::info_at "private";
%javamethodmodifiers SessionTableShadow::update_session "private";
%javamethodmodifiers SessionTableShadow::find_packed "private";
%javamethodmodifiers SessionTableShadow::session_keys "private";
%javamethodmodifiers SessionTableShadow::next_fcnt_down "private";
%javamethodmodifiers SessionTableShadow::uplink_phy "private";
%javamethodmodifiers SessionTableShadow::uplink_parsed "private";
%javamethodmodifiers SessionTableShadow::save "private";
%rename(nextFcntDownNative) SessionTableShadow::next_fcnt_down;
%typemap(javaclassmodifiers) SessionRecordShadow "final class"
%typemap(javaclassmodifiers) SessionUplinkShadow "final class"
%typemap(javainterfaces) SessionTableShadow "AutoCloseable, Iterable<SessionInfo>"
%typemap(javacode) SessionTableShadow %{
  /** Frees the table, wiping every key and counter; further calls throw Myk10Exception(ESTATE). */
  @Override
  public void close() {
    delete();
  }

  /** @return the number of sessions */
  public synchronized int size() {
    return (int) sessionCount();
  }

  /**
   * Adds a session with the session keys of {@code keys}, whose version
   * becomes the session's; {@code info} gives DevEUI, DevAddr, counters
   * and codec name (its version is ignored). EEXISTS for a DevEUI already
   * in the table, ENOKEY if a network session key is missing, EINVAL for a
   * codec name longer than 31 UTF-8 bytes.
   */
  public synchronized void add(FrameKeys keys, SessionInfo info) {
    addSession(keys, info.devEui(), info.devAddr(), info.hasFcntUp(), info.fcntUp(),
               info.nfcntDown(), info.afcntDown(), info.lastConfirmed(), info.retransmitted(),
               info.codec());
  }

  /** Adds a session that has accepted no uplink yet. */
  public void add(FrameKeys keys, long devEui, long devAddr, String codec) {
    add(keys, new SessionInfo(devEui, devAddr).withCodec(codec));
  }

  /** Removes a session and wipes its keys (ENOTFOUND if there is none). */
  public synchronized void remove(long devEui) {
    removeSession(devEui);
  }

  /** @return the state of a session (ENOTFOUND if there is none) */
  public synchronized SessionInfo get(long devEui) {
    return SessionInfo.read(info(devEui));
  }

  /** @return whether a session with this DevEUI exists */
  public boolean contains(long devEui) {
    try {
      get(devEui);
      return true;
    } catch (Myk10Exception e) {
      if (e.getStatus() != Status.ENOTFOUND) {
        throw e;
      }
      return false;
    }
  }

  /**
   * Replaces counters, flags and codec name of the session {@code info.devEui()}.
   * DevAddr, version and keys stay: to change them, remove and add the session.
   */
  public synchronized void update(SessionInfo info) {
    updateSession(info.devEui(), info.hasFcntUp(), info.fcntUp(), info.nfcntDown(),
                  info.afcntDown(), info.lastConfirmed(), info.retransmitted(), info.codec());
  }

  /** @return the DevEUIs of the sessions with a DevAddr (several devices may share one) */
  public synchronized java.util.List<Long> find(long devAddr) {
    java.nio.ByteBuffer packed = java.nio.ByteBuffer.wrap(findPacked(devAddr));
    java.util.List<Long> euis = new java.util.ArrayList<>(packed.remaining() / 8);
    while (packed.remaining() >= 8) {
      euis.add(packed.getLong());
    }
    return euis;
  }

  /** @return a new keys object with the session keys of a session (close it when done) */
  public synchronized FrameKeys keys(long devEui) {
    return sessionKeys(devEui);
  }

  /**
   * Takes the next downlink counter and advances it: NFCntDown (1.0:
   * FCntDown), or AFCntDown for a 1.1 downlink with FPort &gt; 0
   * ({@code application}). ERANGE when the counter is exhausted.
   */
  public synchronized long nextFcntDown(long devEui, boolean application) {
    return nextFcntDownNative(devEui, application);
  }

  /** Same as {@code nextFcntDown(devEui, false)}. */
  public long nextFcntDown(long devEui) {
    return nextFcntDown(devEui, false);
  }

  /**
   * Processes a received PHYPayload: parse, session lookup, FCnt32, MIC,
   * counter check, decryption; the counter advances only if all pass.
   * ENOKEY: no session has the DevAddr; EINTEGRITY: no MIC matches;
   * EREPLAY: an authentic frame with an old counter; EGAP: an authentic
   * frame more than SESSION_MAX_FCNT_GAP ahead.
   * The data rate {@code txDr}, channel {@code txCh} and {@code confFcnt} are the
   * LoRaWAN 1.1 MIC inputs (ignored for 1.0).
   */
  public synchronized UplinkResult uplink(byte[] phy, int txDr, int txCh, int confFcnt) {
    SessionUplink raw = uplinkPhy(phy, confFcnt, (short) txDr, (short) txCh);
    try {
      return UplinkResult.read(raw);
    } finally {
      raw.delete();
    }
  }

  /** A LoRaWAN 1.0 uplink (or 1.1 with data rate, channel and ConfFCnt 0). */
  public UplinkResult uplink(byte[] phy) {
    return uplink(phy, 0, 0, 0);
  }

  /** As {@link #uplink(byte[], int, int, int)} for a frame parsed with {@link Frame#parse}. */
  public synchronized UplinkResult uplink(Frame frame, int txDr, int txCh, int confFcnt) {
    SessionUplink raw = uplinkParsed(frame, confFcnt, (short) txDr, (short) txCh);
    try {
      return UplinkResult.read(raw);
    } finally {
      raw.delete();
    }
  }

  public UplinkResult uplink(Frame frame) {
    return uplink(frame, 0, 0, 0);
  }

  /**
   * The whole table as deterministic CBOR. <b>It holds the session keys in
   * clear</b>: store it like the keys, and overwrite the array when done.
   */
  public synchronized byte[] snapshot() {
    return save();
  }

  /** @return copies of every session's state, in the table's internal order */
  public synchronized java.util.List<SessionInfo> sessions() {
    int n = (int) sessionCount();
    java.util.List<SessionInfo> result = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(SessionInfo.read(infoAt(i)));
    }
    return result;
  }

  /** Iterates over a copy taken now ({@link #sessions()}). */
  @Override
  public java.util.Iterator<SessionInfo> iterator() {
    return sessions().iterator();
  }

  @Override
  public String toString() {
    return "SessionTable(" + size() + " sessions)";
  }
%}

/* Elements borrowed from a list point into it: the element keeps the list
 * reachable, so the garbage collector cannot free the list first. */
%define MYK10_JAVA_ELEMENT(TYPE)
%typemap(javaout) TYPE * {
    long cPtr = $jnicall;
    if (cPtr == 0) {
      return null;
    }
    $javaclassname element = new $javaclassname(cPtr, $owner);
    element.swigParent = this;
    return element;
  }
%enddef
MYK10_JAVA_ELEMENT(UplinkShadow)
MYK10_JAVA_ELEMENT(MacCommandShadow)

%typemap(javacode) UplinkShadow %{
  /* The list this record is borrowed from, if any (see UplinkList.get). */
  Object swigParent;

  /** @return whether an UPLINK_HAS_* (or other) flag is set */
  public boolean has(int flag) {
    return (flags() & flag) != 0;
  }
%}
%typemap(javainterfaces) MacCommandShadow "AutoCloseable"
%typemap(javacode) MacCommandShadow %{
  /* The list this command is borrowed from, if any (see MacCommandList.get). */
  Object swigParent;

  /** Frees a command you created; a no-op for one borrowed from a list. */
  @Override
  public void close() {
    delete();
  }

  /** @return the fields of this command in its direction, in wire order */
  public java.util.Map<String, Long> fields() {
    java.util.Map<String, Long> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < fieldCount(); i++) {
      String name = fieldName(i);
      map.put(name, field(name));
    }
    return map;
  }

  @Override
  public String toString() {
    return name() + fields();
  }
%}

%typemap(javainterfaces) MacCommandListShadow "AutoCloseable"
%typemap(javacode) MacCommandListShadow %{
  @Override
  public void close() {
    delete();
  }

  /** @return the commands as a list; each keeps this list alive */
  public java.util.List<MacCommand> toList() {
    java.util.List<MacCommand> commands = new java.util.ArrayList<>();
    for (long i = 0; i < count(); i++) {
      commands.add(get(i));
    }
    return commands;
  }

  /** Decodes MAC commands (FOpts or an FPort-0 payload) into a Java list. */
  public static java.util.List<MacCommand> decodeAll(byte[] data, boolean uplink) {
    return decode(data, uplink).toList();
  }

  /** Encodes commands for FOpts or an FPort-0 payload. */
  public static byte[] encodeAll(java.util.List<MacCommand> commands) {
    try (MacCommandList list = new MacCommandList()) {
      for (MacCommand command : commands) {
        list.append(command);
      }
      return list.encode();
    }
  }
%}

%typemap(javainterfaces) MeasurementListShadow "AutoCloseable"
%typemap(javacode) MeasurementListShadow %{
  @Override
  public void close() {
    delete();
  }

  /** Appends a copy of a measurement. */
  public void add(Measurement m) {
    add(m.device(), m.quantity(), m.unit(), m.time(), m.timeNs(), m.channel(), m.kind(),
        m.number(), m.booleanValue(), m.kind() == Myk10.VALUE_STRING ? m.text() : "",
        m.kind() == Myk10.VALUE_DATA ? m.data() : new byte[0], m.hasSum(), m.sum());
  }

  /** @return copies of every measurement, in order */
  public java.util.List<Measurement> toList() {
    int n = (int) count();
    java.util.List<Measurement> result = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(Measurement.read(this, i));
    }
    return result;
  }
%}

%javamethodmodifiers CodecRegistryShadow::register_host "private";
%javamethodmodifiers CodecRegistryShadow::decode "private";
%rename(decodeInto) CodecRegistryShadow::decode;
%typemap(javainterfaces) CodecRegistryShadow "AutoCloseable"
%typemap(javacode) CodecRegistryShadow %{
  @Override
  public void close() {
    delete();
  }

  /**
   * Registers a codec written in Java. The registry holds it (a JNI global
   * reference) until it is unregistered or the registry is closed. An
   * exception thrown by the codec fails the decode with
   * Myk10Exception(ECALLBACK) whose message ends with the exception's
   * and whose cause is the exception.
   */
  public void register(String name, Codec codec) {
    if (codec == null) {
      throw new Myk10Exception(Status.EINVAL, "codec must not be null", -1);
    }
    registerHost(name, new CodecAdapter(codec));
  }

  /** Decodes with codec {@code name}, appending to {@code list}. */
  public void decode(MeasurementList list, String name, byte[] payload, CodecContext ctx) {
    CodecContext c = ctx == null ? new CodecContext() : ctx;
    CodecAdapter.clearFailure();
    try {
      decodeInto(list, name, c.device(), c.time(), c.fport(), c.hasMountingHeight(),
                 c.mountingHeight(), c.hasProbeHeight(), c.probeHeight(), payload);
    } catch (Myk10Exception e) {
      throw CodecAdapter.withFailure(e);
    } finally {
      CodecAdapter.clearFailure();
    }
  }

  /** Decodes with codec {@code name} into a new list of measurements. */
  public java.util.List<Measurement> decode(String name, byte[] payload, CodecContext ctx) {
    try (MeasurementList list = new MeasurementList()) {
      decode(list, name, payload, ctx);
      return list.toList();
    }
  }

  /** @return the names of every registered codec, in registration order */
  public java.util.List<String> names() {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (long i = 0; i < count(); i++) {
      names.add(name(i));
    }
    return names;
  }
%}

/* ---- host codecs written in Java ----
 * user_data holds a global reference to a de.myk10.CodecAdapter; its
 * decode() appends to the borrowed list and returns a status code (it
 * catches every Throwable and keeps it for the caller of decode). */
%{
#include <stdlib.h>
#include <myk10/myk10.h>

typedef struct myk10_java_codec {
    JavaVM *vm;
    jobject adapter;   /* global reference */
    jmethodID decode;
} myk10_java_codec;

#define MYK10_JAVA_CODEC_DECODE "(J[B[BJIZDZD)I"

/* The JNIEnv of the calling thread, attaching it if the registry is used
 * from a thread the JVM does not know. */
static JNIEnv *myk10_java_env(JavaVM *vm)
{
    void *env = NULL;
    if ((*vm)->GetEnv(vm, &env, JNI_VERSION_1_8) == JNI_OK)
        return (JNIEnv *)env;
    if ((*vm)->AttachCurrentThread(vm, &env, NULL) == JNI_OK)
        return (JNIEnv *)env;
    return NULL;
}

static myk10_status myk10_java_codec_call(myk10_measurements *out,
                                          const myk10_codec_context *ctx,
                                          const uint8_t *payload, size_t len, void *user_data)
{
    myk10_java_codec *codec = (myk10_java_codec *)user_data;
    JNIEnv *jenv = myk10_java_env(codec->vm);
    const char *device = ctx->device ? ctx->device : "";
    jbyteArray jpayload, jdevice;
    jint status;

    if (!jenv)
        return MYK10_ECALLBACK;
    jpayload = (*jenv)->NewByteArray(jenv, (jsize)len);
    jdevice = (*jenv)->NewByteArray(jenv, (jsize)strlen(device));
    if (!jpayload || !jdevice) {
        (*jenv)->ExceptionClear(jenv);
        return MYK10_ENOMEM;
    }
    if (len > 0)
        (*jenv)->SetByteArrayRegion(jenv, jpayload, 0, (jsize)len, (const jbyte *)payload);
    (*jenv)->SetByteArrayRegion(jenv, jdevice, 0, (jsize)strlen(device), (const jbyte *)device);
    status = (*jenv)->CallIntMethod(jenv, codec->adapter, codec->decode, (jlong)(intptr_t)out,
                                    jpayload, jdevice, (jlong)ctx->time, (jint)ctx->fport,
                                    (jboolean)ctx->has_mounting_height,
                                    (jdouble)ctx->mounting_height_m,
                                    (jboolean)ctx->has_probe_height,
                                    (jdouble)ctx->probe_height_m);
    /* The adapter catches everything; an Error thrown anyway must not
     * stay pending across the C frames of the registry. */
    if ((*jenv)->ExceptionCheck(jenv)) {
        (*jenv)->ExceptionClear(jenv);
        status = MYK10_ECALLBACK;
    }
    (*jenv)->DeleteLocalRef(jenv, jpayload);
    (*jenv)->DeleteLocalRef(jenv, jdevice);
    return (myk10_status)status;
}

static void myk10_java_codec_release(void *user_data)
{
    myk10_java_codec *codec = (myk10_java_codec *)user_data;
    JNIEnv *jenv = myk10_java_env(codec->vm);
    if (jenv)
        (*jenv)->DeleteGlobalRef(jenv, codec->adapter);
    free(codec);
}
%}

/* The flood module's Java shapes. */
%include "flood_java.i"

%include "myk10.i"


%extend CodecRegistryShadow {
    void register_host(JNIEnv *JENV, const char *name, jobject adapter, myk10_status *STATUS) {
        myk10_java_codec *codec;
        jclass cls;

        if (!adapter) {
            *STATUS = MYK10_EINVAL;
            return;
        }
        codec = (myk10_java_codec *)calloc(1, sizeof *codec);
        if (!codec) {
            *STATUS = MYK10_ENOMEM;
            return;
        }
        cls = (*JENV)->GetObjectClass(JENV, adapter);
        codec->decode = (*JENV)->GetMethodID(JENV, cls, "decode", MYK10_JAVA_CODEC_DECODE);
        (*JENV)->DeleteLocalRef(JENV, cls);
        if (!codec->decode || (*JENV)->GetJavaVM(JENV, &codec->vm) != 0) {
            (*JENV)->ExceptionClear(JENV);
            free(codec);
            *STATUS = MYK10_EINVAL;
            return;
        }
        codec->adapter = (*JENV)->NewGlobalRef(JENV, adapter);
        if (!codec->adapter) {
            (*JENV)->ExceptionClear(JENV);
            free(codec);
            *STATUS = MYK10_ENOMEM;
            return;
        }
        *STATUS = myk10_codec_registry_register($self, name, myk10_java_codec_call, codec,
                                                myk10_java_codec_release);
        if (*STATUS != MYK10_OK) {
            (*JENV)->DeleteGlobalRef(JENV, codec->adapter);
            free(codec);
        }
    }
}

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

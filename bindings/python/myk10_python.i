/* SPDX-License-Identifier: Apache-2.0 */
/*
 * myk10_python.i - Python glue around the language-neutral interface.
 *
 * Generates the low-level module myk10.core (core.py + _core*.so). Users
 * import the package `myk10`, whose __init__.py re-exports these functions
 * next to the hand-written Status enum and exception classes (errors.py).
 */
%module(docstring="Low-level SWIG layer of libmyk10. Import the myk10 package instead.") core

/* Python names: strip myk10_ / myk10_bind_, keep snake_case. */
%rename("%(regex:/^myk10_(bind_)?(.*)$/\\2/)s", %$isfunction) "";

/* Hooks used by the typemaps in myk10.i. A failure drops any result
 * already built and leaves the wrapper through its cleanup path. */
%define MYK10_THROW(code)
    Py_XDECREF($result);
    $result = NULL;
    myk10_python_raise(code);
    SWIG_fail
%enddef
%define MYK10_VOID_RESULT
    $result = SWIG_Py_Void()
%enddef

/* (seconds, nanoseconds) and similar pairs become a tuple of two ints. */
%typemap(doctype) myk10_bind_pair "(int, int)"
%typemap(out) myk10_bind_pair {
    $result = Py_BuildValue("(LL)", (long long)$1.first, (long long)$1.second);
    if (!$result)
        SWIG_fail;
}

/* Text arguments: only str (TypeError otherwise, like SWIG's own checks),
 * passed as UTF-8. The C library reads NUL-terminated text, so a string
 * with an embedded NUL would be silently cut short: reject it instead. */
%typemap(doctype) const char * "str"
%typemap(in) const char * (Py_ssize_t utf8_size) {
    if (!PyUnicode_Check($input)) {
        PyErr_Format(PyExc_TypeError, "in '%s', argument %d must be str, not %.100s",
                     "$symname", $argnum, Py_TYPE($input)->tp_name);
        SWIG_fail;
    }
    $1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &utf8_size);
    if (!$1)
        SWIG_fail;
    if (strlen($1) != (size_t)utf8_size) {
        myk10_python_raise_message(MYK10_EINVAL, "embedded NUL character in text", -1);
        SWIG_fail;
    }
}
%typemap(freearg) const char * ""  /* borrowed from the str object */
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
    $1 = PyUnicode_Check($input);
}

/* A failure detected by a typemap before the C call (e.g. a closed handle). */
%define MYK10_CHECK_FAIL(code)
    myk10_python_raise(code);
    SWIG_fail
%enddef

/* Bytes in: any object with the buffer protocol (bytes, bytearray,
 * memoryview), read in place for the duration of the call. str is refused
 * (TypeError): text is not bytes. */
%typemap(doctype) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) "bytes"
%typemap(in) (const uint8_t *BYTES, size_t BYTES_LEN) (Py_buffer view, int have_view = 0),
             (const uint8_t *BYTES2, size_t BYTES2_LEN) (Py_buffer view, int have_view = 0) {
    if (PyUnicode_Check($input) || PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "in '%s', argument %d must be bytes-like, not %.100s",
                     "$symname", $argnum, Py_TYPE($input)->tp_name);
        SWIG_fail;
    }
    have_view = 1;
    $1 = (uint8_t *)view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const uint8_t *BYTES, size_t BYTES_LEN), (const uint8_t *BYTES2, size_t BYTES2_LEN) {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}

/* Bytes out: a new bytes object; a heap part of the result is wiped and freed here. */
%typemap(doctype) myk10_bind_bytes "bytes"
%typemap(out) myk10_bind_bytes {
    $result = PyBytes_FromStringAndSize((const char *)($1.heap ? $1.heap : $1.small),
                                        (Py_ssize_t)$1.size);
    myk10_bind_bytes_release(&$1);
    if (!$result)
        SWIG_fail;
}

/* EUIs are non-negative ints up to 2**64 - 1. */
%apply unsigned long long { myk10_bind_eui };

/* Elements borrowed from a list point into it: keep the list alive. */
%pythonappend UplinkListShadow::get %{
    val._parent = self
%}
%pythonappend MacCommandListShadow::get %{
    val._parent = self
%}

/* ---- host codecs written in Python ----
 * The registry calls myk10_python_codec(); user_data is a Python callable
 * (myk10.frame._CodecAdapter) taking (list, payload, device, time, fport,
 * mounting_height, probe_height) that appends to the borrowed list and
 * returns True, or returns False after it caught the user's exception (it
 * keeps the exception for the caller of decode). Any exception that still
 * escapes is cleared here: C frames sit between this callback and Python. */
%{
#include <myk10/myk10.h>

static myk10_status myk10_python_codec(myk10_measurements *out, const myk10_codec_context *ctx,
                                       const uint8_t *payload, size_t len, void *user_data)
{
    /* The registry may be used from a thread the interpreter does not know
     * about (C code calling decode): take the GIL either way. */
    PyGILState_STATE gil = PyGILState_Ensure();
    myk10_status status = MYK10_ECALLBACK;
    PyObject *list, *result = NULL;
    swig_type_info *list_type = SWIG_TypeQuery("MeasurementListShadow *");

    list = list_type ? SWIG_NewPointerObj((void *)out, list_type, 0) : NULL;
    if (list) {
        PyObject *mounting = ctx->has_mounting_height ? PyFloat_FromDouble(ctx->mounting_height_m)
                                                      : (Py_INCREF(Py_None), Py_None);
        PyObject *probe = ctx->has_probe_height ? PyFloat_FromDouble(ctx->probe_height_m)
                                                : (Py_INCREF(Py_None), Py_None);
        if (mounting && probe)
            result = PyObject_CallFunction((PyObject *)user_data, "Oy#sLiOO", list,
                                           (const char *)payload, (Py_ssize_t)len,
                                           ctx->device ? ctx->device : "",
                                           (long long)ctx->time, (int)ctx->fport,
                                           mounting, probe);
        Py_XDECREF(mounting);
        Py_XDECREF(probe);
        /* Not owning (flags 0): dropping the proxy leaves the C list alone.
         * The adapter is ours and keeps no reference to it. */
        Py_DECREF(list);
    }
    if (result && PyObject_IsTrue(result) == 1)
        status = MYK10_OK;
    Py_XDECREF(result);
    PyErr_Clear();
    PyGILState_Release(gil);
    return status;
}

static void myk10_python_codec_release(void *user_data)
{
    PyGILState_STATE gil = PyGILState_Ensure();
    Py_DECREF((PyObject *)user_data);
    PyGILState_Release(gil);
}
%}

%include "myk10.i"


%extend CodecRegistryShadow {
    /* Registers a Python adapter (see myk10.frame.CodecRegistry.register). */
    void register_host(const char *name, PyObject *adapter, myk10_status *STATUS) {
        Py_INCREF(adapter);
        *STATUS = myk10_codec_registry_register($self, name, myk10_python_codec, adapter,
                                                myk10_python_codec_release);
        if (*STATUS != MYK10_OK)
            Py_DECREF(adapter);
    }
}

%{
/* myk10.errors._from_status(code, message, offset) -> exception instance,
 * looked up on first use (the GIL serialises the lookup). */
static PyObject *myk10_python_error_factory = NULL;

/* Raises the myk10.Error subclass for `code` with `message` and `offset`
 * (-1 = none). Outside the package (no myk10.errors) it still raises, as
 * RuntimeError. */
static void myk10_python_raise_message(myk10_status code, const char *message, int64_t offset)
{
    PyObject *text, *exception;

    if (!myk10_python_error_factory) {
        PyObject *errors = PyImport_ImportModule("myk10.errors");
        if (errors) {
            myk10_python_error_factory = PyObject_GetAttrString(errors, "_from_status");
            Py_DECREF(errors);
        }
        if (!myk10_python_error_factory) {
            PyErr_Clear();
            PyErr_Format(PyExc_RuntimeError, "%s (%s)", message, myk10_status_name(code));
            return;
        }
    }
    /* Messages may quote input; never fail on bytes that are not UTF-8. */
    text = PyUnicode_DecodeUTF8(message, (Py_ssize_t)strlen(message), "replace");
    if (!text)
        return;
    exception = PyObject_CallFunction(myk10_python_error_factory, "iNL", (int)code, text,
                                      (long long)offset);
    if (!exception)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exception), exception);
    Py_DECREF(exception);
}

/* Raises the exception for a failed libmyk10 call. */
static void myk10_python_raise(myk10_status code)
{
    int64_t offset;
    const char *message = myk10_bind_failure(code, &offset);
    myk10_python_raise_message(code, message, offset);
}
%}

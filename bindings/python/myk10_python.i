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

%include "myk10.i"

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

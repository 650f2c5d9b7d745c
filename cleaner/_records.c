/* The record's Removed rows in C: the fast path of record.removed_records.
 *
 * A page removes a hundred blocks or more, and a frozen dataclass's __init__ stores each field through
 * object.__setattr__, a call of the interpreter per field. removed(Removed, rows) makes each row as that
 * __init__ does (object.__new__, then object.__setattr__ for kind, rule and text in order), so the objects
 * are the same (tests/test_speedups_records.py compares them with the Python path, and REMOVED_FIELDS with
 * Removed's fields).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define N_FIELDS 3
static const char *field_names[N_FIELDS] = {"kind", "rule", "text"};
static PyObject *fields[N_FIELDS]; /* the names, interned */
static PyObject *no_args;

static PyObject *removed(PyObject *self, PyObject *args) {
    PyTypeObject *type;
    PyObject *rows_arg;
    if (!PyArg_ParseTuple(args, "O!O:removed", &PyType_Type, &type, &rows_arg)) return NULL;
    PyObject *rows = PySequence_Fast(rows_arg, "rows must be an iterable of (kind, rule, text)");
    if (rows == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(rows);
    PyObject *result = PyTuple_New(n);
    if (result == NULL) goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PySequence_Fast_GET_ITEM(rows, i);
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != N_FIELDS) {
            PyErr_SetString(PyExc_TypeError, "a row must be a tuple (kind, rule, text)");
            goto fail;
        }
        PyObject *item = type->tp_new(type, no_args, NULL);
        if (item == NULL) goto fail;
        PyTuple_SET_ITEM(result, i, item);
        for (int f = 0; f < N_FIELDS; f++) {
            if (PyObject_GenericSetAttr(item, fields[f], PyTuple_GET_ITEM(row, f)) < 0) goto fail;
        }
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    Py_DECREF(rows);
    return result;
}

static PyMethodDef methods[] = {
    {"removed", removed, METH_VARARGS,
     "removed(Removed, rows) -> tuple[Removed, ...]\n\nrecord.removed_records: Removed(kind, rule, text) for each row."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cleaner._records",
                                    "The record's Removed rows in C (see cleaner/record.py).", -1, methods};

PyMODINIT_FUNC PyInit__records(void) {
    PyObject *names = PyTuple_New(N_FIELDS);
    if (names == NULL) return NULL;
    for (int f = 0; f < N_FIELDS; f++) {
        fields[f] = PyUnicode_InternFromString(field_names[f]);
        if (fields[f] == NULL) goto fail;
        Py_INCREF(fields[f]);
        PyTuple_SET_ITEM(names, f, fields[f]);
    }
    no_args = PyTuple_New(0);
    if (no_args == NULL) goto fail;
    PyObject *module_object = PyModule_Create(&module);
    if (module_object == NULL) goto fail;
    if (PyModule_AddObject(module_object, "REMOVED_FIELDS", names) < 0) {
        Py_DECREF(module_object);
        goto fail;
    }
    return module_object;
fail:
    Py_DECREF(names);
    return NULL;
}

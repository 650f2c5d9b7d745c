/* The body scorer of cleaner/label/model.py in C: the same two stages, the same floats.
 *
 * text_model.body_probabilities is the reference; this module is its fast path and must agree with it
 * bit for bit (tests/test_speedups.py checks that on random forests and pages). The rules that keep the
 * floats the same:
 *   - stage 1 adds the baseline, then each tree's leaf in tree order;
 *   - the sigmoid is 1 / (1 + exp(-clip(z, -30, 30))) with the C library's exp, which math.exp calls;
 *   - window means come from prefix sums added left to right, as text_model._neighbour_scores does;
 *   - stage 2 adds bias, then weight * value in column order (features, then STAGE2_EXTRA);
 *   - the module is compiled with -ffp-contract=off, so no multiply-add is fused.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define N_EXTRA 6 /* text_model.STAGE2_EXTRA: p, ctx_mean_p, ctx_max_p, wide_mean_p, prev_p, next_p */

/* text_model.sigmoid: 1 / (1 + exp(-max(-30.0, min(30.0, z)))), NaN going to 30 as Python's min takes it. */
static double sigmoid(double z) {
    double low = z < 30.0 ? z : 30.0;
    double clipped = low > -30.0 ? low : -30.0;
    return 1.0 / (1.0 + exp(-clipped));
}

/* The mean of p over [i - radius, i + radius] without i itself, cut at the page's edges; 0 when empty. */
static double mean_around(const double *prefix, const double *p, Py_ssize_t n, Py_ssize_t i, Py_ssize_t radius) {
    Py_ssize_t lo = i - radius > 0 ? i - radius : 0;
    Py_ssize_t hi = i + radius + 1 < n ? i + radius + 1 : n;
    Py_ssize_t count = hi - lo - 1;
    return count > 0 ? (prefix[hi] - prefix[lo] - p[i]) / (double)count : 0.0;
}

typedef struct {
    Py_ssize_t n_features, n_trees, n_nodes, depth;
    /* A leaf reads feature 0 against an infinite threshold and is both its own children, so every row
       takes `depth` steps through every tree and stays on the leaf it reached. */
    const int32_t *roots, *feature;
    const int32_t *children; /* node k's child when its test fails at 2k, when it holds at 2k + 1 */
    const double *threshold, *value, *weights;     /* weights: n_features + N_EXTRA */
    double baseline, bias;
    Py_ssize_t near, wide;
} Model;

static int check_size(Py_ssize_t got, Py_ssize_t want, const char *what) {
    if (got != want) {
        PyErr_Format(PyExc_ValueError, "model %s: %zd bytes, expected %zd", what, got, want);
        return -1;
    }
    return 0;
}

/* Every index in range, so that no walk leaves the arrays, whatever a caller passes. */
static int check_indices(const Model *model) {
    for (Py_ssize_t t = 0; t < model->n_trees; t++) {
        if (model->roots[t] < 0 || model->roots[t] >= model->n_nodes) goto bad;
    }
    for (Py_ssize_t k = 0; k < model->n_nodes; k++) {
        if (model->feature[k] < 0 || model->feature[k] >= model->n_features) goto bad;
    }
    for (Py_ssize_t k = 0; k < 2 * model->n_nodes; k++) {
        if (model->children[k] < 0 || model->children[k] >= model->n_nodes) goto bad;
    }
    return 0;
bad:
    PyErr_SetString(PyExc_ValueError, "model arrays: a node, child or feature number out of range");
    return -1;
}

/* Reads every row that is not None into x (m rows of n_features); -1 with an exception on a bad row. */
static int read_rows(PyObject *rows, Py_ssize_t n, const Model *model, double *x, Py_ssize_t *scored) {
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PySequence_Fast_GET_ITEM(rows, i);
        if (row == Py_None) continue;
        PyObject *fast = PySequence_Fast(row, "a feature row must be a sequence of floats");
        if (fast == NULL) return -1;
        if (PySequence_Fast_GET_SIZE(fast) != model->n_features) {
            PyErr_Format(PyExc_ValueError, "a feature row of %zd values, the model reads %zd",
                         PySequence_Fast_GET_SIZE(fast), model->n_features);
            Py_DECREF(fast);
            return -1;
        }
        PyObject **items = PySequence_Fast_ITEMS(fast);
        double *out = x + m * model->n_features;
        for (Py_ssize_t j = 0; j < model->n_features; j++) {
            out[j] = PyFloat_AsDouble(items[j]);
            if (out[j] == -1.0 && PyErr_Occurred()) {
                Py_DECREF(fast);
                return -1;
            }
        }
        Py_DECREF(fast);
        scored[m++] = i;
    }
    return (int)m;
}

/* Stage 1 for m rows: baseline plus each tree's leaf, in tree order. The rows go through a tree side by
 * side, one level at a time: each row's walk is a chain of dependent loads, and m independent chains
 * keep the processor busy where one would wait on memory at every step. */
static void forest_scores(const Model *model, const double *x, Py_ssize_t m, int32_t *node, double *total) {
    for (Py_ssize_t r = 0; r < m; r++) total[r] = model->baseline;
    for (Py_ssize_t t = 0; t < model->n_trees; t++) {
        for (Py_ssize_t r = 0; r < m; r++) node[r] = model->roots[t];
        for (Py_ssize_t level = 0; level < model->depth; level++) {
            for (Py_ssize_t r = 0; r < m; r++) {
                int32_t k = node[r];
                /* An index, not a branch: which way a row goes is a coin toss the processor would often
                   guess wrong. NaN is never <= a threshold: it goes right, as in training. */
                node[r] = model->children[2 * k + (x[r * model->n_features + model->feature[k]] <= model->threshold[k])];
            }
        }
        for (Py_ssize_t r = 0; r < m; r++) total[r] += model->value[node[r]];
    }
}

static PyObject *body_probabilities(PyObject *self, PyObject *args) {
    PyObject *rows_arg;
    Py_buffer roots, feature, threshold, children, value, weights;
    Model model;
    if (!PyArg_ParseTuple(args, "Onnny*y*y*y*y*y*ddnn:body_probabilities", &rows_arg, &model.n_features,
                          &model.n_trees, &model.depth, &roots, &feature, &threshold, &children, &value, &weights,
                          &model.baseline, &model.bias, &model.near, &model.wide))
        return NULL;
    PyObject *result = NULL, *rows = NULL;
    double *x = NULL, *p = NULL, *prefix = NULL;
    Py_ssize_t *scored = NULL;
    int32_t *node = NULL;
    double *total = NULL;

    model.n_nodes = feature.len / (Py_ssize_t)sizeof(int32_t);
    if (check_size(roots.len, model.n_trees * (Py_ssize_t)sizeof(int32_t), "roots") ||
        check_size(feature.len, model.n_nodes * (Py_ssize_t)sizeof(int32_t), "feature") ||
        check_size(threshold.len, model.n_nodes * (Py_ssize_t)sizeof(double), "threshold") ||
        check_size(children.len, 2 * model.n_nodes * (Py_ssize_t)sizeof(int32_t), "children") ||
        check_size(value.len, model.n_nodes * (Py_ssize_t)sizeof(double), "value") ||
        check_size(weights.len, (model.n_features + N_EXTRA) * (Py_ssize_t)sizeof(double), "weights"))
        goto done;
    model.roots = roots.buf;
    model.feature = feature.buf;
    model.threshold = threshold.buf;
    model.children = children.buf;
    model.value = value.buf;
    model.weights = weights.buf;
    if (model.n_trees < 0 || model.depth < 0 || check_indices(&model)) goto done;

    rows = PySequence_Fast(rows_arg, "rows must be a sequence");
    if (rows == NULL) goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(rows);
    x = PyMem_Malloc(sizeof(double) * (size_t)(n * model.n_features + 1));
    p = PyMem_Calloc((size_t)n + 1, sizeof(double));
    prefix = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    scored = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    node = PyMem_Malloc(sizeof(int32_t) * (size_t)(n + 1));
    total = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    if (x == NULL || p == NULL || prefix == NULL || scored == NULL || node == NULL || total == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int m = read_rows(rows, n, &model, x, scored);
    if (m < 0) goto done;

    forest_scores(&model, x, m, node, total);
    for (Py_ssize_t r = 0; r < m; r++) p[scored[r]] = sigmoid(total[r]);
    prefix[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) prefix[i + 1] = prefix[i] + p[i];

    result = PyList_New(n);
    if (result == NULL) goto done;
    Py_ssize_t next_scored = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        double out = 0.0;
        if (next_scored < m && scored[next_scored] == i) {
            const double *row = x + next_scored * model.n_features;
            next_scored++;
            double near_max = 0.0;
            if (n > 1) {
                near_max = -INFINITY;
                for (Py_ssize_t d = -model.near; d <= model.near; d++) {
                    if (d != 0 && i + d >= 0 && i + d < n && p[i + d] > near_max) near_max = p[i + d];
                }
            }
            double extra[N_EXTRA] = {
                p[i],
                mean_around(prefix, p, n, i, model.near),
                near_max,
                mean_around(prefix, p, n, i, model.wide),
                i > 0 ? p[i - 1] : 0.0,
                i + 1 < n ? p[i + 1] : 0.0,
            };
            double z = model.bias;
            for (Py_ssize_t j = 0; j < model.n_features; j++) z += model.weights[j] * row[j];
            for (Py_ssize_t j = 0; j < N_EXTRA; j++) z += model.weights[model.n_features + j] * extra[j];
            out = sigmoid(z);
        }
        PyObject *item = PyFloat_FromDouble(out);
        if (item == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, item);
    }

done:
    Py_XDECREF(rows);
    PyMem_Free(x);
    PyMem_Free(p);
    PyMem_Free(prefix);
    PyMem_Free(scored);
    PyMem_Free(node);
    PyMem_Free(total);
    PyBuffer_Release(&roots);
    PyBuffer_Release(&feature);
    PyBuffer_Release(&threshold);
    PyBuffer_Release(&children);
    PyBuffer_Release(&value);
    PyBuffer_Release(&weights);
    return result;
}

static PyMethodDef methods[] = {
    {"body_probabilities", body_probabilities, METH_VARARGS,
     "body_probabilities(rows, n_features, n_trees, depth, roots, feature, threshold, children, value, weights,\n"
     "                   baseline, bias, near_window, wide_window) -> list[float]\n\n"
     "text_model.body_probabilities for one page; the model as packed arrays (see text_model.PackedModel)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cleaner._forest",
                                    "The text body scorer's two stages in C (see cleaner/label/model.py).", -1,
                                    methods};

PyMODINIT_FUNC PyInit__forest(void) { return PyModule_Create(&module); }

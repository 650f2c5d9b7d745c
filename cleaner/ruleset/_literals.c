/* A search for a fixed set of literal strings, the fast path of cleaner/literal_search.py.
 *
 * literal_search.literal_search builds one of these from three lists of strings and asks it one question
 * per text: does a "prefix" string start the text, an "after non-word" string occur at the start or right
 * after a non-word character, or an "anywhere" string occur anywhere? Its Python path answers with the
 * regexes that label.py used before (a trie regex each, `\W(?:...)` searched in " " + text for the second
 * list); this module must give the same boolean for every text (tests/test_speedups_literals.py). What
 * keeps it the same:
 *   - strings and texts are compared as code points, as re compares a str pattern without flags: no
 *     normalisation, and a lone surrogate or a NUL is a code point like any other;
 *   - a non-word character is what `\W` matches in a str pattern: not (Py_UNICODE_ISALNUM(ch) or '_'),
 *     the test re's engine makes;
 *   - the empty string is a literal like the others: it starts, follows a non-word character at the start
 *     of, and occurs in every text, the empty text included, as the regexes say.
 *
 * The strings go into one trie over code points, each end marked with the lists it came from. A query
 * walks the trie from each position whose character starts some string (tables by the first character
 * and by the first two), stopping as soon as no string below the node it reached may match there (a
 * mid-word position only admits the "anywhere" strings): Python's re runs its matcher at every position,
 * which was most of the time of these searches. The tables only skip walks that could not succeed; the
 * walk alone decides. The object never changes once built, so threads may share it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Which list a string came from; a node holds the set of them as bits. */
enum { PREFIX = 1, AFTER_NON_WORD = 2, ANYWHERE = 4 };
#define ROOT_TABLE 256 /* the root's children for code points below this, by direct lookup */
#define HINTS 4096     /* above it, a filter by code point modulo this before the binary search */

typedef struct {
    PyObject_HEAD
    Py_ssize_t n_nodes;
    uint8_t *ends;      /* the lists of the strings that end at node k */
    uint8_t *below;     /* the lists of the strings that end at node k or under it */
    Py_ssize_t *first;  /* node k's edges are first[k] .. first[k + 1] - 1 (n_nodes + 1 entries) */
    Py_UCS4 *label;     /* edge e's code point, ascending within a node */
    Py_ssize_t *target; /* the node edge e leads to */
    Py_ssize_t root_child[ROOT_TABLE]; /* 0: no edge (node 0 is the root, never a child) */
    uint8_t first_modes[ROOT_TABLE];   /* below[root_child[ch]]: the lists with a string that opens with ch */
    uint8_t hint_modes[HINTS];         /* above ROOT_TABLE: the same, ORed over the code points ch % HINTS */
    uint8_t pair_bits[65536 / 8];      /* bit pair_key(a, b) set when a string opens with a, b */
} Literals;

/* The low bytes of two code points: a filter on how a string opens (two code points may share a key). */
static inline unsigned pair_key(Py_UCS4 a, Py_UCS4 b) { return ((a & 0xFF) << 8) | (b & 0xFF); }

/* --- building ------------------------------------------------------------------------------------- */

/* The trie as it grows: node k hangs below parent[k] by code point cp[k]; last_child[k] is the newest
 * child of k (0: none yet). Nodes are numbered in creation order, so a parent comes before its child. */
typedef struct {
    Py_ssize_t n, capacity;
    Py_ssize_t *parent, *last_child;
    Py_UCS4 *cp;
    uint8_t *ends;
} Builder;

static void builder_free(Builder *b) {
    PyMem_Free(b->parent);
    PyMem_Free(b->last_child);
    PyMem_Free(b->cp);
    PyMem_Free(b->ends);
}

static int builder_grow(Builder *b) {
    if (b->capacity > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)sizeof(Py_ssize_t)) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t capacity = b->capacity ? 2 * b->capacity : 64;
    Py_ssize_t *parent = PyMem_Realloc(b->parent, (size_t)capacity * sizeof(Py_ssize_t));
    if (parent != NULL) b->parent = parent;
    Py_ssize_t *last_child = PyMem_Realloc(b->last_child, (size_t)capacity * sizeof(Py_ssize_t));
    if (last_child != NULL) b->last_child = last_child;
    Py_UCS4 *cp = PyMem_Realloc(b->cp, (size_t)capacity * sizeof(Py_UCS4));
    if (cp != NULL) b->cp = cp;
    uint8_t *ends = PyMem_Realloc(b->ends, (size_t)capacity);
    if (ends != NULL) b->ends = ends;
    if (parent == NULL || last_child == NULL || cp == NULL || ends == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->capacity = capacity;
    return 0;
}

static Py_ssize_t builder_new_node(Builder *b, Py_ssize_t parent, Py_UCS4 cp) {
    if (b->n == b->capacity && builder_grow(b) < 0) return -1;
    Py_ssize_t k = b->n++;
    b->parent[k] = parent;
    b->last_child[k] = 0;
    b->cp[k] = cp;
    b->ends[k] = 0;
    return k;
}

/* Adds (str(text), mode) to entries for every text of `texts`, an iterable of str (a str itself is refused:
 * it would be read as a list of its characters). The copies are exact str, so sorting them compares code
 * points whatever a subclass does. */
static int collect(PyObject *entries, PyObject *texts, int mode, const char *name) {
    if (PyUnicode_Check(texts) || PyBytes_Check(texts) || PyByteArray_Check(texts)) {
        PyErr_Format(PyExc_TypeError, "%s must be an iterable of str, not %.100s", name, Py_TYPE(texts)->tp_name);
        return -1;
    }
    PyObject *iter = PyObject_GetIter(texts);
    if (iter == NULL) return -1;
    PyObject *item;
    int status = 0;
    while (status == 0 && (item = PyIter_Next(iter)) != NULL) {
        if (!PyUnicode_Check(item)) {
            PyErr_Format(PyExc_TypeError, "%s must hold str, not %.100s", name, Py_TYPE(item)->tp_name);
            status = -1;
        } else {
            PyObject *text = PyUnicode_FromObject(item);
            PyObject *entry = text == NULL ? NULL : Py_BuildValue("(Ni)", text, mode);
            if (entry == NULL || PyList_Append(entries, entry) < 0) status = -1;
            Py_XDECREF(entry);
        }
        Py_DECREF(item);
    }
    Py_DECREF(iter);
    if (status == 0 && PyErr_Occurred()) status = -1;
    return status;
}

/* Inserts the entries, sorted by text, into the builder. Sorted, a node's children are made in ascending
 * order, and a child a text needs, if it exists, is the newest one: every text before it is smaller. */
static int insert_sorted(Builder *b, PyObject *entries) {
    if (builder_new_node(b, 0, 0) < 0) return -1; /* the root */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(entries); i++) {
        PyObject *entry = PyList_GET_ITEM(entries, i);
        PyObject *text = PyTuple_GET_ITEM(entry, 0);
        int mode = (int)PyLong_AsLong(PyTuple_GET_ITEM(entry, 1));
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(text) < 0) return -1;
#endif
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t length = PyUnicode_GET_LENGTH(text), node = 0;
        for (Py_ssize_t j = 0; j < length; j++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, j);
            Py_ssize_t child = b->last_child[node];
            if (child == 0 || b->cp[child] != ch) {
                child = builder_new_node(b, node, ch);
                if (child < 0) return -1;
                b->last_child[node] = child;
            }
            node = child;
        }
        b->ends[node] |= (uint8_t)mode;
    }
    return 0;
}

/* The grown trie in its query form: each node's edges side by side, ascending. */
static int freeze(Literals *self, Builder *b) {
    Py_ssize_t n = b->n;
    self->ends = PyMem_Malloc((size_t)n);
    self->below = PyMem_Malloc((size_t)n);
    self->first = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    self->label = PyMem_Malloc((size_t)n * sizeof(Py_UCS4)); /* n - 1 edges, at least one slot */
    self->target = PyMem_Malloc((size_t)n * sizeof(Py_ssize_t));
    if (self->ends == NULL || self->below == NULL || self->first == NULL || self->label == NULL ||
        self->target == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->n_nodes = n;
    memcpy(self->ends, b->ends, (size_t)n);
    memcpy(self->below, b->ends, (size_t)n);
    for (Py_ssize_t k = n - 1; k > 0; k--) self->below[b->parent[k]] |= self->below[k];
    /* first[k + 1] counts k's children, then the prefix sums make them offsets */
    for (Py_ssize_t k = 1; k < n; k++) self->first[b->parent[k] + 1]++;
    for (Py_ssize_t k = 0; k < n; k++) self->first[k + 1] += self->first[k];
    /* last_child becomes the number of edges of each node placed so far; creation order keeps them sorted */
    memset(b->last_child, 0, (size_t)n * sizeof(Py_ssize_t));
    for (Py_ssize_t k = 1; k < n; k++) {
        Py_ssize_t p = b->parent[k];
        Py_ssize_t e = self->first[p] + b->last_child[p]++;
        self->label[e] = b->cp[k];
        self->target[e] = k;
    }
    memset(self->pair_bits, 0, sizeof(self->pair_bits));
    for (Py_ssize_t k = 1; k < n; k++) {
        Py_ssize_t p = b->parent[k];
        if (p != 0 && b->parent[p] == 0) {
            unsigned key = pair_key(b->cp[p], b->cp[k]);
            self->pair_bits[key >> 3] |= (uint8_t)(1 << (key & 7));
        }
    }
    memset(self->root_child, 0, sizeof(self->root_child));
    memset(self->first_modes, 0, sizeof(self->first_modes));
    memset(self->hint_modes, 0, sizeof(self->hint_modes));
    for (Py_ssize_t e = self->first[0]; e < self->first[1]; e++) {
        Py_UCS4 ch = self->label[e];
        if (ch < ROOT_TABLE) {
            self->root_child[ch] = self->target[e];
            self->first_modes[ch] = self->below[self->target[e]];
        } else {
            self->hint_modes[ch % HINTS] |= self->below[self->target[e]];
        }
    }
    return 0;
}

static PyObject *Literals_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {"prefixes", "after_non_word", "anywhere", NULL};
    PyObject *lists[3] = {NULL, NULL, NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|OOO:Literals", keywords, &lists[0], &lists[1], &lists[2]))
        return NULL;
    static const int modes[3] = {PREFIX, AFTER_NON_WORD, ANYWHERE};
    Literals *self = NULL;
    Builder builder = {0, 0, NULL, NULL, NULL, NULL};
    PyObject *entries = PyList_New(0);
    if (entries == NULL) goto fail;
    for (int m = 0; m < 3; m++) {
        if (lists[m] != NULL && collect(entries, lists[m], modes[m], keywords[m]) < 0) goto fail;
    }
    if (PyList_Sort(entries) < 0) goto fail;
    if (insert_sorted(&builder, entries) < 0) goto fail;
    self = (Literals *)type->tp_alloc(type, 0);
    if (self == NULL) goto fail;
    /* tp_alloc zeroes the object: the arrays are NULL until freeze, and dealloc frees what is there */
    if (freeze(self, &builder) < 0) goto fail;
    builder_free(&builder);
    Py_DECREF(entries);
    return (PyObject *)self;
fail:
    builder_free(&builder);
    Py_XDECREF(entries);
    Py_XDECREF(self);
    return NULL;
}

static void Literals_dealloc(Literals *self) {
    PyTypeObject *type = Py_TYPE(self);
    PyMem_Free(self->ends);
    PyMem_Free(self->below);
    PyMem_Free(self->first);
    PyMem_Free(self->label);
    PyMem_Free(self->target);
    type->tp_free((PyObject *)self);
    Py_DECREF(type); /* a heap type: each instance holds a reference to it */
}

/* --- searching ------------------------------------------------------------------------------------ */

/* Bit ch set when ch is a word character of re (`\w` for str: Py_UNICODE_ISALNUM(ch) or '_'), for the
 * Basic Multilingual Plane; filled once at import from the macro itself, then only read. Above it the
 * macro is asked each time (emoji and the like: rare). */
static uint8_t word_bits[0x10000 / 8];
static uint8_t after_latin1[256]; /* AFTER_NON_WORD for a non-word character below 256, else 0 */

/* AFTER_NON_WORD when ch is a non-word character, else 0. */
static inline int after_of(Py_UCS4 ch) {
    if (ch < 256) return after_latin1[ch];
    if (ch < 0x10000) return (word_bits[ch >> 3] >> (ch & 7)) & 1 ? 0 : AFTER_NON_WORD;
    return Py_UNICODE_ISALNUM(ch) ? 0 : AFTER_NON_WORD;
}

/* Node `node`'s child by code point ch; 0 when it has none. */
static inline Py_ssize_t child_of(const Literals *self, Py_ssize_t node, Py_UCS4 ch) {
    if (node == 0 && ch < ROOT_TABLE) return self->root_child[ch];
    Py_ssize_t lo = self->first[node], hi = self->first[node + 1];
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (self->label[mid] < ch)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < self->first[node + 1] && self->label[lo] == ch ? self->target[lo] : 0;
}

/* One search per string kind, so that reading a character is one load. Position 0 admits the strings of
 * all three lists; a later one the "anywhere" strings, and the "after non-word" ones when the character
 * before it is a non-word character. Where the character opens a string of a list the position admits
 * (first_modes, or hint_modes as a superset above ROOT_TABLE), a string of one character may end there;
 * longer ones are walked down the trie, while some string of such a list lies below, unless pair_bits
 * says that none opens with these two characters (most starts end there). */
#define DEFINE_SEARCH(NAME, CHAR)                                                                        \
    static int NAME##_walk(const Literals *self, Py_ssize_t node, const CHAR *text, Py_ssize_t j,        \
                           Py_ssize_t n, int allowed) {                                                  \
        while (node != 0 && (self->below[node] & allowed)) {                                            \
            if (self->ends[node] & allowed) return 1;                                                   \
            if (j == n) return 0;                                                                       \
            node = child_of(self, node, text[j++]);                                                     \
        }                                                                                               \
        return 0;                                                                                       \
    }                                                                                                   \
    /* a string of `allowed` lists at text[i:], text[i] opening one of them */                          \
    static inline int NAME##_at(const Literals *self, const CHAR *text, Py_ssize_t i, Py_ssize_t n,      \
                                int allowed) {                                                           \
        Py_ssize_t node = child_of(self, 0, text[i]);                                                   \
        if (node == 0) return 0;                                                                        \
        if (self->ends[node] & allowed) return 1;                                                       \
        if (i + 1 == n) return 0;                                                                       \
        unsigned key = pair_key(text[i], text[i + 1]);                                                  \
        if (!((self->pair_bits[key >> 3] >> (key & 7)) & 1)) return 0;                                  \
        return NAME##_walk(self, node, text, i + 1, n, allowed);                                        \
    }                                                                                                   \
    static int NAME(const Literals *self, const CHAR *text, Py_ssize_t n) {                             \
        if (n == 0) return 0;                                                                           \
        if (NAME##_at(self, text, 0, n, PREFIX | AFTER_NON_WORD | ANYWHERE)) return 1;                  \
        if (!(self->below[0] & (AFTER_NON_WORD | ANYWHERE))) return 0; /* only prefixes: done */         \
        int after = after_of(text[0]);                                                                  \
        for (Py_ssize_t i = 1; i < n; i++) {                                                            \
            Py_UCS4 ch = text[i];                                                                       \
            int allowed = ANYWHERE | after;                                                             \
            after = after_of(ch);                                                                       \
            int opens = ch < ROOT_TABLE ? self->first_modes[ch] : self->hint_modes[ch % HINTS];         \
            if ((opens & allowed) && NAME##_at(self, text, i, n, allowed)) return 1;                    \
        }                                                                                               \
        return 0;                                                                                       \
    }

DEFINE_SEARCH(search_ucs1, Py_UCS1)
DEFINE_SEARCH(search_ucs2, Py_UCS2)
DEFINE_SEARCH(search_ucs4, Py_UCS4)

static PyObject *Literals_search(Literals *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "search() takes a str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return NULL;
#endif
    if (self->ends[0]) Py_RETURN_TRUE; /* the empty string is among them: it is in every text */
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        found = search_ucs1(self, data, n);
        break;
    case PyUnicode_2BYTE_KIND:
        found = search_ucs2(self, data, n);
        break;
    default:
        found = search_ucs4(self, data, n);
        break;
    }
    return PyBool_FromLong(found);
}

static PyMethodDef Literals_methods[] = {
    {"search", (PyCFunction)Literals_search, METH_O,
     "search(text) -> bool\n\nTrue when a prefix string starts text, an after_non_word string occurs at its start or\n"
     "right after a non-word character (re's \\W), or an anywhere string occurs anywhere in it."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Literals_slots[] = {
    {Py_tp_new, Literals_new},
    {Py_tp_dealloc, Literals_dealloc},
    {Py_tp_methods, Literals_methods},
    {Py_tp_doc, "Literals(prefixes=(), after_non_word=(), anywhere=())\n\n"
                "A fixed set of literal strings, searched for in a text by search(text). Immutable."},
    {0, NULL},
};

static PyType_Spec Literals_spec = {
    "cleaner._literals.Literals", sizeof(Literals), 0, Py_TPFLAGS_DEFAULT, Literals_slots,
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cleaner._literals",
                                    "A search for fixed strings in C (see cleaner/literal_search.py).", -1, NULL};

PyMODINIT_FUNC PyInit__literals(void) {
    for (Py_UCS4 ch = 0; ch < 0x10000; ch++) {
        int word = Py_UNICODE_ISALNUM(ch) || ch == '_';
        if (word) word_bits[ch >> 3] |= (uint8_t)(1 << (ch & 7));
        if (ch < 256) after_latin1[ch] = word ? 0 : AFTER_NON_WORD;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    PyObject *type = PyType_FromSpec(&Literals_spec);
    if (type == NULL || PyModule_AddObject(m, "Literals", type) < 0) {
        Py_XDECREF(type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

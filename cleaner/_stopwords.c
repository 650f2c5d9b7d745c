/* Stopword counting in C: the per-language hits of text_features.page_stoplist and language.stopword_language.
 *
 * Both Python functions are the reference (pure_python=True runs them); this module must give the same
 * numbers (tests/test_speedups_stopwords.py checks that on random texts). What it does, as they do:
 *   - lower-case each text with str.lower, the whole text at once (lower() can change a text's length,
 *     'İ' -> 'i̇', and Greek final sigma depends on the letters around it), then
 *   - cut it into the tokens of re's `\w+` on str: runs of characters that are Py_UNICODE_ISALNUM or '_'
 *     (sre's SRE_UNI_IS_WORD),
 *   - look every token up among the words of the word -> number dict, and
 *   - add each word's entries in the flat tables into its language's total, words in text order, a word's
 *     entries in table order: what numpy's bincount over run_positions does, so float sums are identical.
 *
 * The look-up: a Table copies the dict's words (their code points) into an open-addressing hash table of
 * its own when it is made, once per process. A token is found when a word has the same code points,
 * which is when the str would be equal to a dict key: the dict's semantics, without making a str object
 * and hashing it for every token of the page (a page's 400 tokens spent most of their time there).
 * An ASCII text takes a shortcut: str.lower maps only A-Z there, and only [A-Za-z0-9_] are word
 * characters, so it is lowered and cut in one pass without a lowered copy.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint32_t tag; /* high bits of the word's hash */
    uint32_t key; /* the word's number among the keys, plus 1; 0: an empty slot */
} Slot;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    uint64_t mask;      /* slots - 1, a power of 2 less 1 */
    Py_UCS4 *chars;     /* the code points of every key, one key after another */
    int64_t *key_start; /* key k is chars[key_start[k]:key_start[k + 1]] */
    int64_t *key_word;  /* key k's word number (the dict's value) */
    int64_t *starts;    /* word i's entries are [starts[i], starts[i + 1]) */
    int32_t *columns;   /* the language column of every entry */
    double *weights;    /* the weight of every entry, or NULL: count 1 each */
    Py_ssize_t n_words, n_entries, n_columns;
} Table;

static unsigned char ascii_word[128]; /* 1 for [A-Za-z0-9_] */
static unsigned char ascii_lower[128];

/* re's `\w` for str patterns (sre's SRE_UNI_IS_WORD). */
static inline int is_word(Py_UCS4 ch) { return ch < 128 ? ascii_word[ch] : (Py_UNICODE_ISALNUM(ch) || ch == '_'); }

/* The hash of a word, built a code point at a time from HASH_SEED. */
#define HASH_SEED UINT64_C(0x84222325cbf29ce4)
static inline uint64_t hash_step(uint64_t h, Py_UCS4 ch) { return (h ^ ch) * UINT64_C(0x9E3779B97F4A7C15); }
static inline uint64_t hash_end(uint64_t h, Py_ssize_t len) {
    h ^= (uint64_t)len;
    h ^= h >> 29;
    h *= UINT64_C(0xBF58476D1CE4E5B9);
    return h ^ (h >> 32);
}

/* Adds word i's entries to the totals (weights) or counts (no weights). */
static inline void add_entries(const Table *t, int64_t i, double *totals, int64_t *counts) {
    const int64_t lo = t->starts[i], hi = t->starts[i + 1];
    if (t->weights != NULL) {
        for (int64_t k = lo; k < hi; k++) totals[t->columns[k]] += t->weights[k];
    } else {
        for (int64_t k = lo; k < hi; k++) counts[t->columns[k]] += 1;
    }
}

/* The word number of the token text[start:start + len] (lowered through `lower` when it is not NULL, for
 * 1-byte text), or -1 when no key has its code points. */
#define DEFINE_FIND(NAME, CHAR)                                                                                  \
    static inline int64_t NAME(const Table *t, const CHAR *text, Py_ssize_t len, uint64_t h,                     \
                               const unsigned char *lower) {                                                     \
        uint32_t tag = (uint32_t)(h >> 32);                                                                      \
        for (uint64_t at = h & t->mask;; at = (at + 1) & t->mask) {                                              \
            const Slot slot = t->slots[at];                                                                      \
            if (slot.key == 0) return -1;                                                                        \
            if (slot.tag != tag) continue;                                                                       \
            const int64_t k = slot.key - 1, from = t->key_start[k];                                              \
            if (t->key_start[k + 1] - from != len) continue;                                                     \
            const Py_UCS4 *key = t->chars + from;                                                                \
            Py_ssize_t j = 0;                                                                                    \
            if (lower != NULL) {                                                                                 \
                while (j < len && key[j] == lower[text[j]]) j++;                                                 \
            } else {                                                                                             \
                while (j < len && key[j] == text[j]) j++;                                                        \
            }                                                                                                    \
            if (j == len) return t->key_word[k];                                                                 \
        }                                                                                                        \
    }
DEFINE_FIND(find1, Py_UCS1)
DEFINE_FIND(find2, Py_UCS2)
DEFINE_FIND(find4, Py_UCS4)

/* Reads the tokens of text[0:n] of one kind, at most *room of them (no limit when *room < 0). */
#define DEFINE_SCAN(NAME, FIND, CHAR)                                                                            \
    static void NAME(const Table *t, const CHAR *text, Py_ssize_t n, const unsigned char *lower,                 \
                     Py_ssize_t *room, double *totals, int64_t *counts) {                                        \
        Py_ssize_t i = 0;                                                                                        \
        while (i < n && *room != 0) {                                                                            \
            while (i < n && !is_word(text[i])) i++;                                                              \
            if (i == n) break;                                                                                   \
            const Py_ssize_t start = i;                                                                          \
            uint64_t h = HASH_SEED;                                                                              \
            if (lower != NULL) {                                                                                 \
                for (; i < n && is_word(text[i]); i++) h = hash_step(h, lower[text[i]]);                         \
            } else {                                                                                             \
                for (; i < n && is_word(text[i]); i++) h = hash_step(h, text[i]);                                \
            }                                                                                                    \
            if (*room > 0) (*room)--;                                                                            \
            const int64_t word = FIND(t, text + start, i - start, hash_end(h, i - start), lower);                \
            if (word >= 0) add_entries(t, word, totals, counts);                                                 \
        }                                                                                                        \
    }
DEFINE_SCAN(scan1, find1, Py_UCS1)
DEFINE_SCAN(scan2, find2, Py_UCS2)
DEFINE_SCAN(scan4, find4, Py_UCS4)

static void scan(const Table *t, PyObject *s, const unsigned char *lower, Py_ssize_t *room, double *totals,
                 int64_t *counts) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    switch (PyUnicode_KIND(s)) {
    case PyUnicode_1BYTE_KIND:
        scan1(t, PyUnicode_1BYTE_DATA(s), n, lower, room, totals, counts);
        break;
    case PyUnicode_2BYTE_KIND:
        scan2(t, PyUnicode_2BYTE_DATA(s), n, NULL, room, totals, counts);
        break;
    default:
        scan4(t, PyUnicode_4BYTE_DATA(s), n, NULL, room, totals, counts);
        break;
    }
}

static PyObject *Table_hits(Table *self, PyObject *args) {
    PyObject *texts_arg;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "On:hits", &texts_arg, &limit)) return NULL;
    PyObject *texts = PySequence_Fast(texts_arg, "texts must be a sequence of str");
    if (texts == NULL) return NULL;
    PyObject *result = NULL;
    double *totals = PyMem_Calloc((size_t)self->n_columns + 1, sizeof(double));
    int64_t *counts = PyMem_Calloc((size_t)self->n_columns + 1, sizeof(int64_t));
    if (totals == NULL || counts == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(texts), room = limit < 0 ? -1 : limit;
    for (Py_ssize_t j = 0; j < n && room != 0; j++) {
        PyObject *text = PySequence_Fast_GET_ITEM(texts, j);
        if (PyUnicode_CheckExact(text) && PyUnicode_IS_ASCII(text)) {
            scan(self, text, ascii_lower, &room, totals, counts);
            continue;
        }
        PyObject *lowered = PyObject_CallMethod(text, "lower", NULL);
        if (lowered == NULL) goto done;
        if (!PyUnicode_Check(lowered)) {
            PyErr_Format(PyExc_TypeError, "lower() returned %.100s, not str", Py_TYPE(lowered)->tp_name);
            Py_DECREF(lowered);
            goto done;
        }
        scan(self, lowered, NULL, &room, totals, counts);
        Py_DECREF(lowered);
    }
    result = PyList_New(self->n_columns);
    if (result == NULL) goto done;
    for (Py_ssize_t c = 0; c < self->n_columns; c++) {
        PyObject *item = self->weights != NULL ? PyFloat_FromDouble(totals[c]) : PyLong_FromLongLong(counts[c]);
        if (item == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, c, item);
    }
done:
    Py_DECREF(texts);
    PyMem_Free(totals);
    PyMem_Free(counts);
    return result;
}

/* A copy of an int64/int32/float64 buffer of `count` items, or NULL with an exception. */
static void *copy_items(PyObject *obj, Py_ssize_t item, Py_ssize_t *count, const char *what) {
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) < 0) return NULL;
    void *copy = NULL;
    if (view.len % item != 0) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes, not a whole number of %zd-byte items", what, view.len, item);
    } else if ((copy = PyMem_Malloc((size_t)view.len + 1)) == NULL) {
        PyErr_NoMemory();
    } else {
        memcpy(copy, view.buf, (size_t)view.len);
        *count = view.len / item;
    }
    PyBuffer_Release(&view);
    return copy;
}

static void Table_dealloc(Table *self) {
    PyMem_Free(self->slots);
    PyMem_Free(self->chars);
    PyMem_Free(self->key_start);
    PyMem_Free(self->key_word);
    PyMem_Free(self->starts);
    PyMem_Free(self->columns);
    PyMem_Free(self->weights);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Checks the flat tables, so that no look-up leaves them whatever a caller passed; -1 with an exception. */
static int check_tables(const Table *t) {
    if (t->n_words < 0) {
        PyErr_SetString(PyExc_ValueError, "starts: at least one item");
        return -1;
    }
    if (t->n_columns < 0) {
        PyErr_SetString(PyExc_ValueError, "a negative number of languages");
        return -1;
    }
    if (t->starts[0] < 0 || t->starts[t->n_words] > t->n_entries) {
        PyErr_SetString(PyExc_ValueError, "starts: an entry out of range");
        return -1;
    }
    for (Py_ssize_t i = 0; i < t->n_words; i++) {
        if (t->starts[i] > t->starts[i + 1]) {
            PyErr_Format(PyExc_ValueError, "starts: word %zd ends before it starts", i);
            return -1;
        }
    }
    for (Py_ssize_t k = 0; k < t->n_entries; k++) {
        if (t->columns[k] < 0 || t->columns[k] >= t->n_columns) {
            PyErr_Format(PyExc_ValueError, "columns: entry %zd's language column %d out of range", k,
                         (int)t->columns[k]);
            return -1;
        }
    }
    return 0;
}

/* Copies the dict's keys (exact str) and values (word numbers) into the hash table; -1 with an exception. */
static int fill_keys(Table *t, PyObject *numbers) {
    Py_ssize_t n_keys = PyDict_GET_SIZE(numbers), room = 8 * n_keys + 64, pos = 0;
    PyObject *key, *value;
    uint64_t size = 8;
    while (size < 2 * (uint64_t)n_keys + 8) size *= 2; /* at most half full: short probes */
    t->mask = size - 1;
    t->slots = PyMem_Calloc((size_t)size, sizeof(Slot));
    t->chars = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)room); /* grown when the words are longer */
    t->key_start = PyMem_Malloc(sizeof(int64_t) * ((size_t)n_keys + 1));
    t->key_word = PyMem_Malloc(sizeof(int64_t) * ((size_t)n_keys + 1));
    if (t->slots == NULL || t->chars == NULL || t->key_start == NULL || t->key_word == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t k = 0, at_char = 0;
    while (PyDict_Next(numbers, &pos, &key, &value)) {
        if (k == n_keys) break; /* cannot happen: the dict is not changed while we read it */
        if (!PyUnicode_CheckExact(key)) {
            PyErr_Format(PyExc_TypeError, "numbers: a key of type %.100s, not str", Py_TYPE(key)->tp_name);
            return -1;
        }
        Py_ssize_t word = PyLong_AsSsize_t(value);
        if (word == -1 && PyErr_Occurred()) return -1;
        if (word < 0 || word >= t->n_words) {
            PyErr_Format(PyExc_ValueError, "numbers: word number %zd out of range (%zd words)", word, t->n_words);
            return -1;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(key);
        if (len > room - at_char) {
            room = 2 * room + len;
            Py_UCS4 *grown = PyMem_Realloc(t->chars, sizeof(Py_UCS4) * (size_t)room);
            if (grown == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            t->chars = grown;
        }
        if (PyUnicode_AsUCS4(key, t->chars + at_char, room - at_char, 0) == NULL) return -1;
        uint64_t h = HASH_SEED;
        for (Py_ssize_t j = 0; j < len; j++) h = hash_step(h, t->chars[at_char + j]);
        h = hash_end(h, len);
        uint64_t slot = h & t->mask;
        while (t->slots[slot].key != 0) slot = (slot + 1) & t->mask;
        t->slots[slot].tag = (uint32_t)(h >> 32);
        t->slots[slot].key = (uint32_t)(k + 1);
        t->key_start[k] = at_char;
        t->key_word[k] = word;
        at_char += len;
        k++;
    }
    t->key_start[k] = at_char;
    return 0;
}

static PyObject *Table_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *keywords[] = {"numbers", "starts", "columns", "n_columns", "weights", NULL};
    PyObject *numbers, *starts, *columns, *weights = Py_None;
    Py_ssize_t n_columns;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OOn|O:Table", keywords, &PyDict_Type, &numbers, &starts,
                                     &columns, &n_columns, &weights))
        return NULL;
    if (PyDict_GET_SIZE(numbers) >= UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "numbers: too many words");
        return NULL;
    }
    Table *self = (Table *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    Py_ssize_t n_starts = 0, n_weights = 0;
    self->n_columns = n_columns;
    if ((self->starts = copy_items(starts, sizeof(int64_t), &n_starts, "starts")) == NULL) goto fail;
    if ((self->columns = copy_items(columns, sizeof(int32_t), &self->n_entries, "columns")) == NULL) goto fail;
    if (weights != Py_None) {
        if ((self->weights = copy_items(weights, sizeof(double), &n_weights, "weights")) == NULL) goto fail;
        if (n_weights != self->n_entries) {
            PyErr_Format(PyExc_ValueError, "%zd weights for %zd entries", n_weights, self->n_entries);
            goto fail;
        }
    }
    self->n_words = n_starts - 1;
    if (check_tables(self) < 0 || fill_keys(self, numbers) < 0) goto fail;
    return (PyObject *)self;
fail:
    Py_DECREF(self);
    return NULL;
}

static PyMethodDef Table_methods[] = {
    {"hits", (PyCFunction)Table_hits, METH_VARARGS,
     "hits(texts, limit) -> list\n\n"
     "The hits of each language column in the first `limit` `\\w+` tokens of the texts lower-cased, text\n"
     "after text (all of them when limit < 0): without weights, the number of entries per column of the\n"
     "words found (ints); with weights, their weights added in word order from 0 (floats)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._stopwords.Table",
    .tp_basicsize = sizeof(Table),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Table(numbers, starts, columns, n_columns, weights=None)\n\n"
              "Stopwords by language: `numbers` maps a word to its number i, whose entries are\n"
              "[starts[i], starts[i + 1]) (int64 buffer) of `columns` (int32 buffer, language columns below\n"
              "n_columns) and of `weights` (float64 buffer). Copied when made; hits() counts a page's words.",
    .tp_new = Table_new,
    .tp_dealloc = (destructor)Table_dealloc,
    .tp_methods = Table_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaner._stopwords",
    "Stopword counting in C (see text_features.page_stoplist and language.stopword_language).", -1, NULL};

PyMODINIT_FUNC PyInit__stopwords(void) {
    for (int ch = 0; ch < 128; ch++) {
        ascii_word[ch] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
        ascii_lower[ch] = (ch >= 'A' && ch <= 'Z') ? (unsigned char)(ch + 32) : (unsigned char)ch;
    }
    if (PyType_Ready(&TableType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    Py_INCREF(&TableType);
    if (PyModule_AddObject(m, "Table", (PyObject *)&TableType) < 0) {
        Py_DECREF(&TableType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

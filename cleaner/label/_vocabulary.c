/* The words of prose a page writes in lower case: the fast path of label/name_lines.py's page_vocabulary.
 *
 * name_lines._python_lower_prose_words keeps, of the words its PROSE_WORD regex finds in a text, those whose
 * first letter is lower case; lower_prose_words here must return the same list in the same order
 * (tests/test_speedups_vocabulary.py compares them on random texts and real pages). What keeps it the same:
 *   - a letter is what [^\W\d_] matches in a str pattern: Py_UNICODE_ISALNUM (re's \w, "_" aside) and not
 *     Py_UNICODE_ISDECIMAL (re's \d); a word character (\w) is Py_UNICODE_ISALNUM or "_"; white space (\s)
 *     is Py_UNICODE_ISSPACE; lower case is str.islower() of one character, Py_UNICODE_ISLOWER;
 *   - a match is a whole run of letters: a position inside a run follows a letter, which PROSE_WORD's
 *     lookbehind refuses, and a run cut short is followed by a letter, which its lookahead refuses. So each
 *     run is one word when the character before it (if any) opens a word and what follows it closes one.
 * re runs its matcher at every position of the text (the pattern opens with a lookbehind); this is one pass.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* re's \w and [^\W\d_], with the ASCII range answered without a function call. */
static int is_word(Py_UCS4 ch) {
    if (ch < 128) return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}

static int is_letter(Py_UCS4 ch) {
    if (ch < 128) return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    return Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch);
}

/* Quotes and brackets of both PROSE_WORD sets: " ' “ ” ‘ ’ « » */
static int is_quote(Py_UCS4 ch) {
    return ch == '"' || ch == '\'' || ch == 0x201c || ch == 0x201d || ch == 0x2018 || ch == 0x2019 || ch == 0xab ||
           ch == 0xbb;
}

/* What may stand before a word: the lookbehind's set, [\s"'“”‘’«»(\[{] */
static int opens_word(Py_UCS4 ch) {
    return Py_UNICODE_ISSPACE(ch) || is_quote(ch) || ch == '(' || ch == '[' || ch == '{';
}

/* What may follow a word, but the full stop: the lookahead's set, [\s"'“”‘’«»)\]},;:!?…] */
static int closes_word(Py_UCS4 ch) {
    return Py_UNICODE_ISSPACE(ch) || is_quote(ch) || ch == ')' || ch == ']' || ch == '}' || ch == ',' || ch == ';' ||
           ch == ':' || ch == '!' || ch == '?' || ch == 0x2026;
}

static PyObject *lower_prose_words(PyObject *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "lower_prose_words() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *words = PyList_New(0);
    if (words == NULL) return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 first = PyUnicode_READ(kind, data, i);
        if (!is_letter(first)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && is_letter(PyUnicode_READ(kind, data, i))) i++;
        if (!Py_UNICODE_ISLOWER(first) || (start > 0 && !opens_word(PyUnicode_READ(kind, data, start - 1)))) continue;
        if (i < n) { /* the lookahead: a closing mark, a full stop not followed by a word character, or the end */
            Py_UCS4 next = PyUnicode_READ(kind, data, i);
            int closed = closes_word(next) || (next == '.' && (i + 1 == n || !is_word(PyUnicode_READ(kind, data, i + 1))));
            if (!closed) continue;
        }
        PyObject *word = PyUnicode_Substring(text, start, i);
        if (word == NULL || PyList_Append(words, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(words);
            return NULL;
        }
        Py_DECREF(word);
    }
    return words;
}

static PyMethodDef methods[] = {
    {"lower_prose_words", lower_prose_words, METH_O,
     "lower_prose_words(text) -> list\n\nThe words name_lines.PROSE_WORD finds in text whose first letter is lower "
     "case, in order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cleaner.label._vocabulary",
                                    "A page's lower-case words of prose in C (see label/name_lines.py).", -1, methods};

PyMODINIT_FUNC PyInit__vocabulary(void) { return PyModule_Create(&module); }

/* The text reader of cleaner/read/text.py in C: the lines of a dump, word counts, and the Blocks.
 *
 * text_reader._python_read_lines, text_reader.word_count and blocks.line_blocks are the reference; this
 * module is their fast path and must give the same values (tests/test_speedups_reader.py compares them on
 * random dumps). What keeps them the same:
 *   - every character class is the one the Python code tests, through the CPython macros that str methods
 *     and re call: str.isspace() and re's \s are Py_UNICODE_ISSPACE, str.islower() of one character is
 *     Py_UNICODE_ISLOWER, re's \w is Py_UNICODE_ISALNUM or "_" (the ASCII range by its own test, the same
 *     answer without a function call), and the sets of characters that text_reader lists are listed here;
 *   - a line's text is made as the Python code makes it, out of whole code points (lone surrogates and NUL
 *     too), and a joined line is counted again as a whole, as word_count(joined) is.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define JOIN_MIN_WORDS 3 /* text_reader.JOIN_MIN_WORDS */

/* text_reader.ODD_SPACE: every character str.isspace() holds for but the space and the line break. */
static int is_odd_space(Py_UCS4 ch) {
    if (ch > ' ' && ch < 0x85) return 0; /* most characters of a dump: one test */
    switch (ch) {
    case '\t': case 0x0b: case 0x0c: case '\r': case 0x1c: case 0x1d: case 0x1e: case 0x1f:
    case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
        return 1;
    default:
        return ch >= 0x2000 && ch <= 0x200a;
    }
}

/* blocks.BULLETS: "*•◦▪‣·" */
static int is_bullet(Py_UCS4 ch) {
    return ch == '*' || ch == 0x2022 || ch == 0x25e6 || ch == 0x25aa || ch == 0x2023 || ch == 0xb7;
}

/* text_reader.CONTINUATION_CHARS: ",.;:!?)]»”’%" */
static int is_continuation(Py_UCS4 ch) {
    return (ch < 128 && ch != 0 && strchr(",.;:!?)]%", (int)ch) != NULL) || ch == 0xbb || ch == 0x201d || ch == 0x2019;
}

/* text_reader.SENTENCE_END's class: ".!?…:;\"”’»)" */
static int is_sentence_end(Py_UCS4 ch) {
    return (ch < 128 && ch != 0 && strchr(".!?:;\")", (int)ch) != NULL) || ch == 0x2026 || ch == 0x201d ||
           ch == 0x2019 || ch == 0xbb;
}

/* ASCII characters by class, for the tests that run at every character of a dump. */
#define WORD 1  /* re's \w */
#define SPACE 2 /* " " or ODD_SPACE */
static unsigned char ascii_class[128];

static void fill_ascii_class(void) {
    for (Py_UCS4 ch = 0; ch < 128; ch++) {
        int word = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_';
        ascii_class[ch] = (unsigned char)((word ? WORD : 0) | (ch == ' ' || is_odd_space(ch) ? SPACE : 0));
    }
}

/* re's \w for str patterns: Py_UNICODE_ISALNUM or "_" (in ASCII: letters, digits and "_"). */
static int is_word(Py_UCS4 ch) { return ch < 128 ? ascii_class[ch] & WORD : Py_UNICODE_ISALNUM(ch); }

/* The space or an ODD_SPACE character: what becomes a space in a line. */
static int is_line_space(Py_UCS4 ch) { return ch < 128 ? ascii_class[ch] & SPACE : is_odd_space(ch); }

/* len(re.findall(r"\w+", text)) for the n characters at s: the starts of runs of word characters. */
static Py_ssize_t count_words(const Py_UCS4 *s, Py_ssize_t n) {
    Py_ssize_t words = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int word = is_word(s[i]) != 0;
        words += word & !in_word;
        in_word = word;
    }
    return words;
}

/* len(text.split()) >= at_least, for the n characters at s. */
static int has_pieces(const Py_UCS4 *s, Py_ssize_t n, Py_ssize_t at_least) {
    Py_ssize_t pieces = 0;
    int in_piece = 0;
    for (Py_ssize_t i = 0; i < n && pieces < at_least; i++) {
        int piece = !Py_UNICODE_ISSPACE(s[i]);
        pieces += piece && !in_piece;
        in_piece = piece;
    }
    return pieces >= at_least;
}

/* text_reader.continues, for a line that follows a line with text (a blank line resets previous_raw and
 * sets the gap that keeps lines apart): previous_raw then holds a character that is no white space, so
 * `previous_raw[-1:].isspace() and not previous_raw.isspace()` comes down to its last character. */
/* text_reader.DASHES: "—–" */
static int is_dash(Py_UCS4 ch) { return ch == 0x2014 || ch == 0x2013; }

/* text_reader.OPENERS: "([{“‘«„" */
static int is_opener(Py_UCS4 ch) {
    return ch == '(' || ch == '[' || ch == '{' || ch == 0x201c || ch == 0x2018 || ch == 0xab || ch == 0x201e;
}

/* text_reader.STOPS: ".!?" */
static int is_stop(Py_UCS4 ch) { return ch == '.' || ch == '!' || ch == '?'; }

static int continues(int previous_raw_ends_space, const Py_UCS4 *previous, Py_ssize_t previous_len, Py_UCS4 first,
                     int raw_starts_space) {
    Py_UCS4 last = previous[previous_len - 1];
    if (is_opener(last)) return 1;
    if (previous_raw_ends_space) return !(is_stop(last) && Py_UNICODE_ISUPPER(first));
    if (is_continuation(first)) return 1;
    if (is_dash(previous[previous_len - 1]) || (is_dash(first) && raw_starts_space)) return 1;
    return Py_UNICODE_ISLOWER(first) && !is_sentence_end(previous[previous_len - 1]) &&
           has_pieces(previous, previous_len, JOIN_MIN_WORDS);
}

/* Appends (text, gap_before, words) for the n characters at s to lines; -1 with an exception on failure. */
static int append_line(PyObject *lines, const Py_UCS4 *s, Py_ssize_t n, int gap) {
    PyObject *line = PyTuple_New(3);
    if (line == NULL) return -1;
    int failed = -1;
    PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s, n);
    if (text == NULL) goto done;
    PyTuple_SET_ITEM(line, 0, text);
    PyTuple_SET_ITEM(line, 1, Py_NewRef(gap ? Py_True : Py_False));
    PyObject *words = PyLong_FromSsize_t(count_words(s, n));
    if (words == NULL) goto done;
    PyTuple_SET_ITEM(line, 2, words);
    failed = PyList_Append(lines, line);
done:
    Py_DECREF(line); /* a tuple with items left NULL is freed as well */
    return failed;
}

static PyObject *read_lines(PyObject *self, PyObject *args) {
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:read_lines", &text)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *lines = NULL;
    /* chars: the text, one code point an element, each line tidied where it stands (it only shrinks).
       head: the last line kept, which a later line may be joined to (lines[-1][0] of the Python code); it
       never outgrows the text: a join puts one space where the text has a line break. */
    Py_UCS4 *chars = PyUnicode_AsUCS4Copy(text);
    Py_UCS4 *head = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n + 1));
    if (chars == NULL || head == NULL) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    lines = PyList_New(0);
    if (lines == NULL) goto done;

    Py_ssize_t head_len = 0; /* 0: no line kept yet */
    int head_gap = 1, gap = 1, previous_raw_ends_space = 0;
    for (Py_ssize_t start = 0; start <= n;) {
        /* The line up to the break, with ODD_SPACE.sub(" ", ...) and SPACE_RUN.sub(" ", ...) done on it: a
           white space character becomes a space, and is kept only after a character that is none. */
        Py_UCS4 *raw = chars + start;
        Py_ssize_t raw_len = 0, i = start;
        int after_space = 0;
        for (; i < n && chars[i] != '\n'; i++) {
            Py_UCS4 ch = chars[i];
            int space = is_line_space(ch) != 0;
            raw[raw_len] = space ? ' ' : ch;
            raw_len += !(space && after_space);
            after_space = space;
        }
        start = i + 1;
        /* raw.strip(" ") */
        Py_ssize_t from = 0, to = raw_len;
        while (from < to && raw[from] == ' ') from++;
        while (to > from && raw[to - 1] == ' ') to--;
        if (from == to) {
            gap = 1;
            previous_raw_ends_space = 0;
            continue;
        }
        /* BULLET.sub("", cleaned) or cleaned: a bullet, then one or more white space characters, when text
           follows them */
        if (is_bullet(raw[from])) {
            Py_ssize_t after = from + 1;
            while (after < to && Py_UNICODE_ISSPACE(raw[after])) after++;
            if (after > from + 1 && after < to) from = after;
        }
        const Py_UCS4 *cleaned = raw + from;
        Py_ssize_t cleaned_len = to - from;
        Py_UCS4 first = cleaned[0];
        if (head_len > 0 && !gap && continues(previous_raw_ends_space, head, head_len, first, raw[0] == ' ')) {
            if (!is_continuation(first) && !is_opener(head[head_len - 1])) head[head_len++] = ' ';
        } else {
            if (head_len > 0 && append_line(lines, head, head_len, head_gap) < 0) {
                Py_CLEAR(lines);
                goto done;
            }
            head_len = 0;
            head_gap = gap;
        }
        memcpy(head + head_len, cleaned, sizeof(Py_UCS4) * (size_t)cleaned_len);
        head_len += cleaned_len;
        previous_raw_ends_space = Py_UNICODE_ISSPACE(raw[raw_len - 1]);
        gap = 0;
    }
    if (head_len > 0 && append_line(lines, head, head_len, head_gap) < 0) Py_CLEAR(lines);

done:
    PyMem_Free(chars);
    PyMem_Free(head);
    return lines;
}

static PyObject *word_count(PyObject *self, PyObject *args) {
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:word_count", &text)) return NULL;
    Py_UCS4 *chars = PyUnicode_AsUCS4Copy(text);
    if (chars == NULL) return NULL;
    PyObject *words = PyLong_FromSsize_t(count_words(chars, PyUnicode_GET_LENGTH(text)));
    PyMem_Free(chars);
    return words;
}

/* blocks.line_blocks: Block(text, index, "line", gap_before, 0.0, words) for each line, made as the frozen
 * dataclass's __init__ makes it (object.__new__, then object.__setattr__ for each field in order) without
 * the interpreter's work around each store. BLOCK_FIELDS names the fields; a test holds them to Block's. */
#define N_FIELDS 7
static const char *field_names[N_FIELDS] = {"text", "index", "tag", "gap_before", "link_share", "words", "origin"};
static PyObject *fields[N_FIELDS];   /* the names, interned */
static PyObject *line_tag, *no_origin, *no_link_share, *no_args;

static PyObject *line_blocks(PyObject *self, PyObject *args) {
    PyTypeObject *block_type;
    PyObject *lines_arg;
    if (!PyArg_ParseTuple(args, "O!O:line_blocks", &PyType_Type, &block_type, &lines_arg)) return NULL;
    PyObject *lines = PySequence_Fast(lines_arg, "lines must be an iterable of (text, gap_before, words)");
    if (lines == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(lines);
    PyObject *result = PyList_New(n);
    if (result == NULL) goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = PySequence_Fast_GET_ITEM(lines, i);
        if (!PyTuple_Check(line) || PyTuple_GET_SIZE(line) != 3) {
            PyErr_SetString(PyExc_TypeError, "a line must be a tuple (text, gap_before, words)");
            goto fail;
        }
        PyObject *block = block_type->tp_new(block_type, no_args, NULL);
        if (block == NULL) goto fail;
        PyList_SET_ITEM(result, i, block);
        PyObject *index = PyLong_FromSsize_t(i);
        if (index == NULL) goto fail;
        PyObject *values[N_FIELDS] = {PyTuple_GET_ITEM(line, 0), index, line_tag, PyTuple_GET_ITEM(line, 1),
                                      no_link_share, PyTuple_GET_ITEM(line, 2), no_origin};
        for (int f = 0; f < N_FIELDS; f++) {
            if (PyObject_GenericSetAttr(block, fields[f], values[f]) < 0) {
                Py_DECREF(index);
                goto fail;
            }
        }
        Py_DECREF(index);
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    Py_DECREF(lines);
    return result;
}

static PyMethodDef methods[] = {
    {"read_lines", read_lines, METH_VARARGS,
     "read_lines(text) -> list[tuple[str, bool, int]]\n\n"
     "The (text, gap_before, words) of each block of a dump: text_reader._python_read_lines."},
    {"word_count", word_count, METH_VARARGS, "word_count(text) -> int\n\nlen(re.findall(r'\\w+', text))."},
    {"line_blocks", line_blocks, METH_VARARGS,
     "line_blocks(Block, lines) -> list[Block]\n\nblocks.line_blocks: a Block of tag 'line' for each line."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cleaner._reader",
                                    "The text reader in C (see cleaner/read/text.py).", -1, methods};

PyMODINIT_FUNC PyInit__reader(void) {
    fill_ascii_class();
    PyObject *names = PyTuple_New(N_FIELDS);
    if (names == NULL) return NULL;
    for (int f = 0; f < N_FIELDS; f++) {
        fields[f] = PyUnicode_InternFromString(field_names[f]);
        if (fields[f] == NULL) goto fail;
        Py_INCREF(fields[f]);
        PyTuple_SET_ITEM(names, f, fields[f]);
    }
    line_tag = PyUnicode_InternFromString("line");
    no_origin = PyUnicode_New(0, 0);
    no_link_share = PyFloat_FromDouble(0.0);
    no_args = PyTuple_New(0);
    if (line_tag == NULL || no_origin == NULL || no_link_share == NULL || no_args == NULL) goto fail;
    PyObject *module_object = PyModule_Create(&module);
    if (module_object == NULL) goto fail;
    if (PyModule_AddObject(module_object, "BLOCK_FIELDS", names) < 0) {
        Py_DECREF(module_object);
        goto fail;
    }
    return module_object;
fail:
    Py_DECREF(names);
    return NULL;
}

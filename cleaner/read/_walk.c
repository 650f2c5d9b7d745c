/* The walk of cleaner/read/html_walk.py's page_lines in C: every visible line of an lxml tree, with the
 * region it stands in, read straight from libxml2's nodes.
 *
 * The Python walk costs a proxy object per element (and lxml.html's Python class look-up for each); this
 * one reads the nodes under the element it is given and creates no proxies. What it decides is decided by
 * the same data the Python code uses, passed in: the tag sets, the tag -> region table, the memo of
 * (tag, class, id, role) -> region, the region rules' word, tag and role tables (_region's, which
 * region_by_rules reads the same way on a memo miss), and the hidden-style regex's search.
 * tests/test_speedups_walk.py holds the two to the same lines.
 *
 * Built against the libxml2 headers that lxml ships (lxml.get_include()); lxml's _Element starts with the
 * public layout of lxml.etree.h (PyObject_HEAD, the document, the node), which ElementMirror repeats.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <libxml/tree.h>

typedef struct {
    PyObject_HEAD
    void *doc;
    xmlNode *node;
} ElementMirror;

static PyObject *element_type = NULL; /* lxml.etree._Element */
static PyObject *empty = NULL;        /* "" */
static PyObject *space = NULL;        /* " " */
static PyObject *underscore = NULL;   /* "_" */
static PyObject *dash = NULL;         /* "-" */

enum { INVISIBLE = 1, HIDDEN_TAG = 2, LINE = 4, SPACED = 8, HEADING = 16, ANCHOR = 32 };
#define TAG_SLOTS 1024 /* distinct tag names remembered per call; more are looked up each time */
#define MAX_DEPTH 5000 /* libxml2 parses HTML 256 deep; a deeper tree built by hand goes to the Python walk */

typedef struct {
    const xmlChar *name;
    PyObject *tag;
    int flags;
} TagSlot;

typedef struct {
    PyObject *lines, *links;
    char *buf;
    Py_ssize_t len, cap;
    Py_ssize_t *starts; /* where each piece of the current line starts in buf */
    Py_ssize_t pieces, piece_cap;
    PyObject *line_region, *line_heading;
    int line_hidden;
    PyObject *sets[5]; /* invisible, hidden tags, line tags, spaced tags, heading tags */
    PyObject *by_tag, *memo, *tables, *style_search; /* tables: html_walk._region_tables */
    TagSlot slots[TAG_SLOTS];
} Walk;

/* Room for n more bytes in buf. */
static int reserve(Walk *w, Py_ssize_t n) {
    if (w->len + n <= w->cap) return 0;
    Py_ssize_t cap = w->cap ? w->cap : 1024;
    while (cap < w->len + n) cap *= 2;
    char *grown = PyMem_Realloc(w->buf, cap);
    if (!grown) { PyErr_NoMemory(); return -1; }
    w->buf = grown;
    w->cap = cap;
    return 0;
}

/* A new piece of the current line (an element of the Python code's `current` list). */
static int add_piece(Walk *w, const char *data, Py_ssize_t n) {
    if (w->pieces == w->piece_cap) {
        Py_ssize_t cap = w->piece_cap ? 2 * w->piece_cap : 64;
        Py_ssize_t *grown = PyMem_Realloc(w->starts, cap * sizeof(Py_ssize_t));
        if (!grown) { PyErr_NoMemory(); return -1; }
        w->starts = grown;
        w->piece_cap = cap;
    }
    if (reserve(w, n) < 0) return -1;
    w->starts[w->pieces++] = w->len;
    memcpy(w->buf + w->len, data, n);
    w->len += n;
    return 0;
}

/* " ".join(text.split()) of buf[start:], as the Python code writes it */
static PyObject *folded(Walk *w, Py_ssize_t start) {
    PyObject *text = PyUnicode_DecodeUTF8(w->buf + start, w->len - start, NULL);
    if (!text) return NULL;
    PyObject *parts = PyUnicode_Split(text, NULL, -1);
    Py_DECREF(text);
    if (!parts) return NULL;
    PyObject *joined = PyUnicode_Join(space, parts);
    Py_DECREF(parts);
    return joined;
}

static int flush(Walk *w) {
    PyObject *text = folded(w, 0);
    if (!text) return -1;
    int status = 0;
    if (PyUnicode_GET_LENGTH(text)) {
        PyObject *links = PyList_AsTuple(w->links);
        PyObject *line = links ? PyTuple_Pack(5, text, w->line_region, w->line_hidden ? Py_True : Py_False, links,
                                              w->line_heading)
                               : NULL;
        Py_XDECREF(links);
        status = line ? PyList_Append(w->lines, line) : -1;
        Py_XDECREF(line);
    }
    Py_DECREF(text);
    w->len = 0;
    w->pieces = 0;
    if (status == 0 && PyList_SetSlice(w->links, 0, PyList_GET_SIZE(w->links), NULL) < 0) status = -1;
    return status;
}

static void set_line(Walk *w, PyObject *region, int hidden, PyObject *heading) {
    Py_INCREF(region);
    Py_SETREF(w->line_region, region);
    Py_INCREF(heading);
    Py_SETREF(w->line_heading, heading);
    w->line_hidden = hidden;
}

static int is_text(xmlNode *node) {
    return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
}

/* A run of text nodes from `node` as one piece (lxml's .text or .tail); returns the node after the run. */
static xmlNode *text_run(Walk *w, xmlNode *node, PyObject *region, int hidden, PyObject *heading, int *error) {
    int opened = w->pieces == 0;
    int any = 0;
    for (; node && is_text(node); node = node->next) {
        const char *content = (const char *)node->content;
        Py_ssize_t n = content ? (Py_ssize_t)strlen(content) : 0;
        if (!n) continue;
        if (!any) {
            if (add_piece(w, content, n) < 0) { *error = 1; return NULL; }
            any = 1;
        } else { /* the same piece goes on: lxml joins adjacent text nodes into one string */
            if (reserve(w, n) < 0) { *error = 1; return NULL; }
            memcpy(w->buf + w->len, content, n);
            w->len += n;
        }
    }
    if (any && opened) set_line(w, region, hidden, heading);
    return node;
}

/* The attribute `name` without a namespace, as lxml's get() returns it; NULL with no error when absent. */
static PyObject *attribute(xmlNode *node, const char *name) {
    for (xmlAttr *attr = node->properties; attr; attr = attr->next) {
        if (attr->ns != NULL || strcmp((const char *)attr->name, name) != 0) continue;
        xmlNode *child = attr->children;
        if (!child) { Py_INCREF(empty); return empty; }
        if (!child->next && is_text(child)) {
            const char *content = child->content ? (const char *)child->content : "";
            return PyUnicode_DecodeUTF8(content, strlen(content), NULL);
        }
        PyObject *parts = PyList_New(0);
        if (!parts) return NULL;
        for (; child; child = child->next) {
            if (!child->content) continue;
            PyObject *piece = PyUnicode_DecodeUTF8((const char *)child->content, strlen((const char *)child->content), NULL);
            if (!piece || PyList_Append(parts, piece) < 0) { Py_XDECREF(piece); Py_DECREF(parts); return NULL; }
            Py_DECREF(piece);
        }
        PyObject *joined = PyUnicode_Join(empty, parts);
        Py_DECREF(parts);
        return joined;
    }
    return NULL;
}

static int tag_flags(Walk *w, const xmlChar *name, PyObject *tag) {
    static const int bits[5] = {INVISIBLE, HIDDEN_TAG, LINE, SPACED, HEADING};
    int flags = strcmp((const char *)name, "a") == 0 ? ANCHOR : 0;
    for (int i = 0; i < 5; i++) {
        int found = PySet_Contains(w->sets[i], tag);
        if (found < 0) return -1;
        if (found) flags |= bits[i];
    }
    return flags;
}

/* The tag's name as a str (borrowed from the slot table, or a new reference in *owned) and its flags.
 * libxml2 keeps each element name once per document, so the name's address identifies it. */
static PyObject *tag_of(Walk *w, const xmlChar *name, int *flags, PyObject **owned) {
    size_t h = ((size_t)name >> 4) % TAG_SLOTS;
    TagSlot *free_slot = NULL;
    for (int probe = 0; probe < 8; probe++) {
        TagSlot *slot = &w->slots[(h + probe) % TAG_SLOTS];
        if (slot->name == name) { *flags = slot->flags; return slot->tag; }
        if (slot->name == NULL) { free_slot = slot; break; }
    }
    PyObject *tag = PyUnicode_DecodeUTF8((const char *)name, strlen((const char *)name), NULL);
    if (!tag) return NULL;
    int f = tag_flags(w, name, tag);
    if (f < 0) { Py_DECREF(tag); return NULL; }
    *flags = f;
    if (free_slot) {
        free_slot->name = name;
        free_slot->tag = tag;
        free_slot->flags = f;
    } else {
        *owned = tag; /* the table is crowded here: looked up without keeping it */
    }
    return tag;
}

static int truthy(PyObject *value) { return value && PyUnicode_Check(value) && PyUnicode_GET_LENGTH(value) > 0; }

/* dict[key] (an int) lowers *best when smaller; a missing key leaves it. */
static int lower_to(PyObject *dict, PyObject *key, Py_ssize_t *best) {
    PyObject *value = PyDict_GetItemWithError(dict, key);
    if (!value) return PyErr_Occurred() ? -1 : 0;
    Py_ssize_t index = PyLong_AsSsize_t(value);
    if (index == -1 && PyErr_Occurred()) return -1;
    if (index < *best) *best = index;
    return 0;
}

/* html_walk._region: the id of the first region rule that names the element by a whole word of its class or
 * id (a word of several parts when they stand in a row), by its tag or by its ARIA role; "" for none. */
static PyObject *region_by_rules(Walk *w, PyObject *tag, PyObject *names, PyObject *ident, PyObject *role) {
    PyObject *single = PyTuple_GET_ITEM(w->tables, 0), *multi = PyTuple_GET_ITEM(w->tables, 1);
    PyObject *firsts = PyTuple_GET_ITEM(w->tables, 3), *by_tag = PyTuple_GET_ITEM(w->tables, 4);
    PyObject *by_role = PyTuple_GET_ITEM(w->tables, 5), *ids = PyTuple_GET_ITEM(w->tables, 6);
    Py_ssize_t longest = PyLong_AsSsize_t(PyTuple_GET_ITEM(w->tables, 2));
    Py_ssize_t count = PyTuple_GET_SIZE(ids), best = count;
    PyObject *result = NULL, *folded = NULL, *spaced = NULL, *tokens = NULL, *lowered = NULL;
    if (longest == -1 && PyErr_Occurred()) return NULL;
    /* f"{names or ''} {ident or ''}".casefold().replace("_", " ").replace("-", " ").split() */
    PyObject *joined = PyUnicode_FromFormat("%U %U", names ? names : empty, ident ? ident : empty);
    if (!joined) return NULL;
    folded = PyObject_CallMethod(joined, "casefold", NULL);
    Py_DECREF(joined);
    if (!folded) goto done;
    PyObject *once = PyUnicode_Replace(folded, underscore, space, -1);
    if (!once) goto done;
    spaced = PyUnicode_Replace(once, dash, space, -1);
    Py_DECREF(once);
    if (!spaced) goto done;
    tokens = PyUnicode_Split(spaced, NULL, -1);
    if (!tokens) goto done;
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    for (Py_ssize_t at = 0; at < n; at++) {
        PyObject *token = PyList_GET_ITEM(tokens, at);
        if (lower_to(single, token, &best) < 0) goto done;
        int starts = PySet_Contains(firsts, token);
        if (starts < 0) goto done;
        for (Py_ssize_t size = 2; starts && size <= Py_MIN(longest, n - at); size++) {
            PyObject *parts = PyList_GetSlice(tokens, at, at + size);
            PyObject *key = parts ? PyList_AsTuple(parts) : NULL;
            Py_XDECREF(parts);
            int failed = key ? lower_to(multi, key, &best) : -1;
            Py_XDECREF(key);
            if (failed < 0) goto done;
        }
    }
    Py_ssize_t first = best;
    if (lower_to(by_tag, tag, &first) < 0) goto done;
    if (truthy(role)) {
        lowered = PyObject_CallMethod(role, "lower", NULL);
        if (!lowered || lower_to(by_role, lowered, &first) < 0) goto done;
    }
    result = first < count ? PyTuple_GET_ITEM(ids, first) : empty;
    Py_INCREF(result);
done:
    Py_XDECREF(folded);
    Py_XDECREF(spaced);
    Py_XDECREF(tokens);
    Py_XDECREF(lowered);
    return result;
}

/* The region this element names: the memo's, the rules' on a miss, or the tag table's. */
static PyObject *named_region(Walk *w, xmlNode *node, PyObject *tag) {
    if (!node->properties) { /* most elements: no attribute to read */
        PyObject *named = PyDict_GetItemWithError(w->by_tag, tag);
        if (named) Py_INCREF(named);
        else if (!PyErr_Occurred()) { Py_INCREF(empty); named = empty; }
        return named;
    }
    PyObject *names = attribute(node, "class");
    if (!names && PyErr_Occurred()) return NULL;
    PyObject *ident = attribute(node, "id");
    if (!ident && PyErr_Occurred()) { Py_XDECREF(names); return NULL; }
    PyObject *role = attribute(node, "role");
    if (!role && PyErr_Occurred()) { Py_XDECREF(names); Py_XDECREF(ident); return NULL; }
    PyObject *named = NULL;
    if (truthy(names) || truthy(ident) || truthy(role)) {
        PyObject *key = PyTuple_Pack(4, tag, names ? names : Py_None, ident ? ident : Py_None, role ? role : Py_None);
        if (key) {
            named = PyDict_GetItemWithError(w->memo, key);
            if (named) {
                Py_INCREF(named);
            } else if (!PyErr_Occurred()) {
                named = region_by_rules(w, tag, names, ident, role);
                if (named && PyDict_SetItem(w->memo, key, named) < 0) Py_CLEAR(named);
            }
            Py_DECREF(key);
        }
    } else {
        named = PyDict_GetItemWithError(w->by_tag, tag);
        if (named) Py_INCREF(named);
        else if (!PyErr_Occurred()) { Py_INCREF(empty); named = empty; }
    }
    Py_XDECREF(names);
    Py_XDECREF(ident);
    Py_XDECREF(role);
    return named;
}

/* Whether an element not already hidden hides itself: hidden, aria-hidden="true", or display:none. */
static int hides(Walk *w, xmlNode *node) {
    if (!node->properties) return 0;
    PyObject *value = attribute(node, "hidden");
    if (value) { Py_DECREF(value); return 1; }
    if (PyErr_Occurred()) return -1;
    value = attribute(node, "aria-hidden");
    if (value) {
        int yes = PyUnicode_CompareWithASCIIString(value, "true") == 0;
        Py_DECREF(value);
        if (yes) return 1;
    } else if (PyErr_Occurred()) {
        return -1;
    }
    value = attribute(node, "style");
    if (!value) return PyErr_Occurred() ? -1 : 0;
    PyObject *match = PyObject_CallOneArg(w->style_search, value);
    Py_DECREF(value);
    if (!match) return -1;
    int found = match != Py_None;
    Py_DECREF(match);
    return found;
}

static int walk(Walk *w, xmlNode *node, PyObject *region, int hidden, PyObject *heading, int depth) {
    if (depth > MAX_DEPTH) {
        PyErr_SetString(PyExc_RecursionError, "tree too deep");
        return -1;
    }
    int flags = 0;
    PyObject *owned = NULL;
    PyObject *tag = tag_of(w, node->name, &flags, &owned);
    if (!tag) return -1;
    if (flags & INVISIBLE) { Py_XDECREF(owned); return 0; }
    int status = -1;
    PyObject *href = NULL;
    PyObject *named = named_region(w, node, tag);
    if (!named) goto done;
    if (!hidden) {
        int h = hides(w, node);
        if (h < 0) goto done;
        hidden = h;
    }
    if (flags & ANCHOR) {
        href = attribute(node, "href");
        if (!href && PyErr_Occurred()) goto done;
    }
    if (flags & HIDDEN_TAG) hidden = 1;
    if (flags & HEADING) heading = tag;
    int breaks;
    if (truthy(named)) {
        region = named;
        breaks = 1;
    } else {
        breaks = (flags & LINE) != 0;
    }
    if (breaks) {
        if (w->pieces && flush(w) < 0) goto done;
    } else if (w->pieces && (flags & SPACED)) {
        if (add_piece(w, " ", 1) < 0) goto done;
    }
    int linked = truthy(href);
    Py_ssize_t start = 0, line = 0;
    if (linked) {
        start = w->pieces;
        line = PyList_GET_SIZE(w->lines);
    }
    int error = 0;
    xmlNode *child = text_run(w, node->children, region, hidden, heading, &error);
    if (error) goto done;
    while (child) {
        switch (child->type) {
        case XML_ELEMENT_NODE:
            if (walk(w, child, region, hidden, heading, depth + 1) < 0) goto done;
            /* fall through: its tail */
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
        case XML_ENTITY_REF_NODE:
            child = text_run(w, child->next, region, hidden, heading, &error);
            if (error) goto done;
            break;
        default: /* no child lxml iterates over, and no tail of one */
            child = child->next;
            while (child && is_text(child)) child = child->next;
        }
    }
    if (linked && PyList_GET_SIZE(w->lines) == line) {
        PyObject *label = start < w->pieces ? folded(w, w->starts[start]) : (Py_INCREF(empty), empty);
        if (!label) goto done;
        if (PyUnicode_GET_LENGTH(label)) {
            PyObject *pair = PyTuple_Pack(2, label, href);
            int appended = pair ? PyList_Append(w->links, pair) : -1;
            Py_XDECREF(pair);
            if (appended < 0) { Py_DECREF(label); goto done; }
        }
        Py_DECREF(label);
    }
    if (breaks) {
        if (w->pieces && flush(w) < 0) goto done;
    } else if (w->pieces && (flags & SPACED)) {
        if (add_piece(w, " ", 1) < 0) goto done;
    }
    status = 0;
done:
    Py_XDECREF(named);
    Py_XDECREF(href);
    Py_XDECREF(owned);
    return status;
}

PyDoc_STRVAR(page_lines_doc,
             "page_lines(root, invisible, hidden_tags, line_tags, spaced, headings, by_tag, memo, tables, "
             "style_search) -> list of (text, region, hidden, links, heading): html_walk.page_lines's walk.");

static PyObject *page_lines(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *root;
    Walk *w = PyMem_Calloc(1, sizeof(Walk));
    if (!w) return PyErr_NoMemory();
    if (!PyArg_ParseTuple(args, "OO!O!O!O!O!O!O!O!O:page_lines", &root, &PyFrozenSet_Type, &w->sets[0],
                          &PyFrozenSet_Type, &w->sets[1], &PyFrozenSet_Type, &w->sets[2], &PyFrozenSet_Type,
                          &w->sets[3], &PyFrozenSet_Type, &w->sets[4], &PyDict_Type, &w->by_tag, &PyDict_Type,
                          &w->memo, &PyTuple_Type, &w->tables, &w->style_search)) {
        PyMem_Free(w);
        return NULL;
    }
    PyObject *t = w->tables; /* (single, multi, longest, firsts, by_tag, by_role, ids): html_walk._region_tables */
    if (PyTuple_GET_SIZE(t) != 7 || !PyDict_Check(PyTuple_GET_ITEM(t, 0)) || !PyDict_Check(PyTuple_GET_ITEM(t, 1)) ||
        !PyLong_Check(PyTuple_GET_ITEM(t, 2)) || !PyAnySet_Check(PyTuple_GET_ITEM(t, 3)) ||
        !PyDict_Check(PyTuple_GET_ITEM(t, 4)) || !PyDict_Check(PyTuple_GET_ITEM(t, 5)) ||
        !PyTuple_Check(PyTuple_GET_ITEM(t, 6))) {
        PyMem_Free(w);
        PyErr_SetString(PyExc_TypeError, "tables must be html_walk._region_tables(regions)");
        return NULL;
    }
    int is_element = PyObject_IsInstance(root, element_type);
    if (is_element <= 0) {
        PyMem_Free(w);
        if (is_element == 0) PyErr_SetString(PyExc_TypeError, "root must be an lxml element");
        return NULL;
    }
    xmlNode *node = ((ElementMirror *)root)->node;
    PyObject *result = NULL;
    w->lines = PyList_New(0);
    w->links = PyList_New(0);
    Py_INCREF(empty);
    w->line_region = empty;
    Py_INCREF(empty);
    w->line_heading = empty;
    if (w->lines && w->links && node && node->type == XML_ELEMENT_NODE) {
        if (walk(w, node, empty, 0, empty, 0) == 0 && (!w->pieces || flush(w) == 0)) {
            result = w->lines;
            w->lines = NULL;
        }
    } else if (w->lines && w->links) {
        result = w->lines; /* not an element node: nothing shown */
        w->lines = NULL;
    }
    for (int i = 0; i < TAG_SLOTS; i++) Py_XDECREF(w->slots[i].tag);
    Py_XDECREF(w->lines);
    Py_XDECREF(w->links);
    Py_XDECREF(w->line_region);
    Py_XDECREF(w->line_heading);
    PyMem_Free(w->buf);
    PyMem_Free(w->starts);
    PyMem_Free(w);
    return result;
}

static PyMethodDef methods[] = {
    {"page_lines", page_lines, METH_VARARGS, page_lines_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_walk", "html_walk.page_lines in C.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__walk(void) {
    PyObject *etree = PyImport_ImportModule("lxml.etree");
    if (!etree) return NULL;
    element_type = PyObject_GetAttrString(etree, "_Element");
    /* the layout this file assumes, checked on a real element: its node is an element named "probe" */
    PyObject *probe = element_type ? PyObject_CallMethod(etree, "Element", "s", "probe") : NULL;
    Py_DECREF(etree);
    if (!probe) return NULL;
    xmlNode *node = ((ElementMirror *)probe)->node;
    int fits = node && node->type == XML_ELEMENT_NODE && node->name && strcmp((const char *)node->name, "probe") == 0;
    Py_DECREF(probe);
    if (!fits) {
        PyErr_SetString(PyExc_ImportError, "lxml's element layout is not the one this module was built for");
        return NULL;
    }
    empty = PyUnicode_FromString("");
    space = PyUnicode_FromString(" ");
    underscore = PyUnicode_FromString("_");
    dash = PyUnicode_FromString("-");
    if (!empty || !space || !underscore || !dash) return NULL;
    return PyModule_Create(&module);
}

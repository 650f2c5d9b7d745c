/* Two searches of an lxml tree in C, each with the same answer as the Python it stands in for:
 *
 *   byline_elements(root, near)  html_bylines.py's BYLINE_XPATH (near=False: every element under <body>) or
 *                                NEAR_BYLINE_XPATH (near=True: the descendants of root), in document order;
 *   crowded_elements(root, n)    html.py's [e for e in root.iter() if len(e) > n].
 *
 * libxml2's XPath spends about 2 ms a page on the byline test (every element, several string functions
 * each); the same test read straight from the nodes costs a few hundredths of that. Only the elements
 * found become Python objects, through lxml's public C API (elementFactory), so they are the proxies
 * lxml.html would give. tests/test_speedups_find.py holds both functions to their Python twins.
 *
 * XPath 1.0 details kept here: `text()` in a string function is the first text child; normalize-space
 * strips and collapses only space, tab, CR and LF; name tests and `@name` match only names without a
 * namespace; translate() maps A-Z to a-z and deletes ':'.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <libxml/tree.h>
#include "lxml.etree_api.h"

static PyObject *element_type = NULL; /* lxml.etree._Element */

static const char *const MARKER_TAGS[] = {"p", "span", "div", "li", "address", "small", "em", "strong", NULL};
static const char *const LABEL_TAGS[] = {"strong", "b", "dt", "th", NULL};
static const char *const EXCLUDED_TAGS[] = {"script", "style", "link", "article", NULL};
/* html_bylines.BY_MARKERS and LABEL_WORDS, as the XPath writes them */
static const char *const MARKERS[] = {"By ", "by ", "BY ", "By: ", "by: ", "Written by", NULL};
static const char LABELS[] = "|author|authors|autor|autorin|autorin/autor|autor/in|autor*in|auteur|autore|";

static int plain_name(xmlNode *node, const char *name) {
    return node->ns == NULL && strcmp((const char *)node->name, name) == 0;
}

static int named_one_of(xmlNode *node, const char *const *names) {
    if (node->ns != NULL) return 0;
    for (; *names; names++)
        if (strcmp((const char *)node->name, *names) == 0) return 1;
    return 0;
}

static int xpath_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The content of the first text child, as `text()` gives it to a string function; NULL when none. */
static const char *first_text(xmlNode *node) {
    for (xmlNode *child = node->children; child; child = child->next)
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
            return child->content ? (const char *)child->content : "";
    return NULL;
}

/* normalize-space(text) as a new string (PyMem_Free it); NULL when out of memory. */
static char *normalize_space(const char *text) {
    char *out = PyMem_Malloc(strlen(text) + 1);
    if (!out) return NULL;
    size_t n = 0;
    int pending = 0;
    for (; *text; text++) {
        if (xpath_space(*text)) {
            pending = n > 0;
            continue;
        }
        if (pending) out[n++] = ' ';
        pending = 0;
        out[n++] = *text;
    }
    out[n] = '\0';
    return out;
}

/* The value of the plain attribute `name` contains `needle` (equals it, with `whole`). */
static int attribute_has(xmlNode *node, const char *name, const char *needle, int whole) {
    for (xmlAttr *attr = node->properties; attr; attr = attr->next) {
        if (attr->ns != NULL || strcmp((const char *)attr->name, name) != 0) continue;
        xmlNode *child = attr->children;
        if (child && !child->next) { /* the usual case: one text node */
            const char *value = child->content ? (const char *)child->content : "";
            return whole ? strcmp(value, needle) == 0 : strstr(value, needle) != NULL;
        }
        size_t total = 0; /* entity references split the value: join it */
        for (xmlNode *c = child; c; c = c->next) total += c->content ? strlen((const char *)c->content) : 0;
        char *value = PyMem_Malloc(total + 1);
        if (!value) return 0;
        value[0] = '\0';
        for (xmlNode *c = child; c; c = c->next)
            if (c->content) strcat(value, (const char *)c->content);
        int found = whole ? strcmp(value, needle) == 0 : strstr(value, needle) != NULL;
        PyMem_Free(value);
        return found;
    }
    return 0;
}

/* translate(normalize-space(text()), 'A..Z:', 'a..z') is one of the label words ("Author", "AUTORIN/AUTOR"):
 * the XPath asks whether '|' + word + '|' occurs in the list, as strstr does here. */
static int is_label(const char *text) {
    char *spaced = normalize_space(text);
    if (!spaced) return 0;
    size_t n = 0;
    char *word = PyMem_Malloc(strlen(spaced) + 3);
    if (word) {
        word[n++] = '|';
        for (const char *c = spaced; *c; c++)
            if (*c != ':') word[n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
        word[n++] = '|';
        word[n] = '\0';
    }
    int found = word && strstr(LABELS, word) != NULL;
    PyMem_Free(word);
    PyMem_Free(spaced);
    return found;
}

static int opens_with_marker(const char *text) {
    if (!strchr(text, 'y') && !strchr(text, 'Y')) return 0; /* the XPath's cheap test first, as there */
    char *spaced = normalize_space(text);
    if (!spaced) return 0;
    int found = 0;
    for (const char *const *m = MARKERS; *m && !found; m++) found = strncmp(spaced, *m, strlen(*m)) == 0;
    PyMem_Free(spaced);
    return found;
}

/* BYLINE_TEST on one element. */
static int is_byline(xmlNode *node) {
    if (named_one_of(node, EXCLUDED_TAGS)) return 0;
    if (attribute_has(node, "rel", "author", 1) || attribute_has(node, "itemprop", "author", 1) ||
        attribute_has(node, "class", "yline", 0) || attribute_has(node, "class", "uthor", 0) ||
        attribute_has(node, "id", "yline", 0))
        return 1;
    const char *text = first_text(node);
    if (!text) return 0;
    if (named_one_of(node, MARKER_TAGS) && opens_with_marker(text)) return 1;
    return named_one_of(node, LABEL_TAGS) && is_label(text);
}

static int add(PyObject *found, struct LxmlDocument *doc, xmlNode *node) {
    PyObject *element = (PyObject *)elementFactory(doc, node);
    if (!element) return -1;
    int failed = PyList_Append(found, element);
    Py_DECREF(element);
    return failed;
}

/* The next node after `node` in document order under `top`, descending into elements only (XPath's
 * descendant axis passes DTDs and entity references by); `inside` counts the <body> elements on the path. */
static xmlNode *next_node(xmlNode *node, xmlNode *top, int *inside) {
    if (node->type == XML_ELEMENT_NODE && node->children) {
        if (plain_name(node, "body")) (*inside)++;
        return node->children;
    }
    for (;;) {
        if (node->next) return node->next;
        node = node->parent;
        if (!node || node == top) return NULL;
        if (node->type == XML_ELEMENT_NODE && plain_name(node, "body")) (*inside)--;
    }
}

static struct LxmlElement *checked(PyObject *root) {
    int ok = PyObject_IsInstance(root, element_type);
    if (ok < 0) return NULL;
    if (!ok || !((struct LxmlElement *)root)->_c_node) {
        PyErr_SetString(PyExc_TypeError, "root must be an lxml element");
        return NULL;
    }
    return (struct LxmlElement *)root;
}

PyDoc_STRVAR(byline_elements_doc,
             "byline_elements(root, near) -> list of elements: BYLINE_XPATH (near=False) or NEAR_BYLINE_XPATH.");

static PyObject *byline_elements(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *root;
    int near;
    if (!PyArg_ParseTuple(args, "Op:byline_elements", &root, &near)) return NULL;
    struct LxmlElement *element = checked(root);
    if (!element) return NULL;
    xmlNode *top = near ? element->_c_node : (xmlNode *)element->_c_node->doc;
    if (!top) { /* an element outside any document: XPath's "//" has no root to start from */
        PyErr_SetString(PyExc_TypeError, "root is in no document");
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (!found) return NULL;
    int inside = near ? 1 : 0;
    for (xmlNode *node = top->children; node; node = next_node(node, top, &inside)) {
        if (node->type == XML_ELEMENT_NODE && inside > 0 && is_byline(node) && add(found, element->_doc, node) < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

PyDoc_STRVAR(crowded_elements_doc, "crowded_elements(root, n) -> [e for e in root.iter() if len(e) > n].");

static int counts_as_child(xmlNode *node) { /* what len() of an lxml element counts */
    return node->type == XML_ELEMENT_NODE || node->type == XML_COMMENT_NODE || node->type == XML_ENTITY_REF_NODE ||
           node->type == XML_PI_NODE;
}

static PyObject *crowded_elements(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *root;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "On:crowded_elements", &root, &limit)) return NULL;
    struct LxmlElement *element = checked(root);
    if (!element) return NULL;
    PyObject *found = PyList_New(0);
    if (!found) return NULL;
    xmlNode *top = element->_c_node;
    int unused = 0;
    for (xmlNode *node = top; node; node = node == top && !node->children ? NULL : next_node(node, top, &unused)) {
        if (node->type != XML_ELEMENT_NODE) continue; /* comments and the like hold no children */
        Py_ssize_t children = 0;
        for (xmlNode *child = node->children; child; child = child->next) children += counts_as_child(child);
        if (children > limit && add(found, element->_doc, node) < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}


/* ---------------------------------------------------------------------------------- paragraphs (html_gaps) */
static int in_set(PyObject *set, xmlNode *node, int *error) {
    if (node->ns != NULL) return 0;
    PyObject *name = PyUnicode_DecodeUTF8((const char *)node->name, strlen((const char *)node->name), NULL);
    if (!name) { *error = 1; return 0; }
    int found = PySet_Contains(set, name);
    Py_DECREF(name);
    if (found < 0) *error = 1;
    return found > 0;
}

/* html_gaps' paragraph elements: `tags` (root included), a holder only when no child is one of `paragraphs`. */
static int is_paragraph(xmlNode *node, PyObject *tags, PyObject *holders, PyObject *paragraphs, int *error) {
    if (node->type != XML_ELEMENT_NODE || !in_set(tags, node, error)) return 0;
    if (!in_set(holders, node, error)) return !*error;
    for (xmlNode *child = node->children; child && !*error; child = child->next)
        if (child->type == XML_ELEMENT_NODE && in_set(paragraphs, child, error)) return 0;
    return !*error;
}

/* The first `limit` characters of the element's text_content(): its text nodes in document order. */
static PyObject *text_start(xmlNode *element, Py_ssize_t limit) {
    size_t cap = 256, len = 0;
    Py_ssize_t chars = 0;
    char *buf = PyMem_Malloc(cap);
    if (!buf) return PyErr_NoMemory();
    xmlNode *node = element->children;
    int unused = 0;
    while (node && chars < limit) {
        if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content) {
            for (const unsigned char *c = node->content; *c; c++) {
                if ((*c & 0xC0) != 0x80 && chars++ >= limit) break; /* a character starts here */
                if (len + 1 >= cap) {
                    char *grown = PyMem_Realloc(buf, cap *= 2);
                    if (!grown) { PyMem_Free(buf); return PyErr_NoMemory(); }
                    buf = grown;
                }
                buf[len++] = (char)*c;
            }
        }
        node = next_node(node, element, &unused);
    }
    PyObject *text = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)len, "replace");
    PyMem_Free(buf);
    return text;
}

PyDoc_STRVAR(paragraphs_doc,
             "paragraphs(root, tags, holders, paragraphs, limit, positions=None) -> html_gaps' paragraph elements "
             "in document order as the first `limit` characters of their text_content() (positions=None), or the "
             "elements at `positions` (a sorted list of their indexes).");

static PyObject *paragraphs(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *root, *tags, *holders, *paras, *positions = Py_None;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "OO!O!O!n|O:paragraphs", &root, &PyFrozenSet_Type, &tags, &PyFrozenSet_Type, &holders,
                          &PyFrozenSet_Type, &paras, &limit, &positions))
        return NULL;
    struct LxmlElement *element = checked(root);
    if (!element) return NULL;
    if (positions != Py_None && !PyList_Check(positions)) {
        PyErr_SetString(PyExc_TypeError, "positions must be a list");
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (!found) return NULL;
    xmlNode *top = element->_c_node;
    Py_ssize_t at = 0, wanted = 0, wanted_count = positions == Py_None ? 0 : PyList_GET_SIZE(positions);
    int error = 0, unused = 0;
    for (xmlNode *node = top; node && !error; node = node == top && !node->children ? NULL : next_node(node, top, &unused)) {
        if (!is_paragraph(node, tags, holders, paras, &error)) continue;
        if (positions == Py_None) {
            PyObject *text = text_start(node, limit);
            if (!text || PyList_Append(found, text) < 0) error = 1;
            Py_XDECREF(text);
        } else {
            if (wanted >= wanted_count) break;
            Py_ssize_t next = PyLong_AsSsize_t(PyList_GET_ITEM(positions, wanted));
            if (next == -1 && PyErr_Occurred()) error = 1;
            else if (next == at) {
                wanted++;
                if (add(found, element->_doc, node) < 0) error = 1;
            }
        }
        at++;
    }
    if (error) { Py_DECREF(found); return NULL; }
    return found;
}

static PyMethodDef methods[] = {
    {"byline_elements", byline_elements, METH_VARARGS, byline_elements_doc},
    {"crowded_elements", crowded_elements, METH_VARARGS, crowded_elements_doc},
    {"paragraphs", paragraphs, METH_VARARGS, paragraphs_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_find", "Searches of an lxml tree in C.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__find(void) {
    if (import_lxml__etree() < 0) return NULL; /* lxml's public C API: the proxies it makes are lxml's own */
    PyObject *etree = PyImport_ImportModule("lxml.etree");
    if (!etree) return NULL;
    element_type = PyObject_GetAttrString(etree, "_Element");
    /* the element layout of the lxml this was built against, checked on a real element (lxml may have been
     * upgraded since): its node is an element named "probe" */
    PyObject *probe = element_type ? PyObject_CallMethod(etree, "Element", "s", "probe") : NULL;
    Py_DECREF(etree);
    if (!probe) return NULL;
    xmlNode *node = ((struct LxmlElement *)probe)->_c_node;
    int fits = node && node->type == XML_ELEMENT_NODE && node->name && strcmp((const char *)node->name, "probe") == 0;
    Py_DECREF(probe);
    if (!fits) {
        PyErr_SetString(PyExc_ImportError, "lxml's element layout is not the one this module was built for");
        return NULL;
    }
    return PyModule_Create(&module);
}

/* The feature rows of cleaner/label/features.py (block_features) in C: the same rows, the same floats.
 *
 * text_features._python_block_features is the reference; this module is its fast path and must agree with
 * it bit for bit (tests/test_speedups_features.py checks that on random pages). What keeps them the same:
 *   - words are the runs of `\w` that re finds: Py_UNICODE_ISALNUM or "_", the test of CPython's sre;
 *   - a block's folded text is " ".join(words).casefold(): ASCII letters lowered here, any other word
 *     handed to str.casefold (which maps one code point at a time, so lowering ASCII first changes
 *     nothing); its words are the folded text split on Py_UNICODE_ISSPACE, as str.split() splits;
 *   - strings are compared as code points, as str == compares them (the stoplist, the title's and the
 *     URL's words, repeated lines, a block's set of words);
 *   - counts are integers and every share is (double)a / (double)b, which is Python's int / int below
 *     2**53; log and log1p are the C library's, which math.log and math.log1p call;
 *   - prefix sums start at 0.0 and add left to right, as itertools.accumulate does;
 *   - str.isupper and the capital test of a word's first letter use the same Unicode tables as str;
 *   - SENTENCE_END and MENU_SEPARATOR run (the compiled patterns' search, passed in) exactly where
 *     text_features.sentence_end and menu_separator run them;
 *   - the module is compiled with -ffp-contract=off, so no multiply-add is fused.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define N_FEATURES 36 /* text_features.FEATURES */
#define LEAD_WORDS 6
#define CONTEXT 3
#define WIDE_CONTEXT 10
#define SHORT_MAX_WORDS 4 /* `words <= 4`: the short, prev_short and next_short features */
#define FAR 1000000       /* text_features' "no prose on this side": 10**6 */
#define MAX_WORDS (1LL << 53) /* word counts of a page up to this are exact as doubles */

/* Classes of the ASCII characters, read from the same Unicode tables as str and re (see init_tables). */
enum {
    C_WORD = 1,   /* \w */
    C_DIGIT = 2,  /* [0-9] */
    C_PUNCT = 4,  /* , . ; : */
    C_UPPER = 8,  /* str.isupper */
    C_LOWER = 16, /* lower or title case: str.isupper is false */
    C_SPACE = 32, /* str.isspace */
    C_MENU = 64,  /* | / > : the ASCII characters of menu_separator's quick test */
};
static unsigned char ascii_class[128];
static uint64_t hash_seed; /* from str's randomised hash, so that no page can be built to collide here */
static PyObject *casefold_name;

static void init_tables(void) {
    for (Py_UCS4 c = 0; c < 128; c++) {
        unsigned char k = 0;
        if (Py_UNICODE_ISALNUM(c) || c == '_') k |= C_WORD;
        if (c >= '0' && c <= '9') k |= C_DIGIT;
        if (c == ',' || c == '.' || c == ';' || c == ':') k |= C_PUNCT;
        if (Py_UNICODE_ISUPPER(c)) k |= C_UPPER;
        if (Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c)) k |= C_LOWER;
        if (Py_UNICODE_ISSPACE(c)) k |= C_SPACE;
        if (c == '|' || c == '/' || c == '>') k |= C_MENU;
        ascii_class[c] = k;
    }
}

static inline int is_space(Py_UCS4 c) { return c < 128 ? (ascii_class[c] & C_SPACE) != 0 : Py_UNICODE_ISSPACE(c); }

/* FNV-1a over code points, seeded, with a final mix for the low bits that pick a table slot. */
static inline uint64_t hash_start(void) { return hash_seed ^ 0xcbf29ce484222325ULL; }
static inline uint64_t hash_add(uint64_t h, Py_UCS4 c) { return (h ^ c) * 0x100000001b3ULL; }
static inline uint64_t hash_end(uint64_t h) {
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    return h ^ (h >> 32);
}

static size_t table_size(Py_ssize_t items) { /* a power of two at least twice `items`, at least 8 */
    size_t size = 8;
    while (size < 2 * (size_t)items) size <<= 1;
    return size;
}

/* ---- a set of strings as code points (the stoplist, the title's words, the URL's words) ------------- */

typedef struct {
    Py_ssize_t len;
    const Py_UCS4 *chars;
} Entry;

typedef struct {
    uint32_t *tags; /* per slot: 0 empty, else bits of the string's hash (probing reads these alone) */
    Entry *entries;
    size_t mask;
    Py_UCS4 *pool;      /* the strings' code points, one after another */
    Py_ssize_t size;    /* len() of the Python set */
    Py_ssize_t longest; /* the longest string's length; -1 for none */
} StrSet;

static inline uint32_t tag_of(uint64_t h) { return (uint32_t)(h >> 32) | 1u; }

static inline int same_chars(const Py_UCS4 *a, const Py_UCS4 *b, Py_ssize_t len) {
    for (Py_ssize_t j = 0; j < len; j++) {
        if (a[j] != b[j]) return 0;
    }
    return 1;
}

static void strset_free(StrSet *s) {
    PyMem_Free(s->tags);
    PyMem_Free(s->entries);
    PyMem_Free(s->pool);
    memset(s, 0, sizeof(*s));
    s->longest = -1;
}

static inline int strset_has(const StrSet *s, uint64_t h, const Py_UCS4 *chars, Py_ssize_t len) {
    if (len > s->longest) return 0;
    uint32_t tag = tag_of(h);
    for (size_t k = h & s->mask;; k = (k + 1) & s->mask) {
        uint32_t t = s->tags[k];
        if (t == 0) return 0;
        if (t == tag && s->entries[k].len == len && same_chars(s->entries[k].chars, chars, len)) return 1;
    }
}

/* The str members of a set or frozenset. Another member can equal no word of a page: it is left out,
 * though it counts in `size`, as it does in len(). */
static int strset_build(StrSet *s, PyObject *set) {
    memset(s, 0, sizeof(*s));
    s->longest = -1;
    if (!PyAnySet_Check(set)) {
        PyErr_SetString(PyExc_TypeError, "the stoplist, title words and URL words must be sets of str");
        return -1;
    }
    s->size = PySet_GET_SIZE(set);
    if (s->size == 0) return 0;
    PyObject *items = PySequence_List(set);
    if (items == NULL) return -1;
    Py_ssize_t n = PyList_GET_SIZE(items), chars = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(items, i);
        if (PyUnicode_Check(item)) chars += PyUnicode_GET_LENGTH(item);
    }
    size_t size = table_size(n);
    s->mask = size - 1;
    s->tags = PyMem_Calloc(size, sizeof(uint32_t));
    s->entries = PyMem_Calloc(size, sizeof(Entry));
    s->pool = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(chars + 1));
    if (s->tags == NULL || s->entries == NULL || s->pool == NULL) {
        Py_DECREF(items);
        strset_free(s);
        PyErr_NoMemory();
        return -1;
    }
    Py_UCS4 *at = s->pool;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(items, i);
        if (!PyUnicode_Check(item)) continue;
        Py_ssize_t len = PyUnicode_GET_LENGTH(item);
        int kind = PyUnicode_KIND(item);
        const void *data = PyUnicode_DATA(item);
        uint64_t h = hash_start();
        for (Py_ssize_t j = 0; j < len; j++) {
            at[j] = PyUnicode_READ(kind, data, j);
            h = hash_add(h, at[j]);
        }
        h = hash_end(h);
        if (!strset_has(s, h, at, len)) {
            size_t k = h & s->mask;
            while (s->tags[k] != 0) k = (k + 1) & s->mask;
            s->tags[k] = tag_of(h);
            s->entries[k] = (Entry){len, at};
            if (len > s->longest) s->longest = len;
            at += len;
        }
    }
    Py_DECREF(items);
    return 0;
}

/* The stoplists are a few frozensets that text_features keeps for the whole run: their tables are kept,
 * found by identity (a reference is held, so the identity cannot be reused), the most recently used
 * first. A call pins the table it reads, so that no call made meanwhile (a finalizer run by the garbage
 * collector can call anything) frees it. */
#define STOPLIST_CACHE 16
typedef struct {
    PyObject *set;
    StrSet table;
    int pins; /* calls reading the table */
    int kept; /* in `stoplists`; else freed when the last pin goes */
} Stoplist;
static Stoplist *stoplists[STOPLIST_CACHE]; /* the used slots first */

static void free_stoplist(Stoplist *entry) {
    strset_free(&entry->table);
    PyObject *set = entry->set;
    PyMem_Free(entry);
    Py_DECREF(set);
}

static int find_stoplist(PyObject *set) {
    for (int k = 0; k < STOPLIST_CACHE && stoplists[k] != NULL; k++) {
        if (stoplists[k]->set == set) return k;
    }
    return -1;
}

static void move_to_front(int k, Stoplist *entry) {
    memmove(&stoplists[1], &stoplists[0], sizeof(Stoplist *) * (size_t)k);
    stoplists[0] = entry;
}

/* The table of a frozenset, pinned: unpin_stoplist releases it. NULL with an exception. */
static Stoplist *pin_stoplist(PyObject *set) {
    int k = find_stoplist(set);
    if (k < 0) {
        Stoplist *entry = PyMem_Calloc(1, sizeof(Stoplist));
        if (entry == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        if (strset_build(&entry->table, set) < 0) {
            PyMem_Free(entry);
            return NULL;
        }
        Py_INCREF(set);
        entry->set = set;
        k = find_stoplist(set); /* another call may have kept it while this one built its table */
        if (k >= 0) {
            free_stoplist(entry); /* the caller's reference keeps the set alive: no Python code runs */
        } else {
            /* a free slot, else the least recently used table that no call is reading */
            Stoplist *evicted = NULL;
            for (k = 0; k < STOPLIST_CACHE && stoplists[k] != NULL; k++) {
            }
            if (k == STOPLIST_CACHE) {
                for (k = STOPLIST_CACHE - 1; k >= 0 && stoplists[k]->pins > 0; k--) {
                }
                if (k < 0) { /* every kept table is being read: this one is the call's own */
                    entry->pins = 1;
                    return entry;
                }
                evicted = stoplists[k];
            }
            move_to_front(k, entry);
            entry->kept = 1;
            entry->pins = 1;
            if (evicted != NULL) {
                evicted->kept = 0;
                free_stoplist(evicted); /* once the array is whole again: freeing may run Python code */
            }
            return entry;
        }
    }
    Stoplist *entry = stoplists[k];
    move_to_front(k, entry);
    entry->pins++;
    return entry;
}

static void unpin_stoplist(Stoplist *entry) {
    if (--entry->pins == 0 && !entry->kept) free_stoplist(entry);
}

/* ---- one page -------------------------------------------------------------------------------------- */

typedef struct {
    Py_ssize_t fold_start, fold_len; /* the folded text in Page.chars */
    Py_ssize_t tok_lo, tok_hi;       /* its words in Page.tok_* */
    uint64_t fold_hash;
    Py_ssize_t length, spaces, digits, punct; /* len(text), text.count(" "), ASCII digits, , . ; : */
    Py_ssize_t words, capitals, lead_capitals; /* \w+ words of the text itself, those capitalised, of the first 6 */
    char isupper, menu_chars, repeated;
    double stops;
} BlockInfo;

typedef struct {
    Py_UCS4 *chars; /* folded texts, one after another */
    Py_ssize_t used, capacity;
    Py_ssize_t *tok_start, *tok_len; /* folded words */
    uint64_t *tok_hash;
    Py_ssize_t n_toks, tok_capacity;
} Page;

static int reserve_chars(Page *pg, Py_ssize_t more) {
    if (pg->used + more <= pg->capacity) return 0;
    Py_ssize_t capacity = pg->capacity * 2 > pg->used + more ? pg->capacity * 2 : pg->used + more;
    if ((size_t)capacity > PY_SSIZE_T_MAX / sizeof(Py_UCS4)) {
        PyErr_NoMemory();
        return -1;
    }
    Py_UCS4 *chars = PyMem_Realloc(pg->chars, sizeof(Py_UCS4) * (size_t)capacity);
    if (chars == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    pg->chars = chars;
    pg->capacity = capacity;
    return 0;
}

/* Room for `more` words in Page.tok_* */
static int reserve_tokens(Page *pg, Py_ssize_t more) {
    if (pg->n_toks + more <= pg->tok_capacity) return 0;
    Py_ssize_t capacity = pg->tok_capacity * 2 > pg->n_toks + more ? pg->tok_capacity * 2 : pg->n_toks + more;
    if ((size_t)capacity > PY_SSIZE_T_MAX / sizeof(Py_ssize_t)) goto nomem;
    Py_ssize_t *s = PyMem_Realloc(pg->tok_start, sizeof(Py_ssize_t) * (size_t)capacity);
    if (s == NULL) goto nomem;
    pg->tok_start = s;
    Py_ssize_t *l = PyMem_Realloc(pg->tok_len, sizeof(Py_ssize_t) * (size_t)capacity);
    if (l == NULL) goto nomem;
    pg->tok_len = l;
    uint64_t *h = PyMem_Realloc(pg->tok_hash, sizeof(uint64_t) * (size_t)capacity);
    if (h == NULL) goto nomem;
    pg->tok_hash = h;
    pg->tok_capacity = capacity;
    return 0;
nomem:
    PyErr_NoMemory();
    return -1;
}

/* A folded word ends: keep it, count a stopword, and add it to the folded text's hash (a function of the
 * folded text alone, whichever way it was made: its words' hashes in order). */
static inline void end_token(Page *pg, Py_ssize_t start, Py_ssize_t len, uint64_t h, const StrSet *stoplist,
                             Py_ssize_t *hits, uint64_t *whole) {
    h = hash_end(h);
    Py_ssize_t t = pg->n_toks++;
    pg->tok_start[t] = start;
    pg->tok_len[t] = len;
    pg->tok_hash[t] = h;
    if (stoplist != NULL) *hits += strset_has(stoplist, h, pg->chars + start, len);
    *whole = (*whole ^ h) * 0x100000001b3ULL;
}

static inline int is_menu_char(Py_UCS4 c) { /* » · › • (| / > are in ascii_class) */
    return c == 0xBB || c == 0xB7 || c == 0x203A || c == 0x2022;
}

/* One pass over a block's text: the counts of the row, and " ".join(WORD.findall(text)) into pg->chars with
 * ASCII letters lowered, which is the folded text when every word is ASCII; its words are then kept as they
 * end. Returns 1 when a word holds a character beyond ASCII: str.casefold must fold the text written, and
 * split_folded find its words. `kind` is a constant in each caller, so the compiler makes one loop per
 * string width. The caller reserved len + 1 characters and (len + 1) / 2 words. */
static inline Py_ALWAYS_INLINE int scan_text(Page *pg, BlockInfo *b, int kind, const void *data, Py_ssize_t len,
                                             const StrSet *stoplist) {
    const Py_ssize_t base = pg->used;
    Py_UCS4 *out = pg->chars + base;
    Py_ssize_t o = 0, start = 0, spaces = 0, digits = 0, punct = 0, words = 0, capitals = 0, lead = 0, hits = 0;
    uint64_t h = 0, whole = hash_start();
    int in_word = 0, wide = 0, lower = 0, cased = 0, menu = 0;
    b->tok_lo = pg->n_toks;
    for (Py_ssize_t p = 0; p < len; p++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        int word, upper = 0;
        if (c < 128) {
            unsigned char k = ascii_class[c];
            word = k & C_WORD;
            if (word) {
                upper = (k & C_UPPER) != 0;
                digits += (k & C_DIGIT) != 0;
                lower |= k & C_LOWER;
                c = upper ? c + ('a' - 'A') : c;
            } else {
                spaces += c == ' ';
                punct += (k & C_PUNCT) != 0;
                menu |= k & C_MENU;
            }
        } else {
            word = Py_UNICODE_ISALNUM(c);
            upper = Py_UNICODE_ISUPPER(c);
            lower |= Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c);
            menu |= is_menu_char(c);
            wide |= word;
        }
        cased |= upper;
        if (word) {
            if (!in_word) { /* a word starts: is its first letter a capital? (str.isupper of one character) */
                if (o > 0) out[o++] = ' ';
                start = o;
                h = hash_start();
                words++;
                capitals += upper;
                if (words <= LEAD_WORDS) lead += upper;
            }
            out[o++] = c;
            h = hash_add(h, c);
        } else if (in_word && !wide) {
            end_token(pg, base + start, o - start, h, stoplist, &hits, &whole);
        }
        in_word = word != 0;
    }
    if (in_word && !wide) end_token(pg, base + start, o - start, h, stoplist, &hits, &whole);
    b->length = len;
    b->spaces = spaces;
    b->digits = digits;
    b->punct = punct;
    b->words = words;
    b->capitals = capitals;
    b->lead_capitals = lead;
    b->menu_chars = menu != 0;
    /* str.isupper: one character, that character's test; more, a cased character and no lower or title case */
    b->isupper = len == 1 ? Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, 0)) != 0 : (cased && !lower);
    b->fold_start = base;
    b->fold_len = o;
    if (wide) {
        pg->n_toks = b->tok_lo; /* the words kept before the first wide one: split_folded finds them all */
        return 1;
    }
    b->tok_hi = pg->n_toks;
    b->fold_hash = hash_end(whole);
    b->stops = stoplist != NULL ? (double)hits / (double)(words ? words : 1) : 0.0;
    return 0;
}

/* The folded text of a block whose words go beyond ASCII: str.casefold of what scan_text wrote. */
static int casefold_block(Page *pg, BlockInfo *b) {
    PyObject *joined = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, pg->chars + b->fold_start, b->fold_len);
    if (joined == NULL) return -1;
    PyObject *folded = PyObject_CallMethodNoArgs(joined, casefold_name);
    Py_DECREF(joined);
    if (folded == NULL) return -1;
    if (!PyUnicode_Check(folded)) {
        Py_DECREF(folded);
        PyErr_SetString(PyExc_TypeError, "str.casefold returned a non-str");
        return -1;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(folded);
    if (reserve_chars(pg, len + 1) < 0 || reserve_tokens(pg, (len + 1) / 2 + 1) < 0) {
        Py_DECREF(folded);
        return -1;
    }
    int kind = PyUnicode_KIND(folded);
    const void *data = PyUnicode_DATA(folded);
    for (Py_ssize_t j = 0; j < len; j++) pg->chars[b->fold_start + j] = PyUnicode_READ(kind, data, j);
    b->fold_len = len;
    Py_DECREF(folded);
    return 0;
}

/* The words of a folded text from str.casefold: str.split() splits on Py_UNICODE_ISSPACE. */
static void split_folded(Page *pg, BlockInfo *b, const StrSet *stoplist) {
    const Py_UCS4 *chars = pg->chars + b->fold_start;
    uint64_t whole = hash_start();
    Py_ssize_t hits = 0, j = 0;
    b->tok_lo = pg->n_toks;
    while (j < b->fold_len) {
        if (is_space(chars[j])) {
            j++;
            continue;
        }
        Py_ssize_t start = j;
        uint64_t h = hash_start();
        for (; j < b->fold_len && !is_space(chars[j]); j++) h = hash_add(h, chars[j]);
        end_token(pg, b->fold_start + start, j - start, h, stoplist, &hits, &whole);
    }
    b->tok_hi = pg->n_toks;
    b->fold_hash = hash_end(whole);
    Py_ssize_t n = b->tok_hi - b->tok_lo;
    b->stops = stoplist != NULL ? (double)hits / (double)(n ? n : 1) : 0.0;
}

static int read_block(Page *pg, BlockInfo *b, PyObject *text, const StrSet *stoplist) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "block texts must be str");
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return -1;
#endif
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    /* the words and one space between two of them fit in the text's length; a word takes 2 characters or
       1 at the end */
    if (reserve_chars(pg, len + 1) < 0 || reserve_tokens(pg, (len + 1) / 2 + 1) < 0) return -1;
    const void *data = PyUnicode_DATA(text);
    int wide;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: wide = scan_text(pg, b, PyUnicode_1BYTE_KIND, data, len, stoplist); break;
    case PyUnicode_2BYTE_KIND: wide = scan_text(pg, b, PyUnicode_2BYTE_KIND, data, len, stoplist); break;
    default: wide = scan_text(pg, b, PyUnicode_4BYTE_KIND, data, len, stoplist); break;
    }
    if (wide) {
        if (casefold_block(pg, b) < 0) return -1;
        split_folded(pg, b, stoplist);
    }
    pg->used += b->fold_len;
    return 0;
}

/* `repeated`: Counter(folded)[folded[i]] > 1, from a table of the first block of each folded text. */
static int mark_repeats(const Page *pg, BlockInfo *info, Py_ssize_t n) {
    size_t size = table_size(n), mask = size - 1;
    Py_ssize_t *slots = PyMem_Malloc(sizeof(Py_ssize_t) * size);
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < size; k++) slots[k] = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        BlockInfo *b = &info[i];
        for (size_t k = b->fold_hash & mask;; k = (k + 1) & mask) {
            if (slots[k] < 0) {
                slots[k] = i;
                break;
            }
            BlockInfo *first = &info[slots[k]];
            if (first->fold_hash == b->fold_hash && first->fold_len == b->fold_len &&
                memcmp(pg->chars + first->fold_start, pg->chars + b->fold_start,
                       (size_t)b->fold_len * sizeof(Py_UCS4)) == 0) {
                first->repeated = b->repeated = 1;
                break;
            }
        }
    }
    PyMem_Free(slots);
    return 0;
}

/* set(toks): the block's distinct folded words, and how many of them the title and the URL hold. */
typedef struct {
    Py_ssize_t *slots;
    size_t size;
} Scratch;

static int distinct_words(const Page *pg, const BlockInfo *b, Scratch *scratch, const StrSet *title,
                          const StrSet *slug, Py_ssize_t *distinct, Py_ssize_t *in_title, Py_ssize_t *in_slug) {
    size_t size = table_size(b->tok_hi - b->tok_lo), mask = size - 1;
    if (size > scratch->size) {
        Py_ssize_t *slots = PyMem_Realloc(scratch->slots, sizeof(Py_ssize_t) * size);
        if (slots == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        scratch->slots = slots;
        scratch->size = size;
    }
    Py_ssize_t *slots = scratch->slots;
    for (size_t k = 0; k < size; k++) slots[k] = -1;
    *distinct = *in_title = *in_slug = 0;
    for (Py_ssize_t t = b->tok_lo; t < b->tok_hi; t++) {
        uint64_t h = pg->tok_hash[t];
        const Py_UCS4 *chars = pg->chars + pg->tok_start[t];
        Py_ssize_t len = pg->tok_len[t];
        size_t k = h & mask;
        int seen = 0;
        for (; slots[k] >= 0; k = (k + 1) & mask) {
            Py_ssize_t u = slots[k];
            if (pg->tok_hash[u] == h && pg->tok_len[u] == len && same_chars(pg->chars + pg->tok_start[u], chars, len)) {
                seen = 1;
                break;
            }
        }
        if (seen) continue;
        slots[k] = t;
        ++*distinct;
        *in_title += strset_has(title, h, chars, len);
        *in_slug += strset_has(slug, h, chars, len);
    }
    return 0;
}

/* ---- arguments ------------------------------------------------------------------------------------- */

/* The truth of each item of a sequence, into out[0 .. min(len, limit)); returns len, -1 with an exception.
 * Every item's truth is asked for (as the Python code does), or with `first_true` up to the first true
 * one, whose index goes there (left as it was when none is true). */
static Py_ssize_t read_flags(PyObject *seq, const char *what, char *out, Py_ssize_t limit, Py_ssize_t *first_true) {
    PyObject *fast = PySequence_Fast(seq, what);
    if (fast == NULL) return -1;
    Py_ssize_t len = PySequence_Fast_GET_SIZE(fast);
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t i = 0; i < len; i++) {
        int truth = items[i] == Py_True ? 1 : items[i] == Py_False ? 0 : PyObject_IsTrue(items[i]);
        if (truth < 0) {
            Py_DECREF(fast);
            return -1;
        }
        if (i < limit) out[i] = (char)truth;
        if (truth && first_true != NULL) {
            *first_true = i;
            break;
        }
    }
    Py_DECREF(fast);
    return len;
}

static int is_true_arg(PyObject *obj) { /* `if obj:` for the optional sequences (None is false) */
    return obj == Py_None ? 0 : PyObject_IsTrue(obj);
}

/* text_features.sentence_end: the line, closers stripped, ends with a sentence mark; else the regex, for
 * a line that ends with ")". */
static int sentence_end(PyObject *text, const BlockInfo *b, PyObject *search) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t end = b->length;
    if (end > 0 && PyUnicode_READ(kind, data, end - 1) == '\n') end--;
    Py_ssize_t j = end;
    for (; j > 0; j--) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j - 1);
        if (!(c == '"' || c == 0x201D || c == 0x2019 || c == '\'' || c == 0xBB || c == ')' || c == ']')) break;
    }
    if (j > 0) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j - 1);
        if (c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':' || c == ';') return 1;
    }
    if (!(end > 0 && PyUnicode_READ(kind, data, end - 1) == ')')) return 0;
    PyObject *match = PyObject_CallOneArg(search, text);
    if (match == NULL) return -1;
    int found = match != Py_None;
    Py_DECREF(match);
    return found;
}

/* text_features.menu_separator: the regex, for a text that holds one of its separators. */
static int menu_separator(PyObject *text, const BlockInfo *b, PyObject *search) {
    if (!b->menu_chars) return 0;
    PyObject *match = PyObject_CallOneArg(search, text);
    if (match == NULL) return -1;
    int found = match != Py_None;
    Py_DECREF(match);
    return found;
}

static PyObject *math_domain_error(void) {
    PyErr_SetString(PyExc_ValueError, "math domain error");
    return NULL;
}

static PyObject *block_features(PyObject *self, PyObject *args) {
    PyObject *texts_arg, *words_arg, *gaps_arg, *boilerplate_arg, *good_arg, *stoplist_arg, *title_arg, *slug_arg;
    PyObject *wanted_arg, *comments_arg, *datelines_arg, *sentence_search, *menu_search;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOOO:block_features", &texts_arg, &words_arg, &gaps_arg, &boilerplate_arg,
                          &good_arg, &stoplist_arg, &title_arg, &slug_arg, &wanted_arg, &comments_arg, &datelines_arg,
                          &sentence_search, &menu_search))
        return NULL;
    PyObject *result = NULL, *texts = NULL, *words_seq = NULL;
    Page pg = {0};
    BlockInfo *info = NULL;
    Scratch scratch = {0};
    StrSet stop_scratch = {0}, title = {0}, slug = {0};
    Stoplist *pinned = NULL;
    long long *words = NULL, *words_before = NULL, *good_words_before = NULL;
    Py_ssize_t *last_good = NULL, *next_good = NULL, *last_dated = NULL;
    double *log_words = NULL, *sum_good = NULL, *sum_words = NULL, *sum_bp = NULL, *sum_stops = NULL;
    char *flags = NULL;

    texts = PySequence_Fast(texts_arg, "texts must be a sequence of str");
    if (texts == NULL) goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(texts);
    if (n == 0) {
        result = PyList_New(0);
        goto done;
    }
    words_seq = PySequence_Fast(words_arg, "words must be a sequence of int");
    if (words_seq == NULL) goto done;
    Py_ssize_t n_bp = PyObject_Size(boilerplate_arg), n_good = PyObject_Size(good_arg);
    if (n_bp < 0 || n_good < 0) goto done;
    if (n_bp != n || n_good != n) {
        PyErr_Format(PyExc_ValueError, "%zd blocks, %zd boilerplate marks, %zd prose marks", n, n_bp, n_good);
        goto done;
    }
    if (PySequence_Fast_GET_SIZE(words_seq) != n) {
        PyErr_SetString(PyExc_ValueError, "one word count per block");
        goto done;
    }
    Py_ssize_t n_gaps = PyObject_Size(gaps_arg);
    if (n_gaps < 0) goto done;
    if (n_gaps != n) {
        PyErr_SetString(PyExc_ValueError, "one gap_before flag per block");
        goto done;
    }
    if (!PyCallable_Check(sentence_search) || !PyCallable_Check(menu_search)) {
        PyErr_SetString(PyExc_TypeError, "the sentence end and menu separator searches must be callables");
        goto done;
    }

    /* flags: gap_before, boilerplate, good, wanted, dateline, each n long */
    info = PyMem_Calloc((size_t)n, sizeof(BlockInfo));
    flags = PyMem_Calloc((size_t)n, 5);
    words = PyMem_Malloc(sizeof(long long) * (size_t)n);
    words_before = PyMem_Malloc(sizeof(long long) * (size_t)(n + 1));
    good_words_before = PyMem_Malloc(sizeof(long long) * (size_t)(n + 1));
    last_good = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)n);
    next_good = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)n);
    last_dated = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)n);
    log_words = PyMem_Malloc(sizeof(double) * (size_t)n);
    sum_good = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    sum_words = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    sum_bp = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    sum_stops = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    if (info == NULL || flags == NULL || words == NULL || words_before == NULL || good_words_before == NULL ||
        last_good == NULL || next_good == NULL || last_dated == NULL || log_words == NULL || sum_good == NULL ||
        sum_words == NULL || sum_bp == NULL || sum_stops == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    char *gap = flags, *bp = flags + n, *good = flags + 2 * n, *wanted = flags + 3 * n, *dated = flags + 4 * n;
    if (read_flags(gaps_arg, "gap_before must be a sequence", gap, n, NULL) < 0 ||
        read_flags(boilerplate_arg, "boilerplate must be a sequence", bp, n, NULL) < 0 ||
        read_flags(good_arg, "good must be a sequence", good, n, NULL) < 0)
        goto done;

    /* words: log1p of each, then the totals */
    long long total_words = 0, total_good_words = 0;
    words_before[0] = good_words_before[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        words[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(words_seq, i));
        if (words[i] == -1 && PyErr_Occurred()) goto done;
        if (words[i] < 0) { /* math.log1p's domain: the Python code fails on it too */
            math_domain_error();
            goto done;
        }
        if (words[i] > MAX_WORDS - total_words) { /* beyond this, int / int and (double) / (double) could differ */
            PyErr_SetString(PyExc_OverflowError, "more than 2**53 words on a page");
            goto done;
        }
        total_words += words[i];
        total_good_words += good[i] ? words[i] : 0;
        words_before[i + 1] = total_words;
        good_words_before[i + 1] = total_good_words;
    }
    if (total_words == 0) total_words = 1;
    if (total_good_words == 0) total_good_words = 1;

    /* the folded texts, their words and stopword shares, and the repeats among them */
    int has_stoplist = PyObject_IsTrue(stoplist_arg);
    if (has_stoplist < 0) goto done;
    const StrSet *stoplist = NULL;
    if (has_stoplist) {
        if (PyFrozenSet_CheckExact(stoplist_arg)) {
            pinned = pin_stoplist(stoplist_arg);
            if (pinned == NULL) goto done;
            stoplist = &pinned->table;
        } else { /* a set that can change is read again at every call */
            if (strset_build(&stop_scratch, stoplist_arg) < 0) goto done;
            stoplist = &stop_scratch;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (read_block(&pg, &info[i], PySequence_Fast_GET_ITEM(texts, i), stoplist) < 0) goto done;
    }
    if (mark_repeats(&pg, info, n) < 0) goto done;

    for (Py_ssize_t i = 0; i < n; i++) log_words[i] = log1p((double)words[i]);
    /* prefix sums, added left to right from 0.0 */
    sum_good[0] = sum_words[0] = sum_bp[0] = sum_stops[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        sum_good[i + 1] = sum_good[i] + (good[i] ? 1.0 : 0.0);
        sum_words[i + 1] = sum_words[i] + log_words[i];
        sum_bp[i + 1] = sum_bp[i] + (bp[i] ? 1.0 : 0.0);
        sum_stops[i + 1] = sum_stops[i] + info[i].stops;
    }
    if (strset_build(&title, title_arg) < 0 || strset_build(&slug, slug_arg) < 0) goto done;

    Py_ssize_t comments_from = n;
    int truth = is_true_arg(comments_arg);
    if (truth < 0) goto done;
    if (truth) {
        char unused;
        if (read_flags(comments_arg, "comment_marks must be a sequence", &unused, 0, &comments_from) < 0) goto done;
    }
    truth = is_true_arg(datelines_arg);
    if (truth < 0) goto done;
    if (truth && read_flags(datelines_arg, "datelines must be a sequence", dated, n, NULL) < 0) goto done;
    if (wanted_arg == Py_None) {
        memset(wanted, 1, (size_t)n);
    } else {
        Py_ssize_t len = read_flags(wanted_arg, "wanted must be a sequence", wanted, n, NULL);
        if (len < 0) goto done;
        if (len < n) {
            PyErr_SetString(PyExc_IndexError, "list index out of range");
            goto done;
        }
    }
    /* the nearest prose block at or before each block, and after it; the last dateline at or before it */
    Py_ssize_t at_good = -FAR, at_dated = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (good[i]) at_good = i;
        if (dated[i]) at_dated = i;
        last_good[i] = at_good;
        last_dated[i] = at_dated;
    }
    at_good = FAR;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        next_good[i] = at_good;
        if (good[i]) at_good = i;
    }

    result = PyList_New(n);
    if (result == NULL) goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!wanted[i]) {
            Py_INCREF(Py_None);
            PyList_SET_ITEM(result, i, Py_None);
            continue;
        }
        PyObject *text = PySequence_Fast_GET_ITEM(texts, i);
        const BlockInfo *b = &info[i];
        Py_ssize_t n_toks = b->tok_hi - b->tok_lo;
        double nw = (double)(n_toks ? n_toks : 1);
        if (b->length == 0) { /* math.log(0.0) */
            math_domain_error();
            goto fail;
        }
        Py_ssize_t distinct = 0, in_title = 0, in_slug = 0;
        if ((title.size && n_toks) || slug.size) {
            if (distinct_words(&pg, b, &scratch, &title, &slug, &distinct, &in_title, &in_slug) < 0) goto fail;
        }
        double title_like =
            title.size && n_toks ? (double)in_title / (double)(distinct + title.size - in_title) : 0.0;
        Py_ssize_t letters = b->length - b->spaces - b->digits;
        if (letters == 0) letters = 1;
        double good_share = (double)good_words_before[i] / (double)total_good_words;
        Py_ssize_t lo = i - CONTEXT > 0 ? i - CONTEXT : 0, hi = i + CONTEXT + 1 < n ? i + CONTEXT + 1 : n;
        Py_ssize_t wide_lo = i - WIDE_CONTEXT > 0 ? i - WIDE_CONTEXT : 0;
        Py_ssize_t wide_hi = i + WIDE_CONTEXT + 1 < n ? i + WIDE_CONTEXT + 1 : n;
        double k = (double)(hi - lo - 1 ? hi - lo - 1 : 1);
        double kw = (double)(wide_hi - wide_lo - 1 ? wide_hi - wide_lo - 1 : 1);
        long long dist_good = 0;
        if (!good[i]) {
            long long before = i - last_good[i], after = next_good[i] - i;
            dist_good = before < after ? before : after;
        }
        if (dist_good <= -1) {
            math_domain_error();
            goto fail;
        }
        double good_f = good[i] ? 1.0 : 0.0, bp_f = bp[i] ? 1.0 : 0.0;
        int sentence = sentence_end(text, b, sentence_search);
        if (sentence < 0) goto fail;
        int menu = menu_separator(text, b, menu_search);
        if (menu < 0) goto fail;
        Py_ssize_t lead_of = b->words < LEAD_WORDS ? b->words : LEAD_WORDS;
        int ends_colon = b->length > 0 &&
                         PyUnicode_READ(PyUnicode_KIND(text), PyUnicode_DATA(text), b->length - 1) == ':';
        double row[N_FEATURES] = {
            log_words[i],
            log((double)b->length / nw),
            sentence ? 1.0 : 0.0,
            ends_colon ? 1.0 : 0.0,
            b->stops,
            (double)b->punct / nw,
            (double)b->digits / (double)(letters + b->digits),
            (double)b->capitals / nw,
            words[i] >= 2 && b->isupper ? 1.0 : 0.0,
            menu ? 1.0 : 0.0,
            bp_f,
            b->repeated ? 1.0 : 0.0,
            title_like,
            (double)i / (double)n,
            (double)words_before[i] / (double)total_words,
            good_share,
            good_share * (1.0 - good_share) * 4.0,
            gap[i] ? 1.0 : 0.0,
            i + 1 < n && gap[i + 1] ? 1.0 : 0.0,
            good_f,
            words[i] <= SHORT_MAX_WORDS ? 1.0 : 0.0,
            (sum_good[hi] - sum_good[lo] - good_f) / k,
            (sum_good[wide_hi] - sum_good[wide_lo] - good_f) / kw,
            (sum_words[hi] - sum_words[lo] - log_words[i]) / k,
            i > 0 && good[i - 1] ? 1.0 : 0.0,
            i + 1 < n && good[i + 1] ? 1.0 : 0.0,
            i > 0 && words[i - 1] <= SHORT_MAX_WORDS ? 1.0 : 0.0,
            i + 1 < n && words[i + 1] <= SHORT_MAX_WORDS ? 1.0 : 0.0,
            (sum_bp[hi] - sum_bp[lo] - bp_f) / k,
            log1p((double)dist_good),
            (sum_stops[hi] - sum_stops[lo] - b->stops) / k,
            slug.size && distinct ? (double)in_slug / (double)distinct : 0.0,
            i > comments_from ? 1.0 : 0.0,
            dated[i] ? 1.0 : 0.0,
            last_dated[i] >= 0 && i - last_dated[i] > 0 && i - last_dated[i] <= WIDE_CONTEXT ? 1.0 : 0.0,
            (double)b->lead_capitals / (double)(lead_of > 1 ? lead_of : 1),
        };
        PyObject *list = PyList_New(N_FEATURES);
        if (list == NULL) goto fail;
        PyList_SET_ITEM(result, i, list);
        for (int j = 0; j < N_FEATURES; j++) {
            PyObject *value = PyFloat_FromDouble(row[j]);
            if (value == NULL) goto fail;
            PyList_SET_ITEM(list, j, value);
        }
    }
    goto done;

fail:
    Py_CLEAR(result);
done:
    Py_XDECREF(texts);
    Py_XDECREF(words_seq);
    PyMem_Free(pg.chars);
    PyMem_Free(pg.tok_start);
    PyMem_Free(pg.tok_len);
    PyMem_Free(pg.tok_hash);
    PyMem_Free(info);
    PyMem_Free(scratch.slots);
    strset_free(&stop_scratch);
    if (pinned != NULL) unpin_stoplist(pinned);
    strset_free(&title);
    strset_free(&slug);
    PyMem_Free(words);
    PyMem_Free(words_before);
    PyMem_Free(good_words_before);
    PyMem_Free(last_good);
    PyMem_Free(next_good);
    PyMem_Free(last_dated);
    PyMem_Free(log_words);
    PyMem_Free(sum_good);
    PyMem_Free(sum_words);
    PyMem_Free(sum_bp);
    PyMem_Free(sum_stops);
    PyMem_Free(flags);
    return result;
}

static PyMethodDef methods[] = {
    {"block_features", block_features, METH_VARARGS,
     "block_features(texts, words, gap_before, boilerplate, good, stoplist, title_tokens, url_tokens, wanted,\n"
     "               comment_marks, datelines, sentence_end_search, menu_separator_search)\n"
     "    -> list[list[float] | None]\n\n"
     "text_features.block_features for one page, from its blocks' texts, word counts and gap_before flags."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cleaner._features",
                                    "The text body scorer's feature rows in C (see cleaner/label/features.py).", -1,
                                    methods};

PyMODINIT_FUNC PyInit__features(void) {
    init_tables();
    casefold_name = PyUnicode_InternFromString("casefold");
    if (casefold_name == NULL) return NULL;
    PyObject *name = PyUnicode_FromString("cleaner._features");
    if (name == NULL) return NULL;
    Py_hash_t seed = PyObject_Hash(name);
    Py_DECREF(name);
    if (seed == -1 && PyErr_Occurred()) return NULL;
    hash_seed = (uint64_t)seed;
    return PyModule_Create(&module);
}

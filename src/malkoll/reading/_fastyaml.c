/*
 * The reader's compiled part: libyaml's events straight to malkoll's data.
 *
 * `parse(text, known_keys, fold, controls)` reads one YAML document with libyaml's event parser
 * (the parser PyYAML's CSafeLoader uses) and builds what `reading.parse._Converter` builds
 * from PyYAML's nodes: dicts, lists, text and None, and on every dict the position record
 * under "__pos__" (see `model/positions.py`), without a Node or Mark object per value.
 *
 * It returns `(data, duplicates, numbers)`, where each duplicate key is `(line, column,
 * written, key)` with libyaml's 0-based line and column and `numbers` are the packed
 * positions (as in the position records) of plain values a YAML 1.2 core-schema reader
 * takes for numbers that may come back changed (`3.10`; see `changes_as_number`), or
 * None when the file must be read by the Python path instead. That is anything rare whose result the Python path decides: any
 * libyaml error (so MK101 keeps libyaml's words as PyYAML reports them), anchors and
 * aliases (the alias limit), a key that is not a scalar (MK105), more than one document,
 * and nesting deeper than MAX_DEPTH. Two inputs are also left to the Python path because
 * libyaml 0.2.5 and the libyaml PyYAML's wheels bundle read them differently: deep
 * nesting (the newer one stops at 1000 levels) and an explicit key `?` that starts a
 * single-pair mapping in a flow sequence (`[ ? a ]`).
 *
 * `text` may also be the file's UTF-8 bytes (what `str.encode()` of the text gives), which
 * spares encoding the text again. Most of the time goes to libyaml; of the rest, the texts
 * are the most: the same few dozen keys and short values ("pagar", "2020-12-31") come back
 * hundreds of thousands of times, so short texts come from a small cache keyed by their
 * bytes (see `cached_text`), and the others are decoded without CPython's general decoder
 * where they are ASCII or Latin-1 (see `text_of`).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

/* Far deeper than any real file (about ten levels); beyond it the Python path decides. */
#define MAX_DEPTH 200

typedef struct {
    yaml_parser_t parser;
    yaml_event_t event;
    int has_event;
    int fallback; /* set when the Python path must read the file; no exception is set */
    int depth;
    PyObject *known; /* frozenset of the schema's keys */
    PyObject *fold;  /* malkoll.text.fold */
    PyObject *dups;  /* list of (line, column, written, key) */
    PyObject *nums;  /* list of positions of plain values that may change as numbers */
    int controls;    /* whether values may hold control characters (see `unprintable`) */
    const unsigned char *buf;
    size_t len;
    size_t cur_char, cur_byte; /* a cursor from libyaml's character index to bytes */
    size_t first_byte;         /* the byte of character 0: 3 after a byte order mark */
} Ctx;

static PyObject *POS_KEY; /* "__pos__" */

static inline int
popcount64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_popcountll(x);
#else
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
#endif
}

static PyObject *node(Ctx *c, int build);

static int
next_event(Ctx *c)
{
    if (c->has_event) {
        yaml_event_delete(&c->event);
        c->has_event = 0;
    }
    if (!yaml_parser_parse(&c->parser, &c->event)) {
        c->fallback = 1;
        return 0;
    }
    c->has_event = 1;
    return 1;
}

static PyObject *
fallback(Ctx *c)
{
    c->fallback = 1;
    return NULL;
}

/* The packed 1-based position of a mark: (line << 24) | column. */
static long long
pack(const yaml_mark_t *mark)
{
    return (((long long)mark->line + 1) << 24) | ((long long)mark->column + 1);
}

/* The byte at libyaml's character index (marks count characters, not bytes). The cursor
 * moves eight bytes at a time while they hold no more characters than it has to go and
 * the next byte starts a character: the characters in them are the bytes less the
 * continuation bytes (10xxxxxx). */
static unsigned char
byte_at(Ctx *c, size_t index)
{
    if (index < c->cur_char) {
        c->cur_char = 0;
        c->cur_byte = c->first_byte;
    }
    while (c->cur_char + 8 <= index && c->cur_byte + 9 <= c->len) {
        uint64_t word;
        memcpy(&word, c->buf + c->cur_byte, 8);
        uint64_t high = word & 0x8080808080808080ULL;
        size_t chars = 8;
        if (high) {
            uint64_t continuation = high & ~(word << 1);
            chars -= (size_t)popcount64(continuation);
            if ((c->buf[c->cur_byte + 8] & 0xC0) == 0x80) {
                /* a character goes on past the word: step over one character */
                unsigned char b = c->buf[c->cur_byte];
                c->cur_byte += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
                c->cur_char++;
                continue;
            }
        }
        c->cur_byte += 8;
        c->cur_char += chars;
    }
    while (c->cur_char < index && c->cur_byte < c->len) {
        unsigned char b = c->buf[c->cur_byte];
        c->cur_byte += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        c->cur_char++;
    }
    return c->cur_byte < c->len ? c->buf[c->cur_byte] : 0;
}

static int
is_null(const char *v, size_t n)
{
    switch (n) {
    case 0:
        return 1;
    case 1:
        return v[0] == '~';
    case 4:
        return memcmp(v, "null", 4) == 0 || memcmp(v, "Null", 4) == 0 ||
               memcmp(v, "NULL", 4) == 0;
    default:
        return 0;
    }
}

/* Whether the UTF-8 text holds a character `malkoll.text.unprintable` finds (tab and
 * newline allowed): C0 and C1 controls, DEL, U+200E, U+200F, U+2028, U+2029, U+202A to
 * U+202E, U+2066 to U+2069 and U+FEFF. */
static int
has_unprintable(const unsigned char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = v[i];
        if (b < 0x20) {
            if (b != '\t' && b != '\n')
                return 1;
        }
        else if (b == 0x7F) {
            return 1;
        }
        else if (b == 0xC2 && i + 1 < n) {
            if (v[i + 1] >= 0x80 && v[i + 1] <= 0x9F)
                return 1;
        }
        else if (b == 0xE2 && i + 2 < n) {
            unsigned char b1 = v[i + 1], b2 = v[i + 2];
            if (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xA8 && b2 <= 0xAE)))
                return 1;
            if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)
                return 1;
        }
        else if (b == 0xEF && i + 2 < n) {
            if (v[i + 1] == 0xBB && v[i + 2] == 0xBF)
                return 1;
        }
    }
    return 0;
}

/* Where the run of ASCII bytes from `i` ends. */
static inline size_t
ascii_run(const unsigned char *p, size_t i, size_t n)
{
    while (i + 8 <= n) {
        uint64_t word;
        memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

/* The text of valid UTF-8 (libyaml has checked it): an ASCII or Latin-1 text is built
 * directly, in the narrowest kind as CPython's decoder builds it; anything wider is left
 * to that decoder. */
static PyObject *
text_of(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = ascii_run(p, 0, n);
    if (i == n) {
        PyObject *ascii = PyUnicode_New((Py_ssize_t)n, 127);
        if (ascii != NULL)
            memcpy(PyUnicode_1BYTE_DATA(ascii), s, n);
        return ascii;
    }
    /* U+0080 to U+00FF are the two-byte sequences led by 0xC2 and 0xC3. */
    size_t chars = i;
    for (size_t j = i; j < n;) {
        unsigned char b = p[j];
        if (b < 0x80) {
            size_t end = ascii_run(p, j, n);
            chars += end - j;
            j = end;
            continue;
        }
        if ((b != 0xC2 && b != 0xC3) || j + 1 >= n || (p[j + 1] & 0xC0) != 0x80)
            return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
        chars++;
        j += 2;
    }
    PyObject *latin1 = PyUnicode_New((Py_ssize_t)chars, 255);
    if (latin1 == NULL)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(latin1);
    for (size_t j = 0; j < n;) {
        unsigned char b = p[j];
        if (b < 0x80) {
            size_t end = ascii_run(p, j, n);
            memcpy(out, p + j, end - j);
            out += end - j;
            j = end;
        }
        else {
            *out++ = (Py_UCS1)(((b & 0x1F) << 6) | (p[j + 1] & 0x3F));
            j += 2;
        }
    }
    return latin1;
}

/* The cache of short texts: a direct-mapped table from a text's bytes to its str, kept
 * between calls (texts repeat across a repository's files). A slot is overwritten by the
 * next text that maps to it, so the table never holds more than CACHE_SLOTS texts of at
 * most CACHE_MAX bytes, whatever the files hold. */
#define CACHE_SLOTS 4096 /* a power of two */
#define CACHE_MAX 40     /* longest cached text, in bytes; a slot is 64 bytes */

typedef struct {
    uint64_t hash;
    PyObject *text; /* NULL when empty */
    uint32_t length;
    char bytes[CACHE_MAX];
} Slot;

static Slot cache[CACHE_SLOTS];

static uint64_t
hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        h = (h ^ word) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    if (i < n) {
        uint64_t word = 0;
        memcpy(&word, s + i, n - i);
        h = (h ^ word) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

/* The text of `n` bytes of valid UTF-8 (a new reference), from the cache when it is short.
 * A key the schema knows is interned, as the schema's own keys are, so that looking it up
 * compares pointers (`known` may be NULL: a value). */
static PyObject *
cached_text(const char *s, size_t n, PyObject *known)
{
    if (n > CACHE_MAX)
        return text_of(s, n);
    uint64_t h = hash_bytes(s, n);
    Slot *slot = &cache[h & (CACHE_SLOTS - 1)];
    if (slot->text != NULL && slot->hash == h && slot->length == n &&
        memcmp(slot->bytes, s, n) == 0) {
        Py_INCREF(slot->text);
        return slot->text;
    }
    PyObject *text = text_of(s, n);
    if (text == NULL)
        return NULL;
    if (known != NULL && PyUnicode_IS_ASCII(text)) {
        int is_known = PySet_Contains(known, text);
        if (is_known < 0) {
            Py_DECREF(text);
            return NULL;
        }
        if (is_known)
            PyUnicode_InternInPlace(&text);
    }
    PyObject *old = slot->text;
    slot->hash = h;
    slot->length = (uint32_t)n;
    memcpy(slot->bytes, s, n);
    Py_INCREF(text);
    slot->text = text;
    Py_XDECREF(old); /* last: freeing it runs no Python code, but keep the slot whole */
    return text;
}

/* Empty the cache (for tests and leak checks): `_clear_cache()`. */
static PyObject *
fastyaml_clear_cache(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(ignored))
{
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        Py_CLEAR(cache[i].text);
    Py_RETURN_NONE;
}

static PyObject *
scalar(Ctx *c, int build)
{
    yaml_event_t *e = &c->event;
    if (e->data.scalar.anchor != NULL)
        return fallback(c);
    if (!build)
        Py_RETURN_NONE;
    const char *value = (const char *)e->data.scalar.value;
    size_t length = e->data.scalar.length;
    yaml_scalar_style_t style = e->data.scalar.style;
    if (c->controls && has_unprintable((const unsigned char *)value, length))
        return fallback(c); /* the Python path reports it (MK105), or finds it allowed */
    /* PyYAML's style is '' for plain and None for "any": both are "not style". */
    if ((style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE) &&
        is_null(value, length))
        Py_RETURN_NONE;
    return cached_text(value, length, NULL);
}

/* Whether a plain scalar is one a YAML 1.2 core-schema reader takes for a number or a
 * boolean and whose text may come back changed when such a reader writes it again
 * (`3.10`, `010`, `1e3`, `0x1A`, `True`); plain `12`, `3.5`, `true` come back as they are
 * and are left out. `reading.numbers.changes_as_number` is the same test; `reading.plain`
 * decides exactly, for the values that are ids. */
static int
changes_as_number(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    char c0 = s[0];
    if (c0 == 't' || c0 == 'T' || c0 == 'f' || c0 == 'F') {
        return (n == 4 && (memcmp(s, "True", 4) == 0 || memcmp(s, "TRUE", 4) == 0)) ||
               (n == 5 && (memcmp(s, "False", 5) == 0 || memcmp(s, "FALSE", 5) == 0));
    }
    if (!((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == '+' || c0 == '.'))
        return 0;
    if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
        for (size_t i = 2; i < n; i++) {
            char d = s[i];
            int ok = s[1] == 'o' ? (d >= '0' && d <= '7')
                                 : ((d >= '0' && d <= '9') || (d >= 'a' && d <= 'f') ||
                                    (d >= 'A' && d <= 'F'));
            if (!ok)
                return 0;
        }
        return 1;
    }
    size_t i = 0;
    int plus = 0, minus = 0;
    if (s[0] == '+' || s[0] == '-') {
        plus = s[0] == '+';
        minus = s[0] == '-';
        i = 1;
    }
    if (n - i == 4 && s[i] == '.' &&
        (memcmp(s + i, ".inf", 4) == 0 || memcmp(s + i, ".Inf", 4) == 0 ||
         memcmp(s + i, ".INF", 4) == 0))
        return plus || memcmp(s + i, ".inf", 4) != 0;
    if (n == 4 && (memcmp(s, ".nan", 4) == 0 || memcmp(s, ".NaN", 4) == 0 ||
                   memcmp(s, ".NAN", 4) == 0))
        return memcmp(s, ".nan", 4) != 0;
    size_t int_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t int_len = i - int_start;
    size_t frac_start = i, frac_len = 0;
    int point = 0, exponent = 0;
    if (i < n && s[i] == '.') {
        point = 1;
        frac_start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        frac_len = i - frac_start;
    }
    if (int_len == 0 && frac_len == 0)
        return 0;
    if (int_len == 0 && !point)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        exponent = 1;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t digits = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == digits)
            return 0;
    }
    if (i != n)
        return 0; /* not a number: `2020-12-31`, `1.1.2`, `3a` */
    /* A number; it comes back as written when it is how JavaScript prints it. */
    if (plus || exponent || int_len == 0)
        return 1;
    int zero = int_len == 1 && s[int_start] == '0';
    if (int_len > 1 && s[int_start] == '0')
        return 1; /* `010` */
    size_t significant = zero ? 0 : int_len;
    if (point) {
        if (frac_len == 0 || s[frac_start + frac_len - 1] == '0')
            return 1; /* `5.`, `3.10`, `1.0` */
        size_t lead = 0;
        if (zero) {
            while (s[frac_start + lead] == '0')
                lead++;
            if (lead >= 6)
                return 1; /* `0.0000001`: 1e-7 */
        }
        significant += frac_len - lead;
    }
    else if (zero && minus) {
        return 1; /* `-0`: 0 */
    }
    return significant > 15; /* longer: maybe not exactly a double */
}

static int
note_number(Ctx *c, const yaml_mark_t *mark)
{
    PyObject *at = PyLong_FromLongLong(pack(mark));
    if (at == NULL)
        return -1;
    int failed = PyList_Append(c->nums, at);
    Py_DECREF(at);
    return failed;
}

/* Whether the event just read is a plain scalar that may change as a number. */
static inline int
plain_number(Ctx *c)
{
    yaml_event_t *e = &c->event;
    return e->type == YAML_SCALAR_EVENT &&
           (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
            e->data.scalar.style == YAML_ANY_SCALAR_STYLE) &&
           changes_as_number((const char *)e->data.scalar.value, e->data.scalar.length);
}

/* A sequence; with `positions`, also the tuple (key position, item0, item1, ...). */
static PyObject *
sequence(Ctx *c, int build, const yaml_mark_t *key_mark, PyObject **positions)
{
    if (c->event.data.sequence_start.anchor != NULL)
        return fallback(c);
    if (++c->depth > MAX_DEPTH)
        return fallback(c);
    PyObject *list = NULL;
    long long local[32]; /* most lists are short: no allocation for them */
    long long *marks = local;
    size_t count = 0, capacity = sizeof(local) / sizeof(local[0]);
    if (build) {
        list = PyList_New(0);
        if (list == NULL)
            return NULL;
    }
    for (;;) {
        if (!next_event(c))
            goto error;
        if (c->event.type == YAML_SEQUENCE_END_EVENT)
            break;
        if (positions != NULL) {
            if (count == capacity) {
                size_t grown = 2 * capacity;
                long long *more;
                if (marks == local) {
                    more = PyMem_Malloc(grown * sizeof(long long));
                    if (more != NULL)
                        memcpy(more, local, sizeof(local));
                }
                else {
                    more = PyMem_Realloc(marks, grown * sizeof(long long));
                }
                if (more == NULL) {
                    PyErr_NoMemory();
                    goto error;
                }
                marks = more;
                capacity = grown;
            }
            marks[count++] = pack(&c->event.start_mark);
        }
        PyObject *item = node(c, build);
        if (item == NULL)
            goto error;
        if (positions != NULL && plain_number(c) && note_number(c, &c->event.start_mark) < 0) {
            Py_DECREF(item);
            goto error;
        }
        if (build && PyList_Append(list, item) < 0) {
            Py_DECREF(item);
            goto error;
        }
        Py_DECREF(item);
    }
    c->depth--;
    if (positions != NULL) {
        PyObject *tuple = PyTuple_New((Py_ssize_t)count + 1);
        if (tuple == NULL)
            goto error;
        PyObject *first = PyLong_FromLongLong(pack(key_mark));
        if (first == NULL) {
            Py_DECREF(tuple);
            goto error;
        }
        PyTuple_SET_ITEM(tuple, 0, first);
        for (size_t i = 0; i < count; i++) {
            PyObject *at = PyLong_FromLongLong(marks[i]);
            if (at == NULL) {
                Py_DECREF(tuple);
                goto error;
            }
            PyTuple_SET_ITEM(tuple, (Py_ssize_t)i + 1, at);
        }
        *positions = tuple;
    }
    if (marks != local)
        PyMem_Free(marks);
    if (!build)
        Py_RETURN_NONE;
    return list;
error:
    if (marks != local)
        PyMem_Free(marks);
    Py_XDECREF(list);
    return NULL;
}

/* The key as the schema knows it: a non-ASCII key is folded when the folded key is known
 * (`bedömning` -> `bedomning`). Returns a new reference. */
static PyObject *
known_key(Ctx *c, PyObject *written)
{
    if (PyUnicode_IS_ASCII(written)) {
        Py_INCREF(written);
        return written;
    }
    PyObject *folded = PyObject_CallOneArg(c->fold, written);
    if (folded == NULL)
        return NULL;
    int known = PySet_Contains(c->known, folded);
    if (known < 0) {
        Py_DECREF(folded);
        return NULL;
    }
    if (known)
        return folded;
    Py_DECREF(folded);
    Py_INCREF(written);
    return written;
}

static int
duplicate(Ctx *c, const yaml_mark_t *mark, PyObject *written, PyObject *key)
{
    PyObject *entry = Py_BuildValue("(nnOO)", (Py_ssize_t)mark->line,
                                    (Py_ssize_t)mark->column, written, key);
    if (entry == NULL)
        return -1;
    int failed = PyList_Append(c->dups, entry);
    Py_DECREF(entry);
    return failed;
}

/* Consume the value that follows a key without building it. */
static int
skip_value(Ctx *c)
{
    if (!next_event(c))
        return -1;
    PyObject *ignored = node(c, 0);
    if (ignored == NULL)
        return -1;
    Py_DECREF(ignored);
    return 0;
}

static PyObject *
mapping(Ctx *c, int build)
{
    yaml_event_t *e = &c->event;
    if (e->data.mapping_start.anchor != NULL)
        return fallback(c);
    yaml_mark_t start = e->start_mark;
    if (e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE && byte_at(c, start.index) == '?')
        return fallback(c); /* `[ ? a ]`: libyaml versions differ (see the top) */
    if (++c->depth > MAX_DEPTH)
        return fallback(c);
    PyObject *out = NULL, *keys = NULL, *written = NULL, *key = NULL, *value = NULL;
    PyObject *where = NULL;
    if (build) {
        out = PyDict_New();
        keys = PyDict_New();
        if (out == NULL || keys == NULL)
            goto error;
    }
    for (;;) {
        if (!next_event(c))
            goto error;
        if (c->event.type == YAML_MAPPING_END_EVENT)
            break;
        if (c->event.type != YAML_SCALAR_EVENT || c->event.data.scalar.anchor != NULL) {
            fallback(c); /* a list or mapping as a key (MK105), an alias or an anchor */
            goto error;
        }
        if (!build) {
            if (skip_value(c) < 0)
                goto error;
            continue;
        }
        yaml_mark_t key_mark = c->event.start_mark;
        written = cached_text((const char *)c->event.data.scalar.value,
                              c->event.data.scalar.length, c->known);
        if (written == NULL)
            goto error;
        key = known_key(c, written);
        if (key == NULL)
            goto error;
        int taken = PyDict_Contains(out, key);
        if (taken < 0)
            goto error;
        if (!taken && PyUnicode_GET_LENGTH(key) == PyUnicode_GET_LENGTH(POS_KEY)) {
            taken = PyUnicode_Compare(key, POS_KEY) == 0;
            if (PyErr_Occurred())
                goto error;
        }
        if (taken) {
            if (duplicate(c, &key_mark, written, key) < 0 || skip_value(c) < 0)
                goto error;
            Py_CLEAR(written);
            Py_CLEAR(key);
            continue;
        }
        if (!next_event(c))
            goto error;
        if (c->event.type == YAML_SEQUENCE_START_EVENT) {
            value = sequence(c, 1, &key_mark, &where);
        }
        else {
            value = node(c, 1);
            if (value != NULL) {
                if (plain_number(c) && note_number(c, &key_mark) < 0)
                    goto error;
                where = PyLong_FromLongLong(pack(&key_mark));
            }
        }
        if (value == NULL || where == NULL)
            goto error;
        if (PyDict_SetItem(out, key, value) < 0 || PyDict_SetItem(keys, key, where) < 0)
            goto error;
        Py_CLEAR(value);
        Py_CLEAR(where);
        Py_CLEAR(written);
        Py_CLEAR(key);
    }
    c->depth--;
    if (!build)
        Py_RETURN_NONE;
    PyObject *record = PyTuple_New(2);
    if (record == NULL)
        goto error;
    PyObject *at = PyLong_FromLongLong(pack(&start));
    if (at == NULL) {
        Py_DECREF(record);
        goto error;
    }
    PyTuple_SET_ITEM(record, 0, at);
    PyTuple_SET_ITEM(record, 1, keys);
    keys = NULL; /* the record's now */
    int failed = PyDict_SetItem(out, POS_KEY, record);
    Py_DECREF(record);
    if (failed < 0)
        goto error;
    return out;
error:
    Py_XDECREF(out);
    Py_XDECREF(keys);
    Py_XDECREF(written);
    Py_XDECREF(key);
    Py_XDECREF(value);
    Py_XDECREF(where);
    return NULL;
}

static PyObject *
node(Ctx *c, int build)
{
    switch (c->event.type) {
    case YAML_SCALAR_EVENT:
        return scalar(c, build);
    case YAML_SEQUENCE_START_EVENT:
        return sequence(c, build, NULL, NULL);
    case YAML_MAPPING_START_EVENT:
        return mapping(c, build);
    default: /* an alias */
        return fallback(c);
    }
}

static PyObject *
document(Ctx *c)
{
    if (!next_event(c) || c->event.type != YAML_STREAM_START_EVENT || !next_event(c))
        return fallback(c);
    if (c->event.type == YAML_STREAM_END_EVENT)
        Py_RETURN_NONE; /* an empty file */
    if (c->event.type != YAML_DOCUMENT_START_EVENT || !next_event(c))
        return fallback(c);
    PyObject *root = node(c, 1);
    if (root == NULL)
        return NULL;
    if (!next_event(c) || c->event.type != YAML_DOCUMENT_END_EVENT || !next_event(c) ||
        c->event.type != YAML_STREAM_END_EVENT) {
        Py_DECREF(root);
        return fallback(c); /* a syntax error after the document, or a second document */
    }
    return root;
}

static PyObject *
fastyaml_parse(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "parse(text, known_keys, fold, controls)");
        return NULL;
    }
    if (!(PyUnicode_Check(args[0]) || PyBytes_Check(args[0])) || !PyAnySet_Check(args[1]) ||
        !PyCallable_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "parse(text: str | bytes, known_keys: frozenset, fold, controls: bool)");
        return NULL;
    }
    Py_ssize_t length;
    const char *text;
    if (PyBytes_Check(args[0])) { /* the text's UTF-8, as the caller has checked */
        text = PyBytes_AS_STRING(args[0]);
        length = PyBytes_GET_SIZE(args[0]);
    }
    else {
        text = PyUnicode_AsUTF8AndSize(args[0], &length);
        if (text == NULL)
            return NULL; /* a lone surrogate: not from a decoded file */
    }
    Ctx c;
    memset(&c, 0, sizeof(c));
    c.known = args[1];
    c.fold = args[2];
    c.controls = PyObject_IsTrue(args[3]);
    if (c.controls < 0)
        return NULL;
    c.buf = (const unsigned char *)text;
    c.len = (size_t)length;
    if (c.len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        c.cur_byte = c.first_byte = 3; /* libyaml skips a byte order mark, uncounted */
    c.dups = PyList_New(0);
    if (c.dups == NULL)
        return NULL;
    c.nums = PyList_New(0);
    if (c.nums == NULL) {
        Py_DECREF(c.dups);
        return NULL;
    }
    if (!yaml_parser_initialize(&c.parser)) {
        Py_DECREF(c.dups);
        Py_DECREF(c.nums);
        return PyErr_NoMemory();
    }
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, c.len);
    PyObject *root = document(&c);
    if (c.has_event)
        yaml_event_delete(&c.event);
    yaml_parser_delete(&c.parser);
    if (root == NULL) {
        Py_DECREF(c.dups);
        Py_DECREF(c.nums);
        if (c.fallback && !PyErr_Occurred())
            Py_RETURN_NONE;
        return NULL;
    }
    PyObject *result = PyTuple_Pack(3, root, c.dups, c.nums);
    Py_DECREF(root);
    Py_DECREF(c.dups);
    Py_DECREF(c.nums);
    return result;
}

static PyMethodDef methods[] = {
    {"parse", (PyCFunction)(void (*)(void))fastyaml_parse, METH_FASTCALL,
     "parse(text, known_keys, fold, controls) -> (data, duplicates, numbers) | None\n\n"
     "The data of one YAML document with position records, or None when the Python "
     "path must read it. `text` is a str or its UTF-8 bytes."},
    {"_clear_cache", fastyaml_clear_cache, METH_NOARGS,
     "Empty the cache of short texts (for tests and leak checks)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_fastyaml",
    "libyaml's events straight to malkoll's data (see reading/parse.py).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__fastyaml(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL)
        return NULL;
    POS_KEY = PyUnicode_InternFromString("__pos__");
    if (POS_KEY == NULL || PyModule_AddStringConstant(module, "LIBYAML_VERSION",
                                                      yaml_get_version_string()) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}

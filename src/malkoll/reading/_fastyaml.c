/*
 * The reader's compiled part: libyaml's events straight to malkoll's data.
 *
 * `parse(text, known_keys, fold, controls)` reads one YAML document with libyaml's event parser
 * (the parser PyYAML's CSafeLoader uses) and builds what `reading.parse._Converter` builds
 * from PyYAML's nodes: dicts, lists, text and None, and on every dict the position record
 * under "__pos__" (see `model/positions.py`), without a Node or Mark object per value.
 *
 * It returns `(data, duplicates)`, where each duplicate key is `(line, column, written,
 * key)` with libyaml's 0-based line and column, or None when the file must be read by the
 * Python path instead. That is anything rare whose result the Python path decides: any
 * libyaml error (so MK101 keeps libyaml's words as PyYAML reports them), anchors and
 * aliases (the alias limit), a key that is not a scalar (MK105), more than one document,
 * and nesting deeper than MAX_DEPTH. Two inputs are also left to the Python path because
 * libyaml 0.2.5 and the libyaml PyYAML's wheels bundle read them differently: deep
 * nesting (the newer one stops at 1000 levels) and an explicit key `?` that starts a
 * single-pair mapping in a flow sequence (`[ ? a ]`).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
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
    int controls;    /* whether values may hold control characters (see `unprintable`) */
    const unsigned char *buf;
    size_t len;
    size_t cur_char, cur_byte; /* a cursor from libyaml's character index to bytes */
} Ctx;

static PyObject *POS_KEY; /* "__pos__" */

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

/* The byte at libyaml's character index (marks count characters, not bytes). */
static unsigned char
byte_at(Ctx *c, size_t index)
{
    if (index < c->cur_char) {
        c->cur_char = 0;
        c->cur_byte = 0;
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
    return PyUnicode_DecodeUTF8(value, (Py_ssize_t)length, "strict");
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
    long long *marks = NULL;
    size_t count = 0, capacity = 0;
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
                size_t grown = capacity ? 2 * capacity : 8;
                long long *more = PyMem_Realloc(marks, grown * sizeof(long long));
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
    PyMem_Free(marks);
    if (!build)
        Py_RETURN_NONE;
    return list;
error:
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
        written = PyUnicode_DecodeUTF8((const char *)c->event.data.scalar.value,
                                       (Py_ssize_t)c->event.data.scalar.length, "strict");
        if (written == NULL)
            goto error;
        key = known_key(c, written);
        if (key == NULL)
            goto error;
        int taken = PyDict_Contains(out, key);
        if (taken < 0)
            goto error;
        if (!taken) {
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
            if (value != NULL)
                where = PyLong_FromLongLong(pack(&key_mark));
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
    PyObject *record = Py_BuildValue("(LN)", pack(&start), keys);
    keys = NULL; /* stolen by "N", also when Py_BuildValue fails */
    if (record == NULL)
        goto error;
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
    if (!PyUnicode_Check(args[0]) || !PyAnySet_Check(args[1]) || !PyCallable_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "parse(text: str, known_keys: frozenset, fold, controls: bool)");
        return NULL;
    }
    Py_ssize_t length;
    const char *text = PyUnicode_AsUTF8AndSize(args[0], &length);
    if (text == NULL)
        return NULL; /* a lone surrogate: not from a decoded file */
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
        c.cur_byte = 3; /* libyaml skips a byte order mark without counting it */
    c.dups = PyList_New(0);
    if (c.dups == NULL)
        return NULL;
    if (!yaml_parser_initialize(&c.parser)) {
        Py_DECREF(c.dups);
        return PyErr_NoMemory();
    }
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, c.len);
    PyObject *root = document(&c);
    if (c.has_event)
        yaml_event_delete(&c.event);
    yaml_parser_delete(&c.parser);
    if (root == NULL) {
        Py_DECREF(c.dups);
        if (c.fallback && !PyErr_Occurred())
            Py_RETURN_NONE;
        return NULL;
    }
    PyObject *result = PyTuple_Pack(2, root, c.dups);
    Py_DECREF(root);
    Py_DECREF(c.dups);
    return result;
}

static PyMethodDef methods[] = {
    {"parse", (PyCFunction)(void (*)(void))fastyaml_parse, METH_FASTCALL,
     "parse(text, known_keys, fold, controls) -> (data, duplicates) | None\n\n"
     "The data of one YAML document with position records, or None when the Python "
     "path must read it."},
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

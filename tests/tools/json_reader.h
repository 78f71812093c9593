/* json_reader.h — a minimal JSON reader for tests of the xnet command's
 * JSON output: objects, arrays, strings (\u00XX escapes only), unsigned
 * numbers, true/false/null — what the command writes. A line is parsed in
 * place into a caller-provided node pool. Used by the decode and replay
 * command tests; static functions, so each test file gets its own copy.
 */
#ifndef XNET_TEST_JSON_READER_H
#define XNET_TEST_JSON_READER_H

#include <stdint.h>
#include <string.h>

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jnode {
  int type;
  const char *key; /* member name inside an object */
  const char *str;
  uint64_t num;
  struct jnode *child, *next;
} jnode;

typedef struct jparser {
  char *p;     /* parsed in place: strings are unescaped over the input */
  jnode *pool; /* a value takes at least one input byte: len + 1 nodes do */
  size_t used, cap;
  int err;
} jparser;

static void skip_ws(jparser *j) {
  while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r') j->p++;
}

static int hexval(int c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A string at j->p (the opening quote); returns its unescaped text. */
static const char *parse_string(jparser *j) {
  char *in = j->p + 1, *out = in, *start = in;
  for (;;) {
    char c = *in++;
    if (c == '\0' || (unsigned char)c < 0x20) return j->err = 1, NULL;
    if (c == '"') break;
    if (c != '\\') {
      *out++ = c;
      continue;
    }
    c = *in++;
    switch (c) {
      case '"': case '\\': case '/': *out++ = c; break;
      case 'b': *out++ = '\b'; break;
      case 'f': *out++ = '\f'; break;
      case 'n': *out++ = '\n'; break;
      case 'r': *out++ = '\r'; break;
      case 't': *out++ = '\t'; break;
      case 'u': {
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int h = hexval(in[i]);
          if (h < 0) return j->err = 1, NULL;
          v = v * 16 + h;
        }
        if (v > 0xff) return j->err = 1, NULL; /* the decoder writes \u00XX only */
        *out++ = (char)v;
        in += 4;
        break;
      }
      default:
        return j->err = 1, NULL;
    }
  }
  *out = '\0';
  j->p = in;
  return start;
}

static jnode *parse_value(jparser *j, int depth) {
  skip_ws(j);
  if (j->err || j->used == j->cap || depth > 16) return j->err = 1, NULL;
  jnode *n = &j->pool[j->used++];
  memset(n, 0, sizeof *n);
  char c = *j->p;
  if (c == '{' || c == '[') {
    n->type = c == '{' ? J_OBJ : J_ARR;
    j->p++;
    skip_ws(j);
    jnode **tail = &n->child;
    if (*j->p == (c == '{' ? '}' : ']')) {
      j->p++;
      return n;
    }
    for (;;) {
      const char *key = NULL;
      if (n->type == J_OBJ) {
        skip_ws(j);
        if (*j->p != '"' || !(key = parse_string(j))) return j->err = 1, NULL;
        skip_ws(j);
        if (*j->p++ != ':') return j->err = 1, NULL;
      }
      jnode *v = parse_value(j, depth + 1);
      if (!v) return NULL;
      v->key = key;
      *tail = v;
      tail = &v->next;
      skip_ws(j);
      if (*j->p == ',') {
        j->p++;
        continue;
      }
      if (*j->p++ != (c == '{' ? '}' : ']')) return j->err = 1, NULL;
      return n;
    }
  }
  if (c == '"') {
    n->type = J_STR;
    n->str = parse_string(j);
    return n->str ? n : NULL;
  }
  if (c >= '0' && c <= '9') {
    n->type = J_NUM;
    while (*j->p >= '0' && *j->p <= '9') n->num = n->num * 10 + (uint64_t)(*j->p++ - '0');
    return n;
  }
  static const struct { const char *word; int type, truth; } words[] = {
      {"true", J_BOOL, 1}, {"false", J_BOOL, 0}, {"null", J_NULL, 0}};
  for (size_t i = 0; i < 3; i++) {
    size_t len = strlen(words[i].word);
    if (strncmp(j->p, words[i].word, len) == 0) {
      n->type = words[i].type;
      n->num = (uint64_t)words[i].truth;
      j->p += len;
      return n;
    }
  }
  return j->err = 1, NULL;
}

/* Parses one line (modified in place) into pool; NULL if not one JSON
 * value. */
static jnode *json_parse_line(char *line, jnode *pool, size_t cap) {
  jparser j = {line, pool, 0, cap, 0};
  jnode *root = parse_value(&j, 0);
  skip_ws(&j);
  return root && !j.err && *j.p == '\0' ? root : NULL;
}

static const jnode *jget(const jnode *obj, const char *key) {
  if (!obj || obj->type != J_OBJ) return NULL;
  for (const jnode *c = obj->child; c; c = c->next)
    if (strcmp(c->key, key) == 0) return c;
  return NULL;
}

#endif /* XNET_TEST_JSON_READER_H */

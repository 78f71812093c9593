/* json.c — the streaming JSON writer. */
#include "json.h"

#include <inttypes.h>
#include <string.h>

void json_init(json_writer *j, FILE *f) {
  j->f = f;
  j->depth = 0;
  j->comma = 0;
}

/* Writes the separator and the key (if any) before a value. */
static void begin_value(json_writer *j, const char *key) {
  uint32_t bit = j->depth < JSON_MAX_DEPTH ? UINT32_C(1) << j->depth : 0;
  if (j->comma & bit) fputc(',', j->f);
  j->comma |= bit;
  if (key) {
    json_escape(j->f, key, strlen(key));
    fputc(':', j->f);
  }
}

static void nest_open(json_writer *j, const char *key, int c) {
  begin_value(j, key);
  fputc(c, j->f);
  j->depth++;
  if (j->depth < JSON_MAX_DEPTH) j->comma &= ~(UINT32_C(1) << j->depth);
}

static void nest_close(json_writer *j, int c) {
  if (j->depth > 0) j->depth--;
  fputc(c, j->f);
}

void json_object_open(json_writer *j, const char *key) { nest_open(j, key, '{'); }
void json_object_close(json_writer *j) { nest_close(j, '}'); }
void json_array_open(json_writer *j, const char *key) { nest_open(j, key, '['); }
void json_array_close(json_writer *j) { nest_close(j, ']'); }

void json_uint(json_writer *j, const char *key, uint64_t v) {
  begin_value(j, key);
  fprintf(j->f, "%" PRIu64, v);
}

void json_bool(json_writer *j, const char *key, int v) {
  begin_value(j, key);
  fputs(v ? "true" : "false", j->f);
}

void json_null(json_writer *j, const char *key) {
  begin_value(j, key);
  fputs("null", j->f);
}

void json_string(json_writer *j, const char *key, const char *s) {
  json_string_n(j, key, s, strlen(s));
}

void json_string_n(json_writer *j, const char *key, const char *s, size_t n) {
  begin_value(j, key);
  json_escape(j->f, s, n);
}

void json_hex(json_writer *j, const char *key, const uint8_t *b, size_t n) {
  begin_value(j, key);
  fputc('"', j->f);
  for (size_t i = 0; i < n; i++) fprintf(j->f, "%02x", b[i]);
  fputc('"', j->f);
}

void json_escape(FILE *f, const char *s, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': fputs("\\\"", f); break;
      case '\\': fputs("\\\\", f); break;
      case '\b': fputs("\\b", f); break;
      case '\f': fputs("\\f", f); break;
      case '\n': fputs("\\n", f); break;
      case '\r': fputs("\\r", f); break;
      case '\t': fputs("\\t", f); break;
      default:
        if (c < 0x20 || c >= 0x7f)
          fprintf(f, "\\u%04x", c);
        else
          fputc(c, f);
    }
  }
  fputc('"', f);
}

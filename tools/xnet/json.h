/* json.h — a small streaming JSON writer for one-object-per-line output.
 *
 * Values are written as they come; the writer only remembers, per nesting
 * level, whether a comma is due. Keys are passed with each value inside an
 * object and as NULL inside an array or at the top level. Strings are
 * escaped (RFC 8259): quote, backslash and control characters always, and
 * bytes 0x7f-0xff as \u00XX (read as Latin-1), so the output is ASCII and
 * valid whatever the input bytes.
 *
 * Thread-safety: one writer per thread.
 */
#ifndef XNET_TOOL_JSON_H
#define XNET_TOOL_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Deepest nesting the writer tracks; deeper values are still written but
 * may lose their separating comma (no caller nests beyond 8). */
#define JSON_MAX_DEPTH 32

typedef struct json_writer {
  FILE *f;
  unsigned depth;
  uint32_t comma; /* bit d: a value was written at depth d */
} json_writer;

void json_init(json_writer *j, FILE *f);
void json_object_open(json_writer *j, const char *key);
void json_object_close(json_writer *j);
void json_array_open(json_writer *j, const char *key);
void json_array_close(json_writer *j);
void json_uint(json_writer *j, const char *key, uint64_t v);
void json_bool(json_writer *j, const char *key, int v);
void json_null(json_writer *j, const char *key);
void json_string(json_writer *j, const char *key, const char *s);
/* A string of n bytes (may hold NULs). */
void json_string_n(json_writer *j, const char *key, const char *s, size_t n);
/* Bytes as one lower-case hex string ("0a1b"). */
void json_hex(json_writer *j, const char *key, const uint8_t *b, size_t n);

/* json_escape writes s[0..n) as a quoted JSON string to f. */
void json_escape(FILE *f, const char *s, size_t n);

#endif /* XNET_TOOL_JSON_H */

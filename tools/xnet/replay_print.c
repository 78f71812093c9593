/* replay_print.c — one observation of `xnet replay` as a text line or as
 * a JSON object on one line (the stable contract documented in
 * tools/xnet/README.md: keys appear in this order, absent ones left out,
 * addresses in Go's host:port form). */
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "replay_cmd.h"

/* The text form's payload preview: printable ASCII quoted with C escapes,
 * at most this many bytes. */
#define PREVIEW 48

static void preview(FILE *out, const uint8_t *d, size_t n) {
  size_t k = n < PREVIEW ? n : PREVIEW;
  fputc('"', out);
  for (size_t i = 0; i < k; i++) {
    uint8_t c = d[i];
    if (c == '\r') fputs("\\r", out);
    else if (c == '\n') fputs("\\n", out);
    else if (c == '\t') fputs("\\t", out);
    else if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c >= 0x20 && c < 0x7f) fputc(c, out);
    else fprintf(out, "\\x%02x", c);
  }
  fputc('"', out);
  if (k < n) fputs("...", out);
}

void rp_print_text(FILE *out, const rp_obs *o) {
  int64_t rel = o->t - o->t0;
  const char *sign = rel < 0 ? "-" : "";
  if (rel < 0) rel = -rel;
  fprintf(out, "%s%" PRId64 ".%09" PRId64 " %s %s", sign, rel / 1000000000,
          rel % 1000000000, o->network, o->local);
  if (o->remote) fprintf(out, "<-%s", o->remote);
  fprintf(out, " %s", o->event);
  if (o->src && (!o->remote || strcmp(o->event, "accept") == 0))
    fprintf(out, " from %s", o->src);
  if (o->has_len) fprintf(out, " %zu bytes", o->len);
  if (o->has_cm) {
    fprintf(out, " ttl=%u tos=%#x", o->ttl, o->tos);
    if (o->cm_dst) fprintf(out, " dst=%s", o->cm_dst);
    fprintf(out, " ifindex=%u", o->ifindex);
  }
  if (o->has_sctp) {
    fprintf(out, " sid=%u ssn=%u ppid=%" PRIu32 " tsn=%" PRIu32, o->sid, o->ssn,
            o->ppid, o->tsn);
    if (o->unordered) fputs(" unordered", out);
    if (o->eor) fputs(" eor", out);
  }
  if (o->nt_type) {
    fprintf(out, " %s", o->nt_type);
    if (o->nt_state) fprintf(out, " %s", o->nt_state);
    for (size_t i = 0; i < o->nnt; i++) {
      if (o->nt[i].s) fprintf(out, " %s=%s", o->nt[i].key, o->nt[i].s);
      else fprintf(out, " %s=%" PRId64, o->nt[i].key, o->nt[i].v);
    }
  }
  if (o->error) fprintf(out, " (%s)", o->error);
  if (o->has_len && o->len) {
    fputc(' ', out);
    preview(out, o->data, o->len);
  }
  fputc('\n', out);
}

void rp_print_json(FILE *out, const rp_obs *o) {
  json_writer j;
  json_init(&j, out);
  json_object_open(&j, NULL);
  json_uint(&j, "t_ns", o->t < 0 ? 0 : (uint64_t)o->t);
  json_object_open(&j, "conn");
  json_string(&j, "network", o->network);
  json_string(&j, "local", o->local);
  if (o->remote) json_string(&j, "remote", o->remote);
  else json_null(&j, "remote");
  json_object_close(&j);
  json_string(&j, "event", o->event);
  if (o->src) json_string(&j, "src", o->src);
  if (o->dst) json_string(&j, "dst", o->dst);
  if (o->has_len) {
    json_uint(&j, "len", o->len);
    json_hex(&j, "data_hex", o->data, o->len);
  }
  if (o->has_cm) {
    json_object_open(&j, "cm");
    json_uint(&j, "ttl", o->ttl);
    json_uint(&j, "tos", o->tos);
    if (o->cm_dst) json_string(&j, "dst", o->cm_dst);
    else json_null(&j, "dst");
    json_uint(&j, "ifindex", o->ifindex);
    json_object_close(&j);
  }
  if (o->has_sctp) {
    json_object_open(&j, "sctp");
    json_uint(&j, "sid", o->sid);
    json_uint(&j, "ssn", o->ssn);
    json_uint(&j, "ppid", o->ppid);
    json_uint(&j, "tsn", o->tsn);
    json_bool(&j, "unordered", o->unordered);
    json_bool(&j, "eor", o->eor);
    json_object_close(&j);
  }
  if (o->nt_type) {
    json_object_open(&j, "notification");
    json_string(&j, "type", o->nt_type);
    if (o->nt_state) json_string(&j, "state", o->nt_state);
    for (size_t i = 0; i < o->nnt; i++) {
      if (o->nt[i].s) json_string(&j, o->nt[i].key, o->nt[i].s);
      else if (o->nt[i].v >= 0) json_uint(&j, o->nt[i].key, (uint64_t)o->nt[i].v);
      else { /* the writer has no signed numbers; none of ours is negative */
        char b[24];
        snprintf(b, sizeof b, "%" PRId64, o->nt[i].v);
        json_string(&j, o->nt[i].key, b);
      }
    }
    json_object_close(&j);
  }
  if (o->error) json_string(&j, "error", o->error);
  json_object_close(&j);
  fputc('\n', out);
}

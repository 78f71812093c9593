/* test_decode_corpus.c — `xnet decode --json` over the shared capture corpus.
 *
 * Well-formed captures: every packet decodes without error, and its IPv4,
 * IPv6, SCTP, UDP and TCP fields equal TShark's reading in
 * expected/<folder>/<file>.tsv, field for field (a mismatch is reported as
 * file:frame:column). The JSON output is parsed back by the small reader
 * below and turned into TShark's column text (MANIFEST.md, "How to read
 * it"): outer and inner headers become comma-joined occurrences, hex
 * columns are formatted as TShark prints them.
 * Malformed captures: decoding ends with status 0, 1 or 3 and every output
 * line is a JSON object (ASan and UBSan, in that build, check the rest).
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream, opendir */

#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>

#include "xnet_test.h"
#include "xnet_tool.h"

#include "json_reader.h"

/* ---- TShark's columns from the decoder's JSON ---------------------------- */

typedef struct column {
  const char *name;
  char *text; /* comma-joined occurrences */
  size_t len, cap;
} column;

/* The columns MANIFEST.md lists, in the expected files' order. */
static const char *const column_names[] = {
    "ip.version", "ip.hdr_len", "ip.dsfield", "ip.len", "ip.id", "ip.flags.df",
    "ip.flags.mf", "ip.frag_offset", "ip.ttl", "ip.proto", "ip.checksum", "ip.src",
    "ip.dst", "ipv6.tclass", "ipv6.flow", "ipv6.plen", "ipv6.nxt", "ipv6.hlim",
    "ipv6.src", "ipv6.dst", "sctp.srcport", "sctp.dstport", "sctp.verification_tag",
    "sctp.chunk_type", "sctp.data_sid", "sctp.data_ssn", "sctp.data_payload_proto_id",
    "sctp.data_tsn_raw", "udp.srcport", "udp.dstport", "tcp.srcport", "tcp.dstport",
    "tcp.seq_raw", "ip.cur_rt"};
#define NCOLS (sizeof column_names / sizeof *column_names)

typedef struct row {
  column cols[NCOLS];
} row;

static column *col(row *r, const char *name) {
  for (size_t i = 0; i < NCOLS; i++)
    if (strcmp(r->cols[i].name, name) == 0) return &r->cols[i];
  return NULL;
}

/* Appends one occurrence, printf-style. */
static void add(row *r, const char *name, const char *fmt, ...) {
  column *c = col(r, name);
  char text[64];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  size_t n = strlen(text) + 2;
  if (c->len + n > c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    while (cap < c->len + n) cap *= 2;
    char *bigger = realloc(c->text, cap);
    if (!bigger) abort();
    c->text = bigger;
    c->cap = cap;
  }
  if (c->len) c->text[c->len++] = ',';
  memcpy(c->text + c->len, text, n - 1);
  c->len += n - 2;
  c->text[c->len] = '\0';
}

static uint64_t num(const jnode *obj, const char *key) {
  const jnode *v = jget(obj, key);
  return v ? v->num : UINT64_MAX;
}

static const char *str(const jnode *obj, const char *key) {
  const jnode *v = jget(obj, key);
  return v && v->type == J_STR ? v->str : "(missing)";
}

/* One nesting level (the packet, or an element of "inner") into columns. */
static void add_level(row *r, const jnode *lv) {
  const jnode *v4 = jget(lv, "ipv4"), *v6 = jget(lv, "ipv6"), *t;
  if (v4) {
    add(r, "ip.version", "%" PRIu64, num(v4, "version"));
    add(r, "ip.hdr_len", "%" PRIu64, num(v4, "hdr_len"));
    add(r, "ip.dsfield", "0x%02" PRIx64, num(v4, "dsfield"));
    add(r, "ip.len", "%" PRIu64, num(v4, "len"));
    add(r, "ip.id", "0x%04" PRIx64, num(v4, "id"));
    add(r, "ip.flags.df", "%" PRIu64, num(v4, "flags_df"));
    add(r, "ip.flags.mf", "%" PRIu64, num(v4, "flags_mf"));
    add(r, "ip.frag_offset", "%" PRIu64, num(v4, "frag_offset"));
    add(r, "ip.ttl", "%" PRIu64, num(v4, "ttl"));
    add(r, "ip.proto", "%" PRIu64, num(v4, "proto"));
    add(r, "ip.checksum", "0x%04" PRIx64, num(v4, "checksum"));
    add(r, "ip.src", "%s", str(v4, "src"));
    add(r, "ip.dst", "%s", str(v4, "dst"));
    if (jget(v4, "cur_rt")) add(r, "ip.cur_rt", "%s", str(v4, "cur_rt"));
  }
  if (v6) {
    add(r, "ip.version", "%" PRIu64, num(v6, "version"));
    add(r, "ipv6.tclass", "0x%08" PRIx64, num(v6, "tclass"));
    add(r, "ipv6.flow", "0x%06" PRIx64, num(v6, "flow"));
    add(r, "ipv6.plen", "%" PRIu64, num(v6, "plen"));
    add(r, "ipv6.nxt", "%" PRIu64, num(v6, "nxt"));
    add(r, "ipv6.hlim", "%" PRIu64, num(v6, "hlim"));
    add(r, "ipv6.src", "%s", str(v6, "src"));
    add(r, "ipv6.dst", "%s", str(v6, "dst"));
  }
  if ((t = jget(lv, "sctp"))) {
    add(r, "sctp.srcport", "%" PRIu64, num(t, "srcport"));
    add(r, "sctp.dstport", "%" PRIu64, num(t, "dstport"));
    if (jget(t, "verification_tag"))
      add(r, "sctp.verification_tag", "0x%08" PRIx64, num(t, "verification_tag"));
    const jnode *chunks = jget(t, "chunks");
    for (const jnode *c = chunks ? chunks->child : NULL; c; c = c->next) {
      add(r, "sctp.chunk_type", "%" PRIu64, num(c, "type"));
      if (num(c, "type") == 0 && jget(c, "tsn")) {
        add(r, "sctp.data_sid", "0x%04" PRIx64, num(c, "sid"));
        add(r, "sctp.data_ssn", "%" PRIu64, num(c, "ssn"));
        add(r, "sctp.data_payload_proto_id", "%" PRIu64, num(c, "ppid"));
        add(r, "sctp.data_tsn_raw", "%" PRIu64, num(c, "tsn"));
      }
    }
  }
  if ((t = jget(lv, "udp"))) {
    add(r, "udp.srcport", "%" PRIu64, num(t, "srcport"));
    add(r, "udp.dstport", "%" PRIu64, num(t, "dstport"));
  }
  if ((t = jget(lv, "tcp"))) {
    add(r, "tcp.srcport", "%" PRIu64, num(t, "srcport"));
    add(r, "tcp.dstport", "%" PRIu64, num(t, "dstport"));
    if (jget(t, "seq_raw")) add(r, "tcp.seq_raw", "%" PRIu64, num(t, "seq_raw"));
  }
}

static void row_init(row *r) {
  memset(r, 0, sizeof *r);
  for (size_t i = 0; i < NCOLS; i++) r->cols[i].name = column_names[i];
}

static void row_free(row *r) {
  for (size_t i = 0; i < NCOLS; i++) free(r->cols[i].text);
}

/* ---- running the decoder and walking the corpus ------------------------- */

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 65536;
      char *bigger = realloc(buf, cap);
      if (!bigger) break;
      buf = bigger;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) break;
  }
  fclose(f);
  if (buf) buf[n] = '\0';
  *len = n;
  return buf;
}

/* snprintf into a path buffer; 0, or -1 (reported) when it does not fit. */
static int path_printf(char *dst, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(dst, cap, fmt, ap);
  va_end(ap);
  if (n >= 0 && (size_t)n < cap) return 0;
  fprintf(stderr, "\n  path too long: %s...", dst);
  return -1;
}

/* Runs `xnet decode [--json] path` in-process; the output is malloc'ed. */
static int decode(const char *path, int json, char **out, size_t *out_len, char **err,
                  size_t *err_len) {
  char file[4096];
  if (path_printf(file, sizeof file, "%s", path) != 0) return -1;
  char *argv[] = {"xnet", "decode", json ? "--json" : "--", file, NULL};
  FILE *o = open_memstream(out, out_len);
  FILE *e = open_memstream(err, err_len);
  int status = xnet_tool_main(4, argv, NULL, o, e);
  fclose(o);
  fclose(e);
  return status;
}

/* Splits s at '\n' into at most max lines (modifies s); returns the count. */
static size_t split_lines(char *s, char **lines, size_t max) {
  size_t n = 0;
  while (*s && n < max) {
    lines[n++] = s;
    char *nl = strchr(s, '\n');
    if (!nl) break;
    *nl = '\0';
    s = nl + 1;
  }
  return n;
}

/* Splits a TSV line into at most max fields (modifies it). */
static size_t split_tabs(char *s, char **fields, size_t max) {
  size_t n = 0;
  for (;;) {
    if (n == max) return n;
    fields[n++] = s;
    char *tab = strchr(s, '\t');
    if (!tab) return n;
    *tab = '\0';
    s = tab + 1;
  }
}

typedef struct tally {
  unsigned files, packets, mismatches, failures;
} tally;

#define MAX_LINES 4096
#define MAX_REPORTED 20

/* Compares one capture with its expected TSV; counts into *t. */
static void compare_capture(const char *capture, const char *tsv_path, const char *label,
                            tally *t) {
  size_t tsv_len, out_len, err_len;
  char *tsv = read_file(tsv_path, &tsv_len);
  char *out = NULL, *err = NULL;
  int status = decode(capture, 1, &out, &out_len, &err, &err_len);
  char *want[MAX_LINES], *got[MAX_LINES];
  size_t nwant = tsv ? split_lines(tsv, want, MAX_LINES) : 0;
  size_t ngot = split_lines(out, got, MAX_LINES);
  t->files++;
  if (status != 0 || !tsv || nwant == 0 || ngot + 1 != nwant) {
    fprintf(stderr, "\n  %s: status %d, %zu packets decoded, %zu expected; %s", label, status,
            ngot, nwant ? nwant - 1 : 0, err);
    t->failures++;
    goto done;
  }
  char *header[NCOLS + 1];
  size_t ncols = split_tabs(want[0], header, NCOLS + 1);
  for (size_t i = 0; i < ngot; i++) {
    size_t len = strlen(got[i]);
    jnode *pool = malloc((len + 1) * sizeof *pool);
    if (!pool) abort();
    jnode *pkt = json_parse_line(got[i], pool, len + 1);
    char *cells[NCOLS + 1];
    size_t ncells = split_tabs(want[i + 1], cells, NCOLS + 1);
    t->packets++;
    if (!pkt || ncells != ncols || jget(pkt, "error")) {
      fprintf(stderr, "\n  %s:%zu: %s", label, i + 1,
              !pkt ? "output is not JSON" : jget(pkt, "error") ? "decoding error" : "bad TSV row");
      t->failures++;
      free(pool);
      continue;
    }
    row r;
    row_init(&r);
    add_level(&r, pkt);
    const jnode *inner = jget(pkt, "inner");
    for (const jnode *lv = inner ? inner->child : NULL; lv; lv = lv->next) add_level(&r, lv);
    char frame[24];
    snprintf(frame, sizeof frame, "%" PRIu64, num(pkt, "frame"));
    for (size_t c = 0; c < ncols; c++) {
      const char *mine;
      if (strcmp(header[c], "frame.number") == 0) {
        mine = frame;
      } else {
        column *k = col(&r, header[c]);
        mine = k && k->text ? k->text : "";
      }
      if (strcmp(mine, cells[c]) == 0) continue;
      if (t->mismatches++ < MAX_REPORTED)
        fprintf(stderr, "\n  %s:%zu:%s: got \"%.80s\", want \"%.80s\"", label, i + 1, header[c],
                mine, cells[c]);
    }
    row_free(&r);
    free(pool);
  }
done:
  free(tsv);
  free(out);
  free(err);
}

/* Calls fn(folder, name) for each regular entry of dir, in name order. */
static int each_entry(const char *dir, void (*fn)(const char *dir, const char *name, void *ctx),
                      void *ctx) {
  struct dirent **names;
  int n = scandir(dir, &names, NULL, alphasort);
  if (n < 0) return -1;
  for (int i = 0; i < n; i++) {
    if (names[i]->d_name[0] != '.') fn(dir, names[i]->d_name, ctx);
    free(names[i]);
  }
  free(names);
  return n;
}

static void compare_tsv(const char *dir, const char *name, void *ctx) {
  /* dir is <corpus>/expected/<folder>, name <capture>.tsv */
  size_t n = strlen(name);
  if (n < 5 || strcmp(name + n - 4, ".tsv") != 0) return;
  const char *folder = strrchr(dir, '/') + 1;
  char capture[4096], tsv[4096], label[512];
  if (path_printf(capture, sizeof capture, "%s/%s/%.*s", xt_corpus_dir(), folder,
                  (int)(n - 4), name) == 0 &&
      path_printf(tsv, sizeof tsv, "%s/%s", dir, name) == 0 &&
      path_printf(label, sizeof label, "%s/%.*s", folder, (int)(n - 4), name) == 0)
    compare_capture(capture, tsv, label, ctx);
  else
    ((tally *)ctx)->failures++;
}

static void each_folder(const char *dir, const char *name, void *ctx) {
  char sub[4096];
  if (path_printf(sub, sizeof sub, "%s/%s", dir, name) == 0) each_entry(sub, compare_tsv, ctx);
}

static const char *need_corpus(void) {
  return xt_corpus_dir() ? NULL : "corpus not found (set XNET_CORPUS_DIR)";
}

static void test_decode_corpus_matches_tshark(void) {
  char expected[4096];
  snprintf(expected, sizeof expected, "%s/expected", xt_corpus_dir());
  tally t = {0};
  XT_ASSERT(each_entry(expected, each_folder, &t) > 0);
  printf("\n    %u captures, %u packets compared with TShark\n", t.files, t.packets);
  XT_ASSERT(t.files >= 80);
  XT_ASSERT_UINT_EQ(t.failures, 0);
  XT_ASSERT_UINT_EQ(t.mismatches, 0);
}

static void check_malformed(const char *dir, const char *name, void *ctx) {
  tally *t = ctx;
  char path[4096];
  if (path_printf(path, sizeof path, "%s/%s", dir, name) != 0) {
    t->failures++;
    return;
  }
  for (int json = 0; json <= 1; json++) {
    char *out = NULL, *err = NULL;
    size_t out_len, err_len;
    int status = decode(path, json, &out, &out_len, &err, &err_len);
    t->files += json;
    if (status != 0 && status != XNET_TOOL_EXIT_PACKET_ERRORS && status != XNET_TOOL_EXIT_INPUT) {
      fprintf(stderr, "\n  malformed/%s: status %d", name, status);
      t->failures++;
    }
    if (status == XNET_TOOL_EXIT_INPUT && err_len == 0) {
      fprintf(stderr, "\n  malformed/%s: status 3 without a message", name);
      t->failures++;
    }
    char *lines[MAX_LINES];
    size_t n = split_lines(out, lines, MAX_LINES);
    for (size_t i = 0; json && i < n; i++) {
      size_t len = strlen(lines[i]);
      jnode *pool = malloc((len + 1) * sizeof *pool);
      if (!pool) abort();
      jnode *pkt = json_parse_line(lines[i], pool, len + 1);
      if (!pkt || num(pkt, "frame") != i + 1) {
        fprintf(stderr, "\n  malformed/%s:%zu: not a JSON packet object", name, i + 1);
        t->failures++;
      }
      t->packets++;
      free(pool);
    }
    free(out);
    free(err);
  }
}

static void test_decode_corpus_malformed_files_are_handled(void) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/malformed", xt_corpus_dir());
  tally t = {0};
  XT_ASSERT(each_entry(dir, check_malformed, &t) > 0);
  printf("\n    %u malformed captures, %u packets decoded\n", t.files, t.packets);
  XT_ASSERT(t.files >= 50);
  XT_ASSERT_UINT_EQ(t.failures, 0);
}

XT_SUITE(tools, decode_corpus, NULL, NULL,
         XT_TEST_IF(test_decode_corpus_matches_tshark, need_corpus),
         XT_TEST_IF(test_decode_corpus_malformed_files_are_handled, need_corpus));

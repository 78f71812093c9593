/* input.c — capture files through libpcap, and hex lines. */
/* getline and fmemopen (POSIX 2008), and the BSD u_int types pcap.h uses:
 * -std=c11 hides both on glibc unless asked; other systems show them. */
#define _DEFAULT_SOURCE

#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/packet.h"

#ifdef XNET_TOOL_WITH_PCAP
#include <pcap/pcap.h>
#endif

enum { IN_HEX, IN_PCAP, IN_PCAPNG };

struct input {
  int kind;
  FILE *f;   /* owned: the file or memory stream, until libpcap takes it */
  char *mem; /* owned: a stream's bytes, behind the memory stream */
#ifdef XNET_TOOL_WITH_PCAP
  pcap_t *pcap;
  uint32_t linktype;
#endif
  char *line; /* hex: the current line (getline buffer) */
  size_t line_cap;
  uint8_t *pkt; /* hex: the decoded packet */
  size_t pkt_cap;
  unsigned long lineno;
  char err[256];
};

/* The first four bytes of a capture (pcap: both byte orders of the micro-
 * and nanosecond magics; pcapng: the Section Header Block type, a
 * palindrome). */
static int classify(const uint8_t *h, size_t n) {
  static const uint8_t pcap_magics[][4] = {
      {0xa1, 0xb2, 0xc3, 0xd4}, {0xd4, 0xc3, 0xb2, 0xa1},
      {0xa1, 0xb2, 0x3c, 0x4d}, {0x4d, 0x3c, 0xb2, 0xa1}};
  static const uint8_t pcapng_magic[4] = {0x0a, 0x0d, 0x0d, 0x0a};
  if (n == 4) {
    for (size_t i = 0; i < sizeof pcap_magics / sizeof *pcap_magics; i++)
      if (memcmp(h, pcap_magics[i], 4) == 0) return IN_PCAP;
    if (memcmp(h, pcapng_magic, 4) == 0) return IN_PCAPNG;
  }
  for (size_t i = 0; i < n; i++)
    if ((h[i] < 0x20 || h[i] > 0x7e) && h[i] != '\n' && h[i] != '\r' && h[i] != '\t')
      return -1;
  return IN_HEX;
}

/* Reads the rest of f after the n bytes already in head, into one buffer. */
static char *read_all(FILE *f, const uint8_t *head, size_t n, size_t *len) {
  size_t cap = 65536;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  memcpy(buf, head, n);
  for (;;) {
    if (n == cap) {
      char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
      if (!bigger) {
        free(buf);
        return NULL;
      }
      buf = bigger;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

#ifdef XNET_TOOL_WITH_PCAP
/* libpcap reports DLT_ values, which differ from the file's LINKTYPE_ for
 * raw IP and OpenBSD loopback; the dissector takes LINKTYPE_ values. */
static uint32_t linktype_of_dlt(int dlt) {
  if (dlt == DLT_RAW) return XNET_LINKTYPE_RAW;
#ifdef DLT_LOOP
  if (dlt == DLT_LOOP) return XNET_LINKTYPE_LOOP;
#endif
  return (uint32_t)dlt;
}
#endif

const char *input_linktype_name(uint32_t linktype) {
#ifdef XNET_TOOL_WITH_PCAP
  return pcap_datalink_val_to_name((int)linktype);
#else
  (void)linktype;
  return NULL;
#endif
}

static int open_capture(input *ip, const char *name, char *msg, size_t cap) {
#ifdef XNET_TOOL_WITH_PCAP
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  ip->pcap = pcap_fopen_offline(ip->f, errbuf);
  if (!ip->pcap) {
    snprintf(msg, cap, "%s: cannot read capture: %s", name, errbuf);
    return -1;
  }
  ip->f = NULL; /* pcap_close closes it */
  ip->linktype = linktype_of_dlt(pcap_datalink(ip->pcap));
  return 0;
#else
  (void)ip;
  snprintf(msg, cap, "%s: is a capture file, but xnet was built without libpcap", name);
  return -1;
#endif
}

int input_open(input **out, const char *path, FILE *in, char *msg, size_t cap) {
  *out = NULL;
  int stream = !path || strcmp(path, "-") == 0;
  const char *name = stream ? "<stdin>" : path;
  input *ip = calloc(1, sizeof *ip);
  if (!ip) {
    snprintf(msg, cap, "out of memory");
    return -1;
  }
  FILE *f = stream ? in : fopen(path, "rb");
  if (!f) {
    snprintf(msg, cap, "%s: %s", name, strerror(errno));
    free(ip);
    return -1;
  }
  uint8_t head[4];
  size_t nhead = fread(head, 1, sizeof head, f);
  int bad = ferror(f);
  /* A stream (or an unseekable path such as a pipe) cannot be rewound:
   * keep its bytes in memory and read them through a memory stream. */
  if (!bad && (stream || fseek(f, 0, SEEK_SET) != 0)) {
    size_t n = 0;
    ip->mem = read_all(f, head, nhead, &n);
    if (!stream) fclose(f);
    f = NULL;
    if (!ip->mem) {
      snprintf(msg, cap, "%s: cannot read: %s", name, strerror(errno));
      input_close(ip);
      return -1;
    }
    /* fmemopen refuses a zero size: an empty input is zero hex lines. */
    if (n > 0 && !(f = fmemopen(ip->mem, n, "rb"))) {
      snprintf(msg, cap, "%s: %s", name, strerror(errno));
      input_close(ip);
      return -1;
    }
  } else if (bad) {
    snprintf(msg, cap, "%s: cannot read: %s", name, strerror(errno));
    if (!stream) fclose(f);
    free(ip);
    return -1;
  }
  ip->f = f;
  ip->kind = classify(head, nhead);
  if (ip->kind < 0) {
    snprintf(msg, cap,
             "%s: not a pcap/pcapng capture or hex text (starts with %02x %02x %02x %02x)",
             name, head[0], head[1], head[2], head[3]);
    input_close(ip);
    return -1;
  }
  if (ip->kind != IN_HEX && open_capture(ip, name, msg, cap) != 0) {
    input_close(ip);
    return -1;
  }
  *out = ip;
  return 0;
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parses the current line into ip->pkt. Returns the byte count (0 for a
 * blank or comment line) or -1 with ip->err set. */
static long parse_hex_line(input *ip, size_t n) {
  size_t bytes = 0;
  int high = -1;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)ip->line[i];
    if (c == '#') break;
    if (c == ' ' || c == '\t' || c == ':' || c == '\r' || c == '\n') continue;
    int v = hex_value(c);
    if (v < 0) {
      if (c >= 0x20 && c < 0x7f)
        snprintf(ip->err, sizeof ip->err, "line %lu: invalid character '%c' at column %zu",
                 ip->lineno, c, i + 1);
      else
        snprintf(ip->err, sizeof ip->err, "line %lu: invalid byte 0x%02x at column %zu",
                 ip->lineno, c, i + 1);
      return -1;
    }
    if (high < 0) {
      high = v;
      continue;
    }
    if (bytes == INPUT_HEX_MAX) {
      snprintf(ip->err, sizeof ip->err, "line %lu: more than %d bytes", ip->lineno,
               INPUT_HEX_MAX);
      return -1;
    }
    if (bytes == ip->pkt_cap) {
      size_t bigger = ip->pkt_cap ? ip->pkt_cap * 2 : 2048;
      uint8_t *p = realloc(ip->pkt, bigger);
      if (!p) {
        snprintf(ip->err, sizeof ip->err, "line %lu: out of memory", ip->lineno);
        return -1;
      }
      ip->pkt = p;
      ip->pkt_cap = bigger;
    }
    ip->pkt[bytes++] = (uint8_t)(high << 4 | v);
    high = -1;
  }
  if (high >= 0) {
    snprintf(ip->err, sizeof ip->err, "line %lu: odd number of hex digits", ip->lineno);
    return -1;
  }
  return (long)bytes;
}

static int next_hex(input *ip, input_packet *pkt) {
  if (!ip->f) return 0;
  for (;;) {
    errno = 0;
    ssize_t n = getline(&ip->line, &ip->line_cap, ip->f);
    if (n < 0) {
      if (ferror(ip->f)) {
        snprintf(ip->err, sizeof ip->err, "read error: %s", strerror(errno));
        return -1;
      }
      return 0;
    }
    ip->lineno++;
    long bytes = parse_hex_line(ip, (size_t)n);
    if (bytes == 0) continue;
    pkt->linktype = XNET_LINKTYPE_RAW;
    if (bytes < 0) {
      pkt->error = ip->err;
      return 1;
    }
    pkt->data = ip->pkt;
    pkt->caplen = (size_t)bytes;
    return 1;
  }
}

int input_next(input *ip, input_packet *pkt) {
  memset(pkt, 0, sizeof *pkt);
  if (ip->kind == IN_HEX) return next_hex(ip, pkt);
#ifdef XNET_TOOL_WITH_PCAP
  struct pcap_pkthdr *h;
  const u_char *data;
  int r = pcap_next_ex(ip->pcap, &h, &data);
  if (r == 1) {
    pkt->linktype = ip->linktype;
    pkt->data = data;
    pkt->caplen = h->caplen;
    return 1;
  }
  if (r == PCAP_ERROR) {
    snprintf(ip->err, sizeof ip->err, "%s", pcap_geterr(ip->pcap));
    return -1;
  }
#endif
  return 0; /* PCAP_ERROR_BREAK: the end of the file */
}

const char *input_error(const input *ip) { return ip->err; }

const char *input_format(const input *ip) {
  return ip->kind == IN_PCAP ? "pcap" : ip->kind == IN_PCAPNG ? "pcapng" : "hex";
}

void input_close(input *ip) {
  if (!ip) return;
#ifdef XNET_TOOL_WITH_PCAP
  if (ip->pcap) pcap_close(ip->pcap);
#endif
  if (ip->f) fclose(ip->f);
  free(ip->mem);
  free(ip->line);
  free(ip->pkt);
  free(ip);
}

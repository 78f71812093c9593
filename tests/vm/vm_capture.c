/* vm_capture.c — an AF_PACKET capture thread and a pcap writer (see
 * vm_capture.h). */
#define _GNU_SOURCE
#include "vm_capture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "xnet/error.h"
#include "xnet/sctp_packet.h"

/* Loopback's MTU is 65536; with the Ethernet header a frame fits. */
#define VM_SNAPLEN 65600u

struct vm_record {
  uint64_t t_ns;
  uint32_t len;
  /* followed by len bytes */
};

struct vm_capture {
  int fd;
  pthread_t thread;
  atomic_int stop;
  int joined;
  int error;    /* -errno seen by the thread, or 0 */
  uint8_t *buf; /* vm_record headers and frames, back to back */
  size_t len, cap;
  uint8_t frame[VM_SNAPLEN];
};

uint64_t vm_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Loopback offloads the SCTP checksum (NETIF_F_SCTP_CRC, fixed on lo): the
 * kernel leaves 0 in the CRC32c field, as a capture on a real NIC would not
 * show. Fills it in for an SCTP packet over IPv4 or IPv6 (no extension
 * headers, not fragmented) whose checksum does not verify. */
static void fix_sctp_crc(uint8_t *f, size_t n) {
  if (n < 14)
    return;
  uint16_t type = (uint16_t)(f[12] << 8 | f[13]);
  uint8_t *ip = f + 14;
  size_t iplen = n - 14, hl, total;
  if (type == 0x0800 && iplen >= 20 && (ip[0] >> 4) == 4) {
    hl = (size_t)(ip[0] & 15) * 4;
    total = (size_t)(ip[2] << 8 | ip[3]);
    if (ip[9] != 132 || (ip[6] & 0x3f) != 0 || ip[7] != 0)
      return; /* MF, offset */
  } else if (type == 0x86dd && iplen >= 40 && (ip[0] >> 4) == 6) {
    hl = 40;
    total = 40 + (size_t)(ip[4] << 8 | ip[5]);
    if (ip[6] != 132)
      return;
  } else {
    return;
  }
  if (hl < 20 || total > iplen || total < hl + 12)
    return;
  uint8_t *sctp = ip + hl;
  size_t len = total - hl;
  if (xnet_sctp_packet_verify(sctp, len) == XNET_EBADCHECKSUM &&
      xnet_sctp_packet_finalize(sctp, len) < 0)
    return; /* cannot happen: len >= 12 */
}

static int capture_append(struct vm_capture *c, uint64_t t_ns, const uint8_t *b,
                          uint32_t n) {
  size_t need = sizeof(struct vm_record) + n;
  if (c->cap - c->len < need) {
    size_t cap = c->cap ? c->cap * 2 : (size_t)1 << 20;
    while (cap - c->len < need)
      cap *= 2;
    uint8_t *nb = realloc(c->buf, cap);
    if (nb == NULL)
      return -ENOMEM;
    c->buf = nb;
    c->cap = cap;
  }
  struct vm_record r = {t_ns, n};
  memcpy(c->buf + c->len, &r, sizeof r);
  memcpy(c->buf + c->len + sizeof r, b, n);
  c->len += need;
  return 0;
}

/* Reads every frame queued now; returns 0 when the queue is empty, or
 * -errno. */
static int capture_drain(struct vm_capture *c) {
  for (;;) {
    struct sockaddr_ll from;
    union {
      struct cmsghdr h;
      uint8_t b[CMSG_SPACE(sizeof(struct timespec))];
    } ctl;
    struct iovec iov = {c->frame, sizeof c->frame};
    struct msghdr m = {.msg_name = &from,
                       .msg_namelen = sizeof from,
                       .msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = ctl.b,
                       .msg_controllen = sizeof ctl.b};
    ssize_t n = recvmsg(c->fd, &m, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return 0;
      if (errno == EINTR)
        continue;
      return -errno;
    }
    if (from.sll_pkttype == PACKET_OUTGOING)
      continue;
    uint64_t t_ns = vm_now_ns();
    for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h != NULL;
         h = CMSG_NXTHDR(&m, h)) {
      if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_TIMESTAMPNS) {
        struct timespec ts;
        memcpy(&ts, CMSG_DATA(h), sizeof ts);
        t_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
      }
    }
    fix_sctp_crc(c->frame, (size_t)n);
    int rc = capture_append(c, t_ns, c->frame, (uint32_t)n);
    if (rc < 0)
      return rc;
  }
}

static void *capture_main(void *arg) {
  struct vm_capture *c = arg;
  while (!atomic_load(&c->stop)) {
    struct pollfd p = {c->fd, POLLIN, 0};
    if (poll(&p, 1, 20) < 0 && errno != EINTR) {
      c->error = -errno;
      return NULL;
    }
    int rc = capture_drain(c);
    if (rc < 0) {
      c->error = rc;
      return NULL;
    }
  }
  /* Whatever arrived before stop was asked. */
  int rc = capture_drain(c);
  if (rc < 0)
    c->error = rc;
  return NULL;
}

int vm_capture_start(const char *ifname, vm_capture **out) {
  *out = NULL;
  struct vm_capture *c = calloc(1, sizeof *c);
  if (c == NULL)
    return -ENOMEM;
  c->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
  if (c->fd < 0) {
    int e = -errno;
    free(c);
    return e;
  }
  int one = 1, rcvbuf = 32 << 20;
  struct sockaddr_ll sll = {.sll_family = AF_PACKET,
                            .sll_protocol = htons(ETH_P_ALL),
                            .sll_ifindex = (int)if_nametoindex(ifname)};
  if (sll.sll_ifindex == 0 ||
      setsockopt(c->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) < 0 ||
      setsockopt(c->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) <
          0 ||
      bind(c->fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
    int e = errno ? -errno : -ENODEV;
    close(c->fd);
    free(c);
    return e;
  }
  atomic_init(&c->stop, 0);
  int rc = pthread_create(&c->thread, NULL, capture_main, c);
  if (rc != 0) {
    close(c->fd);
    free(c);
    return -rc;
  }
  *out = c;
  return 0;
}

static void put32(uint8_t *b, uint32_t v) {
  memcpy(b, &v, 4);
} /* host order, as the magic */
static void put16(uint8_t *b, uint16_t v) { memcpy(b, &v, 2); }

static int capture_write(const struct vm_capture *c, const char *path) {
  FILE *f = fopen(path, "wb");
  if (f == NULL)
    return -errno;
  uint8_t gh[24];
  put32(gh, 0xa1b23c4du); /* pcap, nanosecond timestamps */
  put16(gh + 4, 2);
  put16(gh + 6, 4);
  put32(gh + 8, 0);
  put32(gh + 12, 0);
  put32(gh + 16, VM_SNAPLEN);
  put32(gh + 20, 1); /* LINKTYPE_ETHERNET */
  int count = 0, ok = fwrite(gh, sizeof gh, 1, f) == 1;
  for (size_t off = 0; ok && off < c->len;) {
    struct vm_record r;
    memcpy(&r, c->buf + off, sizeof r);
    uint8_t rh[16];
    put32(rh, (uint32_t)(r.t_ns / 1000000000u));
    put32(rh + 4, (uint32_t)(r.t_ns % 1000000000u));
    put32(rh + 8, r.len);
    put32(rh + 12, r.len);
    ok = fwrite(rh, sizeof rh, 1, f) == 1 &&
         (r.len == 0 || fwrite(c->buf + off + sizeof r, r.len, 1, f) == 1);
    off += sizeof r + r.len;
    count++;
  }
  if (fclose(f) != 0)
    ok = 0;
  return ok ? count : -EIO;
}

static void capture_halt(struct vm_capture *c) {
  if (c->joined)
    return;
  atomic_store(&c->stop, 1);
  pthread_join(c->thread, NULL);
  c->joined = 1;
}

int vm_capture_each(vm_capture *c,
                    int (*fn)(const uint8_t *frame, size_t n, void *arg),
                    void *arg) {
  if (c == NULL || fn == NULL)
    return -EINVAL;
  capture_halt(c);
  if (c->error)
    return c->error;
  int hits = 0;
  for (size_t off = 0; off < c->len;) {
    struct vm_record r;
    memcpy(&r, c->buf + off, sizeof r);
    if (fn(c->buf + off + sizeof r, r.len, arg))
      hits++;
    off += sizeof r + r.len;
  }
  return hits;
}

int vm_capture_stop(vm_capture *c, const char *path) {
  if (c == NULL)
    return -EINVAL;
  capture_halt(c);
  int rc = c->error;
  if (rc == 0 && path != NULL)
    rc = capture_write(c, path);
  close(c->fd);
  free(c->buf);
  free(c);
  return rc;
}

/* bench_sctp_notify.c — SCTP notification parse cost (Linux layout).
 *
 * Figures: ns/op for an association change (COMM_UP) and a peer address
 * change (IPv4), allocations per parse (must be 0), and against a baseline:
 * what a C program does with the kernel's own header — memcpy the bytes
 * into a union sctp_notification and read the same fields (.ratio =
 * baseline ns / xnet ns). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime in bench.h */

#include <netinet/in.h>
#include <netinet/sctp.h>
#include <string.h>
#include <sys/socket.h>

#include "bench.h"
#include "xnet/sctp_notify.h"

typedef struct input {
  uint8_t bytes[sizeof(union sctp_notification)];
  size_t len;
} input;

static void xnet_parse(void *arg) {
  const input *in = arg;
  xnet_sctp_notification n;
  int err = xnet_sctp_notification_parse(&xnet_sctp_layout_linux, in->bytes,
                                         in->len, &n);
  BENCH_KEEP(err);
  BENCH_KEEP(n.u.peer_addr_change.addr.port);
  BENCH_KEEP(n.u.assoc_change.state);
}

/* The baseline reads the fields xnet decodes, in host structs. */
static void kernel_struct(void *arg) {
  const input *in = arg;
  union sctp_notification sn;
  memcpy(&sn, in->bytes, in->len);
  uint32_t v = 0;
  if (sn.sn_header.sn_type == SCTP_ASSOC_CHANGE) {
    v = sn.sn_assoc_change.sac_state + ntohs(sn.sn_assoc_change.sac_error) +
        sn.sn_assoc_change.sac_outbound_streams +
        sn.sn_assoc_change.sac_inbound_streams +
        (uint32_t)sn.sn_assoc_change.sac_assoc_id;
  } else if (sn.sn_header.sn_type == SCTP_PEER_ADDR_CHANGE) {
    struct sockaddr_in sin;
    memcpy(&sin, &sn.sn_paddr_change.spc_aaddr, sizeof sin);
    v = ntohs(sin.sin_port) + sin.sin_addr.s_addr +
        (uint32_t)sn.sn_paddr_change.spc_state +
        (uint32_t)sn.sn_paddr_change.spc_error +
        (uint32_t)sn.sn_paddr_change.spc_assoc_id;
  }
  BENCH_KEEP(v);
}

static void run(const char *name, input *in) {
  char label[96];
  double x = bench_ns_per_op(xnet_parse, in, 2e7);
  double k = bench_ns_per_op(kernel_struct, in, 2e7);
  snprintf(label, sizeof label, "sctp_notify.parse_%s", name);
  bench_print(label, x, "ns/op");
  bench_print_ratio(label, k, x);
  bench_print_allocs(label, xnet_parse, in, 10000);
}

int main(void) {
  input ac = {{0}, sizeof(struct sctp_assoc_change)};
  struct sctp_assoc_change sac;
  memset(&sac, 0, sizeof sac);
  sac.sac_type = SCTP_ASSOC_CHANGE;
  sac.sac_length = sizeof sac;
  sac.sac_state = SCTP_COMM_UP;
  sac.sac_outbound_streams = 10;
  sac.sac_inbound_streams = 10;
  sac.sac_assoc_id = 1;
  memcpy(ac.bytes, &sac, sizeof sac);

  input pc = {{0}, sizeof(struct sctp_paddr_change)};
  struct sctp_paddr_change spc;
  memset(&spc, 0, sizeof spc);
  spc.spc_type = SCTP_PEER_ADDR_CHANGE;
  spc.spc_length = sizeof spc;
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(5000);
  sin.sin_addr.s_addr = htonl(0x7f000002);
  memcpy(&spc.spc_aaddr, &sin, sizeof sin);
  spc.spc_state = SCTP_ADDR_CONFIRMED;
  spc.spc_assoc_id = 1;
  memcpy(pc.bytes, &spc, sizeof spc);

  run("assoc_change", &ac);
  run("peer_addr_change", &pc);
  return 0;
}

/* sctp_notify_format.c — one-line text for a notification, snprintf style.
 *
 * Addresses print as Go prints a TCP/UDP address: "192.0.2.1:5000",
 * "[2001:db8::1]:5000", IPv6 in RFC 5952 form (lowercase, the longest run
 * of two or more zero groups, the first if tied, as "::"), an IPv4-mapped
 * address as IPv4, a zone as its index ("[fe80::1%2]:5000"). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xnet/sctp_notify.h"

/* Room for "[" 39 "%" 10 "]:" 5 and the NUL, with slack for the
 * compiler's worst case of the 48-byte group buffer. */
#define ADDR_TEXT 80

static int is_v4_mapped(const uint8_t ip[16]) {
  static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return memcmp(ip, prefix, sizeof prefix) == 0;
}

/* Writes the RFC 5952 text of ip into out (at least 40 bytes). */
static void ipv6_text(const uint8_t ip[16], char *out, size_t cap) {
  uint16_t g[8];
  for (int i = 0; i < 8; i++) g[i] = (uint16_t)(ip[2 * i] << 8 | ip[2 * i + 1]);
  int best = -1, best_len = 1; /* a single zero group is not compressed */
  for (int i = 0; i < 8;) {
    if (g[i]) {
      i++;
      continue;
    }
    int j = i;
    while (j < 8 && !g[j]) j++;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  size_t at = 0;
  for (int i = 0; i < 8; i++) {
    if (i == best) {
      at += (size_t)snprintf(out + at, cap - at, "::");
      i += best_len - 1;
      continue;
    }
    int sep = i > 0 && i != best + best_len;
    at += (size_t)snprintf(out + at, cap - at, "%s%x", sep ? ":" : "", g[i]);
  }
}

static void addr_text(const xnet_sctp_addr *a, char *out, size_t cap) {
  const uint8_t *v4 = NULL;
  if (a->family == XNET_SCTP_AF_INET)
    v4 = a->ip;
  else if (a->family == XNET_SCTP_AF_INET6 && is_v4_mapped(a->ip))
    v4 = a->ip + 12;
  if (v4) {
    snprintf(out, cap, "%u.%u.%u.%u:%u", v4[0], v4[1], v4[2], v4[3], a->port);
  } else if (a->family == XNET_SCTP_AF_INET6) {
    char ip[48];
    ipv6_text(a->ip, ip, sizeof ip);
    if (a->scope_id)
      snprintf(out, cap, "[%s%%%" PRIu32 "]:%u", ip, a->scope_id, a->port);
    else
      snprintf(out, cap, "[%s]:%u", ip, a->port);
  } else {
    snprintf(out, cap, "<nil>");
  }
}

/* A name, or "?" for a value outside its enum (only a caller-built
 * notification can hold one). */
static const char *nm(const char *name) { return name ? name : "?"; }

int xnet_sctp_notification_format(const xnet_sctp_notification *n,
                                  char *buf, size_t cap) {
  if (!buf) cap = 0;
  if (!n) return snprintf(buf, cap, "<nil>");
  const char *type = xnet_sctp_notification_type_name((int)n->type);
  switch (n->type) {
  case XNET_SCTP_ASSOC_CHANGE: {
    const xnet_sctp_assoc_change *ac = &n->u.assoc_change;
    return snprintf(buf, cap,
                    "%s state=%s error=%u outbound=%u inbound=%u assoc=%" PRId32
                    " info=%zu",
                    type, nm(xnet_sctp_assoc_change_state_name((int)ac->state)),
                    ac->error, ac->outbound_streams, ac->inbound_streams,
                    ac->assoc_id, ac->info_len);
  }
  case XNET_SCTP_PEER_ADDR_CHANGE: {
    const xnet_sctp_peer_addr_change *pc = &n->u.peer_addr_change;
    char addr[ADDR_TEXT];
    addr_text(&pc->addr, addr, sizeof addr);
    return snprintf(buf, cap,
                    "%s addr=%s state=%s error=%" PRIu32 " assoc=%" PRId32, type,
                    addr, nm(xnet_sctp_peer_addr_state_name((int)pc->state)),
                    pc->error, pc->assoc_id);
  }
  case XNET_SCTP_REMOTE_ERROR:
    return snprintf(buf, cap, "%s error=%u assoc=%" PRId32 " data=%zu", type,
                    n->u.remote_error.error, n->u.remote_error.assoc_id,
                    n->u.remote_error.data_len);
  case XNET_SCTP_SHUTDOWN_EVENT:
    return snprintf(buf, cap, "%s assoc=%" PRId32, type,
                    n->u.shutdown_event.assoc_id);
  case XNET_SCTP_ADAPTATION_INDICATION:
    return snprintf(buf, cap, "%s adaptation_ind=0x%08" PRIx32 " assoc=%" PRId32,
                    type, n->u.adaptation_event.adaptation_ind,
                    n->u.adaptation_event.assoc_id);
  case XNET_SCTP_SENDER_DRY_EVENT:
    return snprintf(buf, cap, "%s assoc=%" PRId32, type,
                    n->u.sender_dry_event.assoc_id);
  case XNET_SCTP_SEND_FAILED_EVENT: {
    const xnet_sctp_send_failed_event *sf = &n->u.send_failed_event;
    return snprintf(buf, cap,
                    "%s flags=%s error=%" PRIu32 " sid=%u info_flags=0x%" PRIx32
                    " ppid=%" PRIu32 " context=%" PRIu32 " assoc=%" PRId32
                    " data=%zu",
                    type, nm(xnet_sctp_send_failed_flag_name((int)sf->flags)),
                    sf->error, sf->info.sid, sf->info.flags, sf->info.ppid,
                    sf->info.context, sf->assoc_id, sf->data_len);
  }
  default:
    if (type)
      return snprintf(buf, cap, "%s flags=0x%x length=%" PRIu32 " (not decoded)",
                      type, n->flags, n->length);
    return snprintf(buf, cap,
                    "notification type 0x%04x flags=0x%x length=%" PRIu32
                    " (unknown)",
                    n->native_type, n->flags, n->length);
  }
}

/* xnet/xnet.h — the umbrella header: every public header of every layer. */
#ifndef XNET_XNET_H
#define XNET_XNET_H

#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/version.h"

/* codecs (also usable alone: xnet::codecs) */
#include "xnet/address.h"
#include "xnet/cmsg.h"
#include "xnet/crc32c.h"
#include "xnet/hostport.h"
#include "xnet/icmp.h"
#include "xnet/icmp_filter.h"
#include "xnet/inet_checksum.h"
#include "xnet/ip_net.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet/ipv4_header.h"
#include "xnet/ipv6_cmsg.h"
#include "xnet/ipv6_header.h"
#include "xnet/mac.h"
#include "xnet/packet.h"
#include "xnet/sctp_abi.h"
#include "xnet/sctp_chunk.h"
#include "xnet/sctp_cmsg.h"
#include "xnet/sctp_notify.h"
#include "xnet/sctp_packet.h"
#include "xnet/sockopt_table.h"

/* core */

#include "xnet/conn.h"
#include "xnet/net.h"
#include "xnet/op_error.h"
#include "xnet/stack.h"
#include "xnet/interface.h"
#include "xnet/lookup.h"
#include "xnet/cancel.h"
#include "xnet/dns.h"
#include "xnet/file.h"
#include "xnet/pipe.h"
#include "xnet/unix.h"
#include "xnet/ipv4.h"
#include "xnet/ipv6.h"
#include "xnet/batch.h"
#include "xnet/replay.h"
#include "xnet/sctp.h"
#include "xnet/record.h"

#endif /* XNET_XNET_H */

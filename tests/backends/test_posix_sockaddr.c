/* test_posix_sockaddr.c — xnet_sockaddr <-> host sockaddr byte for byte,
 * the portable family/type numbers, the sockopt row lookup and errno
 * mapping of the POSIX backend logic. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "posix_int.h"
#include "xnet_test.h"

static xnet_sockaddr make(int family, uint16_t port) {
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = (uint8_t)family;
  a.port = port;
  return a;
}

static void test_posix_sockaddr_ipv4_bytes(void) {
  xnet_sockaddr a = make(XNET_AF_INET, 0x1234);
  xnet_ip_from4((const uint8_t[4]){192, 0, 2, 7}, &a.ip);
  struct sockaddr_storage ss;
  socklen_t len;
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  XT_ASSERT_UINT_EQ(len, sizeof(struct sockaddr_in));
  struct sockaddr_in sin;
  memcpy(&sin, &ss, sizeof sin);
  XT_ASSERT_INT_EQ(sin.sin_family, AF_INET);
  XT_ASSERT_MEM_EQ(&sin.sin_port, 2, "\x12\x34", 2); /* network order */
  XT_ASSERT_MEM_EQ(&sin.sin_addr, 4, "\xc0\x00\x02\x07", 4);
  /* The IPv4-mapped 16-byte form is the same address. */
  xnet_ip_v4(192, 0, 2, 7, &a.ip);
  struct sockaddr_storage ss2;
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss2, &len));
  XT_ASSERT_MEM_EQ(&ss2, len, &ss, sizeof(struct sockaddr_in));
  /* Round trip: the 4-byte form comes back. */
  xnet_sockaddr back;
  XT_ASSERT_OK(xnet__posix_sockaddr_from((struct sockaddr *)&ss, len, &back));
  XT_ASSERT_INT_EQ(back.family, XNET_AF_INET);
  XT_ASSERT_UINT_EQ(back.port, 0x1234);
  XT_ASSERT_INT_EQ(back.ip.len, 4);
  XT_ASSERT_MEM_EQ(back.ip.bytes, 4, "\xc0\x00\x02\x07", 4);
}

static void test_posix_sockaddr_ipv4_rejects_ipv6_address(void) {
  xnet_sockaddr a = make(XNET_AF_INET, 80);
  a.ip = xnet_ipv6_loopback;
  struct sockaddr_storage ss;
  socklen_t len = 99;
  XT_ASSERT_ERR(xnet__posix_sockaddr_to(&a, &ss, &len), XNET_EBADADDR);
  XT_ASSERT_UINT_EQ(len, 0);
  a.ip.len = 5; /* an invalid length */
  XT_ASSERT_ERR(xnet__posix_sockaddr_to(&a, &ss, &len), XNET_EBADADDR);
}

static void test_posix_sockaddr_wildcards(void) {
  struct sockaddr_storage ss;
  socklen_t len;
  xnet_sockaddr a = make(XNET_AF_INET, 9);
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  struct sockaddr_in sin;
  memcpy(&sin, &ss, sizeof sin);
  XT_ASSERT_UINT_EQ(sin.sin_addr.s_addr, 0);
  a = make(XNET_AF_INET6, 9);
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  XT_ASSERT_UINT_EQ(len, sizeof(struct sockaddr_in6));
  struct sockaddr_in6 sin6;
  memcpy(&sin6, &ss, sizeof sin6);
  XT_ASSERT(IN6_IS_ADDR_UNSPECIFIED(&sin6.sin6_addr));
}

static void test_posix_sockaddr_ipv6_scope_and_mapped(void) {
  xnet_sockaddr a = make(XNET_AF_INET6, 443);
  static const uint8_t ll[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                                 0,    0,    0, 0, 0, 0, 0, 1};
  xnet_ip_from16(ll, &a.ip);
  a.scope_id = 3;
  struct sockaddr_storage ss;
  socklen_t len;
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  struct sockaddr_in6 sin6;
  memcpy(&sin6, &ss, sizeof sin6);
  XT_ASSERT_INT_EQ(sin6.sin6_family, AF_INET6);
  XT_ASSERT_UINT_EQ(ntohs(sin6.sin6_port), 443);
  XT_ASSERT_UINT_EQ(sin6.sin6_scope_id, 3);
  XT_ASSERT_MEM_EQ(&sin6.sin6_addr, 16, ll, 16);
  xnet_sockaddr back;
  XT_ASSERT_OK(xnet__posix_sockaddr_from((struct sockaddr *)&ss, len, &back));
  XT_ASSERT_INT_EQ(back.family, XNET_AF_INET6);
  XT_ASSERT_UINT_EQ(back.scope_id, 3);
  XT_ASSERT_UINT_EQ(back.port, 443);
  XT_ASSERT_MEM_EQ(back.ip.bytes, back.ip.len, ll, 16);
  /* A 4-byte address on an IPv6 socket is reached IPv4-mapped. */
  a.scope_id = 0;
  xnet_ip_from4((const uint8_t[4]){10, 1, 2, 3}, &a.ip);
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  memcpy(&sin6, &ss, sizeof sin6);
  XT_ASSERT_MEM_EQ(&sin6.sin6_addr, 16,
                   "\0\0\0\0\0\0\0\0\0\0\xff\xff\x0a\x01\x02\x03", 16);
}

static void test_posix_sockaddr_unix_pathname(void) {
  xnet_sockaddr a = make(XNET_AF_UNIX, 0);
  memcpy(a.path, "/tmp/s", 6);
  a.path_len = 6;
  struct sockaddr_storage ss;
  socklen_t len;
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  size_t off = offsetof(struct sockaddr_un, sun_path);
  XT_ASSERT_UINT_EQ(len, off + 7); /* with its NUL */
  struct sockaddr_un un;
  memcpy(&un, &ss, sizeof un);
  XT_ASSERT_INT_EQ(un.sun_family, AF_UNIX);
  XT_ASSERT_MEM_EQ(un.sun_path, 7, "/tmp/s", 7);
  xnet_sockaddr back;
  XT_ASSERT_OK(xnet__posix_sockaddr_from((struct sockaddr *)&ss, len, &back));
  XT_ASSERT_INT_EQ(back.family, XNET_AF_UNIX);
  XT_ASSERT_MEM_EQ(back.path, back.path_len, "/tmp/s", 6);
  /* A path filling sun_path has no room for a NUL and needs none. */
  memset(a.path, 'p', sizeof a.path);
  a.path_len = (uint16_t)sizeof un.sun_path;
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  XT_ASSERT_UINT_EQ(len, off + sizeof un.sun_path);
  XT_ASSERT_OK(xnet__posix_sockaddr_from((struct sockaddr *)&ss, len, &back));
  XT_ASSERT_UINT_EQ(back.path_len, sizeof un.sun_path);
  a.path_len = (uint16_t)(sizeof un.sun_path + 1);
  XT_ASSERT_ERR(xnet__posix_sockaddr_to(&a, &ss, &len), XNET_EINVAL);
}

static void test_posix_sockaddr_unix_abstract_and_unnamed(void) {
  xnet_sockaddr a = make(XNET_AF_UNIX, 0);
  memcpy(a.path, "\0abs\0x", 6); /* abstract names may hold NULs */
  a.path_len = 6;
  struct sockaddr_storage ss;
  socklen_t len;
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  size_t off = offsetof(struct sockaddr_un, sun_path);
  XT_ASSERT_UINT_EQ(len, off + 6); /* exactly its bytes */
  xnet_sockaddr back;
  XT_ASSERT_OK(xnet__posix_sockaddr_from((struct sockaddr *)&ss, len, &back));
  XT_ASSERT_MEM_EQ(back.path, back.path_len, "\0abs\0x", 6);
  a.path_len = 0; /* unnamed: just the family */
  XT_ASSERT_OK(xnet__posix_sockaddr_to(&a, &ss, &len));
  XT_ASSERT_UINT_EQ(len, off);
  XT_ASSERT_OK(xnet__posix_sockaddr_from((struct sockaddr *)&ss, len, &back));
  XT_ASSERT_INT_EQ(back.family, XNET_AF_UNIX);
  XT_ASSERT_INT_EQ(back.path_len, 0);
}

static void test_posix_sockaddr_from_rejects_short_and_unknown(void) {
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  xnet_sockaddr out;
  /* Every truncation of a sockaddr_in: nothing (UNSPEC) or an error. */
  for (socklen_t n = 0; n < sizeof sin; n++) {
    int rc = xnet__posix_sockaddr_from((struct sockaddr *)&sin, n, &out);
    if (n < offsetof(struct sockaddr, sa_family) + sizeof(sa_family_t)) {
      XT_ASSERT_OK(rc);
      XT_ASSERT_INT_EQ(out.family, XNET_AF_UNSPEC);
    } else {
      XT_ASSERT_ERR(rc, XNET_EBADADDR);
      XT_ASSERT_INT_EQ(out.family, XNET_AF_UNSPEC); /* zeroed */
    }
  }
  struct sockaddr_in6 sin6;
  memset(&sin6, 0, sizeof sin6);
  sin6.sin6_family = AF_INET6;
  XT_ASSERT_ERR(xnet__posix_sockaddr_from((struct sockaddr *)&sin6,
                                          sizeof sin6 - 1, &out),
                XNET_EBADADDR);
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_family = AF_APPLETALK;
  XT_ASSERT_ERR(xnet__posix_sockaddr_from((struct sockaddr *)&ss, sizeof ss,
                                          &out),
                XNET_EAFNOSUPPORT);
  XT_ASSERT_OK(xnet__posix_sockaddr_from(NULL, 0, &out));
  xnet_sockaddr bad = make(77, 0);
  socklen_t len;
  XT_ASSERT_ERR(xnet__posix_sockaddr_to(&bad, &ss, &len), XNET_EAFNOSUPPORT);
}

static void test_posix_sockaddr_family_and_type_numbers(void) {
  XT_ASSERT_INT_EQ(xnet__posix_family_to_host(XNET_AF_INET), AF_INET);
  XT_ASSERT_INT_EQ(xnet__posix_family_to_host(XNET_AF_INET6), AF_INET6);
  XT_ASSERT_INT_EQ(xnet__posix_family_to_host(XNET_AF_UNIX), AF_UNIX);
  XT_ASSERT_INT_EQ(xnet__posix_family_to_host(XNET_AF_UNSPEC), AF_UNSPEC);
  XT_ASSERT_INT_EQ(xnet__posix_family_to_host(3), -1);
  static const int types[][2] = {{XNET_SOCK_STREAM, SOCK_STREAM},
                                 {XNET_SOCK_DGRAM, SOCK_DGRAM},
                                 {XNET_SOCK_RAW, SOCK_RAW},
                                 {XNET_SOCK_SEQPACKET, SOCK_SEQPACKET}};
  for (size_t i = 0; i < 4; i++) {
    XT_ASSERT_INT_EQ(xnet__posix_type_to_host(types[i][0]), types[i][1]);
    XT_ASSERT_INT_EQ(xnet__posix_type_from_host(types[i][1]), types[i][0]);
  }
  XT_ASSERT_INT_EQ(xnet__posix_type_to_host(4), -1);
  XT_ASSERT_INT_EQ(xnet__posix_type_from_host(SOCK_RDM), 0);
}

static void test_posix_sockaddr_sockopt_row_lookup(void) {
  /* A host table lacking SO_REUSEPORT (row left zero). */
  xnet_posix_sockopt table[XNET_SOCKOPT__MAX];
  memset(table, 0, sizeof table);
  table[XNET_SO_REUSEADDR] = (xnet_posix_sockopt){0xffff, 4};
  xnet_posix_sockopt row = {1, 1};
  XT_ASSERT_OK(xnet__posix_sockopt_row(table, XNET_SO_REUSEADDR, &row));
  XT_ASSERT_INT_EQ(row.level, 0xffff);
  XT_ASSERT_INT_EQ(row.name, 4);
  XT_ASSERT_ERR(xnet__posix_sockopt_row(table, XNET_SO_REUSEPORT, &row),
                XNET_ENOTSUP);
  XT_ASSERT_INT_EQ(row.name, 0);
  XT_ASSERT_ERR(xnet__posix_sockopt_row(table, (xnet_sockopt)0, &row),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet__posix_sockopt_row(table, XNET_SOCKOPT__MAX, &row),
                XNET_EINVAL);
}

static void test_posix_sockaddr_errno_mapping(void) {
  XT_ASSERT_ERR(xnet__posix_err(EAGAIN), XNET_EAGAIN);
  XT_ASSERT_ERR(xnet__posix_err(EWOULDBLOCK), XNET_EAGAIN);
  XT_ASSERT_ERR(xnet__posix_err(ECONNREFUSED), XNET_ECONNREFUSED);
  XT_ASSERT_ERR(xnet__posix_err(EPIPE), XNET_EPIPE);
  XT_ASSERT_ERR(xnet__posix_err(0), XNET_EIO); /* never "success" */
}

XT_SUITE(backends, posix_sockaddr, NULL, NULL,
         XT_TEST(test_posix_sockaddr_ipv4_bytes),
         XT_TEST(test_posix_sockaddr_ipv4_rejects_ipv6_address),
         XT_TEST(test_posix_sockaddr_wildcards),
         XT_TEST(test_posix_sockaddr_ipv6_scope_and_mapped),
         XT_TEST(test_posix_sockaddr_unix_pathname),
         XT_TEST(test_posix_sockaddr_unix_abstract_and_unnamed),
         XT_TEST(test_posix_sockaddr_from_rejects_short_and_unknown),
         XT_TEST(test_posix_sockaddr_family_and_type_numbers),
         XT_TEST(test_posix_sockaddr_sockopt_row_lookup),
         XT_TEST(test_posix_sockaddr_errno_mapping));

/* test_interface.c — interfaces: lo on the host, a veth pair with known
 * names, MACs, MTU, flags and addresses in a private network namespace,
 * joined multicast groups (live, and from /proc/net/igmp{,6} text handed
 * to the parser through a replacement syscall table), the caller-array
 * contract and Go's error records. */
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core_test_util.h"
#include "netns_test_util.h"
#include "posix_int.h"
#include "xnet/error.h"
#include "xnet/interface.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

/* Whether the formatted networks of list include want. */
static bool has_net(const xnet_ip_net *list, size_t n, const char *want) {
  for (size_t i = 0; i < n; i++) {
    char text[XNET_IP_NET_STRLEN];
    xnet_ip_net_format(&list[i], text, sizeof text);
    if (strcmp(text, want) == 0) return true;
  }
  return false;
}

static bool has_ip(const xnet_ip *list, size_t n, const char *want) {
  xnet_ip w;
  if (xnet_ip_parse(want, strlen(want), &w) < 0) return false;
  for (size_t i = 0; i < n; i++)
    if (xnet_ip_equal(&list[i], &w)) return true;
  return false;
}

/* ---- lo on the host ---- */

static void test_interface_lo_by_name_and_index(void) {
  xnet_interface lo, again;
  XT_ASSERT_OK(xnet_interface_by_name(NULL, "lo", &lo));
  XT_ASSERT_STR_EQ(lo.name, "lo");
  XT_ASSERT_INT_EQ(lo.index, (int)if_nametoindex("lo"));
  XT_ASSERT(lo.mtu > 0);
  XT_ASSERT_INT_EQ(lo.hardware_addr.len, 0); /* all-zero: none, as Go */
  XT_ASSERT(lo.flags & XNET_IFF_UP);
  XT_ASSERT(lo.flags & XNET_IFF_LOOPBACK);
  XT_ASSERT(!(lo.flags & (XNET_IFF_BROADCAST | XNET_IFF_POINTTOPOINT)));
  XT_ASSERT_OK(xnet_interface_by_index(NULL, lo.index, &again));
  XT_ASSERT_MEM_EQ(&again, sizeof again, &lo, sizeof lo);
  xnet_ip_net addrs[16];
  size_t n;
  XT_ASSERT_OK(xnet_interface_addrs(NULL, &lo, addrs, 16, &n));
  XT_ASSERT(has_net(addrs, n, "127.0.0.1/8"));
  /* Go's forms: a 16-byte IPv4 address with a 4-byte mask. */
  for (size_t i = 0; i < n; i++) {
    XT_ASSERT_INT_EQ(addrs[i].ip.len, 16);
    XT_ASSERT_STR_EQ(addrs[i].ip.zone, "");
  }
  xnet_ip groups[32];
  XT_ASSERT_OK(xnet_interface_multicast_addrs(NULL, &lo, groups, 32, &n));
  XT_ASSERT(has_ip(groups, n, "224.0.0.1")); /* every IPv4 device joins it */
}

static void test_interface_list_includes_lo_and_reports_size(void) {
  size_t total;
  XT_ASSERT_ERR(xnet_interfaces(NULL, NULL, 0, &total), XNET_ENOBUFS);
  XT_ASSERT(total >= 1);
  xnet_interface ifs[64];
  XT_ASSERT(total <= 64);
  size_t n;
  XT_ASSERT_OK(xnet_interfaces(NULL, ifs, total, &n));
  XT_ASSERT_UINT_EQ(n, total);
  bool lo = false;
  for (size_t i = 0; i < n; i++) {
    XT_ASSERT(ifs[i].index > 0);
    lo |= strcmp(ifs[i].name, "lo") == 0;
  }
  XT_ASSERT(lo);
  if (total > 1) {
    /* Too small: the first entries and the size needed. */
    xnet_interface one[1];
    XT_ASSERT_ERR(xnet_interfaces(NULL, one, 1, &n), XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(n, total);
    XT_ASSERT_STR_EQ(one[0].name, ifs[0].name);
  }
}

static void test_interface_addrs_all_and_enobufs(void) {
  size_t total, n;
  XT_ASSERT_ERR(xnet_interface_addrs_all(NULL, NULL, 0, &total),
                XNET_ENOBUFS);
  XT_ASSERT(total >= 1);
  XT_ASSERT(total <= 64);
  xnet_ip_net all[64];
  XT_ASSERT_OK(xnet_interface_addrs_all(NULL, all, 64, &n));
  XT_ASSERT_UINT_EQ(n, total);
  XT_ASSERT(has_net(all, n, "127.0.0.1/8"));
}

/* ---- errors ---- */

static void test_interface_no_such_interface(void) {
  xnet_interface ifi;
  memset(&ifi, 0xff, sizeof ifi);
  XT_ASSERT_ERR(xnet_interface_by_name(NULL, "xnet-none0", &ifi), XNET_ENOENT);
  XT_ASSERT_INT_EQ(ifi.index, 0); /* zeroed */
  const xnet_op_error *e = xnet_last_error();
  XT_ASSERT_STR_EQ(e->op, "route");
  XT_ASSERT_STR_EQ(e->net, "ip+net");
  XT_ASSERT_STR_EQ(e->detail, "no such network interface");
  char text[256];
  xnet_op_error_format(e, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "route ip+net: no such network interface: "
                         "no such file or directory");
  XT_ASSERT_ERR(xnet_interface_by_index(NULL, INT_MAX, &ifi), XNET_ENOENT);
  XT_ASSERT_STR_EQ(xnet_last_error()->detail, "no such network interface");
}

static void test_interface_invalid_arguments(void) {
  xnet_interface ifi;
  XT_ASSERT_ERR(xnet_interface_by_index(NULL, 0, &ifi), XNET_EINVAL);
  XT_ASSERT_STR_EQ(xnet_last_error()->detail,
                   "invalid network interface index");
  XT_ASSERT_ERR(xnet_interface_by_index(NULL, -3, &ifi), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_interface_by_name(NULL, "", &ifi), XNET_EINVAL);
  XT_ASSERT_STR_EQ(xnet_last_error()->detail,
                   "invalid network interface name");
  XT_ASSERT_ERR(xnet_interface_by_name(NULL, NULL, &ifi), XNET_EINVAL);
  size_t n = 7;
  xnet_ip_net a[1];
  xnet_ip g[1];
  XT_ASSERT_ERR(xnet_interface_addrs(NULL, NULL, a, 1, &n), XNET_EINVAL);
  XT_ASSERT_UINT_EQ(n, 0);
  XT_ASSERT_STR_EQ(xnet_last_error()->detail, "invalid network interface");
  XT_ASSERT_ERR(xnet_interface_multicast_addrs(NULL, NULL, g, 1, &n),
                XNET_EINVAL);
  /* An interface value whose index is 0 is no interface (and must not
   * list every interface's addresses). */
  memset(&ifi, 0, sizeof ifi);
  XT_ASSERT_ERR(xnet_interface_addrs(NULL, &ifi, a, 1, &n), XNET_EINVAL);
}

/* ---- Flags.String ---- */

static void test_interface_flags_format(void) {
  char buf[XNET_INTERFACE_FLAGS_STRLEN];
  XT_ASSERT_INT_EQ(xnet_interface_flags_format(0, buf, sizeof buf), 1);
  XT_ASSERT_STR_EQ(buf, "0");
  xnet_interface_flags_format(XNET_IFF_UP | XNET_IFF_RUNNING, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "up|running");
  int len = xnet_interface_flags_format(0x3f, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "up|broadcast|loopback|pointtopoint|multicast|running");
  XT_ASSERT_INT_EQ(len, 52);
  xnet_interface_flags_format(1u << 7, buf, sizeof buf); /* unknown bit */
  XT_ASSERT_STR_EQ(buf, "0");
  /* snprintf semantics: truncated, NUL-terminated, full length returned. */
  char small[4];
  XT_ASSERT_INT_EQ(xnet_interface_flags_format(XNET_IFF_BROADCAST, small,
                                               sizeof small),
                   9);
  XT_ASSERT_STR_EQ(small, "bro");
  XT_ASSERT_INT_EQ(XNET_IFF_UP, 1);
  XT_ASSERT_INT_EQ(XNET_IFF_RUNNING, 32);
}

/* ---- /proc/net/igmp{,6} through a replacement open ---- */

static xnet_posix_syscalls real;
static char fake_igmp[8192], fake_igmp6[8192];
static bool igmp6_exists;

static int fake_open(const char *path, int flags) {
  const char *text;
  if (strcmp(path, "/proc/net/igmp") == 0)
    text = fake_igmp;
  else if (strcmp(path, "/proc/net/igmp6") == 0)
    text = igmp6_exists ? fake_igmp6 : NULL;
  else
    return real.open(path, flags);
  if (!text) {
    errno = ENOENT;
    return -1;
  }
  int fd = memfd_create("igmp", MFD_CLOEXEC);
  if (fd < 0) return -1;
  size_t len = strlen(text);
  if (write(fd, text, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0) {
    close(fd);
    errno = EIO;
    return -1;
  }
  return fd;
}

static xnet_stack *fake_proc_stack(void) {
  xnet__host_syscalls(&real);
  xnet_posix_syscalls t = real;
  t.open = fake_open;
  xnet_posix_config cfg = {.syscalls = &t};
  xnet_stack *s = NULL;
  return xnet__host_stack_open_config(&cfg, &s) == 0 ? s : NULL;
}

/* A group line as the kernel prints it: the four address bytes read as a
 * native integer, with %08X. */
static void add_v4_group(const char *dotted) {
  xnet_ip ip, v4;
  if (xnet_ip_parse(dotted, strlen(dotted), &ip) < 0 ||
      xnet_ip_to4(&ip, &v4) < 0)
    return;
  uint32_t v;
  memcpy(&v, v4.bytes, 4);
  size_t at = strlen(fake_igmp);
  snprintf(fake_igmp + at, sizeof fake_igmp - at,
           "\t\t\t\t%08X     1 0:00000000\t\t0\n", (unsigned)v);
}

static void add_v4_device(int index, const char *name) {
  size_t at = strlen(fake_igmp);
  snprintf(fake_igmp + at, sizeof fake_igmp - at,
           "%d\t%-10s:     1      V3\n", index, name);
}

static void test_interface_igmp_text_is_native_order(void) {
  /* What this (little-endian) machine's kernel printed for 224.0.0.1. */
  fake_igmp[0] = '\0';
  add_v4_group("224.0.0.1");
  const uint16_t one = 1;
  uint8_t first;
  memcpy(&first, &one, 1);
  if (first == 1) XT_ASSERT(strstr(fake_igmp, "010000E0") != NULL);
  else XT_ASSERT(strstr(fake_igmp, "E0000001") != NULL);
}

static void test_interface_multicast_addrs_from_proc_text(void) {
  xnet_stack *s = fake_proc_stack();
  XT_ASSERT(s != NULL);
  snprintf(fake_igmp, sizeof fake_igmp,
           "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n");
  add_v4_device(1, "lo");
  add_v4_group("224.0.0.1");
  add_v4_device(2, "eth0");
  add_v4_group("239.1.2.3");
  strcat(fake_igmp, "\t\t\t\t0102GG03     1 0:00000000\t\t0\n"); /* bad hex */
  strcat(fake_igmp, "\t\t\t\t010203     1 0:00000000\t\t0\n");   /* short */
  add_v4_group("224.0.0.1");
  snprintf(fake_igmp6, sizeof fake_igmp6,
           "1    lo              ff020000000000000000000000000001     1 "
           "0000000C 0\n"
           "2    eth0            ff0200000000000000000001ff000002     1 "
           "00000004 0\n"
           "2    eth0            ff02000000000000000000000000zz01     1 "
           "00000004 0\n"
           "x    eth0            ff020000000000000000000000000001     1 "
           "00000004 0\n"
           "2    eth0            ff020000000000000000000000000001     1 "
           "0000000C 0");                             /* no final newline */
  igmp6_exists = true;
  xnet_interface eth0 = {.index = 2};
  xnet_ip g[8];
  size_t n;
  int rc = xnet_interface_multicast_addrs(s, &eth0, g, 8, &n);
  XT_ASSERT_OK(rc);
  XT_ASSERT_UINT_EQ(n, 4);
  char text[XNET_IP_STRLEN];
  const char *want[] = {"239.1.2.3", "224.0.0.1", "ff02::1:ff00:2", "ff02::1"};
  for (size_t i = 0; i < 4; i++) {
    xnet_ip_format(&g[i], text, sizeof text);
    XT_ASSERT_STR_EQ(text, want[i]);
    XT_ASSERT_INT_EQ(g[i].len, 16);
  }
  /* Too small: the first ones and the count. */
  XT_ASSERT_ERR(xnet_interface_multicast_addrs(s, &eth0, g, 1, &n),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(n, 4);
  xnet_ip_format(&g[0], text, sizeof text);
  XT_ASSERT_STR_EQ(text, "239.1.2.3");
  /* No IPv6 (no igmp6 file): the IPv4 groups only, no error. */
  igmp6_exists = false;
  XT_ASSERT_OK(xnet_interface_multicast_addrs(s, &eth0, g, 8, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  xnet_interface lo = {.index = 1};
  XT_ASSERT_OK(xnet_interface_multicast_addrs(s, &lo, g, 8, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  xnet_stack_close(s);
}

static void test_interface_multicast_addrs_long_file(void) {
  /* Many lines: the reader's buffer refills mid-line. */
  xnet_stack *s = fake_proc_stack();
  XT_ASSERT(s != NULL);
  fake_igmp[0] = '\0';
  add_v4_device(3, "eth1");
  for (int i = 0; i < 200; i++) {
    char ip[32];
    snprintf(ip, sizeof ip, "239.0.%d.%d", i / 250, i % 250);
    add_v4_group(ip);
  }
  igmp6_exists = false;
  xnet_interface eth1 = {.index = 3};
  xnet_ip g[256];
  size_t n;
  XT_ASSERT_OK(xnet_interface_multicast_addrs(s, &eth1, g, 256, &n));
  XT_ASSERT_UINT_EQ(n, 200);
  XT_ASSERT(has_ip(g, n, "239.0.0.0"));
  XT_ASSERT(has_ip(g, n, "239.0.0.199"));
  xnet_stack_close(s);
}

/* ---- a veth pair in a namespace ---- */

/* Waits (up to 3 s) until xa is operationally up and has its IPv6
 * link-local address: both follow the carrier asynchronously. */
static const char *wait_ready(char *msg, size_t cap) {
  for (int i = 0; i < 300; i++) {
    xnet_interface xa;
    xnet_ip_net a[16];
    size_t n = 0;
    if (xnet_interface_by_name(NULL, "xa", &xa) == 0 &&
        (xa.flags & XNET_IFF_RUNNING) &&
        xnet_interface_addrs(NULL, &xa, a, 16, &n) == 0 &&
        has_net(a, n, "fe80::ff:fe00:a/64"))
      return NULL;
    ctu_sleep_ms(10);
  }
  snprintf(msg, cap, "xa did not come up");
  return msg;
}

static const char *check_veth(char *msg, size_t cap, void *arg) {
  (void)arg;
  const char *err = wait_ready(msg, cap);
  if (err) return err;
  xnet_interface xa, xb, lo, byidx;
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "xa", &xa), 0);
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "xb", &xb), 0);
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "lo", &lo), 0);
  NTU_CHECK_INT(xa.index, if_nametoindex("xa"));
  NTU_CHECK_INT(xb.index, if_nametoindex("xb"));
  NTU_CHECK_INT(xa.mtu, 1400);
  NTU_CHECK_INT(xb.mtu, 1500);
  NTU_CHECK_INT(lo.mtu, 65536);
  char text[XNET_MAC_STRLEN];
  xnet_mac_format(&xa.hardware_addr, text, sizeof text);
  NTU_CHECK_STR(text, "02:00:00:00:00:0a");
  xnet_mac_format(&xb.hardware_addr, text, sizeof text);
  NTU_CHECK_STR(text, "02:00:00:00:00:0b");
  NTU_CHECK_INT(lo.hardware_addr.len, 0);
  char flags[XNET_INTERFACE_FLAGS_STRLEN];
  xnet_interface_flags_format(xa.flags, flags, sizeof flags);
  NTU_CHECK_STR(flags, "up|broadcast|multicast|running");
  xnet_interface_flags_format(lo.flags, flags, sizeof flags);
  NTU_CHECK_STR(flags, "up|loopback|running");
  NTU_CHECK_INT(xnet_interface_by_index(NULL, xb.index, &byidx), 0);
  NTU_CHECK_STR(byidx.name, "xb");
  NTU_CHECK(memcmp(&byidx, &xb, sizeof xb) == 0);

  /* The list holds all three (fallback tunnel devices may add more). */
  xnet_interface ifs[16];
  size_t n;
  NTU_CHECK_INT(xnet_interfaces(NULL, ifs, 16, &n), 0);
  int seen = 0;
  for (size_t i = 0; i < n; i++)
    seen += !strcmp(ifs[i].name, "lo") + !strcmp(ifs[i].name, "xa") +
            !strcmp(ifs[i].name, "xb");
  NTU_CHECK_INT(seen, 3);

  /* Addresses with their masks, no zones, Go's text. */
  xnet_ip_net a[16];
  NTU_CHECK_INT(xnet_interface_addrs(NULL, &xa, a, 16, &n), 0);
  NTU_CHECK_INT(n, 4);
  NTU_CHECK(has_net(a, n, "10.200.0.1/24"));
  NTU_CHECK(has_net(a, n, "10.200.1.5/32"));
  NTU_CHECK(has_net(a, n, "fd00:200::1/64"));
  NTU_CHECK(has_net(a, n, "fe80::ff:fe00:a/64"));
  NTU_CHECK(!has_net(a, n, "10.200.0.2/24"));
  for (size_t i = 0; i < n; i++) {
    NTU_CHECK_INT(a[i].ip.len, 16);
    xnet_ip v4;
    NTU_CHECK_INT(a[i].mask.len, xnet_ip_to4(&a[i].ip, &v4) == 0 ? 4 : 16);
  }
  NTU_CHECK_INT(xnet_interface_addrs(NULL, &lo, a, 16, &n), 0);
  NTU_CHECK_INT(n, 2);
  NTU_CHECK(has_net(a, n, "127.0.0.1/8"));
  NTU_CHECK(has_net(a, n, "::1/128"));
  NTU_CHECK_INT(xnet_interface_addrs(NULL, &xa, a, 2, &n), XNET_ENOBUFS);
  NTU_CHECK_INT(n, 4);
  NTU_CHECK_INT(xnet_interface_addrs_all(NULL, a, 16, &n), 0);
  NTU_CHECK(has_net(a, n, "127.0.0.1/8"));
  NTU_CHECK(has_net(a, n, "10.200.0.1/24"));
  NTU_CHECK(has_net(a, n, "10.200.0.2/24"));
  NTU_CHECK(has_net(a, n, "fd00:200::2/64"));
  return NULL;
}

static const char *check_joined_groups(char *msg, size_t cap, void *arg) {
  (void)arg;
  const char *err = wait_ready(msg, cap);
  if (err) return err;
  xnet_interface xa, xb;
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "xa", &xa), 0);
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "xb", &xb), 0);
  xnet_addr g4 = {.kind = XNET_KIND_UDP}, g6 = {.kind = XNET_KIND_UDP};
  NTU_CHECK_INT(xnet_ip_parse("239.7.7.7", 9, &g4.ip), 0);
  NTU_CHECK_INT(xnet_ip_parse("ff12::7:7", 9, &g6.ip), 0);
  xnet_conn *c4, *c6;
  NTU_CHECK_INT(xnet_listen_multicast_udp(NULL, "udp4", &xa, &g4, &c4), 0);
  NTU_CHECK_INT(xnet_listen_multicast_udp(NULL, "udp6", &xa, &g6, &c6), 0);
  xnet_ip groups[32];
  size_t n;
  NTU_CHECK_INT(xnet_interface_multicast_addrs(NULL, &xa, groups, 32, &n), 0);
  NTU_CHECK(has_ip(groups, n, "239.7.7.7"));
  NTU_CHECK(has_ip(groups, n, "224.0.0.1"));
  NTU_CHECK(has_ip(groups, n, "ff12::7:7"));
  NTU_CHECK(has_ip(groups, n, "ff02::1"));
  /* IPv4 groups come first. */
  xnet_ip v4;
  NTU_CHECK(xnet_ip_to4(&groups[0], &v4) == 0);
  NTU_CHECK_INT(xnet_interface_multicast_addrs(NULL, &xb, groups, 32, &n), 0);
  NTU_CHECK(!has_ip(groups, n, "239.7.7.7"));
  NTU_CHECK(!has_ip(groups, n, "ff12::7:7"));
  /* Closing the conns leaves the groups. */
  xnet_conn_close(c4);
  xnet_conn_close(c6);
  NTU_CHECK_INT(xnet_interface_multicast_addrs(NULL, &xa, groups, 32, &n), 0);
  NTU_CHECK(!has_ip(groups, n, "239.7.7.7"));
  NTU_CHECK(!has_ip(groups, n, "ff12::7:7"));
  return NULL;
}

/* A tun device is point-to-point: no broadcast, no hardware address. */
static const char *check_tun(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_interface t;
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "xt", &t), 0);
  char flags[XNET_INTERFACE_FLAGS_STRLEN];
  xnet_interface_flags_format(t.flags, flags, sizeof flags);
  NTU_CHECK_STR(flags, "up|pointtopoint|multicast");
  NTU_CHECK_INT(t.hardware_addr.len, 0);
  NTU_CHECK_INT(t.mtu, 1500);
  return NULL;
}

static const char *need_tun(void) {
  const char *why = ntu_need_netns();
  if (why) return why;
  return access("/dev/net/tun", R_OK | W_OK) == 0
             ? NULL
             : "no /dev/net/tun here: a point-to-point device needs it";
}

/* The point-to-point flag on a live interface: a tun device (up, with no
 * process attached, so not running) in a namespace of its own. */
static void test_interface_tun_is_point_to_point(void) {
  ntu_ns ns;
  XT_ASSERT_INT_EQ(ntu_create(&ns, "iftun"), 0);
  int made = ntu_sh("ip -n %s tuntap add dev xt mode tun", ns.name) == 0 &&
             ntu_sh("ip -n %s link set xt up", ns.name) == 0;
  XT_ASSERT(made);
  char msg[512];
  const char *err = made ? ntu_run_in(&ns, check_tun, NULL, msg, sizeof msg) : NULL;
  ntu_destroy(&ns);
  if (err) xt_fail(__LINE__, __FILE__, "in namespace %s: %s", ns.name, err);
}

static void test_interface_veth_names_flags_addresses(void) {
  ntu_run_checks("if", check_veth);
}

static void test_interface_veth_joined_groups(void) {
  ntu_run_checks("ifmc", check_joined_groups);
}

XT_SUITE(core, interface, NULL, NULL,
         XT_TEST(test_interface_lo_by_name_and_index),
         XT_TEST(test_interface_list_includes_lo_and_reports_size),
         XT_TEST(test_interface_addrs_all_and_enobufs),
         XT_TEST(test_interface_no_such_interface),
         XT_TEST(test_interface_invalid_arguments),
         XT_TEST(test_interface_flags_format),
         XT_TEST(test_interface_igmp_text_is_native_order),
         XT_TEST(test_interface_multicast_addrs_from_proc_text),
         XT_TEST(test_interface_multicast_addrs_long_file),
         XT_TEST_IF(test_interface_veth_names_flags_addresses, ntu_need_netns),
         XT_TEST_IF(test_interface_veth_joined_groups, ntu_need_netns),
         XT_TEST_IF(test_interface_tun_is_point_to_point, need_tun));

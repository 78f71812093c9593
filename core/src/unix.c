/* unix.c — Unix-domain control messages (descriptors, credentials) over the
 * cmsg codec's framing, and the conn functions that go with them.
 *
 * Every number comes from the profile (struct xnet_cmsg_abi: scm_rights,
 * scm_creds and the credentials layout), so the same code writes a Linux
 * SCM_CREDENTIALS and a FreeBSD SCM_CREDS; kernel integers are written in
 * the profile's byte order. */
#include <stdint.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/unix.h"

/* Bytes of one passed descriptor: a C int in every profiled kernel. */
#define FD_SIZE 4

size_t xnet_unix_rights_space(const xnet_profile *p, size_t nfds) {
  if (nfds > SIZE_MAX / FD_SIZE) return SIZE_MAX;
  return xnet_cmsg_space(p, nfds * FD_SIZE);
}

int xnet_unix_rights_put(const xnet_profile *p, const int *fds, size_t nfds,
                         uint8_t *buf, size_t cap, size_t *len) {
  if (!p || !p->cmsg || !len || (!fds && nfds > 0)) return XNET_EINVAL;
  if (nfds > SIZE_MAX / FD_SIZE) return XNET_EMSGSIZE;
  for (size_t i = 0; i < nfds; i++)
    if (fds[i] < 0) return XNET_EINVAL;
  int rc = xnet_cmsg_header_put(p, buf, cap, len, p->cmsg->sol_socket,
                                p->cmsg->scm_rights, nfds * FD_SIZE);
  if (rc < 0) return rc;
  uint8_t *data = buf + xnet_cmsg_len(p, 0);
  for (size_t i = 0; i < nfds; i++)
    xnet_profile_put_u32(p, data + i * FD_SIZE, (uint32_t)fds[i]);
  return 0;
}

int xnet_unix_rights_parse(const xnet_profile *p, const xnet_cmsg *m,
                           int *fds, size_t cap, size_t *nfds) {
  if (nfds) *nfds = 0;
  if (!p || !p->cmsg || !m || !nfds || (!fds && cap > 0)) return XNET_EINVAL;
  if (m->level != p->cmsg->sol_socket || m->type != p->cmsg->scm_rights)
    return XNET_EBADTYPE;
  if (m->len % FD_SIZE != 0) return XNET_EBADLEN;
  size_t count = m->len / FD_SIZE;
  if (count > cap) {
    *nfds = count;
    return XNET_ENOBUFS;
  }
  for (size_t i = 0; i < count; i++)
    fds[i] = (int)xnet_profile_get_u32(p, m->data + i * FD_SIZE);
  *nfds = count;
  return 0;
}

size_t xnet_unix_credentials_space(const xnet_profile *p) {
  if (!p || !p->cmsg || p->cmsg->scm_creds == 0) return 0;
  return xnet_cmsg_space(p, p->cmsg->cred_len);
}

int xnet_unix_credentials_put(const xnet_profile *p,
                              const xnet_unix_cred *cred, uint8_t *buf,
                              size_t cap, size_t *len) {
  if (!p || !p->cmsg || !cred || !len) return XNET_EINVAL;
  const xnet_cmsg_abi *abi = p->cmsg;
  if (abi->scm_creds == 0 || !abi->cred_send) return XNET_ENOTSUP;
  int rc = xnet_cmsg_header_put(p, buf, cap, len, abi->sol_socket,
                                abi->scm_creds, abi->cred_len);
  if (rc < 0) return rc;
  uint8_t *data = buf + xnet_cmsg_len(p, 0); /* zeroed by header_put */
  xnet_profile_put_u32(p, data + abi->cred_pid_off, (uint32_t)cred->pid);
  xnet_profile_put_u32(p, data + abi->cred_uid_off, cred->uid);
  xnet_profile_put_u32(p, data + abi->cred_gid_off, cred->gid);
  return 0;
}

int xnet_unix_credentials_parse(const xnet_profile *p, const xnet_cmsg *m,
                                xnet_unix_cred *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!p || !p->cmsg || !m || !out) return XNET_EINVAL;
  const xnet_cmsg_abi *abi = p->cmsg;
  if (abi->scm_creds == 0) return XNET_ENOTSUP;
  if (m->level != abi->sol_socket || m->type != abi->scm_creds)
    return XNET_EBADTYPE;
  /* Only the fields read must be present: NetBSD's structure grows with
   * its group list, and a kernel may append fields. */
  size_t need = abi->cred_pid_off;
  if (abi->cred_uid_off > need) need = abi->cred_uid_off;
  if (abi->cred_gid_off > need) need = abi->cred_gid_off;
  if (m->len < need + 4) return XNET_ESHORT;
  out->pid = (int32_t)xnet_profile_get_u32(p, m->data + abi->cred_pid_off);
  out->uid = xnet_profile_get_u32(p, m->data + abi->cred_uid_off);
  out->gid = xnet_profile_get_u32(p, m->data + abi->cred_gid_off);
  return 0;
}

const xnet_profile *xnet_conn_profile(const xnet_conn *c) {
  return c->pd.stack->ops.profile;
}

int xnet_conn_set_pass_credentials(xnet_conn *c, bool on) {
  const xnet_addr *ra = c->raddr.kind != XNET_KIND_NONE ? &c->raddr : NULL;
  if (c->kind != XNET_KIND_UNIX && c->kind != XNET_KIND_UNIXGRAM &&
      c->kind != XNET_KIND_UNIXPACKET)
    return xnet__fail("set", c->net, xnet__conn_laddr(c), ra, XNET_EINVAL);
  xnet_stack *s = c->pd.stack;
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0)
    rc = s->ops.setsockopt(s->inst, c->pd.sock, XNET_SO_PASSCRED, on ? 1 : 0);
  if (rc < 0) xnet__fail("set", c->net, xnet__conn_laddr(c), ra, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

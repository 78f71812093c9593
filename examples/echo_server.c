/* echo_server.c — the reference's Listener example: a TCP server that
 * echoes every connection back to its sender, one thread per connection.
 *
 *   echo_server [ADDRESS]      default ADDRESS ":2000", as in Go's example
 *
 * Go:
 *   l, err := net.Listen("tcp", ":2000")
 *   for { conn, err := l.Accept(); go func(c net.Conn) { io.Copy(c, c);
 *         c.Close() }(conn) }
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <xnet/xnet.h>

static void *echo(void *arg) {
  xnet_conn *c = arg;
  char buf[32768];
  int n;
  /* io.Copy(c, c): until EOF or an error. */
  while ((n = xnet_conn_read(c, buf, sizeof buf)) > 0)
    if (xnet_conn_write(c, buf, (size_t)n) < 0) break;
  xnet_conn_close(c);
  return NULL;
}

int main(int argc, char **argv) {
  const char *address = argc > 1 ? argv[1] : ":2000";
  xnet_listener *l;
  char err[256];
  if (xnet_listen("tcp", address, &l) < 0) {
    xnet_op_error_format(xnet_last_error(), err, sizeof err);
    fprintf(stderr, "echo_server: %s\n", err);
    return 1;
  }
  xnet_addr a;
  char text[XNET_ADDR_STRLEN];
  xnet_listener_addr(l, &a);
  xnet_addr_format(&a, text, sizeof text);
  printf("listening on %s\n", text);
  fflush(stdout);
  for (;;) {
    xnet_conn *c;
    if (xnet_listener_accept(l, &c) < 0) {
      xnet_op_error_format(xnet_last_error(), err, sizeof err);
      fprintf(stderr, "echo_server: %s\n", err);
      if (xnet_error_is_temporary(xnet_last_error()->code)) continue;
      break;
    }
    pthread_t t;
    if (pthread_create(&t, NULL, echo, c) != 0) {
      xnet_conn_close(c);
      continue;
    }
    pthread_detach(t);
  }
  xnet_listener_close(l);
  return 1;
}

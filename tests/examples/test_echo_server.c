/* test_echo_server.c — runs examples/echo_server (the reference's Listener
 * example) and echoes through it from two clients at once. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xnet/conn.h"
#include "xnet/error.h"
#include "xnet_test.h"

#define SERVER XNET_BINARY_DIR "/examples/echo_server"

static const char *need_server(void) {
  return access(SERVER, X_OK) == 0 ? NULL : "examples not built (XNET_BUILD_EXAMPLES=OFF)";
}

/* Starts the server on a free loopback port; returns its pid and fills addr
 * from its first line, "listening on ADDR". */
static pid_t start_server(char addr[64]) {
  int out[2];
  if (pipe(out) < 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    execl(SERVER, SERVER, "127.0.0.1:0", (char *)NULL);
    _exit(127);
  }
  close(out[1]);
  char line[128] = "";
  FILE *f = fdopen(out[0], "r");
  if (!f || !fgets(line, sizeof line, f)) {
    if (f) fclose(f);
    return pid;
  }
  fclose(f);
  if (sscanf(line, "listening on %63s", addr) != 1) addr[0] = '\0';
  return pid;
}

static void test_echo_server_echoes_two_clients(void) {
  char addr[64] = "";
  pid_t pid = start_server(addr);
  XT_ASSERT(pid > 0);
  if (strncmp(addr, "127.0.0.1:", 10) != 0) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    XT_ASSERT_STR_EQ(addr, "127.0.0.1:<port>");
  }
  xnet_conn *a, *b;
  int ra = xnet_dial("tcp", addr, &a);
  int rb = xnet_dial("tcp", addr, &b);
  char got[32];
  int na = -1, nb = -1;
  if (ra == 0 && rb == 0) {
    xnet_conn_set_deadline(a, xnet_deadline_in(NULL, 5 * XNET_SECOND));
    xnet_conn_set_deadline(b, xnet_deadline_in(NULL, 5 * XNET_SECOND));
    xnet_conn_write(b, "second", 6);
    xnet_conn_write(a, "first", 5);
    na = xnet_conn_read(a, got, sizeof got);
    if (na == 5) na = memcmp(got, "first", 5) == 0 ? 5 : -2;
    nb = xnet_conn_read(b, got, sizeof got);
    if (nb == 6) nb = memcmp(got, "second", 6) == 0 ? 6 : -2;
  }
  if (ra == 0) xnet_conn_close(a);
  if (rb == 0) xnet_conn_close(b);
  kill(pid, SIGTERM);
  waitpid(pid, NULL, 0);
  XT_ASSERT_OK(ra);
  XT_ASSERT_OK(rb);
  XT_ASSERT_INT_EQ(na, 5);
  XT_ASSERT_INT_EQ(nb, 6);
}

XT_SUITE(examples, echo_server, NULL, NULL,
         XT_TEST_IF(test_echo_server_echoes_two_clients, need_server));

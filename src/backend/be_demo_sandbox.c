/* SPDX-License-Identifier: MIT */
/*
 * The demo's sandbox, made as tests/sandbox.sh makes its own: a new pid
 * namespace whose pid 1 unshares net + mount, makes / private, mounts its
 * own /run (so /run/netns is private), /sys and /proc (so discovery sees the
 * sandbox only, not the machine's processes or containers) and brings lo up.
 * Without root it tries a user namespace (uid and gid 0 mapped to the
 * caller's). Nothing here touches the namespaces nstop was started in.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "be_demo.h"
#include "be_internal.h"

#define NEED_USERNS "run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, " \
		    "and on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0)"

static int ctl_fd = -1;              /* the worker's end, for be_demo_start_traffic */
static volatile sig_atomic_t forward_to; /* init: the worker's pid; outside: init's */

static void forward(int sig)
{
	if (forward_to > 0) {
		kill(forward_to, sig);
	}
}

/* SIGTERM and SIGHUP reach the worker (which ends its mode cleanly); terminal signals reach it anyway. */
static void forward_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : write(fd, text, strlen(text));
	int e = errno;

	if (fd >= 0) {
		close(fd);
	}
	return n == (ssize_t)strlen(text) ? 0 : -(e ? e : EIO);
}

/* A user namespace where we are root: the caller's uid and gid as 0. */
static int enter_userns(struct be_error *err)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER) < 0) {
		int e = errno;
		be_error_set(err, -e, "--demo needs namespaces of its own: unshare(CLONE_NEWUSER): %s; %s", strerror(e),
			     NEED_USERNS);
		return -e;
	}
	int rc = write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (rc == 0 || rc == -ENOENT) {
		rc = write_file("/proc/self/uid_map", map);
	}
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	if (rc == 0) {
		rc = write_file("/proc/self/gid_map", map);
	}
	if (rc < 0) {
		be_error_set(err, rc, "--demo: cannot map uid %u to root in its user namespace: %s; %s", (unsigned)uid,
			     strerror(-rc), NEED_USERNS);
	}
	return rc;
}

static int fail_errno(struct be_error *err, const char *what)
{
	int e = errno;
	be_error_set(err, -e, "--demo: cannot make the sandbox: %s: %s", what, strerror(e));
	return -e;
}

static int lo_up(struct be_error *err)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		int rc = fail_errno(err, "reading lo");
		if (s >= 0) {
			close(s);
		}
		return rc;
	}
	ifr.ifr_flags |= IFF_UP;
	int rc = ioctl(s, SIOCSIFFLAGS, &ifr) < 0 ? fail_errno(err, "setting lo up") : 0;
	close(s);
	return rc;
}

/* pid 1: the private namespaces and mounts, before the worker is forked into them. */
static int make_sandbox(struct be_error *err)
{
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0) {
		return fail_errno(err, "unshare(CLONE_NEWNET | CLONE_NEWNS)");
	}
	/* private first: nothing mounted below may propagate back to the machine's mounts */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		return fail_errno(err, "making / private");
	}
	if (mount("nstop-demo-run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") < 0) {
		return fail_errno(err, "mounting a tmpfs on /run");
	}
	if (mkdir("/run/netns", 0755) < 0) {
		return fail_errno(err, "mkdir /run/netns");
	}
	if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		return fail_errno(err, "mounting sysfs on /sys");
	}
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		return fail_errno(err, "mounting proc on /proc");
	}
	return lo_up(err);
}

/* The parent may have died before PR_SET_PDEATHSIG took: then its end of ctl is closed. */
static bool parent_gone(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR));
}

static int wait_status(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
}

/*
 * pid 1 of the sandbox: reap every child (orphans are reparented here; nstop
 * starts none, but a zombie must not stay) until the worker ends, whose
 * status becomes init's. Returns 0 in the worker, 1 in init when done.
 */
static int init_run(int ctl, int *status, struct be_error *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || parent_gone(ctl)) {
		be_error_set(err, -ESRCH, "--demo: nstop's first process is gone");
		return -ESRCH;
	}
	int rc = make_sandbox(err);
	if (rc < 0) {
		return rc;
	}
	forward_signals();
	pid_t worker = fork();
	if (worker < 0) {
		return fail_errno(err, "fork");
	}
	if (worker == 0) {
		/* the worker's default signal handling is an ordinary process's: it is not pid 1 */
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		ctl_fd = ctl;
		return 0;
	}
	forward_to = worker;
	close(ctl); /* the worker's copy is the one the outside waits on */
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, 0);
		if (p == worker || (p < 0 && errno == ECHILD)) {
			*status = p == worker ? wait_status(st) : 1;
			return 1;
		}
	}
}

/*
 * fork() into a new pid namespace. Not unshare(CLONE_NEWPID) then fork():
 * that would leave this process's later children (LeakSanitizer's tracer
 * at exit, for one) bound for a pid namespace whose init is dead.
 */
static pid_t fork_newpid(void)
{
#if defined(__s390__) || defined(__CRIS__)
	return (pid_t)syscall(SYS_clone, 0, CLONE_NEWPID | SIGCHLD); /* stack first there */
#else
	return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
#endif
}

int be_demo_enter(int *status, struct be_error *err)
{
	int sv[2], rc;

	*status = 1;
	/* without root, a user namespace where we are: the pid namespace needs CAP_SYS_ADMIN */
	if (geteuid() != 0 && (rc = enter_userns(err)) < 0) {
		return rc;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		return fail_errno(err, "socketpair");
	}
	pid_t init = fork_newpid();
	if (init < 0 && errno == EPERM && geteuid() == 0) {
		/* root without CAP_SYS_ADMIN (a container): a user namespace may still do */
		if ((rc = enter_userns(err)) < 0) {
			close(sv[0]);
			close(sv[1]);
			return rc;
		}
		init = fork_newpid();
	}
	if (init < 0) {
		int e = errno;
		be_error_set(err, -e, "--demo: cannot make a pid namespace: %s; %s", strerror(e), NEED_USERNS);
		rc = -e;
		close(sv[0]);
		close(sv[1]);
		return rc;
	}
	if (init == 0) {
		close(sv[0]);
		return init_run(sv[1], status, err); /* 0: the worker; 1: init is done; < 0: it failed */
	}
	close(sv[1]);
	forward_to = init;
	forward_signals();
	*status = be_demo_traffic_run(sv[0], init);
	close(sv[0]);
	return 1;
}

int be_demo_start_traffic(const struct nst_scenario *s, struct be_error *err)
{
	for (size_t i = 0; i <= s->n_steps; i++) {
		const struct nst_scn_step *st = i < s->n_steps ? &s->steps[i] : NULL;
		struct be_demo_msg m = { .kind = BE_DEMO_END };
		char path[NST_OP_TEXT + 16];
		int nsfd = -1;

		if (st && st->kind == NST_SCN_OP) {
			continue;
		}
		if (st) {
			m = (struct be_demo_msg){ .kind = st->kind == NST_SCN_LISTEN ? BE_DEMO_LISTEN : BE_DEMO_TRAFFIC,
						  .proto = st->proto, .port = st->port, .every_ms = st->every_ms };
			memcpy(m.addr, st->addr, 4);
			snprintf(path, sizeof(path), strcmp(st->ns, "/") == 0 ? "/proc/self/ns/net" : "/run/netns/%s", st->ns);
			if ((nsfd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
				return fail_errno(err, "opening a namespace for traffic");
			}
		}
		char cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		memset(cbuf, 0, sizeof(cbuf));
		if (nsfd >= 0) {
			mh.msg_control = cbuf;
			mh.msg_controllen = sizeof(cbuf);
			struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &nsfd, sizeof(int));
		}
		ssize_t n = sendmsg(ctl_fd, &mh, MSG_NOSIGNAL);
		int e = errno;
		if (nsfd >= 0) {
			close(nsfd);
		}
		if (n < 0) {
			errno = e;
			return fail_errno(err, "handing traffic to nstop's first process");
		}
	}
	return 0;
}

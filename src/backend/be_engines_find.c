/* SPDX-License-Identifier: MIT */
/*
 * Where the engines keep their files, from the daemons running now: their
 * command lines (dockerd --data-root, conmon's podman exit command --root),
 * else their config files, else the engine's default. Everything is read
 * through /proc/PID/root, so a daemon in another mount namespace is read in
 * its own view of the filesystem.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "be_engines.h"
#include "json_read.h"
#include "quote.h"
#include "xalloc.h"

#define CMDLINE_MAX (64 * 1024)
#define CONF_MAX (256 * 1024)

/* Up to max bytes of path; NULL when unreadable. *len gets the count (a NUL is added). */
static char *read_some(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		return NULL;
	}
	char *buf = xmalloc(max + 1);
	size_t n = 0;
	ssize_t r;
	while (n < max && (r = read(fd, buf + n, max - n)) > 0) {
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* argv[i] of a NUL-separated command line; NULL past the end. */
static const char *arg_at(const char *argv, size_t len, size_t i)
{
	size_t off = 0;

	for (size_t k = 0; off < len; k++) {
		if (k == i) {
			return argv + off;
		}
		off += strlen(argv + off) + 1;
	}
	return NULL;
}

/* The value of option name ("--root X" or "--root=X") in argv; NULL when absent. */
static const char *opt_value(const char *argv, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *a;

	for (size_t i = 0; (a = arg_at(argv, len, i)); i++) {
		if (strcmp(a, name) == 0) {
			return arg_at(argv, len, i + 1);
		}
		if (strncmp(a, name, nl) == 0 && a[nl] == '=') {
			return a + nl + 1;
		}
	}
	return NULL;
}

static void set_path(char *dst, size_t len, const char *v)
{
	/* only absolute paths: a relative one would be read relative to nstop */
	if (v && v[0] == '/' && strlen(v) < len) {
		snprintf(dst, len, "%s", v);
	}
}

/* conmon's exit command, "--exit-command P --exit-command-arg A --exit-command-arg B ...", as its own argv. */
static size_t exit_command(const char *argv, size_t len, char *out, size_t out_len)
{
	size_t n = 0;
	const char *a, *cmd = opt_value(argv, len, "--exit-command");

	if (!cmd || strlen(cmd) + 1 > out_len) {
		return 0;
	}
	memcpy(out, cmd, strlen(cmd) + 1);
	n = strlen(cmd) + 1;
	for (size_t i = 0; (a = arg_at(argv, len, i)); i++) {
		const char *v = strcmp(a, "--exit-command-arg") == 0 ? arg_at(argv, len, i + 1) : NULL;
		if (v && n + strlen(v) + 1 <= out_len) {
			memcpy(out + n, v, strlen(v) + 1);
			n += strlen(v) + 1;
			i++;
		}
	}
	return n;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

void be_engines_site_from_cmdline(struct be_engine_site *s, const char *comm, const char *argv, size_t len)
{
	if (strcmp(comm, "dockerd") == 0) {
		s->kind = BE_ENGINE_DOCKER;
		snprintf(s->engine, sizeof(s->engine), "docker");
		const char *v = opt_value(argv, len, "--data-root");
		v = v ? v : opt_value(argv, len, "-g");
		v = v ? v : opt_value(argv, len, "--graph");
		set_path(s->data, sizeof(s->data), v);
		/* --config-file is kept in netconf until the config is read (be_engines_find) */
		set_path(s->netconf, sizeof(s->netconf), opt_value(argv, len, "--config-file"));
		return;
	}
	if (strcmp(comm, "conmon") == 0 || strcmp(comm, "podman") == 0) {
		char buf[8192];
		const char *av = argv;
		size_t n = len;
		s->kind = BE_ENGINE_PODMAN;
		snprintf(s->engine, sizeof(s->engine), "podman");
		if (strcmp(comm, "conmon") == 0) {
			n = exit_command(argv, len, buf, sizeof(buf));
			av = buf;
			if (!n || strcmp(base_name(av), "podman") != 0) {
				s->engine[0] = '\0'; /* cri-o's conmon: crio is the site */
				return;
			}
		}
		set_path(s->data, sizeof(s->data), opt_value(av, n, "--root"));
		set_path(s->netconf, sizeof(s->netconf), opt_value(av, n, "--network-config-dir"));
		const char *backend = opt_value(av, n, "--network-backend");
		if (!backend || strcmp(backend, "cni") == 0) {
			snprintf(s->cni, sizeof(s->cni), "/var/lib/cni");
		}
		return;
	}
	s->kind = BE_ENGINE_CRI;
	snprintf(s->engine, sizeof(s->engine), "%s",
		 strcmp(comm, "containerd") == 0 ? "containerd" : strcmp(comm, "crio") == 0 ? "cri-o" : "cri");
	snprintf(s->cni, sizeof(s->cni), "/var/lib/cni");
	s->logs = true;
}

/* `key = "value"` in a TOML file (storage.conf, containers.conf): enough for the one key asked. */
static bool toml_value(const char *text, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);

	for (const char *line = text; line && *line;) {
		const char *p = line + strspn(line, " \t");
		const char *eol = strchr(p, '\n');
		if (strncmp(p, key, kl) == 0) {
			const char *q = p + kl + strspn(p + kl, " \t");
			if (*q == '=') {
				q += 1 + strspn(q + 1, " \t");
				const char *end = *q == '"' ? strchr(q + 1, '"') : NULL;
				if (end && (!eol || end < eol) && (size_t)(end - q - 1) < len) {
					snprintf(out, len, "%.*s", (int)(end - q - 1), q + 1);
					return true;
				}
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

/* Fill what the command line left open from the engine's config file, then the defaults. */
static void complete_site(struct be_engine_site *s)
{
	char path[PATH_MAX], val[512];
	size_t len;

	if (s->kind == BE_ENGINE_DOCKER) {
		snprintf(path, sizeof(path), "%s%s", s->root, s->netconf[0] ? s->netconf : "/etc/docker/daemon.json");
		s->netconf[0] = '\0';
		char *text = s->data[0] ? NULL : read_some(path, CONF_MAX, &len);
		struct nst_json *j = text ? nst_json_parse(text, len, NULL) : NULL;
		const char *v = nst_json_get_str(j, "data-root");
		set_path(s->data, sizeof(s->data), v ? v : nst_json_get_str(j, "graph"));
		nst_json_free(j);
		free(text);
		set_path(s->data, sizeof(s->data), s->data[0] ? NULL : "/var/lib/docker");
	} else if (s->kind == BE_ENGINE_PODMAN) {
		if (!s->data[0]) {
			snprintf(path, sizeof(path), "%s/etc/containers/storage.conf", s->root);
			char *text = read_some(path, CONF_MAX, &len);
			if (text && toml_value(text, "graphroot", val, sizeof(val))) {
				set_path(s->data, sizeof(s->data), val);
			}
			free(text);
			set_path(s->data, sizeof(s->data), s->data[0] ? NULL : "/var/lib/containers/storage");
		}
		if (!s->netconf[0]) {
			snprintf(path, sizeof(path), "%s/etc/containers/containers.conf", s->root);
			char *text = read_some(path, CONF_MAX, &len);
			if (text && toml_value(text, "network_config_dir", val, sizeof(val))) {
				set_path(s->netconf, sizeof(s->netconf), val);
			}
			free(text);
			set_path(s->netconf, sizeof(s->netconf), s->netconf[0] ? NULL : "/etc/containers/networks");
		}
	}
}

static bool same_site(const struct be_engine_site *a, const struct be_engine_site *b)
{
	return a->kind == b->kind && strcmp(a->data, b->data) == 0 && strcmp(a->netconf, b->netconf) == 0 &&
	       strcmp(a->cni, b->cni) == 0;
}

static bool mnt_ns(int pid, uint64_t *ino)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	if (stat(path, &st) < 0) {
		return false;
	}
	*ino = st.st_ino;
	return true;
}

static bool wanted_comm(const char *c)
{
	static const char *names[] = { "dockerd", "conmon", "podman", "containerd", "crio", "kubelet" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(c, names[i]) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Only root's daemons in nstop's own user namespace are believed: anyone can
 * run a process named dockerd (in a user namespace, chrooted into files of
 * their making) whose "containers" would name other people's namespaces.
 */
static bool trusted(int pid, uint64_t self_userns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d", pid);
	if (stat(path, &st) < 0 || st.st_uid != 0) {
		return false;
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	return stat(path, &st) == 0 && st.st_ino == self_userns;
}

static int cmp_site(const void *a, const void *b)
{
	const struct be_engine_site *x = a, *y = b;

	return x->kind != y->kind ? (int)x->kind - (int)y->kind : x->pid - y->pid;
}

void be_engines_find(struct be_engine_sites *out)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	uint64_t *mnts = NULL;
	size_t n_mnts = 0, cap_mnts = 0;

	struct stat self;
	out->n = 0;
	if (!d) {
		return;
	}
	uint64_t self_userns = stat("/proc/self/ns/user", &self) == 0 ? self.st_ino : 0;
	while ((de = readdir(d))) {
		long long pid;
		char path[64], comm[32];
		size_t len;
		if (!nst_parse_long(de->d_name, 1, INT_MAX, &pid)) {
			continue;
		}
		snprintf(path, sizeof(path), "/proc/%lld/comm", pid);
		char *c = read_some(path, 31, &len);
		if (!c) {
			continue;
		}
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(c, "\n"), c);
		free(c);
		if (!wanted_comm(comm) || !trusted((int)pid, self_userns)) {
			continue;
		}
		snprintf(path, sizeof(path), "/proc/%lld/cmdline", pid);
		char *argv = read_some(path, CMDLINE_MAX, &len);
		if (!argv) {
			continue;
		}
		struct be_engine_site s = { .pid = (int)pid };
		be_engines_site_from_cmdline(&s, comm, argv, len);
		free(argv);
		if (!s.engine[0]) {
			continue;
		}
		snprintf(s.root, sizeof(s.root), "/proc/%d/root", s.pid);
		complete_site(&s);
		snprintf(path, sizeof(path), "/proc/%d/ns/net", s.pid);
		struct stat st;
		if (stat(path, &st) == 0) {
			s.has_ns = true;
			s.ns_dev = st.st_dev;
			s.ns_ino = st.st_ino;
		}
		uint64_t mnt = 0;
		mnt_ns(s.pid, &mnt);
		/* one site per engine, location and mount namespace (a conmon per container is one podman) */
		bool dup = false;
		for (size_t i = 0; i < out->n && !dup; i++) {
			if (same_site(&out->v[i], &s) && mnts[i] == mnt) {
				dup = true;
				/* a CRI runtime names the engine better than kubelet does */
				if (strcmp(out->v[i].engine, "cri") == 0) {
					snprintf(out->v[i].engine, sizeof(out->v[i].engine), "%s", s.engine);
				}
			}
		}
		if (dup) {
			continue;
		}
		*(uint64_t *)xgrow(&mnts, &n_mnts, &cap_mnts, sizeof(*mnts)) = mnt;
		*(struct be_engine_site *)xgrow(&out->v, &out->n, &out->cap, sizeof(*out->v)) = s;
	}
	closedir(d);
	free(mnts);
	if (out->n > 1) {
		qsort(out->v, out->n, sizeof(*out->v), cmp_site);
	}
}

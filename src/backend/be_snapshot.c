/* SPDX-License-Identifier: MIT */
/*
 * A complete snapshot: discover, read each namespace from a socket made
 * inside it, map veth nsids, then let the model pair peers and diagnose.
 */
#include <errno.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "be_internal.h"
#include "xalloc.h"

/* Each namespace costs an nsfs fd and a netlink socket while reading. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

uint64_t be_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void be_ns_read(struct be_ns_list *list, struct be_ns *b, struct nst_ns *ns, uint64_t now_ms)
{
	struct be_error err = { 0 };
	int rc = 0;

	/* Inside the namespace: the socket is made there, and the ethtool fallback needs it. */
	if (!b->self) {
		rc = be_enter_ns(b->fd, &err);
	}
	if (rc == 0) {
		if (!b->sk) {
			rc = be_rtnl_open(b, &err);
		}
		if (rc == 0) {
			rc = be_rtnl_read(b, ns, now_ms, &err);
		}
		if (rc == 0) {
			be_read_sysctls(ns);
			if (!b->nft) {
				be_nft_open(b);
			}
			int nrc = be_nft_read(b, ns);
			if (nrc < 0) {
				nst_strv_addf(&ns->warnings, "nf_tables rules not read: %s", strerror(-nrc));
			}
		}
		if (!b->self) {
			be_leave_ns(list->self_fd);
		}
	}
	if (rc < 0) {
		nst_strv_addf(&ns->warnings, "not read: %s", err.msg);
	}
}

int be_snapshot(struct nst_model **out, struct be_error *err)
{
	struct be_ns_list list = { .self_fd = -1 };
	struct nst_model *m = nst_model_create();
	int rc;

	raise_fd_limit();
	rc = be_discover(&list, &m->warnings, err);
	if (rc < 0) {
		be_ns_list_clear(&list);
		nst_model_destroy(m);
		return rc;
	}
	for (size_t i = 0; i < list.n; i++) {
		struct be_ns *b = &list.v[i];
		struct nst_ns *ns = nst_model_add_ns(m, b->name, b->kind, b->id);

		ns->self = b->self;
		nst_ns_set_label(ns, b->label);
		for (size_t k = 0; k < b->n_pids; k++) {
			nst_ns_add_pid(ns, b->pids[k]);
		}
	}
	/* Separate loop: the model's ns array is stable only once every namespace is added. */
	uint64_t now = be_now_ms();
	for (size_t i = 0; i < list.n; i++) {
		be_ns_read(&list, &list.v[i], nst_model_find_ns_id(m, list.v[i].id), now);
	}
	be_nsid_resolve(&list, m);
	be_ns_list_clear(&list);

	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	nst_model_resolve_nat(m);
	*out = m;
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * A complete snapshot: discover, read each namespace from a socket made
 * inside it, map veth nsids, then let the model pair peers and diagnose.
 */
#include <errno.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "be_engines.h"
#include "be_internal.h"
#include "be_kinds.h"
#include "be_nlmsg.h"
#include "xalloc.h"

uint64_t be_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int be_ns_read(struct be_ns_list *list, struct be_ns *b, struct nst_ns *ns, uint64_t now_ms, bool *nft_ok)
{
	struct be_error err = { 0 };
	int rc = 0;

	if (nft_ok) {
		*nft_ok = false;
	}
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
			be_wg_read(b, ns); /* wireguard's fields come from generic netlink, asked in here */
		}
		if (rc == 0) {
			be_read_sysctls(ns);
			be_read_link_sysctls(ns);
			int orc = b->nft ? 0 : be_nft_open(b);
			/* No nfnetlink in this kernel: no rules, not a failed read. */
			int nrc = orc == -EPROTONOSUPPORT ? 0 : be_nft_read(b, ns);
			if (nrc < 0) {
				nst_strv_addf(&ns->warnings, "nf_tables rules not read: %s",
					      nrc == -EINTR ? "interrupted by changes on every try" : strerror(-nrc));
			}
			if (nft_ok) {
				*nft_ok = nrc == 0;
			}
		}
		if (!b->self) {
			be_leave_ns(list->self_fd);
		}
	}
	if (rc < 0) {
		nst_strv_addf(&ns->warnings, "not read: %s", err.msg);
	}
	nst_ns_trim(ns);
	return rc;
}

static bool has_warning(const struct nst_ns *ns, const char *w)
{
	for (size_t i = 0; i < ns->warnings.n; i++) {
		if (strcmp(ns->warnings.v[i], w) == 0) {
			return true;
		}
	}
	return false;
}

/* Carry b's identity facts and counters into the model's namespace. */
static void sync_marks(const struct be_ns *b, struct nst_ns *ns)
{
	ns->owner_uid = b->owner_uid;
	ns->userns = b->userns;
	ns->dropped_messages = b->dropped;
}

int be_ns_reread(struct be_ns_list *list, struct be_ns *b, struct nst_ns *cur, uint64_t now_ms, nst_change_fn fn,
		 void *ctx)
{
	struct nst_model *tmp = nst_model_create();
	struct nst_ns *fresh = nst_model_add_ns(tmp, cur->name, cur->kind, cur->id);
	bool nft_ok = false;
	int rc = be_ns_read(list, b, fresh, now_ms, &nft_ok);

	if (rc < 0) {
		/* A failed or interrupted read is never adopted: cur stays as last read whole. */
		for (size_t i = 0; i < fresh->warnings.n; i++) {
			char *w = b->read_once ? xasprintf("stale: %s", fresh->warnings.v[i]) : xasprintf("%s", fresh->warnings.v[i]);
			if (!has_warning(cur, w)) {
				nst_strv_add(&cur->warnings, w);
			}
			free(w);
		}
		cur->stale = true;
	} else {
		if (!nft_ok) {
			/* Links and routes are whole, the rules are not: keep the rules last read whole. */
			free(fresh->nat);
			fresh->nat = cur->n_nat ? xmalloc(cur->n_nat * sizeof(*cur->nat)) : NULL;
			if (cur->n_nat) {
				memcpy(fresh->nat, cur->nat, cur->n_nat * sizeof(*cur->nat));
			}
			fresh->n_nat = fresh->cap_nat = cur->n_nat;
			nst_fw_copy(&fresh->fw, &cur->fw);
		}
		nst_model_sort(tmp);
		if (fn) {
			nst_diff_ns(cur, fresh, fn, ctx);
		}
		nst_ns_take_contents(cur, fresh);
		cur->stale = !nft_ok;
		b->read_once = true;
	}
	sync_marks(b, cur);
	nst_model_destroy(tmp);
	return rc;
}

/* What a namespace holds open while read (its nsfs fd, a route and an nf_tables socket), and what
 * else a snapshot needs (its own namespace, /proc, the engines' files). */
#define SNAPSHOT_FDS_PER_NS 3
#define SNAPSHOT_FDS_SPARE 64

int be_snapshot(struct nst_model **out, struct be_error *err)
{
	struct be_ns_list list = { .self_fd = -1 };
	struct nst_model *m = nst_model_create();
	int rc;

	struct be_fd_limit fdl = { 0 };
	be_rlimit_raise(0, &fdl); /* each namespace costs an nsfs fd and two netlink sockets while reading */
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
		be_ns_copy_cgroups(ns, b);
		for (size_t k = 0; k < b->n_pids; k++) {
			nst_ns_add_pid(ns, b->pids[k]);
		}
	}
	/* Separate loop: the model's ns array is stable only once every namespace is added. */
	uint64_t now = be_now_ms();
	/* Past what the fd limit holds (10 000 namespaces under a hard limit of 20 000), a namespace
	 * read gives its sockets back: only the nsid walk needs one again, and be_nsid makes it
	 * there for what the far ends did not already answer (a veth pair is resolved from one side). */
	bool keep_sockets = fdl.soft == 0 || list.n * SNAPSHOT_FDS_PER_NS + SNAPSHOT_FDS_SPARE <= fdl.soft;
	for (size_t i = 0; i < list.n; i++) {
		struct be_ns *b = &list.v[i];
		be_ns_reread(&list, b, nst_model_find_ns_id(m, b->id), now, NULL, NULL);
		if (!keep_sockets && !b->self) {
			nl_socket_free(b->sk);
			b->sk = NULL;
			be_nft_close(b->nft);
			b->nft = NULL;
		}
	}
	be_nsid_resolve(&list, m);
	be_ns_list_clear(&list);
	m->dropped_messages = be_nl_dropped_total();

	struct be_engine_sites sites = { 0 };
	be_engines_find(&sites);
	be_engines_read(&sites, &m->engines, NULL);
	free(sites.v);

	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_attach_containers(m, &m->engines);
	nst_model_diagnose(m);
	nst_model_resolve_nat(m);
	*out = m;
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Single kernel edits on one namespace's netlink socket (be_edit.c). Each
 * returns 0 or a negative libnl error; be_edit_fail turns that, with the
 * kernel's extended ack message, into a be_error.
 */
#pragma once
#include <stdbool.h>

#include "be_internal.h"

struct be_edit {
	struct nl_sock *sk;
	void *ack; /* where the error callback leaves the extended ack text */
};

void be_edit_begin(struct be_edit *ed, struct nl_sock *sk);
void be_edit_end(struct be_edit *ed);
int be_edit_fail(struct be_edit *ed, int nlerr, struct be_error *err, const char *what);

int be_edit_ifindex(struct be_edit *ed, const char *name, int *ifindex);
int be_edit_set_up(struct be_edit *ed, const char *name, bool up);
int be_edit_addr(struct be_edit *ed, const char *dev, const char *cidr, bool add);
int be_edit_link_delete(struct be_edit *ed, const char *name);
/* peer_ns_fd < 0: the peer stays in the socket's namespace. */
int be_edit_veth(struct be_edit *ed, const char *name, const char *peer, int peer_ns_fd);
int be_edit_bridge(struct be_edit *ed, const char *name);
int be_edit_move(struct be_edit *ed, const char *name, int target_fd);
/* master NULL: release from its master. */
int be_edit_master(struct be_edit *ed, const char *name, const char *master);
int be_edit_route(struct be_edit *ed, const char *dst, const char *gateway, const char *dev, bool add);

/* be_netns_edit.c: named namespaces the way iproute2 makes them. */
int be_netns_create(const char *name, struct be_error *err);
int be_netns_delete(const char *name, struct be_error *err);
/* Bring lo up inside the named namespace (a socket made there for the purpose). */
int be_netns_lo_up(const char *name, int self_fd, struct be_error *err);

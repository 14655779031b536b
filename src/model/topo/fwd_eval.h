/* SPDX-License-Identifier: MIT */
/*
 * The IPv4 forward hook's verdict for one new connection, by interface
 * names alone, with a three-valued match: what nstop cannot decide counts
 * as "may match", and only a drop every way through is reported. With
 * bridge-nf-call-iptables = 1, traffic between two ports of bridge B passes
 * this hook as iifname B, oifname B: Docker's FORWARD policy DROP then
 * silently cuts a lab bridge beside docker0.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct nst_fwd_drop {
	bool dropped;          /* surely dropped: every way through the hook ends in a drop */
	const struct nst_fw_chain *chain; /* the base chain that drops it (into the ruleset evaluated) */
	bool by_policy;        /* its policy; else a rule in it, or a chain it jumps to */
	uint64_t rule_handle;  /* !by_policy: the rule of chain that drops (itself or by its jump) */
};

/*
 * Evaluate rs's forward hook (ip and inet base chains by priority, jumps,
 * gotos and returns followed) for a new IPv4 connection from interface iif
 * to interface oif.
 */
void nst_fwd_eval(const struct nst_fw_ruleset *rs, const char *iif, const char *oif, struct nst_fwd_drop *out);

/*
 * Whether traffic between the ports of bridge link l of ns is dropped by the
 * forward hook: br_nf_iptables is 1, l is a bridge with two ports or more, and
 * nst_fwd_eval(l, l) drops. *out (may be NULL) says where.
 */
bool nst_bridge_fwd_dropped(const struct nst_ns *ns, const struct nst_link *l, struct nst_fwd_drop *out);

/*
 * The warning for a dropped bridge: where it is dropped and the fix, the
 * ACCEPT rule (in DOCKER-USER when that chain exists, Docker's place for
 * it) or turning the sysctl off. Names are quoted for the shell.
 */
void nst_bridge_fwd_warning(const struct nst_ns *ns, const struct nst_link *l, const struct nst_fwd_drop *d,
			    struct nst_strv *out);

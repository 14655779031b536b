/* SPDX-License-Identifier: MIT */
/*
 * Where a DNAT goes: the namespace and link that own its to_addr, so the UI
 * can say `→ ns2:vethD 192.168.10.3:9999` and draw the forward. Also the NAT
 * diagnostics: a DNAT nobody owns, NAT without ip_forward, legacy rules.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cut.h"
#include "model.h"

static bool owns(const struct nst_link *l, int family, const uint8_t *bytes)
{
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (l->addrs[i].family == family && memcmp(l->addrs[i].bytes, bytes, family == AF_INET ? 4 : 16) == 0) {
			return true;
		}
	}
	return false;
}

static void resolve(const struct nst_model *m, struct nst_nat_rule *r)
{
	uint8_t bytes[16];
	int family = strchr(r->to_addr, ':') ? AF_INET6 : AF_INET;

	r->target_found = false;
	if (r->type != NST_NAT_DNAT || !r->to_addr[0] || inet_pton(family, r->to_addr, bytes) != 1) {
		return; /* no address, or a range: no single owner */
	}
	for (size_t i = 0; i < m->n_ns && !r->target_found; i++) {
		const struct nst_ns *ns = &m->ns[i];
		for (size_t k = 0; k < ns->n_links && !r->target_found; k++) {
			if (owns(&ns->links[k], family, bytes)) {
				r->target_found = true;
				r->target_id.dev = ns->id.dev;
				r->target_id.ino = ns->id.ino;
				nst_fmt_cut(r->target_ns, sizeof(r->target_ns), "%s", ns->name);
				snprintf(r->target_link, sizeof(r->target_link), "%s", ns->links[k].name);
			}
		}
	}
}

void nst_model_resolve_nat(struct nst_model *m)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		struct nst_ns *ns = &m->ns[i];

		nst_strv_clear(&ns->diag);
		for (size_t k = 0; k < ns->n_nat; k++) {
			struct nst_nat_rule *r = &ns->nat[k];

			resolve(m, r);
			if (r->type == NST_NAT_DNAT && r->to_addr[0] && !r->target_found && !strchr(r->to_addr, '-')) {
				nst_strv_addf(&ns->diag, "nat: dnat to %s (%s %s %s): no visible namespace owns %s", r->to_addr,
					      r->family, r->table, r->chain, r->to_addr);
			}
		}
		if (ns->n_nat && ns->ip_forward == 0) {
			nst_strv_addf(&ns->diag, "nat: %zu NAT rule%s here but net.ipv4.ip_forward is 0: "
				      "forwarded packets are dropped (sysctl -w net.ipv4.ip_forward=1)",
				      ns->n_nat, ns->n_nat == 1 ? "" : "s");
		}
		if (ns->iptables_legacy) {
			nst_strv_add(&ns->diag, "iptables-legacy tables exist here: their rules are invisible to "
				     "nf_tables and not shown (see iptables-legacy-save)");
		}
	}
}

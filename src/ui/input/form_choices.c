/* SPDX-License-Identifier: MIT */
/*
 * What the NAT forms offer with Left/Right, from the model: the protocols,
 * the namespace's own links for interfaces and its subnets for sources, and
 * for a forward's target the IPv4 addresses of every other namespace, so the
 * user picks "ns2:vethD 192.168.10.3" instead of typing it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "form.h"

static bool usable(const struct nst_addr *a)
{
	return a->family == AF_INET && a->bytes[0] != 127;
}

/* "192.168.10.0/24" for 192.168.10.1/24 */
static void subnet_of(const struct nst_addr *a, char *buf, size_t len)
{
	struct nst_addr net = *a;
	char s[NST_ADDR_STRLEN];

	for (int bit = a->prefixlen; bit < 32; bit++) {
		net.bytes[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
	}
	snprintf(buf, len, "%s", nst_addr_format(&net, true, s, sizeof(s)));
}

static void offer_links(struct ui_form *f, enum nst_field field, const struct nst_ns *ns, bool any)
{
	if (any) {
		ui_form_add_choice(f, field, "", "(any interface)");
	}
	for (size_t k = 0; ns && k < ns->n_links; k++) {
		if (!nst_link_is(&ns->links[k], NST_KIND_LOOPBACK)) {
			ui_form_add_choice(f, field, ns->links[k].name, ns->links[k].name);
		}
	}
}

static void offer_subnets(struct ui_form *f, const struct nst_ns *ns)
{
	char net[NST_ADDR_STRLEN], label[160];

	for (size_t k = 0; ns && k < ns->n_links; k++) {
		const struct nst_link *l = &ns->links[k];

		for (size_t i = 0; i < l->n_addrs; i++) {
			if (usable(&l->addrs[i])) {
				subnet_of(&l->addrs[i], net, sizeof(net));
				snprintf(label, sizeof(label), "%s  (on %s)", net, l->name);
				ui_form_add_choice(f, NST_F_SRC, net, label);
			}
		}
	}
}

static void offer_targets(struct ui_form *f, const struct nst_model *m, const struct nst_ns *here)
{
	char addr[NST_ADDR_STRLEN], label[400];

	for (size_t n = 0; n < m->n_ns; n++) {
		const struct nst_ns *ns = &m->ns[n];

		for (size_t k = 0; ns != here && k < ns->n_links; k++) {
			const struct nst_link *l = &ns->links[k];

			for (size_t i = 0; i < l->n_addrs; i++) {
				if (usable(&l->addrs[i])) {
					nst_addr_format(&l->addrs[i], false, addr, sizeof(addr));
					snprintf(label, sizeof(label), "%s:%s  %s", nst_ns_display(ns), l->name, addr);
					ui_form_add_choice(f, NST_F_TO_ADDR, addr, label);
				}
			}
		}
	}
}

void ui_form_offer_nat_choices(struct ui_form *f, const struct nst_model *m)
{
	const struct nst_ns *ns = nst_model_find_ns(m, f->op.f[NST_F_NS]);

	ui_form_add_choice(f, NST_F_PROTO, "tcp", "tcp");
	ui_form_add_choice(f, NST_F_PROTO, "udp", "udp");
	offer_links(f, NST_F_IIF, ns, true);
	offer_links(f, NST_F_OIF, ns, false);
	offer_subnets(f, ns);
	offer_targets(f, m, ns);
}

/* SPDX-License-Identifier: MIT */
/*
 * The details pane's forwarding switches (a namespace's conf/all, a link's
 * conf/<link>) and a namespace's nexthop objects, as `ip nexthop` writes them.
 */
#include <stdio.h>

#include "details.h"
#include "route_text.h"

/* "1", "0", or "-" when it was not read. */
static const char *v(int x, char *buf, size_t len)
{
	if (x < 0) {
		return "-";
	}
	snprintf(buf, len, "%d", x);
	return buf;
}

static const char *rpf_word(int x)
{
	return x == 1 ? " (strict)" : x == 2 ? " (loose)" : "";
}

/* One conf/ directory: "forwarding v4 1 v6 0   rp_filter 2 (loose)   proxy_arp 0   proxy_ndp 0   accept_local 0". */
static void conf_line(struct ui_lines *L, const char *what, const struct nst_netconf *c)
{
	char a[12], b[12], r[12], p[12], n[12], l[12];

	if (c->forwarding4 < 0 && c->forwarding6 < 0 && c->rp_filter < 0 && c->proxy_arp < 0 && c->proxy_ndp < 0 &&
	    c->accept_local < 0) {
		return; /* nothing read (a model from files, a namespace not read yet): no line of dashes */
	}
	ui_line(L, UI_ROLE_NORMAL, "%sforwarding v4 %s v6 %s   rp_filter %s%s   proxy_arp %s   proxy_ndp %s   accept_local %s",
		what, v(c->forwarding4, a, sizeof(a)), v(c->forwarding6, b, sizeof(b)), v(c->rp_filter, r, sizeof(r)),
		rpf_word(c->rp_filter), v(c->proxy_arp, p, sizeof(p)), v(c->proxy_ndp, n, sizeof(n)),
		v(c->accept_local, l, sizeof(l)));
}

void ui_details_ns_routing(struct ui_lines *L, const struct nst_ns *ns)
{
	char line[512];

	/* conf/all: the kernel takes the larger of all's and a link's rp_filter */
	conf_line(L, "conf/all  ", &ns->conf_all);
	if (ns->n_nhobjs) {
		ui_line(L, UI_ROLE_DIM, "nexthops: %zu", ns->n_nhobjs);
		for (size_t i = 0; i < ns->n_nhobjs; i++) {
			const struct nst_nhobj *o = &ns->nhobjs[i];
			ui_line(L, o->warning[0] ? UI_ROLE_WARN : UI_ROLE_NORMAL, "  %s", nst_nhobj_text(ns, o, line, sizeof(line)));
		}
	}
}

void ui_details_link_sysctl(struct ui_lines *L, const struct nst_link *l)
{
	struct nst_netconf c = { l->forwarding4, l->forwarding6, l->rp_filter, l->proxy_arp, l->proxy_ndp, l->accept_local,
				 l->arp_ignore };

	conf_line(L, "", &c);
}

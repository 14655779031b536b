/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: links (bridges, veth pairs once, lo's mtu), bridge ports,
 * addresses and up states, as the plan (render_script.c) decided.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "script_internal.h"
#include "xalloc.h"

static void mtu_arg(const struct nst_link *l, uint32_t dflt, FILE *out)
{
	if (l->mtu && l->mtu != dflt) {
		fprintf(out, " mtu %u", l->mtu);
	}
}

static void veth_add(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = nst_script_flat_link(s, s->partner[flat(s, ns, l)], &pns);
	FILE *out = s->out;

	nst_script_ip(ns, false, out);
	fputs("link add name ", out);
	nst_script_word(l->name, out);
	mtu_arg(l, 1500, out);
	fputs(" type veth peer name ", out);
	nst_script_word(peer->name, out);
	mtu_arg(peer, 1500, out);
	if (pns != ns) {
		nst_script_netns_arg(pns, out);
	}
	fputc('\n', out);
}

static void skip_link(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = nst_link_peer(s->m, l, &pns);
	FILE *out = s->out;
	char buf[160];
	const char *why = nst_script_kind_skip_why(s, l, buf, sizeof(buf));

	nst_script_skip(ns, l->name, out);
	if (why) {
		nst_script_comment(nst_link_kind_label(l->kind, &l->info), out);
		fputs(": ", out);
		nst_script_comment(why, out);
		fputc('\n', out);
	} else if (is_kind(l, NST_KIND_DEVICE)) {
		fputs("a device without a kind (physical or a driver's); left alone\n", out);
	} else if (!is_kind(l, NST_KIND_VETH)) {
		fputs("kind ", out);
		nst_script_comment(l->kind, out);
		fputs(" is not recreated (nstop recreates veth, bridge, macvlan, macvtap, ipvlan, vlan, vxlan, "
		      "persistent tun/tap, ifb, dummy and lo)\n", out);
	} else if (peer && !recreatable(pns)) {
		fputs("veth whose peer ", out);
		nst_script_comment_ns(pns, out);
		fputc(':', out);
		nst_script_comment(peer->name, out);
		fprintf(out, " is in a %s namespace, which cannot be recreated\n", nst_ns_kind_str(pns->kind));
	} else if (l->peer.elsewhere && l->peer.nsid >= 0) {
		fprintf(out, "veth whose peer (ifindex %d) is in nsid %d, a namespace nstop cannot see\n",
			l->peer.ifindex, l->peer.nsid);
	} else {
		fputs("veth whose peer nstop could not find\n", out);
	}
}

void nst_script_links(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;

	fputs("\n# links: bridges, then veth pairs (each pair once), then the other kinds (lower devices first)\n",
	      out);
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < m->n_ns; i++) {
			const struct nst_ns *ns = &m->ns[i];

			for (size_t j = 0; j < ns->n_links; j++) {
				const struct nst_link *l = &ns->links[j];
				size_t a = s->base[i] + j;

				if (pass == 0 && s->plan[a] == PLAN_CREATE && is_kind(l, NST_KIND_BRIDGE)) {
					nst_script_ip(ns, false, out);
					fputs("link add name ", out);
					nst_script_word(l->name, out);
					mtu_arg(l, 1500, out);
					fputs(" type bridge", out);
					nst_script_bridge_args(l, out);
					fputc('\n', out);
				} else if (pass == 1 && s->first[a]) {
					veth_add(s, ns, l);
				} else if (pass == 2 && s->plan[a] == PLAN_EXISTS && l->mtu != 65536 && l->mtu) {
					nst_script_ip(ns, false, out);
					fputs("link set dev ", out);
					nst_script_word(l->name, out);
					fprintf(out, " mtu %u\n", l->mtu);
				} else if (pass == 2 && s->plan[a] == PLAN_SKIP && recreatable(ns)) {
					skip_link(s, ns, l);
				}
			}
		}
	}
	nst_script_kinds(s);
}

void nst_script_masters(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;

	fputs("\n# bridge ports\n", out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			const struct nst_link *l = &ns->links[j];
			const struct nst_link *master = nst_ns_find_link(ns, l->master.ifindex);

			if (!l->master.ifindex || !configured(s->plan[s->base[i] + j])) {
				continue;
			}
			if (master && s->plan[flat(s, ns, master)] == PLAN_CREATE && is_kind(master, NST_KIND_BRIDGE)) {
				nst_script_ip(ns, false, out);
				fputs("link set dev ", out);
				nst_script_word(l->name, out);
				fputs(" master ", out);
				nst_script_word(master->name, out);
				fputc('\n', out);
			} else {
				nst_script_skip(ns, l->name, out);
				if (master) {
					fputs("master ", out);
					nst_script_comment(master->name, out);
					fputs(" is not created by this script\n", out);
				} else {
					fprintf(out, "master ifindex %d is not in the model\n", l->master.ifindex);
				}
			}
		}
	}
}

/* 127.0.0.1/8 and ::1/128, which the kernel puts on lo when it comes up. */
static bool addr_is_lo_own(const struct nst_link *l, const struct nst_addr *a)
{
	static const uint8_t v4[4] = { 127, 0, 0, 1 };
	static const uint8_t v6[16] = { [15] = 1 };

	if (!is_kind(l, NST_KIND_LOOPBACK) || !l->up) {
		return false;
	}
	if (a->family == AF_INET) {
		return a->prefixlen == 8 && memcmp(a->bytes, v4, 4) == 0;
	}
	return a->prefixlen == 128 && memcmp(a->bytes, v6, 16) == 0;
}

/*
 * An IPv6 address some route names as its src: the kernel refuses that src
 * while the address is tentative, and the routes come a moment later, so it
 * skips duplicate address detection.
 */
static bool prefsrc_v6(const struct nst_ns *ns, const struct nst_addr *a)
{
	for (size_t i = 0; a->family == AF_INET6 && i < ns->n_routes; i++) {
		const struct nst_route *r = &ns->routes[i];

		if (r->has_prefsrc && r->prefsrc.family == AF_INET6 && memcmp(r->prefsrc.bytes, a->bytes, 16) == 0) {
			return true;
		}
	}
	return false;
}

void nst_script_addresses(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;
	char buf[NST_ADDR_STRLEN];

	fputs("\n# addresses (IPv6 link-local ones are the kernel's)\n", out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			const struct nst_link *l = &ns->links[j];
			enum plan p = recreatable(ns) ? s->plan[s->base[i] + j] : PLAN_NONE;

			for (size_t k = 0; k < l->n_addrs && p != PLAN_NONE && p != PLAN_PEER; k++) {
				const struct nst_addr *a = &l->addrs[k];

				if (addr_is_link_local(a) || addr_is_lo_own(l, a)) {
					continue;
				}
				nst_addr_format(a, true, buf, sizeof(buf));
				if (p == PLAN_SKIP) {
					nst_script_skip(ns, l->name, out);
					fprintf(out, "address %s (the link is not created by this script)\n", buf);
					continue;
				}
				nst_script_ip(ns, false, out);
				fprintf(out, "addr add %s dev ", buf);
				nst_script_word(l->name, out);
				fputs(prefsrc_v6(ns, a) ? " nodad\n" : "\n", out);
			}
		}
	}
}

static void up_line(const struct nst_ns *ns, const struct nst_link *l, FILE *out)
{
	nst_script_ip(ns, false, out);
	fputs("link set dev ", out);
	nst_script_word(l->name, out);
	fputs(" up\n", out);
}

/* The kinds of script_kinds.c last, lower devices first: a vxlan opens its socket on its dev. */
void nst_script_up_states(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;

	fputs("\n# up states\n", out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			const struct nst_link *l = &ns->links[j];

			if (l->up && configured(s->plan[s->base[i] + j]) &&
			    !(s->plan[s->base[i] + j] == PLAN_CREATE && nst_script_kind_made(l))) {
				up_line(ns, l, out);
			}
		}
	}
	for (size_t k = 0; k < s->n_order; k++) {
		const struct nst_ns *ns = NULL;
		const struct nst_link *l = nst_script_flat_link(s, s->order[k], &ns);

		if (l->up) {
			up_line(ns, l, out);
		}
	}
}

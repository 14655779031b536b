/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: the link kinds made by `ip link add ... type KIND` from
 * the fields nstop decodes (macvlan, macvtap, ipvlan, vlan, vxlan, ifb, dummy)
 * and persistent tun/tap by `ip tuntap add`, each after its lower device.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script_internal.h"
#include "xalloc.h"

static enum nst_kind kind_id(const struct nst_link *l)
{
	return nst_link_kind_find(l->kind)->id;
}

bool nst_script_kind_made(const struct nst_link *l)
{
	switch (kind_id(l)) {
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
	case NST_KIND_IPVLAN:
	case NST_KIND_VLAN:
	case NST_KIND_VXLAN:
	case NST_KIND_TUN:
	case NST_KIND_IFB:
	case NST_KIND_DUMMY:
		return true;
	default:
		return false; /* veth, bridge, lo: script_links.c; every other kind: a comment */
	}
}

/* Kinds that cannot exist without a lower device (a vxlan's dev is optional). */
static bool lower_required(const struct nst_link *l)
{
	enum nst_kind k = kind_id(l);

	return k == NST_KIND_MACVLAN || k == NST_KIND_MACVTAP || k == NST_KIND_IPVLAN || k == NST_KIND_VLAN;
}

/* The kernel named a lower device (found or not). The one place this reads the link's reference. */
static bool names_lower(const struct nst_link *l)
{
	return l->lower.has;
}

/* What the kind's own arguments need and nstop did not decode; NULL: all there. */
static const char *info_missing(const struct nst_link *l)
{
	const struct nst_link_info *in = &l->info;

	switch (kind_id(l)) {
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
		return (in->have & NST_LI_MODE) && nst_macvlan_mode_str(in->mode) ? NULL : "its mode";
	case NST_KIND_IPVLAN:
		return (in->have & NST_LI_MODE) && nst_ipvlan_mode_str(in->mode) ? NULL : "its mode";
	case NST_KIND_VLAN:
		if (!(in->have & NST_LI_VLAN_ID)) {
			return "its id";
		}
		return !(in->have & NST_LI_VLAN_PROTO) || in->vlan_proto == 0x8100 || in->vlan_proto == 0x88a8
			       ? NULL
			       : "its protocol";
	case NST_KIND_VXLAN:
		return in->have & NST_LI_VNI ? NULL : "its id (VNI)";
	case NST_KIND_TUN:
		return (in->have & NST_LI_TUN_TYPE) && (in->tun_type == 1 || in->tun_type == 2) ? NULL : "its type";
	default:
		return NULL;
	}
}

static bool tun_transient(const struct nst_link *l)
{
	return kind_id(l) == NST_KIND_TUN && !((l->info.have & NST_LI_PERSIST) && l->info.persist);
}

/* Whether link a can be made now: its lower device, if any, is made or exists already. */
static bool lower_ready(const struct script *s, const struct nst_link *l, const bool *made)
{
	const struct nst_ns *lns = NULL;
	const struct nst_link *lower = names_lower(l) ? nst_link_lower(s->m, l, &lns) : NULL;

	if (!names_lower(l)) {
		return !lower_required(l);
	}
	return lower && made[flat(s, lns, lower)];
}

void nst_script_plan_kinds(struct script *s)
{
	size_t n = s->base[s->m->n_ns];
	bool *made = xcalloc(n + 1, sizeof(*made));
	bool progress = true;

	for (size_t a = 0; a < n; a++) {
		const struct nst_ns *ns = NULL;
		const struct nst_link *l = nst_script_flat_link(s, a, &ns);

		if (s->plan[a] == PLAN_CREATE && nst_script_kind_made(l) && (tun_transient(l) || info_missing(l))) {
			s->plan[a] = PLAN_SKIP;
		}
		made[a] = s->plan[a] == PLAN_EXISTS || s->plan[a] == PLAN_PEER ||
			  (s->plan[a] == PLAN_CREATE && !nst_script_kind_made(l));
	}
	/* lower devices first: each round makes what now has its lower; what never does is skipped */
	while (progress) {
		progress = false;
		for (size_t a = 0; a < n; a++) {
			const struct nst_ns *ns = NULL;
			const struct nst_link *l = nst_script_flat_link(s, a, &ns);

			if (made[a] || s->plan[a] != PLAN_CREATE || !lower_ready(s, l, made)) {
				continue;
			}
			made[a] = progress = true;
			s->order[s->n_order++] = a;
		}
	}
	for (size_t a = 0; a < n; a++) {
		const struct nst_ns *ns = NULL;

		if (!made[a] && s->plan[a] == PLAN_CREATE && nst_script_kind_made(nst_script_flat_link(s, a, &ns))) {
			s->plan[a] = PLAN_SKIP;
		}
	}
	free(made);
}

const char *nst_script_kind_skip_why(const struct script *s, const struct nst_link *l, char *buf, size_t len)
{
	const struct nst_ns *lns = NULL;
	const struct nst_link *lower = names_lower(l) ? nst_link_lower(s->m, l, &lns) : NULL;

	if (!nst_script_kind_made(l)) {
		return NULL;
	}
	if (tun_transient(l)) {
		return "a tun/tap that is not persistent exists only while a process holds it open; not recreated";
	}
	if (info_missing(l)) {
		snprintf(buf, len, "nstop did not read %s, so it cannot write the %s back", info_missing(l), l->kind);
		return buf;
	}
	if (!names_lower(l)) {
		return "nstop does not know its lower device";
	}
	if (!lower) {
		return "its lower device is in a namespace nstop cannot see";
	}
	snprintf(buf, len, "its lower device %s:%s is not created by this script", nst_ns_display(lns), lower->name);
	return buf;
}

/* The mtu the kernel gives the kind when none is asked for. */
static uint32_t default_mtu(const struct nst_link *l, const struct nst_link *lower)
{
	if (kind_id(l) == NST_KIND_VXLAN) {
		bool v6 = l->info.remote.family == AF_INET6 || l->info.local.family == AF_INET6;
		return lower ? lower->mtu - (v6 ? 70 : 50) : 1500;
	}
	return lower ? lower->mtu : 1500;
}

static void ip_arg(const char *key, const struct nst_ip *ip, FILE *out)
{
	struct nst_addr a = { .family = ip->family };
	char buf[NST_ADDR_STRLEN];

	memcpy(a.bytes, ip->bytes, sizeof(a.bytes));
	fprintf(out, " %s %s", key, nst_addr_format(&a, false, buf, sizeof(buf)));
}

/* The arguments after "type KIND". */
static void kind_args(const struct nst_link *l, const struct nst_link *lower, FILE *out)
{
	const struct nst_link_info *in = &l->info;

	switch (kind_id(l)) {
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
		fprintf(out, " mode %s", nst_macvlan_mode_str(in->mode));
		break;
	case NST_KIND_IPVLAN:
		fprintf(out, " mode %s", nst_ipvlan_mode_str(in->mode));
		break;
	case NST_KIND_VLAN:
		if ((in->have & NST_LI_VLAN_PROTO) && in->vlan_proto == 0x88a8) {
			fputs(" protocol 802.1ad", out);
		}
		fprintf(out, " id %u", in->vlan_id);
		break;
	case NST_KIND_VXLAN:
		if (!((in->have & NST_LI_EXTERNAL) && in->external)) {
			fprintf(out, " id %u", in->vni); /* ip refuses an id beside external */
		}
		if (in->have & NST_LI_LOCAL) {
			ip_arg("local", &in->local, out);
		}
		if (in->have & NST_LI_REMOTE) {
			ip_arg(in->remote_is_group ? "group" : "remote", &in->remote, out);
		}
		if (lower) {
			fputs(" dev ", out);
			nst_script_word(lower->name, out);
		}
		if (in->have & NST_LI_DSTPORT) {
			fprintf(out, " dstport %u", in->dstport);
		}
		if ((in->have & NST_LI_LEARNING) && !in->learning) {
			fputs(" nolearning", out);
		}
		if ((in->have & NST_LI_EXTERNAL) && in->external) {
			fputs(" external", out); /* collect_metadata: VNI and endpoints per packet (flow-based) */
		}
		break;
	default:
		break;
	}
}

/* `ip tuntap add`: made where it lives (a tun cannot be given another namespace). */
static void tuntap_add(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	const struct nst_link_info *in = &l->info;
	FILE *out = s->out;

	nst_script_ip(ns, false, out);
	fprintf(out, "tuntap add mode %s", in->tun_type == 2 ? "tap" : "tun");
	if (in->have & NST_LI_OWNER) {
		fprintf(out, " user %u", in->owner);
	}
	if (in->have & NST_LI_QUEUES) {
		fputs(" multi_queue", out);
	}
	fputs(" name ", out);
	nst_script_word(l->name, out);
	fputc('\n', out);
	if (l->mtu && l->mtu != 1500) {
		nst_script_ip(ns, false, out);
		fputs("link set dev ", out);
		nst_script_word(l->name, out);
		fprintf(out, " mtu %u\n", l->mtu);
	}
}

/*
 * One link. A lower device in another namespace: the link is made where the
 * lower one lives, which is where the kernel looks it up, and given its own
 * namespace by `netns` in the same command (as moving it there would).
 */
static void kind_add(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	const struct nst_ns *lns = NULL;
	const struct nst_link *lower = names_lower(l) ? nst_link_lower(s->m, l, &lns) : NULL;
	const struct nst_ns *where = lower ? lns : ns;
	uint32_t dflt = default_mtu(l, lower);
	FILE *out = s->out;

	if (kind_id(l) == NST_KIND_TUN) {
		tuntap_add(s, ns, l);
		return;
	}
	if (where != ns) {
		fputs("# ", out);
		nst_script_comment(l->kind, out);
		fputc(' ', out);
		nst_script_comment(l->name, out);
		fputs(" of ", out);
		nst_script_comment_ns(ns, out);
		fputs(" is made beside its lower device ", out);
		nst_script_comment(lower->name, out);
		fputs(" in ", out);
		nst_script_comment_ns(lns, out);
		fputs(" and sent home\n", out);
	}
	nst_script_ip(where, false, out);
	fputs("link add ", out);
	if (lower && kind_id(l) != NST_KIND_VXLAN) {
		fputs("link ", out);
		nst_script_word(lower->name, out);
		fputc(' ', out);
	}
	fputs("name ", out);
	nst_script_word(l->name, out);
	if (l->mtu && l->mtu != dflt) {
		fprintf(out, " mtu %u", l->mtu);
	}
	if (where != ns) {
		nst_script_netns_arg(ns, out);
	}
	fprintf(out, " type %s", nst_link_kind_of(kind_id(l))->name);
	kind_args(l, lower, out);
	fputc('\n', out);
}

void nst_script_kinds(const struct script *s)
{
	for (size_t k = 0; k < s->n_order; k++) {
		const struct nst_ns *ns = NULL;
		const struct nst_link *l = nst_script_flat_link(s, s->order[k], &ns);

		kind_add(s, ns, l);
	}
}

void nst_script_bridge_args(const struct nst_link *l, FILE *out)
{
	const struct nst_link_info *in = &l->info;

	if ((in->have & NST_LI_STP) && in->stp_state) {
		fprintf(out, " stp_state %u", in->stp_state);
	}
	if ((in->have & NST_LI_FORWARD_DELAY) && in->forward_delay != 1500) {
		fprintf(out, " forward_delay %u", in->forward_delay);
	}
	/* only when on: some kernels refuse the option outright, even as 0 */
	if ((in->have & NST_LI_VLAN_FILTERING) && in->vlan_filtering) {
		fputs(" vlan_filtering 1", out);
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * The kind table and the text of each kind's decoded fields: the only place
 * link kinds are told apart by name (in the spirit of iproute2's iplink_*.c).
 */
#include "link_kinds.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const struct nst_link_kind kinds[] = {
	{ "", NST_KIND_OTHER, false, false, false },
	{ "veth", NST_KIND_VETH, false, false, false },
	{ "bridge", NST_KIND_BRIDGE, true, false, false },
	{ "macvlan", NST_KIND_MACVLAN, true, true, false },
	{ "macvtap", NST_KIND_MACVTAP, true, true, false },
	{ "ipvlan", NST_KIND_IPVLAN, true, true, false },
	{ "vlan", NST_KIND_VLAN, true, true, false },
	{ "vxlan", NST_KIND_VXLAN, true, true, true },
	{ "tun", NST_KIND_TUN, true, false, false },
	{ "ifb", NST_KIND_IFB, false, false, false },
	{ "dummy", NST_KIND_DUMMY, false, false, false },
	{ "loopback", NST_KIND_LOOPBACK, false, false, false },
	{ "device", NST_KIND_DEVICE, false, false, false },
};

_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == NST_KIND_COUNT, "one row per enum nst_kind");

const struct nst_link_kind *nst_link_kind_find(const char *name)
{
	for (size_t i = 1; name && name[0] && i < NST_KIND_COUNT; i++) {
		if (strcmp(kinds[i].name, name) == 0) {
			return &kinds[i];
		}
	}
	return &kinds[0];
}

const struct nst_link_kind *nst_link_kind_of(enum nst_kind id)
{
	return (unsigned)id < NST_KIND_COUNT ? &kinds[id] : &kinds[0];
}

const char *nst_macvlan_mode_str(uint32_t mode)
{
	/* linux/if_link.h MACVLAN_MODE_*: one bit each */
	switch (mode) {
	case 1: return "private";
	case 2: return "vepa";
	case 4: return "bridge";
	case 8: return "passthru";
	case 16: return "source";
	default: return "?";
	}
}

const char *nst_ipvlan_mode_str(uint32_t mode)
{
	static const char *const names[] = { "l2", "l3", "l3s" };
	return mode < 3 ? names[mode] : "?";
}

static const char *vlan_proto_str(uint16_t p)
{
	return p == 0x8100 ? "802.1Q" : p == 0x88a8 ? "802.1ad" : "?";
}

static void ip_text(const struct nst_ip *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->bytes, buf, (socklen_t)len)) {
		snprintf(buf, len, "?");
	}
}

static struct nst_kind_field *field(struct nst_kind_field *out, size_t max, size_t *n, const char *key,
				    enum nst_kf_type type)
{
	if (*n >= max) {
		return NULL;
	}
	struct nst_kind_field *f = &out[(*n)++];
	memset(f, 0, sizeof(*f));
	f->key = key;
	f->type = type;
	return f;
}

static void put_uint(struct nst_kind_field *out, size_t max, size_t *n, const char *key, uint64_t v)
{
	struct nst_kind_field *f = field(out, max, n, key, NST_KF_UINT);
	if (f) {
		f->u = v;
	}
}

static void put_bool(struct nst_kind_field *out, size_t max, size_t *n, const char *key, bool v)
{
	struct nst_kind_field *f = field(out, max, n, key, NST_KF_BOOL);
	if (f) {
		f->b = v;
	}
}

static void put_str(struct nst_kind_field *out, size_t max, size_t *n, const char *key, const char *s)
{
	struct nst_kind_field *f = field(out, max, n, key, NST_KF_STR);
	if (f) {
		snprintf(f->s, sizeof(f->s), "%s", s);
	}
}

static void put_ip(struct nst_kind_field *out, size_t max, size_t *n, const char *key, const struct nst_ip *a)
{
	struct nst_kind_field *f = field(out, max, n, key, NST_KF_STR);
	if (f) {
		ip_text(a, f->s, sizeof(f->s));
	}
}

size_t nst_link_info_fields(enum nst_kind id, const struct nst_link_info *in, struct nst_kind_field *out, size_t max)
{
	size_t n = 0;
	uint32_t h = in->have;

	switch (id) {
	case NST_KIND_BRIDGE:
		if (h & NST_LI_STP) {
			put_uint(out, max, &n, "stp_state", in->stp_state);
		}
		if (h & NST_LI_VLAN_FILTERING) {
			put_bool(out, max, &n, "vlan_filtering", in->vlan_filtering);
		}
		if (h & NST_LI_FORWARD_DELAY) {
			put_uint(out, max, &n, "forward_delay", in->forward_delay);
		}
		break;
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
	case NST_KIND_IPVLAN:
		if (h & NST_LI_MODE) {
			put_str(out, max, &n, "mode",
				id == NST_KIND_IPVLAN ? nst_ipvlan_mode_str(in->mode) : nst_macvlan_mode_str(in->mode));
		}
		break;
	case NST_KIND_VLAN:
		if (h & NST_LI_VLAN_ID) {
			put_uint(out, max, &n, "id", in->vlan_id);
		}
		if (h & NST_LI_VLAN_PROTO) {
			put_str(out, max, &n, "protocol", vlan_proto_str(in->vlan_proto));
		}
		break;
	case NST_KIND_VXLAN:
		if (h & NST_LI_VNI) {
			put_uint(out, max, &n, "id", in->vni);
		}
		if (h & NST_LI_LOCAL) {
			put_ip(out, max, &n, "local", &in->local);
		}
		if (h & NST_LI_REMOTE) {
			put_ip(out, max, &n, in->remote_is_group ? "group" : "remote", &in->remote);
		}
		if (h & NST_LI_DSTPORT) {
			put_uint(out, max, &n, "port", in->dstport);
		}
		if (h & NST_LI_LEARNING) {
			put_bool(out, max, &n, "learning", in->learning);
		}
		break;
	case NST_KIND_TUN:
		if (h & NST_LI_TUN_TYPE) {
			put_str(out, max, &n, "type", in->tun_type == 2 ? "tap" : in->tun_type == 1 ? "tun" : "?");
		}
		if (h & NST_LI_PERSIST) {
			put_bool(out, max, &n, "persist", in->persist);
		}
		if (h & NST_LI_OWNER) {
			put_uint(out, max, &n, "owner", in->owner);
		}
		if (h & NST_LI_QUEUES) {
			put_uint(out, max, &n, "queues", in->queues);
		}
		if (h & NST_LI_OPEN) {
			put_bool(out, max, &n, "open", in->open);
		}
		break;
	default:
		break;
	}
	return n;
}

const char *nst_link_kind_label(const char *kind, const struct nst_link_info *info)
{
	if (nst_link_kind_find(kind)->id == NST_KIND_TUN && (info->have & NST_LI_TUN_TYPE) && info->tun_type == 2) {
		return "tap";
	}
	return kind;
}

void nst_link_info_text(const char *kind, const struct nst_link_info *in, const char *arrow, char *buf, size_t len)
{
	const struct nst_link_kind *k = nst_link_kind_find(kind);
	char a[64];
	int n = snprintf(buf, len, "%s", nst_link_kind_label(kind, in));

	if (n < 0 || (size_t)n >= len) {
		return;
	}
	size_t at = (size_t)n;
	switch (k->id) {
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
	case NST_KIND_IPVLAN:
		if (in->have & NST_LI_MODE) {
			snprintf(buf + at, len - at, " %s",
				 k->id == NST_KIND_IPVLAN ? nst_ipvlan_mode_str(in->mode) : nst_macvlan_mode_str(in->mode));
		}
		break;
	case NST_KIND_VLAN:
		if (in->have & NST_LI_VLAN_ID) {
			snprintf(buf + at, len - at, " %u", in->vlan_id);
		}
		break;
	case NST_KIND_VXLAN:
		if (in->have & NST_LI_VNI) {
			n = snprintf(buf + at, len - at, " %u", in->vni);
			at += n > 0 && (size_t)n < len - at ? (size_t)n : 0;
		}
		if (in->have & NST_LI_REMOTE) {
			ip_text(&in->remote, a, sizeof(a));
			snprintf(buf + at, len - at, " %s %s%s", arrow, in->remote_is_group ? "group " : "", a);
		}
		break;
	case NST_KIND_TUN:
		if (in->have & NST_LI_OWNER) {
			n = snprintf(buf + at, len - at, " owner %u", in->owner);
			at += n > 0 && (size_t)n < len - at ? (size_t)n : 0;
		}
		if ((in->have & NST_LI_OPEN) && !in->open) {
			snprintf(buf + at, len - at, " (not open)");
		}
		break;
	case NST_KIND_BRIDGE:
		if ((in->have & NST_LI_STP) && in->stp_state) {
			snprintf(buf + at, len - at, " stp");
		}
		break;
	default:
		break;
	}
}

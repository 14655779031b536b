/* SPDX-License-Identifier: MIT */
/*
 * What a kind's decoded fields say: one field list for details and --json
 * (nst_link_info_fields), one short text for tree rows (nst_link_info_text).
 */
#include "link_kinds.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *vlan_proto_str(uint16_t p)
{
	return p == 0x8100 ? "802.1Q" : p == 0x88a8 ? "802.1ad" : "?";
}

static const char *slave_state_str(uint8_t s)
{
	return s == 0 ? "active" : s == 1 ? "backup" : "?";
}

static const char *slave_mii_str(uint8_t s)
{
	/* BOND_LINK_UP, _FAIL, _DOWN, _BACK, as iproute2 prints them (lowercase) */
	static const char *const names[] = { "up", "going_down", "down", "going_back" };
	return s < 4 ? names[s] : "?";
}

static void ip_text(const struct nst_ip *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->bytes, buf, (socklen_t)len)) {
		snprintf(buf, len, "?");
	}
}

struct fields {
	struct nst_kind_field *out;
	size_t max, n;
};

static struct nst_kind_field *field(struct fields *fs, const char *key, enum nst_kf_type type)
{
	if (fs->n >= fs->max) {
		return NULL;
	}
	struct nst_kind_field *f = &fs->out[fs->n++];
	memset(f, 0, sizeof(*f));
	f->key = key;
	f->type = type;
	return f;
}

static void put_uint(struct fields *fs, const char *key, uint64_t v)
{
	struct nst_kind_field *f = field(fs, key, NST_KF_UINT);
	if (f) {
		f->u = v;
	}
}

static void put_bool(struct fields *fs, const char *key, bool v)
{
	struct nst_kind_field *f = field(fs, key, NST_KF_BOOL);
	if (f) {
		f->b = v;
	}
}

static void put_str(struct fields *fs, const char *key, const char *s)
{
	struct nst_kind_field *f = field(fs, key, NST_KF_STR);
	if (f) {
		snprintf(f->s, sizeof(f->s), "%s", s);
	}
}

static void put_ip(struct fields *fs, const char *key, const struct nst_ip *a)
{
	struct nst_kind_field *f = field(fs, key, NST_KF_STR);
	if (f) {
		ip_text(a, f->s, sizeof(f->s));
	}
}

/* gre*, ipip, sit, ip6tnl: endpoints, ttl, keys or inner protocol, external */
static void tunnel_fields(enum nst_kind id, const struct nst_link_info *in, struct fields *fs)
{
	uint32_t h = in->have;

	if (h & NST_LI_LOCAL) {
		put_ip(fs, "local", &in->local);
	}
	if (h & NST_LI_REMOTE) {
		put_ip(fs, "remote", &in->remote);
	}
	if (h & NST_LI_TTL) {
		put_uint(fs, "ttl", in->ttl);
	}
	if (h & NST_LI_IKEY) {
		put_uint(fs, "ikey", in->ikey);
	}
	if (h & NST_LI_OKEY) {
		put_uint(fs, "okey", in->okey);
	}
	if (h & NST_LI_PROTO) {
		put_str(fs, "proto", nst_iptun_proto_str(id, in->proto));
	}
	if (h & NST_LI_EXTERNAL) {
		put_bool(fs, "external", in->external);
	}
}

static void kind_fields(enum nst_kind id, const struct nst_link_info *in, struct fields *fs)
{
	uint32_t h = in->have;

	switch (id) {
	case NST_KIND_BRIDGE:
		if (h & NST_LI_STP) {
			put_uint(fs, "stp_state", in->stp_state);
		}
		if (h & NST_LI_VLAN_FILTERING) {
			put_bool(fs, "vlan_filtering", in->vlan_filtering);
		}
		if (h & NST_LI_FORWARD_DELAY) {
			put_uint(fs, "forward_delay", in->forward_delay);
		}
		break;
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
	case NST_KIND_IPVLAN:
		if (h & NST_LI_MODE) {
			put_str(fs, "mode", id == NST_KIND_IPVLAN ? nst_ipvlan_mode_str(in->mode) : nst_macvlan_mode_str(in->mode));
		}
		break;
	case NST_KIND_VLAN:
		if (h & NST_LI_VLAN_ID) {
			put_uint(fs, "id", in->vlan_id);
		}
		if (h & NST_LI_VLAN_PROTO) {
			put_str(fs, "protocol", vlan_proto_str(in->vlan_proto));
		}
		break;
	case NST_KIND_VXLAN:
	case NST_KIND_GENEVE:
		if (h & NST_LI_VNI) {
			put_uint(fs, "id", in->vni);
		}
		if (h & NST_LI_LOCAL) {
			put_ip(fs, "local", &in->local);
		}
		if (h & NST_LI_REMOTE) {
			put_ip(fs, in->remote_is_group ? "group" : "remote", &in->remote);
		}
		if (h & NST_LI_DSTPORT) {
			put_uint(fs, "port", in->dstport);
		}
		if (h & NST_LI_TTL) {
			put_uint(fs, "ttl", in->ttl);
		}
		if (h & NST_LI_LEARNING) {
			put_bool(fs, "learning", in->learning);
		}
		if (h & NST_LI_EXTERNAL) {
			put_bool(fs, "external", in->external);
		}
		break;
	case NST_KIND_GRE:
	case NST_KIND_GRETAP:
	case NST_KIND_IP6GRE:
	case NST_KIND_IP6GRETAP:
	case NST_KIND_IPIP:
	case NST_KIND_SIT:
	case NST_KIND_IP6TNL:
		tunnel_fields(id, in, fs);
		break;
	case NST_KIND_VRF:
		if (h & NST_LI_TABLE) {
			put_uint(fs, "table", in->table);
		}
		break;
	case NST_KIND_BOND:
		if (h & NST_LI_MODE) {
			put_str(fs, "mode", nst_bond_mode_str(in->mode));
		}
		if (h & NST_LI_MIIMON) {
			put_uint(fs, "miimon", in->miimon);
		}
		if (h & NST_LI_ACTIVE_SLAVE) {
			put_uint(fs, "active_slave_ifindex", in->active_slave);
		}
		break;
	case NST_KIND_TEAM:
		/* IFLA_INFO_DATA of a team is empty: teamd keeps mode and ports over the "team" genl family */
		put_str(fs, "note", "mode lives in generic netlink (teamd); not read");
		break;
	case NST_KIND_WIREGUARD:
		if (h & NST_LI_LISTEN_PORT) {
			put_uint(fs, "listen_port", in->listen_port);
		}
		if (h & NST_LI_PEERS) {
			put_uint(fs, "peers", in->peers);
		}
		break;
	case NST_KIND_NETKIT:
		if (h & NST_LI_MODE) {
			put_str(fs, "mode", nst_netkit_mode_str(in->mode));
		}
		if (h & NST_LI_POLICY) {
			put_str(fs, "policy", nst_netkit_policy_str(in->policy));
		}
		if (h & NST_LI_PEER_POLICY) {
			put_str(fs, "peer_policy", nst_netkit_policy_str(in->peer_policy));
		}
		if (h & NST_LI_PRIMARY) {
			put_bool(fs, "primary", in->primary);
		}
		break;
	case NST_KIND_TUN:
		if (h & NST_LI_TUN_TYPE) {
			put_str(fs, "type", in->tun_type == 2 ? "tap" : in->tun_type == 1 ? "tun" : "?");
		}
		if (h & NST_LI_PERSIST) {
			put_bool(fs, "persist", in->persist);
		}
		if (h & NST_LI_OWNER) {
			put_uint(fs, "owner", in->owner);
		}
		if (h & NST_LI_QUEUES) {
			put_uint(fs, "queues", in->queues);
		}
		if (h & NST_LI_OPEN) {
			put_bool(fs, "open", in->open);
		}
		break;
	default:
		break;
	}
}

size_t nst_link_info_fields(enum nst_kind id, const struct nst_link_info *in, struct nst_kind_field *out, size_t max)
{
	struct fields fs = { out, max, 0 };

	kind_fields(id, in, &fs);
	/* a bond's member, whatever its own kind (IFLA_INFO_SLAVE_DATA) */
	if (in->have & NST_LI_SLAVE_STATE) {
		put_str(&fs, "bond_slave_state", slave_state_str(in->slave_state));
	}
	if (in->have & NST_LI_SLAVE_MII) {
		put_str(&fs, "bond_slave_mii_status", slave_mii_str(in->slave_mii));
	}
	return fs.n;
}

const char *nst_link_kind_label(const char *kind, const struct nst_link_info *info)
{
	if (nst_link_kind_find(kind)->id == NST_KIND_TUN && (info->have & NST_LI_TUN_TYPE) && info->tun_type == 2) {
		return "tap";
	}
	return kind;
}

/* Append to buf at *at, never past len; a cut text stays terminated. */
__attribute__((format(printf, 4, 5))) static void app(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;

	if (*at >= len) {
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0) {
		*at = (size_t)n < len - *at ? *at + (size_t)n : len;
	}
}

/* " 10.1.1.2 → 10.1.1.1": either end may be "any" */
static void ends_text(const struct nst_link_info *in, const char *arrow, char *buf, size_t len, size_t *at)
{
	char l[64] = "any", r[64] = "any";

	if (!(in->have & (NST_LI_LOCAL | NST_LI_REMOTE))) {
		return;
	}
	if (in->have & NST_LI_LOCAL) {
		ip_text(&in->local, l, sizeof(l));
	}
	if (in->have & NST_LI_REMOTE) {
		ip_text(&in->remote, r, sizeof(r));
	}
	app(buf, len, at, " %s %s %s", l, arrow, r);
}

static void tunnel_text(enum nst_kind id, const struct nst_link_info *in, const char *arrow, char *buf, size_t len,
			size_t *at)
{
	if (id == NST_KIND_IP6TNL && (in->have & NST_LI_PROTO)) {
		app(buf, len, at, " %s", nst_iptun_proto_str(id, in->proto));
	}
	if ((in->have & NST_LI_EXTERNAL) && in->external) {
		app(buf, len, at, " external");
	}
	ends_text(in, arrow, buf, len, at);
	if ((in->have & NST_LI_IKEY) && (in->have & NST_LI_OKEY) && in->ikey == in->okey) {
		app(buf, len, at, " key %u", in->ikey);
	} else {
		if (in->have & NST_LI_IKEY) {
			app(buf, len, at, " ikey %u", in->ikey);
		}
		if (in->have & NST_LI_OKEY) {
			app(buf, len, at, " okey %u", in->okey);
		}
	}
	if ((in->have & NST_LI_TTL) && in->ttl) {
		app(buf, len, at, " ttl %u", in->ttl); /* 0: inherited from the inner packet, iproute2's default */
	}
}

void nst_link_info_text(const char *kind, const struct nst_link_info *in, const char *arrow, char *buf, size_t len)
{
	const struct nst_link_kind *k = nst_link_kind_find(kind);
	char a[64];
	size_t at = 0;

	if (len == 0) {
		return;
	}
	buf[0] = 0;
	app(buf, len, &at, "%s", nst_link_kind_label(kind, in));
	switch (k->id) {
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
	case NST_KIND_IPVLAN:
		if (in->have & NST_LI_MODE) {
			app(buf, len, &at, " %s",
			    k->id == NST_KIND_IPVLAN ? nst_ipvlan_mode_str(in->mode) : nst_macvlan_mode_str(in->mode));
		}
		break;
	case NST_KIND_VLAN:
		if (in->have & NST_LI_VLAN_ID) {
			app(buf, len, &at, " %u", in->vlan_id);
		}
		break;
	case NST_KIND_VXLAN:
	case NST_KIND_GENEVE:
		if (in->have & NST_LI_VNI) {
			app(buf, len, &at, " %u", in->vni);
		}
		if (in->have & NST_LI_REMOTE) {
			ip_text(&in->remote, a, sizeof(a));
			app(buf, len, &at, " %s %s%s", arrow, in->remote_is_group ? "group " : "", a);
		}
		if ((in->have & NST_LI_EXTERNAL) && in->external) {
			app(buf, len, &at, " external");
		}
		break;
	case NST_KIND_GRE:
	case NST_KIND_GRETAP:
	case NST_KIND_IP6GRE:
	case NST_KIND_IP6GRETAP:
	case NST_KIND_IPIP:
	case NST_KIND_SIT:
	case NST_KIND_IP6TNL:
		tunnel_text(k->id, in, arrow, buf, len, &at);
		break;
	case NST_KIND_VRF:
		if (in->have & NST_LI_TABLE) {
			app(buf, len, &at, " table %u", in->table);
		}
		break;
	case NST_KIND_BOND:
		if (in->have & NST_LI_MODE) {
			app(buf, len, &at, " %s", nst_bond_mode_str(in->mode));
		}
		break;
	case NST_KIND_WIREGUARD:
		if (in->have & NST_LI_LISTEN_PORT) {
			app(buf, len, &at, " port %u", in->listen_port);
		}
		if (in->have & NST_LI_PEERS) {
			app(buf, len, &at, " %u peer%s", in->peers, in->peers == 1 ? "" : "s");
		}
		break;
	case NST_KIND_NETKIT:
		if (in->have & NST_LI_MODE) {
			app(buf, len, &at, " %s", nst_netkit_mode_str(in->mode));
		}
		if ((in->have & NST_LI_PRIMARY) && in->primary) {
			app(buf, len, &at, " primary");
		}
		if ((in->have & NST_LI_POLICY) && in->policy != 0) {
			app(buf, len, &at, " policy %s", nst_netkit_policy_str(in->policy));
		}
		break;
	case NST_KIND_TUN:
		if (in->have & NST_LI_OWNER) {
			app(buf, len, &at, " owner %u", in->owner);
		}
		if ((in->have & NST_LI_OPEN) && !in->open) {
			app(buf, len, &at, " (not open)");
		}
		break;
	case NST_KIND_BRIDGE:
		if ((in->have & NST_LI_STP) && in->stp_state) {
			app(buf, len, &at, " stp");
		}
		break;
	default:
		break;
	}
}

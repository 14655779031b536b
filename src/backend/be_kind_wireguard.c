/* SPDX-License-Identifier: MIT */
/*
 * A wireguard's IFLA_INFO_DATA is empty: its listen port and peers come from
 * the "wireguard" generic netlink family (WG_CMD_GET_DEVICE). These parse
 * the replies, apart from the socket (be_wg_query.c) so tests and the fuzzer
 * can feed them crafted messages; every length is checked before it is used.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/wireguard.h>
#include <string.h>

#include "be_kinds.h"

static const struct be_attr_rule device_rules[WGDEVICE_A_MAX + 1] = {
	[WGDEVICE_A_IFINDEX] = { MNL_TYPE_U32, 0 },
	[WGDEVICE_A_IFNAME] = { MNL_TYPE_NUL_STRING, 0 },
	[WGDEVICE_A_LISTEN_PORT] = { MNL_TYPE_U16, 0 },
	[WGDEVICE_A_PEERS] = { MNL_TYPE_NESTED, 0 },
};

/* the peers nest holds one nest per peer, of type 0, 1, ...: only their tiling is checked here */
static const struct be_attr_rule any_rules[1] = { { MNL_TYPE_UNSPEC, 0 } };

static const struct be_attr_rule peer_rules[WGPEER_A_MAX + 1] = {
	[WGPEER_A_PUBLIC_KEY] = { MNL_TYPE_BINARY, WG_KEY_LEN },
};

static const struct be_attr_rule ctrl_rules[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID] = { MNL_TYPE_U16, 0 },
	[CTRL_ATTR_FAMILY_NAME] = { MNL_TYPE_NUL_STRING, 0 },
};

/* A generic netlink message of type and command cmd: its attributes, checked against rules. */
static int genl_attrs(const struct nlmsghdr *h, uint16_t type, uint8_t cmd, const struct be_attr_rule *rules,
		      uint16_t max, const struct nlattr **tb)
{
	struct genlmsghdr g;

	if (h->nlmsg_type != type || h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		return -EBADMSG;
	}
	memcpy(&g, mnl_nlmsg_get_payload(h), sizeof(g));
	if (g.cmd != cmd) {
		return -EBADMSG;
	}
	return be_nl_parse_attrs(h, GENL_HDRLEN, NULL, rules, max, tb);
}

int be_genl_parse_family(const struct nlmsghdr *h, const char *name, uint16_t *id)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (genl_attrs(h, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, ctrl_rules, CTRL_ATTR_MAX, tb) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(mnl_attr_get_str(tb[CTRL_ATTR_FAMILY_NAME]), name) != 0 ||
	    mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]) < GENL_MIN_ID) {
		return -EBADMSG;
	}
	*id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

/* Count the peers of one WGDEVICE_A_PEERS nest into *d (a copy: the caller keeps it only when all were whole). */
static int count_peers(const struct nlmsghdr *h, const struct nlattr *peers, struct be_wg_dump *d)
{
	const struct nlattr *tb[1], *p;

	if (be_nl_parse_attrs(h, 0, peers, any_rules, 0, tb) < 0) {
		return -EBADMSG;
	}
	mnl_attr_for_each_nested(p, peers)
	{
		const struct nlattr *ptb[WGPEER_A_MAX + 1];

		if (mnl_attr_validate(p, MNL_TYPE_NESTED) < 0 || mnl_attr_get_payload_len(p) == 0 ||
		    be_nl_parse_attrs(h, 0, p, peer_rules, WGPEER_A_MAX, ptb) < 0 || !ptb[WGPEER_A_PUBLIC_KEY] ||
		    mnl_attr_get_payload_len(ptb[WGPEER_A_PUBLIC_KEY]) != WG_KEY_LEN) {
			return -EBADMSG; /* every peer carries its public key: one without is not the kernel's */
		}
		const void *key = mnl_attr_get_payload(ptb[WGPEER_A_PUBLIC_KEY]);
		if (d->have_last && memcmp(d->last_key, key, WG_KEY_LEN) == 0) {
			continue; /* the previous message's last peer, continued: its allowed IPs did not fit */
		}
		memcpy(d->last_key, key, WG_KEY_LEN);
		d->have_last = true;
		d->peers++;
	}
	return 0;
}

int be_wg_parse_device(const struct nlmsghdr *h, uint16_t family, struct be_wg_dump *d)
{
	const struct nlattr *tb[WGDEVICE_A_MAX + 1];
	struct be_wg_dump next = *d;

	if (family < GENL_MIN_ID || genl_attrs(h, family, WG_CMD_GET_DEVICE, device_rules, WGDEVICE_A_MAX, tb) < 0) {
		return -EBADMSG;
	}
	/* the first message names the device; later ones may carry only its name and peers */
	if (tb[WGDEVICE_A_IFINDEX] && (int)mnl_attr_get_u32(tb[WGDEVICE_A_IFINDEX]) != d->ifindex) {
		return -EBADMSG;
	}
	if (tb[WGDEVICE_A_LISTEN_PORT]) {
		next.listen_port = mnl_attr_get_u16(tb[WGDEVICE_A_LISTEN_PORT]);
		next.have_port = true;
	}
	if (tb[WGDEVICE_A_PEERS] && count_peers(h, tb[WGDEVICE_A_PEERS], &next) < 0) {
		return -EBADMSG;
	}
	*d = next;
	return 0;
}

void be_wg_dump_info(const struct be_wg_dump *d, struct nst_link_info *in)
{
	if (d->have_port) {
		in->listen_port = d->listen_port;
		in->have |= NST_LI_LISTEN_PORT;
	}
	/* a device whose reply arrived whole has a peer count, 0 included */
	in->peers = d->peers;
	in->have |= NST_LI_PEERS;
}

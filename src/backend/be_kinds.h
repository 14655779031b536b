/* SPDX-License-Identifier: MIT */
/*
 * The backend's half of the kind table: one decoder per kind family
 * (be_kind_*.c), found by enum nst_kind in be_link_kinds.c's dispatch table,
 * and the wireguard generic netlink parser its query (be_wg_query.c) uses.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "be_nlmsg.h"

struct be_ns;

/* Every kind's attributes fit one table of this many entries. */
#define BE_KIND_TB 64

/*
 * A kind's IFLA_INFO_DATA: rules[0..max] are checked before decode runs (a
 * u32 of 2 bytes refuses the message), decode fills in and may name the
 * lower device's ifindex in *lower (0: IFLA_LINK says it, or none).
 */
struct be_kind_decoder {
	const struct be_attr_rule *rules;
	uint16_t max;
	int (*decode)(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower);
};

extern const struct be_kind_decoder be_kind_bridge, be_kind_macvlan, be_kind_ipvlan, be_kind_vlan, be_kind_vxlan,
	be_kind_geneve, be_kind_gre, be_kind_iptun, be_kind_bond, be_kind_vrf, be_kind_tun, be_kind_netkit;

/* An address attribute of exactly 4 (AF_INET) or 16 (AF_INET6) bytes into *out; -EBADMSG otherwise. */
int be_kind_ip(const struct nlattr *a, int family, struct nst_ip *out);

/* be_kind_bond.c: a bond member's IFLA_INFO_SLAVE_DATA (state, MII status) into *in. */
int be_kind_bond_slave(const struct nlmsghdr *h, const struct nlattr *data, struct nst_link_info *in);

/*
 * be_kind_wireguard.c: one WG_CMD_GET_DEVICE dump of one device, message by
 * message. A device's peers may span messages, and one peer whose allowed IPs
 * do not fit is repeated at the head of the next (same public key): counted once.
 */
struct be_wg_dump {
	int ifindex;        /* the device asked for: a message naming another is refused */
	bool have_port;
	uint16_t listen_port;
	uint32_t peers;
	bool have_last;
	uint8_t last_key[32]; /* the last peer's public key, to coalesce a repeated one */
};
/* One reply of family id (the "wireguard" genl family's id). 0, or -EBADMSG (nothing counted). */
int be_wg_parse_device(const struct nlmsghdr *h, uint16_t family, struct be_wg_dump *d);
/* The whole dump's listen port and peer count into in. */
void be_wg_dump_info(const struct be_wg_dump *d, struct nst_link_info *in);
/* A CTRL_CMD_NEWFAMILY reply naming family name: its id into *id. 0, or -EBADMSG. */
int be_genl_parse_family(const struct nlmsghdr *h, const char *name, uint16_t *id);

/*
 * be_wg_query.c: listen port and peer count of every wireguard link of ns,
 * asked of generic netlink. Call inside the namespace. No wireguard link: no
 * socket, no question. No "wireguard" family: the fields stay absent, silently.
 */
void be_wg_read(struct be_ns *b, struct nst_ns *ns);

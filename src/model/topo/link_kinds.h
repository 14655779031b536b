/* SPDX-License-Identifier: MIT */
/*
 * The one table of link kinds: the kernel's IFLA_INFO_KIND names, and what
 * each kind's IFLA_INFO_DATA says once decoded (the backend fills it), as
 * fields for details and --json and as a short text for tree rows.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nst_kind {
	NST_KIND_OTHER = 0, /* a kind nstop does not decode (or none: a device) */
	NST_KIND_VETH,
	NST_KIND_BRIDGE,
	NST_KIND_MACVLAN,
	NST_KIND_MACVTAP,
	NST_KIND_IPVLAN,
	NST_KIND_VLAN,
	NST_KIND_VXLAN,
	NST_KIND_TUN,
	NST_KIND_IFB,
	NST_KIND_DUMMY,
	NST_KIND_GENEVE,
	NST_KIND_GRE,
	NST_KIND_GRETAP,
	NST_KIND_IP6GRE,
	NST_KIND_IP6GRETAP,
	NST_KIND_IPIP,
	NST_KIND_SIT,
	NST_KIND_IP6TNL,
	NST_KIND_VRF,
	NST_KIND_BOND,
	NST_KIND_TEAM,
	NST_KIND_WIREGUARD,
	NST_KIND_NETKIT,
	NST_KIND_LOOPBACK, /* IFF_LOOPBACK (the backend names it; the kernel gives no kind) */
	NST_KIND_DEVICE,   /* no IFLA_INFO_KIND: a physical or otherwise kindless device */
	NST_KIND_COUNT,
};

/* Which fields of struct nst_link_info the kernel gave. */
enum {
	NST_LI_STP = 1u << 0,
	NST_LI_VLAN_FILTERING = 1u << 1,
	NST_LI_FORWARD_DELAY = 1u << 2,
	NST_LI_MODE = 1u << 3,
	NST_LI_VLAN_ID = 1u << 4,
	NST_LI_VLAN_PROTO = 1u << 5,
	NST_LI_VNI = 1u << 6,
	NST_LI_LOCAL = 1u << 7,
	NST_LI_REMOTE = 1u << 8, /* remote, or group when remote_is_group */
	NST_LI_DSTPORT = 1u << 9,
	NST_LI_LEARNING = 1u << 10,
	NST_LI_TUN_TYPE = 1u << 11,
	NST_LI_PERSIST = 1u << 12,
	NST_LI_OWNER = 1u << 13,
	NST_LI_QUEUES = 1u << 14,
	NST_LI_OPEN = 1u << 15,
	NST_LI_TTL = 1u << 16,          /* tunnels, geneve: 0 is "inherit" */
	NST_LI_IKEY = 1u << 17,         /* gre*: only when GRE_KEY is set in iflags */
	NST_LI_OKEY = 1u << 18,
	NST_LI_PROTO = 1u << 19,        /* ipip, sit, ip6tnl: IFLA_IPTUN_PROTO */
	NST_LI_EXTERNAL = 1u << 20,     /* collect_metadata (vxlan, geneve, gre*, ip tunnels) */
	NST_LI_TABLE = 1u << 21,        /* vrf */
	NST_LI_MIIMON = 1u << 22,       /* bond */
	NST_LI_ACTIVE_SLAVE = 1u << 23, /* bond: its active member's ifindex */
	NST_LI_SLAVE_STATE = 1u << 24,  /* a bond's member: IFLA_BOND_SLAVE_STATE */
	NST_LI_SLAVE_MII = 1u << 25,    /* a bond's member: IFLA_BOND_SLAVE_MII_STATUS */
	NST_LI_LISTEN_PORT = 1u << 26,  /* wireguard, from generic netlink */
	NST_LI_PEERS = 1u << 27,        /* wireguard, from generic netlink */
	NST_LI_POLICY = 1u << 28,       /* netkit */
	NST_LI_PEER_POLICY = 1u << 29,  /* netkit */
	NST_LI_PRIMARY = 1u << 30,      /* netkit */
};

struct nst_ip {
	int family; /* AF_INET, AF_INET6 */
	uint8_t bytes[16];
};

struct nst_link_info {
	uint32_t have; /* NST_LI_* */
	uint32_t stp_state, forward_delay; /* forward_delay in clock_t (1/100 s), as the kernel gives it */
	bool vlan_filtering;
	uint32_t mode; /* macvlan/macvtap: MACVLAN_MODE_* bit; ipvlan: IPVLAN_MODE_*; bond: BOND_MODE_*; netkit: l2 0, l3 1 */
	uint16_t vlan_id, vlan_proto; /* vlan_proto in host order (0x8100, 0x88a8) */
	uint32_t vni;
	struct nst_ip local, remote;
	bool remote_is_group;
	uint16_t dstport; /* host order */
	bool learning;
	uint8_t tun_type; /* IFF_TUN 1, IFF_TAP 2 */
	bool persist;
	uint32_t owner;
	uint32_t queues, disabled_queues; /* multi-queue tuns only */
	bool open; /* a tun/tap's carrier: on while a process holds it (tun_attach) */
	/* tunnels: endpoints are local/remote above; vni above for geneve */
	uint8_t ttl;
	uint32_t ikey, okey; /* gre*: host order */
	uint8_t proto;       /* ip tunnels: IPPROTO_IPIP 4, IPPROTO_IPV6 41, IPPROTO_MPLS 137, 0 any */
	bool external;       /* collect_metadata: endpoints come from the packet's metadata */
	uint32_t table;      /* vrf */
	uint32_t miimon;     /* bond, ms */
	uint32_t active_slave; /* bond: ifindex of the active member (same namespace) */
	uint8_t slave_state, slave_mii; /* a bond member: 0 active / 1 backup; BOND_LINK_UP 0 .. BACK 3 */
	uint16_t listen_port; /* wireguard */
	uint32_t peers;       /* wireguard */
	int32_t policy, peer_policy; /* netkit: NETKIT_PASS 0, NETKIT_DROP 2 */
	bool primary;         /* netkit: this end made the pair */
};

struct nst_link_kind {
	const char *name;    /* IFLA_INFO_KIND */
	enum nst_kind id;
	bool has_info;       /* nstop decodes fields of it (IFLA_INFO_DATA; wireguard: generic netlink) */
	bool has_lower;      /* IFLA_LINK (vxlan, gre*, ip tunnels: their own LINK attribute) names a lower device */
	bool lower_as_dev;   /* rows say "dev LOWER" (a tunnel's underlay), not "@LOWER" */
	bool has_peer;       /* IFLA_LINK names a peer, as a veth's (netkit) */
};

/* The table's row for an IFLA_INFO_KIND name; the OTHER row for NULL, "" or a name not in it. */
const struct nst_link_kind *nst_link_kind_find(const char *name);
const struct nst_link_kind *nst_link_kind_of(enum nst_kind id);

/* One decoded field, for details and --json. */
enum nst_kf_type { NST_KF_UINT, NST_KF_STR, NST_KF_BOOL };
struct nst_kind_field {
	const char *key;
	enum nst_kf_type type;
	uint64_t u;
	bool b;
	char s[64];
};
#define NST_KIND_FIELDS_MAX 16

/*
 * link_kinds_text.c. The fields info holds for kind id, in a fixed order,
 * then a bond member's (any kind); returns how many. A team says, in a "note"
 * field, that its mode lives in generic netlink (teamd), which nstop does not read.
 */
size_t nst_link_info_fields(enum nst_kind id, const struct nst_link_info *info, struct nst_kind_field *out,
			    size_t max);
/*
 * "macvlan bridge", "vxlan 42 → 10.50.0.2" (arrow: "→" or "->"), "tap owner 1000", "gre 10.1.1.2 → 10.1.1.1
 * ttl 64", "vrf table 10", "bond 802.3ad", "wireguard port 51820 3 peers", or the kind name alone.
 */
void nst_link_info_text(const char *kind, const struct nst_link_info *info, const char *arrow, char *buf, size_t len);
/* "tap" for a tun in tap mode, else the kind as the kernel named it. */
const char *nst_link_kind_label(const char *kind, const struct nst_link_info *info);
/* Mode names: macvlan/macvtap "private", "vepa", "bridge", "passthru", "source"; ipvlan "l2", "l3", "l3s". */
const char *nst_macvlan_mode_str(uint32_t mode);
const char *nst_ipvlan_mode_str(uint32_t mode);
/* "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb", or "?". */
const char *nst_bond_mode_str(uint32_t mode);
/* An ip tunnel's IFLA_IPTUN_PROTO as iproute2 names it for kind id: "ip6ip6", "ipip6", "ip6ip", "mplsip", "any". */
const char *nst_iptun_proto_str(enum nst_kind id, uint8_t proto);
/* netkit: mode "l2", "l3"; policy "forward" (NETKIT_PASS), "blackhole" (NETKIT_DROP), as iproute2 prints them. */
const char *nst_netkit_mode_str(uint32_t mode);
const char *nst_netkit_policy_str(int32_t policy);

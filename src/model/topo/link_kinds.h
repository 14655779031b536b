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
};

struct nst_ip {
	int family; /* AF_INET, AF_INET6 */
	uint8_t bytes[16];
};

struct nst_link_info {
	uint32_t have; /* NST_LI_* */
	uint32_t stp_state, forward_delay; /* forward_delay in clock_t (1/100 s), as the kernel gives it */
	bool vlan_filtering;
	uint32_t mode; /* macvlan/macvtap: MACVLAN_MODE_* bit; ipvlan: IPVLAN_MODE_* */
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
};

struct nst_link_kind {
	const char *name;    /* IFLA_INFO_KIND */
	enum nst_kind id;
	bool has_info;       /* IFLA_INFO_DATA carries fields nstop decodes */
	bool has_lower;      /* IFLA_LINK (vxlan: IFLA_VXLAN_LINK) names a lower device */
	bool lower_as_dev;   /* rows say "dev LOWER" (vxlan's underlay), not "@LOWER" */
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

/* The fields info holds for kind id, in a fixed order; returns how many. */
size_t nst_link_info_fields(enum nst_kind id, const struct nst_link_info *info, struct nst_kind_field *out,
			    size_t max);
/* "macvlan bridge", "vxlan 42 → 10.50.0.2" (arrow: "→" or "->"), "tap owner 1000", or the kind name alone. */
void nst_link_info_text(const char *kind, const struct nst_link_info *info, const char *arrow, char *buf, size_t len);
/* "tap" for a tun in tap mode, else the kind as the kernel named it. */
const char *nst_link_kind_label(const char *kind, const struct nst_link_info *info);
/* Mode names: macvlan/macvtap "private", "vepa", "bridge", "passthru", "source"; ipvlan "l2", "l3", "l3s". */
const char *nst_macvlan_mode_str(uint32_t mode);
const char *nst_ipvlan_mode_str(uint32_t mode);

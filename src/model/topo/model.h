/* SPDX-License-Identifier: MIT */
/*
 * The topology model: every namespace nstop sees, with its links, addresses
 * and routes. Pure data (libc only): the backend fills it, renderers and the
 * UI read it. A namespace is identified by its nsfs inode, a link by
 * (namespace, ifindex): ifindexes collide across namespaces.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers.h"
#include "link_kinds.h"
#include "nat.h"
#include "nat_paths.h"
#include "neigh.h"
#include "ruleset.h"

#define NST_IFNAMSIZ 16

struct nst_strv {
	char **v;
	size_t n, cap;
};

void nst_strv_add(struct nst_strv *sv, const char *s);
void nst_strv_addf(struct nst_strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nst_strv_clear(struct nst_strv *sv);
/* Copies of src's strings added to dst, in order. */
void nst_strv_extend(struct nst_strv *dst, const struct nst_strv *src);

/* Namespace identity: the nsfs inode (device + inode number). */
struct nst_ns_id {
	uint64_t dev;
	uint64_t ino;
};

static inline bool nst_ns_id_eq(struct nst_ns_id a, struct nst_ns_id b)
{
	return a.dev == b.dev && a.ino == b.ino;
}

enum nst_ns_kind {
	NST_NS_SELF,    /* the namespace nstop runs in, with no /run/netns name */
	NST_NS_NAMED,   /* /run/netns/<name> */
	NST_NS_MOUNT,   /* an nsfs mount elsewhere, named by its path */
	NST_NS_PROCESS, /* held only by processes, named pid:<lowest pid> */
};

const char *nst_ns_kind_str(enum nst_ns_kind kind);

struct nst_addr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t bytes[16];
	uint8_t prefixlen;
};

/* "192.168.10.2/24" (with_prefix) or "192.168.10.2"; buf must hold NST_ADDR_STRLEN. */
#define NST_ADDR_STRLEN 64
const char *nst_addr_format(const struct nst_addr *a, bool with_prefix, char *buf, size_t len);
/* Whether ip (net->family's bytes) lies in net's prefix (net->prefixlen bits; more than the family has: no). */
bool nst_addr_in_prefix(const struct nst_addr *net, const uint8_t *ip);

struct nst_stats {
	uint64_t rx_bytes, tx_bytes;
	uint64_t rx_packets, tx_packets;
	uint64_t rx_dropped, tx_dropped;
};

enum nst_ref_state {
	NST_REF_NONE,     /* no reference (not a veth, no lower device, ...), or the kernel did not say */
	NST_REF_FOUND,    /* ns + ifindex name a link in the model */
	NST_REF_UNKNOWN,  /* it lives in a namespace nstop cannot see (tunnel_peer: none or several match) */
};

/*
 * A reference to another link: a veth's peer, a lower device, a master, a
 * tunnel's other end. The backend fills has..ns; nst_model_pair_peers()
 * resolves state, and nst_link_ref_get() turns a FOUND one into the link.
 */
struct nst_link_ref {
	bool has;
	int ifindex;
	bool elsewhere;      /* the kernel gave a link netnsid */
	int32_t nsid;        /* that nsid, as the link's own namespace numbers it (valid when elsewhere) */
	bool ns_known;       /* backend mapped the nsid to a discovered namespace */
	struct nst_ns_id ns; /* valid when ns_known, or the link's own ns when !elsewhere */
	enum nst_ref_state state;
	int candidates;      /* tunnel_peer only: how many links matched (FOUND when exactly 1) */
	bool one_sided;      /* tunnel_peer only: its one match matches other ends too, so no pair (UNKNOWN) */
};

/* Per-second rates, from two counter samples (nst_link_sample_stats). */
struct nst_rates {
	double rx_bps, tx_bps; /* bits per second */
	double rx_pps, tx_pps; /* packets per second */
};

struct nst_link {
	int ifindex;
	char name[NST_IFNAMSIZ];
	char kind[24];      /* veth, bridge, loopback, device, vlan, vxlan, macvlan, ... */
	bool up;            /* IFF_UP (admin state) */
	char operstate[16]; /* up, down, lowerlayerdown, unknown, ... */
	uint32_t mtu;
	char mac[3 * 32]; /* hardware addresses up to 32 bytes (infiniband: 20) as aa:bb:... */
	/* IFLA_MASTER (a bridge port's or bond member's master), same namespace; ifindex 0: none
	 * (has follows ifindex, set by nst_model_pair_peers, so writers set the ifindex alone). */
	struct nst_link_ref master;
	char *network;      /* a bridge's container network (appnet, bridge, podman); NULL: none */
	char network_engine[NST_ENGINE_LEN]; /* who made that network: docker, podman, cni */

	/* veth peer as the backend reported it; nst_model_pair_peers() resolves it. */
	struct nst_link_ref peer;

	/* Kind fields from IFLA_INFO_DATA (link_kinds.h); info.have 0: none decoded. */
	struct nst_link_info info;
	bool kind_data_bad; /* IFLA_INFO_DATA / SLAVE_DATA came but did not decode: no fields, a warning */
	/* Lower device (macvlan/macvtap/ipvlan/vlan: IFLA_LINK; vxlan: IFLA_VXLAN_LINK), with
	 * IFLA_LINK_NETNSID when it lives elsewhere; resolved like peers by nst_model_pair_peers(). */
	struct nst_link_ref lower;
	/* A tunnel's other end (vxlan, and any kind whose info has local and remote): a link of the
	 * same kind, local/remote swapped, same VNI/port, both underlay addresses owned by their
	 * namespaces. has: this is such an end; FOUND only when exactly one link matches. */
	struct nst_link_ref tunnel_peer;

	/* net.ipv4/ipv6.conf.<link>.forwarding and ipv4 rp_filter (RTM_GETNETCONF); -1 unknown */
	int forwarding4, forwarding6, rp_filter;
	/* conf.<link>.proxy_arp (IPv4) and proxy_ndp (IPv6) from netconf; ipv4 accept_local and
	 * arp_ignore (0-8, as written: which local addresses ARP answers for on this link) from the
	 * link message's devconf (IFLA_INET_CONF; netconf does not carry them: no event either); -1 unknown */
	int proxy_arp, proxy_ndp, accept_local, arp_ignore;

	struct nst_addr *addrs;
	size_t n_addrs, cap_addrs;
	struct nst_stats stats;
	uint64_t stats_ms;   /* monotonic time of the stats sample; 0 = none */
	bool has_rates;      /* rates holds a value from two samples */
	struct nst_rates rates;
	struct nst_strv warnings;
};

/* One next hop of an ECMP route (RTA_MULTIPATH). */
struct nst_nexthop {
	bool has_gateway;
	struct nst_addr gateway;
	int oif;     /* 0: none */
	int weight;  /* rtnh_hops + 1, as iproute2 prints it */
	bool onlink; /* RTNH_F_ONLINK */
};

/* What few routes carry, kept apart so the thousands of plain routes of a busy host stay
 * small (a route was 616 bytes with these inline, 168 without). */
struct nst_route_extra {
	char encap[160];      /* RTA_ENCAP as text ("seg6 mode encap segs 1 [ fc00::2 ]"); "" none */
	char raw[132];        /* hex of an encap nstop did not decode (64 bytes at most); "" none */
	char warning[160];    /* what nstop could not decode (the route is kept); "" none */
};

/* A route of any table; route_text.h names its type and table and writes its line. */
struct nst_route {
	int family;
	bool is_default;
	struct nst_addr dst;
	bool has_gateway;     /* the first next hop's, for ECMP too */
	struct nst_addr gateway;
	int oif; /* 0: none; the first next hop's for ECMP */
	char scope[16];
	char protocol[16];
	uint32_t table;       /* RTA_TABLE, else rtm_table: 254 main, 255 local */
	uint8_t type;         /* RTN_* (1 unicast, 2 local, 3 broadcast, 6 blackhole, ...) */
	bool has_metric;
	uint32_t metric;      /* RTA_PRIORITY */
	bool has_prefsrc;
	struct nst_addr prefsrc;
	bool onlink;          /* RTNH_F_ONLINK on the route */
	bool has_pref;
	uint8_t pref;         /* RTA_PREF for IPv6: 0 medium, 1 high, 3 low */
	uint32_t nh_id;       /* RTA_NH_ID: the nexthop object it uses (ns->nhobjs); 0 none */
	struct nst_nexthop *nexthops; /* RTA_MULTIPATH: every hop of one ECMP route; NULL: none */
	size_t n_nexthops;
	/* encap, raw and warning, owned like nexthops (nst_route_free_parts); NULL: all "" */
	struct nst_route_extra *extra;
};

static inline const char *nst_route_encap(const struct nst_route *r)
{
	return r->extra ? r->extra->encap : "";
}
static inline const char *nst_route_raw(const struct nst_route *r)
{
	return r->extra ? r->extra->raw : "";
}
static inline const char *nst_route_warning(const struct nst_route *r)
{
	return r->extra ? r->extra->warning : "";
}

/* A nexthop object (`ip nexthop`, RTM_NEWNEXTHOP): one hop, a blackhole, or a group of
 * other objects; routes name one by id (RTA_NH_ID). route_text.h writes its line. */
struct nst_nh_member {
	uint32_t id;
	int weight; /* 1..65536, as iproute2 prints it */
};
struct nst_nhobj {
	uint32_t id;
	int family;            /* nh_family: AF_INET, AF_INET6, AF_UNSPEC (groups) */
	bool blackhole;        /* NHA_BLACKHOLE */
	bool fdb;              /* NHA_FDB: for a vxlan's bridge FDB, not for routes */
	int oif;               /* NHA_OIF; 0 none */
	bool has_gateway;
	struct nst_addr gateway;
	bool onlink;           /* RTNH_F_ONLINK */
	struct nst_nh_member *group; /* NHA_GROUP; NULL: not a group */
	size_t n_group;
	uint16_t group_type;   /* NHA_GROUP_TYPE: 0 mpath, 1 resilient */
	bool has_res;          /* NHA_RES_GROUP: a resilient group's table */
	uint16_t res_buckets;
	uint32_t res_idle_timer, res_unbalanced_timer; /* clock_t (1/100 s), as the kernel gives them */
	char scope[16];
	char protocol[16];
	char encap[160];       /* NHA_ENCAP as text; "" none */
	char warning[160];     /* what nstop could not decode (the object is kept); "" none */
};

/* A namespace's conf/all or conf/default values (the same fields as a link's); -1 unknown. */
struct nst_netconf {
	int forwarding4, forwarding6, rp_filter, proxy_arp, proxy_ndp, accept_local, arp_ignore;
};

/* A policy routing rule (`ip rule`, RTM_NEWRULE). */
struct nst_rule {
	int family;
	uint32_t priority;
	bool has_src, has_dst;
	struct nst_addr src, dst;     /* prefixlen from fib_rule_hdr */
	char iif[NST_IFNAMSIZ], oif[NST_IFNAMSIZ]; /* "" none */
	bool has_fwmark;
	uint32_t fwmark, fwmask;
	uint8_t tos;
	bool has_uidrange;
	uint32_t uid_start, uid_end;
	uint8_t ipproto;              /* 0 none */
	bool has_sport, has_dport;
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
	bool l3mdev;
	bool invert;                  /* FIB_RULE_INVERT: "not" */
	uint8_t action;               /* FR_ACT_*: 1 table, 2 goto, 3 nop, 6 blackhole, 7 unreachable, 8 prohibit */
	uint32_t table;               /* FRA_TABLE, else the header's */
	uint32_t goto_target;         /* FRA_GOTO */
	uint8_t undecoded;            /* NST_RULE_UNDECODED_* bits: what nstop could not decode (nst_rule_warning) */
};

/* Parts of a rule message nstop could not decode (the rule is kept, these fields are not). */
enum {
	NST_RULE_UNDECODED_ADDR = 1 << 0,   /* a source or destination prefix */
	NST_RULE_UNDECODED_DEV = 1 << 1,    /* iif or oif */
	NST_RULE_UNDECODED_PORTS = 1 << 2,  /* sport or dport range */
	NST_RULE_UNDECODED_UIDS = 1 << 3,   /* uidrange */
	NST_RULE_UNDECODED_ACTION = 1 << 4, /* an action nstop has no word for */
};

struct nst_ns {
	char *name;
	enum nst_ns_kind kind;
	bool self; /* nstop runs in it (it may still have a /run/netns name) */
	struct nst_ns_id id;
	char *label; /* the holding process's comm for a process-held namespace; NULL: none */
	char *display; /* nst_ns_display(): the container/pod name when known, else name */
	struct nst_cgroup_ref *cgroups; /* what its processes' cgroups say (be_proc.c) */
	size_t n_cgroups, cap_cgroups;
	struct nst_container *containers; /* nst_model_attach_containers() */
	size_t n_containers, cap_containers;
	int *pids;   /* ascending */
	size_t n_pids, cap_pids;
	struct nst_link *links;
	size_t n_links, cap_links;
	struct nst_route *routes; /* every table; nst_route_finish frees one */
	size_t n_routes, cap_routes;
	struct nst_rule *rules;   /* `ip rule` of both families, in the kernel's order */
	size_t n_rules, cap_rules;
	struct nst_nhobj *nhobjs; /* nexthop objects in the kernel's order; nst_ns_clear_nhobjs frees them */
	size_t n_nhobjs, cap_nhobjs;
	struct nst_neigh *neighs; /* ARP/NDP neighbours and bridge FDB entries, sorted (neigh.h) */
	size_t n_neighs, cap_neighs;
	size_t neighs_cut;        /* entries past NST_NEIGH_MAX the backend did not keep (a bridge learns any MAC) */
	size_t neighs_bad;        /* entries the backend could not represent (be_rtnl_neigh.c), left out */
	struct nst_nat_rule *nat; /* one per path to a NAT rule: hook order, priority, walk order (nat_paths.h) */
	size_t n_nat, cap_nat;
	struct nst_nat_walk nat_walk; /* what that walk left out */
	size_t bridges_fwd_cut;   /* bridges whose forward hook drops their traffic (nst_model_diagnose) */
	struct nst_fw_ruleset fw; /* every table, chain and rule of every family */
	int ip_forward;           /* net.ipv4.ip_forward of this namespace; -1 unknown */
	int ip6_forward;          /* net.ipv6.conf.all.forwarding; -1 unknown */
	/* net.ipv4.ip_local_port_range (IPv6 too): where a connection's own port comes from; -1 unknown */
	int port_range_lo, port_range_hi;
	/* conf/all and conf/default of both families (netconf; their accept_local from /proc/sys):
	 * conf_all.forwarding4/6 repeat ip_forward/ip6_forward */
	struct nst_netconf conf_all, conf_default;
	/* net.bridge.bridge-nf-call-{iptables,ip6tables,arptables}: bridged traffic through
	 * the IP/ARP hooks; -1: br_netfilter is not loaded (the files do not exist) */
	int br_nf_iptables, br_nf_ip6tables, br_nf_arptables;
	bool iptables_legacy;     /* legacy x_tables exist here: invisible to nf_tables */
	struct nst_strv warnings; /* from reading it (e.g. "not read: ...") */
	struct nst_strv diag;     /* recomputed by nst_model_resolve_nat on every change */
	uint32_t owner_uid;       /* owner of the namespace's user namespace (0: root) */
	uint64_t userns;          /* that user namespace's inode when it is not nstop's own: hostile input; 0: nstop's */
	bool stale;               /* the last re-read failed: contents are from the last whole read */
	uint64_t dropped_messages; /* netlink messages refused on its sockets (foreign, not ours, invalid) */
};

struct nst_model {
	struct nst_ns *ns;
	size_t n_ns, cap_ns;
	struct nst_strv warnings; /* discovery problems not tied to one namespace */
	/* Moves on every change the owner adopts (a namespace, link, address, route
	 * or rule added, removed or re-read): what a reader derived from an older
	 * generation (rows, layouts) may name objects that are gone. */
	uint64_t generation;
	uint64_t dropped_messages; /* every netlink message refused since nstop started */
	struct nst_engine_facts engines; /* container engines' files, as last read (containers.h) */
	/* nst_model_find_ns_id's index (model.c): open addressing over ns[].id, each slot
	 * a position in ns[] + 1 (0: empty); id_cap a power of two >= 2 * id_n, or 0.
	 * Only model.c changes ns[] (add, remove, sort), and each keeps this true; id_n
	 * says how many it holds, so a lookup that finds it out of step scans instead. */
	size_t *id_slots;
	size_t id_cap, id_n;
};

struct nst_model *nst_model_create(void);
void nst_model_destroy(struct nst_model *m);

struct nst_ns *nst_model_add_ns(struct nst_model *m, const char *name, enum nst_ns_kind kind,
				struct nst_ns_id id);
struct nst_link *nst_ns_add_link(struct nst_ns *ns, int ifindex, const char *name);
void nst_ns_add_pid(struct nst_ns *ns, int pid);
void nst_ns_set_label(struct nst_ns *ns, const char *label);
/* Free what a link owns (addresses, warnings, network name). */
void nst_link_finish(struct nst_link *l);
/* Once a namespace is read whole: its arrays (links and their addresses, routes, rules, nexthop
 * objects, neighbours, NAT records) hold no spare capacity. A host of 3000 namespaces kept ~40 %
 * of its model as the slack of doubling. Pointers into those arrays are invalid after. */
void nst_ns_trim(struct nst_ns *ns);
void nst_link_add_addr(struct nst_link *l, const struct nst_addr *a);
struct nst_route *nst_ns_add_route(struct nst_ns *ns);
struct nst_nat_rule *nst_ns_add_nat(struct nst_ns *ns);

/* Name the namespace and link that own each DNAT's to_addr (after all namespaces are read). */
void nst_model_resolve_nat(struct nst_model *m);
/* The display name (nst_ns_display) of a found DNAT's target namespace; its target_ns if gone. */
const char *nst_nat_target_display(const struct nst_model *m, const struct nst_nat_rule *r);

struct nst_ns *nst_model_find_ns(const struct nst_model *m, const char *name);
struct nst_ns *nst_model_find_ns_id(const struct nst_model *m, struct nst_ns_id id);
struct nst_link *nst_ns_find_link(const struct nst_ns *ns, int ifindex);
struct nst_link *nst_ns_find_link_name(const struct nst_ns *ns, const char *name);

/* The link a FOUND reference names, or NULL (none / unknown); *out_ns (may be NULL) gets its namespace. */
const struct nst_link *nst_link_ref_get(const struct nst_model *m, const struct nst_link_ref *ref,
					const struct nst_ns **out_ns);
/* nst_link_ref_get on l's peer, lower device, master. */
const struct nst_link *nst_link_peer(const struct nst_model *m, const struct nst_link *l,
				     const struct nst_ns **peer_ns);
const struct nst_link *nst_link_lower(const struct nst_model *m, const struct nst_link *l,
				      const struct nst_ns **lower_ns);
const struct nst_link *nst_link_master(const struct nst_model *m, const struct nst_link *l,
				       const struct nst_ns **master_ns);
/* The link is of that kind (the kind table decides, not a strcmp at the caller). */
bool nst_link_is(const struct nst_link *l, enum nst_kind id);

/*
 * Record a new counter sample taken at now_ms (monotonic) and derive rates
 * from the previous one. Counters that went backwards (link re-created) reset.
 */
#define NST_MIN_SAMPLE_MS 500 /* closer samples are ignored */
void nst_link_sample_stats(struct nst_link *l, const struct nst_stats *s, uint64_t now_ms);

/* Move the contents (links, routes, warnings) of src into dst, keeping dst's identity,
 * and carry counter samples over for links that are still there. src is left empty. */
void nst_ns_take_contents(struct nst_ns *dst, struct nst_ns *src);

/* Remove namespace ns from the model (it vanished). */
void nst_model_remove_ns(struct nst_model *m, struct nst_ns *ns);

/* Counts for the header line. */
struct nst_counts {
	size_t namespaces, links, veth_pairs, bridges;
};
struct nst_counts nst_model_counts(const struct nst_model *m);

/* Sort namespaces (self, named, mount, process), links by ifindex, pids ascending. */
void nst_model_sort(struct nst_model *m);

/* Resolve every link reference (peer, lower, master, tunnel_peer) across namespaces;
 * then attach warnings (see diagnose.c). */
void nst_model_pair_peers(struct nst_model *m);
void nst_model_diagnose(struct nst_model *m);

const char *nst_family_str(int family); /* "inet", "inet6" */
/* Name of the link with ifindex in ns, or NULL. */
const char *nst_ns_link_name(const struct nst_ns *ns, int ifindex);
/* "default" or the destination CIDR. */
const char *nst_route_dst_format(const struct nst_route *r, char *buf, size_t len);

/* SPDX-License-Identifier: MIT */
/*
 * Validation of edits before anything is sent: names as the kernel and
 * iproute2 accept them, strict addresses, and the model's view of what
 * exists. Every refusal names the field and says what to do.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cut.h"
#include "ops.h"
#include "quote.h"
#include "route_text.h"

#define FAIL(fld, ...)                                                  \
	do {                                                            \
		err->field = (fld);                                     \
		nst_fmt_cut(err->msg, sizeof(err->msg), __VA_ARGS__);    \
		return -1;                                              \
	} while (0)

bool nst_check_ifname(const char *s, char *msg, size_t len)
{
	size_t n = strlen(s);

	if (n == 0) {
		snprintf(msg, len, "an interface name is required");
		return false;
	}
	if (n >= NST_IFNAMSIZ) {
		snprintf(msg, len, "'%s' is %zu bytes; interface names have at most 15", s, n);
		return false;
	}
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
		snprintf(msg, len, "'%s' is not allowed as an interface name", s);
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '/' || *p == ':' || isspace(*p) || *p < 0x20 || *p == 0x7f) {
			snprintf(msg, len, "interface names cannot contain '/', ':' or whitespace");
			return false;
		}
	}
	return true;
}

bool nst_check_nsname(const char *s, char *msg, size_t len)
{
	size_t n = strlen(s);

	if (n == 0) {
		snprintf(msg, len, "a namespace name is required");
		return false;
	}
	if (n > 255) {
		snprintf(msg, len, "namespace names are file names: at most 255 bytes");
		return false;
	}
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strchr(s, '/')) {
		snprintf(msg, len, "'%s' is not a valid namespace name (a file name without '/')", s);
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(msg, len, "namespace names cannot contain control characters");
			return false;
		}
	}
	return true;
}

static bool parse_ip(const char *s, struct nst_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, out->bytes) == 1) {
		out->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, out->bytes) == 1) {
		out->family = AF_INET6;
		return true;
	}
	return false;
}

static bool host_bits_clear(const struct nst_addr *a)
{
	int bits = a->family == AF_INET ? 32 : 128;

	for (int b = a->prefixlen; b < bits; b++) {
		if (a->bytes[b / 8] & (0x80 >> (b % 8))) {
			return false;
		}
	}
	return true;
}

bool nst_parse_cidr(const char *s, struct nst_addr *out, bool network_only, char *msg, size_t len)
{
	char ip[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (!*s) {
		snprintf(msg, len, "an address with prefix is required, e.g. 192.168.10.2/24");
		return false;
	}
	if (!slash) {
		snprintf(msg, len, "'%s' has no prefix length: write it as %s/24 (or /32, /64 ...)", s, s);
		return false;
	}
	if (n >= sizeof(ip)) {
		snprintf(msg, len, "'%.*s' is not an IPv4 or IPv6 address", (int)(n > 40 ? 40 : n), s);
		return false;
	}
	memcpy(ip, s, n);
	ip[n] = '\0';
	if (!parse_ip(ip, out)) {
		snprintf(msg, len, "'%s' is not an IPv4 or IPv6 address", ip);
		return false;
	}
	const char *p = slash + 1;
	int max = out->family == AF_INET ? 32 : 128;
	if (!*p || strlen(p) > 3) {
		snprintf(msg, len, "the prefix length after '/' must be 0-%d", max);
		return false;
	}
	for (const char *q = p; *q; q++) {
		if (!isdigit((unsigned char)*q)) {
			snprintf(msg, len, "the prefix length after '/' must be 0-%d", max);
			return false;
		}
	}
	unsigned long long prefix = 0;
	if (!nst_parse_ulong(p, (unsigned long long)max, &prefix) || (p[0] == '0' && p[1])) {
		snprintf(msg, len, "prefix /%s is out of range for %s (0-%d)", p,
			 out->family == AF_INET ? "IPv4" : "IPv6", max);
		return false;
	}
	out->prefixlen = (uint8_t)prefix;
	if (network_only && !host_bits_clear(out)) {
		snprintf(msg, len, "'%s' has host bits set; a route destination is a network address", s);
		return false;
	}
	return true;
}

bool nst_parse_host(const char *s, struct nst_addr *out, char *msg, size_t len)
{
	if (!*s) {
		snprintf(msg, len, "an address is required");
		return false;
	}
	if (strchr(s, '/')) {
		snprintf(msg, len, "a gateway is one host address, without a prefix");
		return false;
	}
	if (!parse_ip(s, out)) {
		snprintf(msg, len, "'%s' is not an IPv4 or IPv6 address", s);
		return false;
	}
	out->prefixlen = out->family == AF_INET ? 32 : 128;
	static const uint8_t zero[16];
	size_t n = out->family == AF_INET ? 4 : 16;
	if (memcmp(out->bytes, zero, n) == 0) {
		snprintf(msg, len, "'%s' is the unspecified address, not a host", s);
		return false;
	}
	if ((out->family == AF_INET && (out->bytes[0] & 0xf0) == 0xe0) ||
	    (out->family == AF_INET6 && out->bytes[0] == 0xff)) {
		snprintf(msg, len, "'%s' is a multicast address, not a host", s);
		return false;
	}
	if (out->family == AF_INET && memcmp(out->bytes, "\xff\xff\xff\xff", 4) == 0) {
		snprintf(msg, len, "'%s' is the broadcast address, not a host", s);
		return false;
	}
	return true;
}

static bool addr_in(const struct nst_addr *a, const struct nst_addr *net)
{
	if (a->family != net->family) {
		return false;
	}
	for (int b = 0; b < net->prefixlen; b++) {
		uint8_t m = (uint8_t)(0x80 >> (b % 8));
		if ((a->bytes[b / 8] & m) != (net->bytes[b / 8] & m)) {
			return false;
		}
	}
	return true;
}

static bool same_addr(const struct nst_addr *a, const struct nst_addr *b)
{
	return a->family == b->family && a->prefixlen == b->prefixlen &&
	       memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16) == 0;
}

/* The namespace named in field f, or an error naming what exists. */
static const struct nst_ns *need_ns(const struct nst_model *m, const struct nst_op *op, enum nst_field f,
				    struct nst_op_error *err)
{
	const char *name = op->f[f];
	const struct nst_ns *ns;

	if (!*name) {
		err->field = f;
		snprintf(err->msg, sizeof(err->msg), "a namespace is required ('/' is nstop's own)");
		return NULL;
	}
	ns = nst_model_find_ns(m, name);
	if (!ns) {
		err->field = f;
		snprintf(err->msg, sizeof(err->msg), "no namespace named '%s' (it may have vanished)", name);
	}
	return ns;
}

static const struct nst_link *need_link(const struct nst_ns *ns, const char *name, enum nst_field f,
					struct nst_op_error *err)
{
	char msg[160];
	const struct nst_link *l;

	if (!nst_check_ifname(name, msg, sizeof(msg))) {
		err->field = f;
		snprintf(err->msg, sizeof(err->msg), "%s", msg);
		return NULL;
	}
	l = nst_ns_find_link_name(ns, name);
	if (!l) {
		err->field = f;
		snprintf(err->msg, sizeof(err->msg), "%s has no link named '%s' (it may have vanished)", ns->name, name);
	}
	return l;
}

/* A new interface name: valid and free in ns. */
static int new_ifname(const struct nst_ns *ns, const char *name, enum nst_field f, struct nst_op_error *err)
{
	char msg[160];

	if (!nst_check_ifname(name, msg, sizeof(msg))) {
		FAIL(f, "%s", msg);
	}
	if (nst_ns_find_link_name(ns, name)) {
		FAIL(f, "%s already has a link named '%s'", ns->name, name);
	}
	return 0;
}

static int optional_cidr(const struct nst_op *op, enum nst_field f, struct nst_op_error *err)
{
	struct nst_addr a;
	char msg[200];

	if (op->f[f][0] && !nst_parse_cidr(op->f[f], &a, false, msg, sizeof(msg))) {
		FAIL(f, "%s", msg);
	}
	return 0;
}

static int validate_veth(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err)
{
	const struct nst_ns *ns = need_ns(m, op, NST_F_NS, err);
	if (!ns) {
		return -1;
	}
	if (new_ifname(ns, op->f[NST_F_NAME], NST_F_NAME, err) < 0) {
		return -1;
	}
	const struct nst_ns *pns = need_ns(m, op, NST_F_PEER_NS, err);
	if (!pns) {
		return -1;
	}
	if (new_ifname(pns, op->f[NST_F_PEER], NST_F_PEER, err) < 0) {
		return -1;
	}
	if (ns == pns && strcmp(op->f[NST_F_NAME], op->f[NST_F_PEER]) == 0) {
		FAIL(NST_F_PEER, "both ends are in %s: they need different names", ns->name);
	}
	if (optional_cidr(op, NST_F_ADDR, err) < 0 || optional_cidr(op, NST_F_PEER_ADDR, err) < 0) {
		return -1;
	}
	return 0;
}

static int validate_delete_link(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err)
{
	const struct nst_ns *ns = need_ns(m, op, NST_F_NS, err);
	const struct nst_link *l = ns ? need_link(ns, op->f[NST_F_NAME], NST_F_NAME, err) : NULL;

	if (!l) {
		return -1;
	}
	if (nst_link_is(l, NST_KIND_LOOPBACK)) {
		FAIL(NST_F_NAME, "'%s' is the loopback device: the kernel does not let it be deleted", l->name);
	}
	return 0;
}

static int validate_route(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err)
{
	const struct nst_ns *ns = need_ns(m, op, NST_F_NS, err);
	struct nst_addr dst = { 0 }, gw = { 0 };
	bool is_default = strcmp(op->f[NST_F_DST], "default") == 0;
	char msg[200];

	if (!ns) {
		return -1;
	}
	if (!is_default && !nst_parse_cidr(op->f[NST_F_DST], &dst, true, msg, sizeof(msg))) {
		FAIL(NST_F_DST, "%s (or 'default')", msg);
	}
	/* `ip route del DST` names a route by its destination alone (one using a nexthop object must be) */
	if (op->kind == NST_OP_ROUTE_ADD && !op->f[NST_F_GATEWAY][0] && !op->f[NST_F_NAME][0]) {
		FAIL(NST_F_GATEWAY, "a route needs a gateway, a device, or both");
	}
	if (op->f[NST_F_GATEWAY][0]) {
		if (!nst_parse_host(op->f[NST_F_GATEWAY], &gw, msg, sizeof(msg))) {
			FAIL(NST_F_GATEWAY, "%s", msg);
		}
		if (!is_default && gw.family != dst.family) {
			FAIL(NST_F_GATEWAY, "the gateway is %s but the destination is %s",
			     gw.family == AF_INET ? "IPv4" : "IPv6", dst.family == AF_INET ? "IPv4" : "IPv6");
		}
	}
	const struct nst_link *dev = NULL;
	if (op->f[NST_F_NAME][0] && !(dev = need_link(ns, op->f[NST_F_NAME], NST_F_NAME, err))) {
		return -1;
	}
	if (op->kind == NST_OP_ROUTE_ADD && op->f[NST_F_GATEWAY][0]) {
		/* The kernel refuses a gateway it cannot reach: say so before sending. */
		bool reachable = false;
		for (size_t i = 0; i < ns->n_links && !reachable; i++) {
			const struct nst_link *l = &ns->links[i];
			for (size_t k = 0; (!dev || dev == l) && k < l->n_addrs && !reachable; k++) {
				reachable = addr_in(&gw, &l->addrs[k]);
			}
		}
		if (!reachable) {
			FAIL(NST_F_GATEWAY, "%s is on no subnet of %s%s%s: add an address in its subnet first",
			     op->f[NST_F_GATEWAY], dev ? "" : "any link in ", dev ? dev->name : ns->name,
			     dev ? "" : "");
		}
	}
	if (op->kind == NST_OP_ROUTE_DEL) {
		const struct nst_route *found = NULL, *elsewhere = NULL;
		char tbuf[16];
		for (size_t i = 0; i < ns->n_routes && !found; i++) {
			const struct nst_route *r = &ns->routes[i];
			bool same = r->is_default == is_default && (is_default || same_addr(&r->dst, &dst)) &&
				    (!op->f[NST_F_GATEWAY][0] || (r->has_gateway && r->gateway.family == gw.family &&
								   memcmp(r->gateway.bytes, gw.bytes, 16) == 0)) &&
				    (!dev || r->oif == dev->ifindex);
			/* `ip route del` without a table acts on main, and on unicast routes */
			if (same && r->table == 254 && r->type == 1) {
				found = r;
			} else if (same && !elsewhere) {
				elsewhere = r;
			}
		}
		if (found && !op->f[NST_F_GATEWAY][0] && !dev) {
			/*
			 * Named by its destination alone (a route using a nexthop object has no
			 * via/dev the kernel matches): the kernel deletes the first main route to
			 * it, which is the one meant only when no other route in any table has it.
			 */
			size_t n = 0;
			for (size_t i = 0; i < ns->n_routes; i++) {
				const struct nst_route *r = &ns->routes[i];
				n += r->is_default == is_default && (is_default || same_addr(&r->dst, &dst));
			}
			if (n > 1) {
				FAIL(NST_F_DST, "%s has %zu routes to %s (other tables, metrics or devices): nstop deletes a route "
				     "named by its destination alone only when it is the only one; use ip route del with its table and metric",
				     ns->name, n, op->f[NST_F_DST]);
			}
		}
		if (!found && elsewhere) {
			FAIL(NST_F_DST, "%s: that route is a %s route in table %s; nstop deletes unicast routes of the main table only",
			     ns->name, nst_route_type_str(elsewhere->type), nst_route_table_str(elsewhere->table, tbuf, sizeof(tbuf)));
		}
		if (!found) {
			FAIL(NST_F_DST, "%s has no such route (it may have vanished)", ns->name);
		}
	}
	return 0;
}

static int validate_addr(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err)
{
	const struct nst_ns *ns = need_ns(m, op, NST_F_NS, err);
	const struct nst_link *l = ns ? need_link(ns, op->f[NST_F_NAME], NST_F_NAME, err) : NULL;
	struct nst_addr a;
	char msg[200];

	if (!l) {
		return -1;
	}
	if (!nst_parse_cidr(op->f[NST_F_ADDR], &a, false, msg, sizeof(msg))) {
		FAIL(NST_F_ADDR, "%s", msg);
	}
	bool has = false;
	for (size_t i = 0; i < l->n_addrs && !has; i++) {
		has = same_addr(&l->addrs[i], &a);
	}
	if (op->kind == NST_OP_ADDR_ADD && has) {
		FAIL(NST_F_ADDR, "%s already has %s", l->name, op->f[NST_F_ADDR]);
	}
	if (op->kind == NST_OP_ADDR_DEL && !has) {
		FAIL(NST_F_ADDR, "%s has no address %s (it may have vanished)", l->name, op->f[NST_F_ADDR]);
	}
	return 0;
}

/* A port 1-65535, digits only. */
static bool check_port(const char *s, char *msg, size_t len)
{
	size_t n = strlen(s);

	unsigned long long port = 0;

	if (n == 0 || !nst_parse_ulong(s, 65535, &port) || port < 1 || s[0] == '0') {
		snprintf(msg, len, "'%s' is not a port: 1-65535", s);
		return false;
	}
	return true;
}

/* nstop's NAT table is `ip`: its addresses are IPv4 hosts. */
static int ipv4_host(const struct nst_op *op, enum nst_field f, bool required, struct nst_op_error *err)
{
	struct nst_addr a;
	char msg[200];

	if (!op->f[f][0] && !required) {
		return 0;
	}
	if (!nst_parse_host(op->f[f], &a, msg, sizeof(msg))) {
		FAIL(f, "%s", msg);
	}
	if (a.family != AF_INET) {
		FAIL(f, "nstop's NAT table is IPv4 (table ip nstop): give an IPv4 address");
	}
	return 0;
}

static int optional_ifname(const struct nst_op *op, enum nst_field f, struct nst_op_error *err)
{
	char msg[160];

	if (op->f[f][0] && !nst_check_ifname(op->f[f], msg, sizeof(msg))) {
		FAIL(f, "%s", msg);
	}
	return 0;
}

static int validate_nat(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err)
{
	const struct nst_ns *ns = need_ns(m, op, NST_F_NS, err);
	char msg[200];

	if (!ns) {
		return -1;
	}
	switch (op->kind) {
	case NST_OP_NAT_FORWARD:
		if (strcmp(op->f[NST_F_PROTO], "tcp") != 0 && strcmp(op->f[NST_F_PROTO], "udp") != 0) {
			FAIL(NST_F_PROTO, "protocol must be tcp or udp");
		}
		if (!check_port(op->f[NST_F_PORT], msg, sizeof(msg))) {
			FAIL(NST_F_PORT, "%s", msg);
		}
		if (optional_ifname(op, NST_F_IIF, err) < 0 || ipv4_host(op, NST_F_DADDR, false, err) < 0 ||
		    ipv4_host(op, NST_F_TO_ADDR, true, err) < 0) {
			return -1;
		}
		if (op->f[NST_F_TO_PORT][0] && !check_port(op->f[NST_F_TO_PORT], msg, sizeof(msg))) {
			FAIL(NST_F_TO_PORT, "%s (empty: the external port)", msg);
		}
		return 0;
	case NST_OP_NAT_MASQ: {
		struct nst_addr a;
		if (op->f[NST_F_SRC][0]) {
			if (!nst_parse_cidr(op->f[NST_F_SRC], &a, true, msg, sizeof(msg))) {
				FAIL(NST_F_SRC, "%s", msg);
			}
			if (a.family != AF_INET) {
				FAIL(NST_F_SRC, "nstop's NAT table is IPv4: give an IPv4 subnet");
			}
		}
		if (optional_ifname(op, NST_F_OIF, err) < 0 || ipv4_host(op, NST_F_SNAT_TO, false, err) < 0) {
			return -1;
		}
		if (!op->f[NST_F_SRC][0] && !op->f[NST_F_OIF][0]) {
			FAIL(NST_F_SRC, "give a source subnet, an output interface or both: "
				       "masquerading everything is rarely meant");
		}
		return 0;
	}
	case NST_OP_NAT_DEL:
		/* any rule of the ruleset, NAT or not; one only the NAT records know of too */
		for (size_t i = 0; i < ns->fw.n_rules; i++) {
			const struct nst_fw_rule *r = &ns->fw.rules[i];
			char h[24];
			snprintf(h, sizeof(h), "%llu", (unsigned long long)r->handle);
			if (strcmp(r->family, op->f[NST_F_FAMILY]) == 0 && strcmp(r->table, op->f[NST_F_TABLE]) == 0 &&
			    strcmp(r->chain, op->f[NST_F_CHAIN]) == 0 && strcmp(h, op->f[NST_F_HANDLE]) == 0) {
				return 0;
			}
		}
		for (size_t i = 0; i < ns->n_nat; i++) {
			const struct nst_nat_rule *r = &ns->nat[i];
			char h[24];
			snprintf(h, sizeof(h), "%llu", (unsigned long long)r->handle);
			if (strcmp(r->family, op->f[NST_F_FAMILY]) == 0 && strcmp(r->table, op->f[NST_F_TABLE]) == 0 &&
			    strcmp(r->chain, op->f[NST_F_CHAIN]) == 0 && strcmp(h, op->f[NST_F_HANDLE]) == 0) {
				return 0;
			}
		}
		FAIL(NST_F_HANDLE, "%s has no rule %s %s %s handle %s (it may have vanished)", ns->name,
		     op->f[NST_F_FAMILY], op->f[NST_F_TABLE], op->f[NST_F_CHAIN], op->f[NST_F_HANDLE]);
	case NST_OP_IP_FORWARD:
		if (ns->ip_forward == 1) {
			FAIL(NST_F_NS, "net.ipv4.ip_forward is already 1 in %s", ns->name);
		}
		return 0;
	default:
		return 0;
	}
}

static bool acts_on_link(enum nst_op_kind k)
{
	return k == NST_OP_LINK_DEL || k == NST_OP_LINK_UP || k == NST_OP_LINK_DOWN || k == NST_OP_LINK_MOVE ||
	       k == NST_OP_LINK_MASTER || k == NST_OP_LINK_NOMASTER || k == NST_OP_ADDR_ADD || k == NST_OP_ADDR_DEL;
}

void nst_op_remember(struct nst_op *op, const struct nst_model *m)
{
	if (op->seen.ns_set || op->seen.peer_ns_set || op->kind == NST_OP_NS_ADD) {
		return;
	}
	const struct nst_ns *ns = nst_model_find_ns(m, op->f[NST_F_NS]);
	const struct nst_ns *peer = op->f[NST_F_PEER_NS][0] ? nst_model_find_ns(m, op->f[NST_F_PEER_NS]) : NULL;

	if (ns) {
		op->seen.ns_set = true;
		op->seen.ns = ns->id;
		const struct nst_link *l = acts_on_link(op->kind) ? nst_ns_find_link_name(ns, op->f[NST_F_NAME]) : NULL;
		if (l) {
			op->seen.link_set = true;
			op->seen.ifindex = l->ifindex;
		}
	}
	if (peer) {
		op->seen.peer_ns_set = true;
		op->seen.peer_ns = peer->id;
	}
}

/* The names still mean what the person saw (see struct nst_op_seen). */
static int check_seen(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err)
{
	const struct nst_ns *ns = nst_model_find_ns(m, op->f[NST_F_NS]);

	if (op->seen.ns_set && (!ns || !nst_ns_id_eq(ns->id, op->seen.ns))) {
		FAIL(NST_F_NS, "%s is not the namespace shown when this edit was made (deleted or made again since)",
		     op->f[NST_F_NS]);
	}
	if (op->seen.peer_ns_set) {
		const struct nst_ns *p = nst_model_find_ns(m, op->f[NST_F_PEER_NS]);
		if (!p || !nst_ns_id_eq(p->id, op->seen.peer_ns)) {
			FAIL(NST_F_PEER_NS, "%s is not the namespace shown when this edit was made (deleted or made again since)",
			     op->f[NST_F_PEER_NS]);
		}
	}
	if (op->seen.link_set && ns) {
		const struct nst_link *l = nst_ns_find_link_name(ns, op->f[NST_F_NAME]);
		if (!l || l->ifindex != op->seen.ifindex) {
			FAIL(NST_F_NAME, "%s in %s is not the link shown when this edit was made (deleted or made again since)",
			     op->f[NST_F_NAME], op->f[NST_F_NS]);
		}
	}
	return 0;
}

int nst_op_validate(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err)
{
	const struct nst_ns *ns = NULL, *target = NULL;
	const struct nst_link *l = NULL;
	char msg[200];

	err->field = NST_F_NONE;
	err->msg[0] = '\0';
	if (op->too_long) {
		FAIL((enum nst_field)(op->too_long - 1), "a name longer than %d bytes cannot be edited from nstop", NST_OP_TEXT - 1);
	}
	if (check_seen(op, m, err) < 0) {
		return -1;
	}
	switch (op->kind) {
	case NST_OP_NS_ADD:
		if (!nst_check_nsname(op->f[NST_F_NAME], msg, sizeof(msg))) {
			FAIL(NST_F_NAME, "%s", msg);
		}
		if (strcmp(op->f[NST_F_NAME], "/") == 0 || nst_model_find_ns(m, op->f[NST_F_NAME])) {
			FAIL(NST_F_NAME, "a namespace named '%s' already exists", op->f[NST_F_NAME]);
		}
		return 0;
	case NST_OP_NS_DEL:
		if (!(ns = need_ns(m, op, NST_F_NS, err))) {
			return -1;
		}
		if (ns->self) {
			FAIL(NST_F_NS, "'%s' is the namespace nstop runs in; it cannot be deleted from here", ns->name);
		}
		if (ns->kind != NST_NS_NAMED) {
			FAIL(NST_F_NS, "'%s' is held by %s, not a /run/netns name: `ip netns delete` cannot remove it",
			     ns->name, ns->kind == NST_NS_PROCESS ? "processes" : "a mount");
		}
		return 0;
	case NST_OP_VETH_ADD:
		return validate_veth(op, m, err);
	case NST_OP_BRIDGE_ADD:
		if (!(ns = need_ns(m, op, NST_F_NS, err)) || new_ifname(ns, op->f[NST_F_NAME], NST_F_NAME, err) < 0) {
			return -1;
		}
		return optional_cidr(op, NST_F_ADDR, err);
	case NST_OP_LINK_DEL:
		return validate_delete_link(op, m, err);
	case NST_OP_LINK_UP:
	case NST_OP_LINK_DOWN:
	case NST_OP_LINK_NOMASTER:
		if (!(ns = need_ns(m, op, NST_F_NS, err)) || !(l = need_link(ns, op->f[NST_F_NAME], NST_F_NAME, err))) {
			return -1;
		}
		if (op->kind == NST_OP_LINK_NOMASTER && !l->master.ifindex) {
			FAIL(NST_F_NAME, "%s is not attached to a bridge", l->name);
		}
		return 0;
	case NST_OP_LINK_MOVE:
		if (!(ns = need_ns(m, op, NST_F_NS, err)) || !(l = need_link(ns, op->f[NST_F_NAME], NST_F_NAME, err)) ||
		    !(target = need_ns(m, op, NST_F_PEER_NS, err))) {
			return -1;
		}
		if (target == ns) {
			FAIL(NST_F_PEER_NS, "%s is already in %s", l->name, ns->name);
		}
		if (nst_link_is(l, NST_KIND_LOOPBACK)) {
			FAIL(NST_F_NAME, "the loopback device cannot leave its namespace");
		}
		if (nst_ns_find_link_name(target, l->name)) {
			FAIL(NST_F_PEER_NS, "%s already has a link named '%s'", target->name, l->name);
		}
		return 0;
	case NST_OP_LINK_MASTER: {
		if (!(ns = need_ns(m, op, NST_F_NS, err)) || !(l = need_link(ns, op->f[NST_F_NAME], NST_F_NAME, err))) {
			return -1;
		}
		const struct nst_link *br = need_link(ns, op->f[NST_F_PEER], NST_F_PEER, err);
		if (!br) {
			return -1;
		}
		if (!nst_link_is(br, NST_KIND_BRIDGE)) {
			FAIL(NST_F_PEER, "%s is a %s, not a bridge", br->name, br->kind);
		}
		if (br == l) {
			FAIL(NST_F_PEER, "a bridge cannot be its own port");
		}
		if (l->master.ifindex == br->ifindex) {
			FAIL(NST_F_PEER, "%s is already a port of %s", l->name, br->name);
		}
		return 0;
	}
	case NST_OP_ADDR_ADD:
	case NST_OP_ADDR_DEL:
		return validate_addr(op, m, err);
	case NST_OP_ROUTE_ADD:
	case NST_OP_ROUTE_DEL:
		return validate_route(op, m, err);
	case NST_OP_NAT_FORWARD:
	case NST_OP_NAT_MASQ:
	case NST_OP_NAT_DEL:
	case NST_OP_IP_FORWARD:
		return validate_nat(op, m, err);
	}
	FAIL(NST_F_NONE, "unknown edit");
}

/* SPDX-License-Identifier: MIT */
/*
 * iptables-nft's xt matches (conntrack's in decode_xt_ct.c) and the MARK and
 * REJECT targets in nft's words, as nft 1.0.6 lists them (its libxtables
 * translation, the text iptables-translate prints): each info struct by name
 * and revision at the layouts of the kernel's uapi xt_*.h, bytes copied out,
 * never cast. A size or flag nstop does not know keeps the rule raw, saying why.
 */
#include "decode_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* The info is XT_ALIGN(size) bytes as the kernel dumps it; anything else is another layout. */
bool dec_xt_sized(struct dec *d, const struct nst_expr *e, uint32_t size)
{
	uint32_t aligned = (size + 7u) & ~7u;

	if (e->info && e->info_len >= size && e->info_len <= aligned) {
		return true;
	}
	dec_say(d, "xt match \"%s\" rev %u [%u bytes]", e->name, e->rev, e->info ? e->info_len : 0);
	dec_raw(d, "an xt match of a size nstop does not know");
	return false;
}

uint16_t dec_u16_at(const uint8_t *p, size_t off)
{
	uint16_t v;
	memcpy(&v, p + off, sizeof(v));
	return v;
}

uint32_t dec_u32_at(const uint8_t *p, size_t off)
{
	uint32_t v;
	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* Names of bits, in bit order, joined by sep; false when a bit has no name. */
bool dec_bit_names(uint32_t mask, const char *const *names, size_t n, const char *sep, char *out, size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < 32; i++) {
		if (!(mask & (1u << i))) {
			continue;
		}
		if (i >= n || !names[i]) {
			return false;
		}
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s", o ? sep : "", names[i]);
	}
	return o < len;
}

/* The leading ones of a netmask; -1 when it is not leading ones. */
int dec_mask_prefix(const uint8_t *m, size_t n)
{
	int bits = 0;
	bool zero = false;

	for (size_t i = 0; i < n * 8; i++) {
		bool one = m[i / 8] & (0x80 >> (i % 8));
		if (one && zero) {
			return -1;
		}
		zero = zero || !one;
		bits += one;
	}
	return bits;
}

/* xt_addrtype_info (rev 0: u16 source, u16 dest, u32 invert_source, u32 invert_dest) and
 * xt_addrtype_info_v1 (rev 1: u16 source, u16 dest, u32 flags): `fib saddr type local`. */
static void addrtype(struct dec *d, const struct nst_expr *e)
{
	static const char *const types[] = { "unspec", "unicast", "local", "broadcast", "anycast",
					     "multicast", "blackhole", "unreachable", "prohibit" };
	enum { INV_SRC = 1, INV_DST = 2, IFACE_IN = 4, IFACE_OUT = 8 };
	uint32_t flags = 0;

	dec_other(d);
	if (e->rev > 1 || !dec_xt_sized(d, e, e->rev == 0 ? 12 : 8)) {
		if (e->rev > 1) {
			dec_say(d, "xt match \"addrtype\" rev %u", e->rev);
			dec_raw(d, "an addrtype revision nstop does not know");
		}
		return;
	}
	uint16_t src = dec_u16_at(e->info, 0), dst = dec_u16_at(e->info, 2);
	if (e->rev == 0) {
		flags = (dec_u32_at(e->info, 4) ? INV_SRC : 0) | (dec_u32_at(e->info, 8) ? INV_DST : 0);
	} else {
		flags = dec_u32_at(e->info, 4);
	}
	if (flags & ~(uint32_t)(INV_SRC | INV_DST | IFACE_IN | IFACE_OUT) || (flags & IFACE_IN && flags & IFACE_OUT)) {
		dec_say(d, "xt match \"addrtype\" flags 0x%x", flags);
		dec_raw(d, "addrtype flags nstop does not know");
		return;
	}
	const char *iface = flags & IFACE_IN ? " . iif" : flags & IFACE_OUT ? " . oif" : "";
	for (int side = 0; side < 2; side++) {
		uint16_t mask = side ? dst : src;
		bool inv = flags & (side ? INV_DST : INV_SRC);
		char names[160];

		if (!mask) {
			continue;
		}
		if (!dec_bit_names(mask, types, sizeof(types) / sizeof(types[0]), ", ", names, sizeof(names))) {
			dec_say(d, "fib %s%s type 0x%x", side ? "daddr" : "saddr", iface, mask);
			dec_raw(d, "an address type nft has no name for (throw, nat, xresolve)");
			continue;
		}
		bool many = (mask & (mask - 1)) != 0;
		dec_say(d, "fib %s%s type %s%s%s%s", side ? "daddr" : "saddr", iface, inv ? "!= " : "", many ? "{ " : "",
			names, many ? " }" : "");
	}
	if (!src && !dst) {
		dec_say(d, "xt match \"addrtype\"");
		dec_raw(d, "an addrtype match without a type");
	}
}

/* xt_mark_mtinfo1 (rev 1): u32 mark, u32 mask, u8 invert. Written as nft lists a native mark match. */
static void mark(struct dec *d, const struct nst_expr *e)
{
	if (e->rev != 1) {
		/* rev 0's struct holds unsigned longs: its layout is the writer's architecture */
		dec_other(d);
		dec_say(d, "xt match \"mark\" rev %u", e->rev);
		dec_raw(d, "a mark revision nstop does not know");
		return;
	}
	if (!dec_xt_sized(d, e, 9)) {
		dec_other(d);
		return;
	}
	uint32_t v = dec_u32_at(e->info, 0), mask = dec_u32_at(e->info, 4);
	bool inv = e->info[8] != 0;
	dec_other(d);
	if (mask == 0xffffffffu) {
		dec_say(d, "meta mark %s0x%08x", inv ? "!= " : "", v);
	} else {
		dec_say(d, "meta mark & 0x%08x %s 0x%08x", mask, inv ? "!=" : "==", v);
	}
}

/* xt_statistic_info (rev 0): u16 mode, u16 flags, then random.probability u32 or nth.every, nth.packet u32. */
static void statistic(struct dec *d, const struct nst_expr *e)
{
	enum { MODE_RANDOM = 0, MODE_NTH = 1, INVERT = 1 };

	dec_other(d);
	d->rule->match.chance = true;
	if (e->rev != 0 || !dec_xt_sized(d, e, 24)) {
		if (e->rev != 0) {
			dec_say(d, "xt match \"statistic\" rev %u", e->rev);
			dec_raw(d, "a statistic revision nstop does not know");
		}
		return;
	}
	uint16_t mode = dec_u16_at(e->info, 0), flags = dec_u16_at(e->info, 2);
	bool inv = flags & INVERT;
	if (flags & ~INVERT || mode > MODE_NTH) {
		dec_say(d, "xt match \"statistic\" mode %u flags 0x%x", mode, flags);
		dec_raw(d, "a statistic mode nstop does not know");
		return;
	}
	if (mode == MODE_RANDOM) {
		/* probability is p * 2^31: a random 31-bit number below it */
		dec_say(d, "meta random & 2147483647 %s %u", inv ? ">=" : "<", dec_u32_at(e->info, 4));
		return;
	}
	uint32_t every = dec_u32_at(e->info, 4), packet = dec_u32_at(e->info, 8);
	if (every == 0xffffffffu) {
		dec_say(d, "xt match \"statistic\" nth every %u", every);
		dec_raw(d, "a statistic nth count that overflows");
		return;
	}
	/* --every N is stored as N - 1 */
	dec_say(d, "numgen inc mod %u %s%u", every + 1, inv ? "!= " : "", packet);
}

/* An interface name of xt_physdev_info: NUL within IFNAMSIZ, or it is not one. */
static bool ifname16(const uint8_t *p, char *out)
{
	const uint8_t *nul = memchr(p, '\0', 16);
	if (!nul) {
		return false;
	}
	memcpy(out, p, (size_t)(nul - p) + 1);
	return true;
}

/* xt_physdev_info (rev 0): physindev[16], in_mask[16], physoutdev[16], out_mask[16], u8 invert, u8 bitmask.
 * nft has no words for it outside the bridge family: iptables-save's, the rule raw. */
static void physdev(struct dec *d, const struct nst_expr *e)
{
	enum { OP_IN = 1, OP_OUT = 2, OP_BRIDGED = 4, OP_ISIN = 8, OP_ISOUT = 16 };
	static const char *const opt[] = { "--physdev-in", "--physdev-out", "--physdev-is-bridged", "--physdev-is-in",
					   "--physdev-is-out" };
	char in[16], out[16], text[200];
	size_t o;

	dec_other(d);
	if (e->rev != 0 || !dec_xt_sized(d, e, 66)) {
		if (e->rev != 0) {
			dec_say(d, "xt match \"physdev\" rev %u", e->rev);
			dec_raw(d, "a physdev revision nstop does not know");
		}
		return;
	}
	uint8_t inv = e->info[64], bits = e->info[65];
	if (!ifname16(e->info, in) || !ifname16(e->info + 32, out) || bits & ~0x1fu || !bits) {
		dec_say(d, "xt match \"physdev\" [bad names or options 0x%x]", bits);
		dec_raw(d, "a physdev match nstop cannot read");
		return;
	}
	o = (size_t)snprintf(text, sizeof(text), "xt physdev");
	/* iptables-save's order: in, out, is-in, is-out, is-bridged */
	static const int order[] = { 0, 1, 3, 4, 2 };
	for (size_t k = 0; k < 5; k++) {
		int i = order[k];
		if (!(bits & (1u << i))) {
			continue;
		}
		o += (size_t)snprintf(text + o, sizeof(text) - o, " %s%s", inv & (1u << i) ? "! " : "", opt[i]);
		if (i < 2) {
			o += (size_t)snprintf(text + o, sizeof(text) - o, " \"%s\"", i ? out : in);
		}
	}
	dec_say(d, "%s", text);
	dec_raw(d, "physdev: nft has no words for it in this family");
}

/* xt_multiport (rev 0: u8 flags, u8 count, u16 ports[15]) and xt_multiport_v1 (+ u8 pflags[15], u8 invert):
 * `tcp dport { 80, 443 }`; --ports is sport or dport, which nft writes as a concatenation. */
static void multiport(struct dec *d, const struct nst_expr *e)
{
	enum { SOURCE = 0, DEST = 1, EITHER = 2, MAXP = 15 };
	const char *l4 = d->l4 && strcmp(d->l4, "th") != 0 ? d->l4 : d->rule->match.proto;
	char list[512];
	size_t o = 0;

	if (e->rev > 1 || !dec_xt_sized(d, e, e->rev == 0 ? 32 : 48)) {
		dec_other(d);
		if (e->rev > 1) {
			dec_say(d, "xt match \"multiport\" rev %u", e->rev);
			dec_raw(d, "a multiport revision nstop does not know");
		}
		return;
	}
	const uint8_t *p = e->info;
	uint8_t flags = p[0], count = p[1];
	bool inv = e->rev == 1 && p[47];
	if (flags > EITHER || count == 0 || count > MAXP || !l4[0] || l4[0] == '!' || strlen(l4) > 12) {
		dec_other(d);
		dec_say(d, "xt match \"multiport\" [flags %u, %u ports]", flags, count);
		dec_raw(d, "a multiport match nstop cannot read");
		return;
	}
	size_t items = 0;
	char one[24] = "";
	for (unsigned i = 0; i < count; i++) {
		uint16_t lo = dec_u16_at(p, 2 + 2 * i), hi = lo;
		/* rev 1: pflags[i] joins ports[i] and ports[i + 1] into a range */
		if (e->rev == 1 && p[32 + i] && i + 1 < count) {
			hi = dec_u16_at(p, 2 + 2 * (i + 1));
			i++;
		}
		char v[16];
		snprintf(v, sizeof(v), lo == hi ? "%u" : "%u-%u", lo, hi);
		if (flags == EITHER) {
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s0-65535 . %s, %s . 0-65535", items ? ", " : "", v, v);
		} else {
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", items ? ", " : "", v);
		}
		snprintf(one, sizeof(one), "%s", v);
		items++;
	}
	const char *neg = inv ? "!= " : "";
	if (flags == EITHER) {
		dec_other(d);
		dec_say(d, "%s sport . %s dport %s{ %s }", l4, l4, neg, list);
		return;
	}
	const char *dir = flags == SOURCE ? "sport" : "dport";
	if (items == 1) {
		struct nst_nat_match *m = &d->rule->match;
		dec_set_field(d, flags == SOURCE ? m->sport : m->dport, sizeof(m->sport), inv ? CMP_NEQ : CMP_EQ, one);
		dec_say(d, "%s %s %s%s", l4, dir, neg, one);
		return;
	}
	dec_other(d);
	dec_say(d, "%s %s %s{ %s }", l4, dir, neg, list);
}

/*
 * ipset's set match: xt_set_info_match_v0 (u16 index, u32 flags[7], the last holding u8 dim, u8 flags at
 * 28, 29; flags[i] & IPSET_SRC 1 per dimension, flags[0] & IPSET_MATCH_INV 4), v1/v2 (u16 index, u8 dim,
 * u8 flags: bit 0 IPSET_INV_MATCH, bit i IPSET_DIM_i source, bit 7 IPSET_RETURN_NOMATCH), v3/v4 (the
 * same, then counters and u32 flags at 40). nft has no words for an ipset: iptables-save's, `xt set #3
 * src,dst`, the set by its kernel index until the backend names it (nst_fw_rule_ipset_name).
 */
static void set_match(struct dec *d, const struct nst_expr *e)
{
	enum { V0_SRC = 1, V0_INV = 4, INV = 1, RETURN_NOMATCH = 0x80, DIM_MAX = 6 };
	static const uint32_t size[] = { 32, 4, 4, 44, 44 };
	uint8_t dim, flags;
	uint32_t extra = 0;
	bool inv;

	dec_other(d);
	if (e->rev > 4 || !dec_xt_sized(d, e, size[e->rev])) {
		if (e->rev > 4) {
			dec_say(d, "xt match \"set\" rev %u", e->rev);
			dec_raw(d, "a set revision nstop does not know");
		}
		return;
	}
	uint16_t index = dec_u16_at(e->info, 0);
	if (e->rev == 0) {
		dim = e->info[28];
		flags = e->info[29];
		inv = dec_u32_at(e->info, 4) & V0_INV;
	} else {
		dim = e->info[2];
		flags = e->info[3];
		inv = flags & INV;
	}
	if (e->rev >= 3) {
		extra = dec_u32_at(e->info, 40);
	}
	if (dim < 1 || dim > DIM_MAX) {
		dec_say(d, "xt match \"set\" #%u dim %u", index, dim);
		dec_raw(d, "a set match of a dimension nstop does not know");
		return;
	}
	char dirs[40];
	size_t o = 0;
	for (unsigned i = 0; i < dim; i++) {
		bool src = e->rev == 0 ? (dec_u32_at(e->info, 4 + 4 * i) & V0_SRC) : (flags & (1u << (i + 1)));
		o += (size_t)snprintf(dirs + o, sizeof(dirs) - o, "%s%s", i ? "," : "", src ? "src" : "dst");
	}
	dec_say(d, "xt set %s#%u %s", inv ? "! " : "", index, dirs);
	if (e->rev > 0 && flags & RETURN_NOMATCH) {
		dec_say(d, "return-nomatch");
	}
	if (extra) {
		dec_say(d, "[set flags 0x%x]", extra);
	}
	dec_raw(d, "an ipset match: nft has no words for it");
}

/* ipt_icmp (rev 0): u8 type, u8 code[2], u8 invflags (IPT_ICMP_INV 1). Only a type with every code has nft words. */
static void icmp(struct dec *d, const struct nst_expr *e)
{
	static const char *const names[] = {
		[0] = "echo-reply",	       [3] = "destination-unreachable", [4] = "source-quench",
		[5] = "redirect",	       [8] = "echo-request",		 [9] = "router-advertisement",
		[10] = "router-solicitation", [11] = "time-exceeded",		 [12] = "parameter-problem",
		[13] = "timestamp-request",   [14] = "timestamp-reply",		 [15] = "info-request",
		[16] = "info-reply",	       [17] = "address-mask-request",	 [18] = "address-mask-reply",
	};

	dec_other(d);
	if (e->rev != 0 || !dec_xt_sized(d, e, 4)) {
		if (e->rev != 0) {
			dec_say(d, "xt match \"icmp\" rev %u", e->rev);
			dec_raw(d, "an icmp revision nstop does not know");
		}
		return;
	}
	uint8_t type = e->info[0], lo = e->info[1], hi = e->info[2], inv = e->info[3];
	const char *name = type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
	if (lo != 0 || hi != 0xff || inv & ~1u || !name) {
		dec_say(d, "xt match \"icmp\" type %u code %u-%u%s", type, lo, hi, inv & 1 ? " inverted" : "");
		dec_raw(d, "an icmp match nft has no words for (a code, type any)");
		return;
	}
	dec_say(d, "icmp type %s%s", inv & 1 ? "!= " : "", name);
}

/* ip6t_icmp (the "icmp6" match, rev 0): the same layout as ipt_icmp, nft's icmpv6 type names. The types
 * libxtables cannot translate (nft lists them "xt match icmp6") get nft's own native names. */
static void icmp6(struct dec *d, const struct nst_expr *e)
{
	static const struct {
		uint8_t type;
		const char *name;
	} names[] = {
		{ 1, "destination-unreachable" }, { 2, "packet-too-big" },	  { 3, "time-exceeded" },
		{ 4, "parameter-problem" },	  { 128, "echo-request" },	  { 129, "echo-reply" },
		{ 130, "mld-listener-query" },	  { 131, "mld-listener-report" }, { 132, "mld-listener-done" },
		{ 133, "nd-router-solicit" },	  { 134, "nd-router-advert" },	  { 135, "nd-neighbor-solicit" },
		{ 136, "nd-neighbor-advert" },	  { 137, "nd-redirect" },	  { 138, "router-renumbering" },
		{ 141, "ind-neighbor-solicit" },  { 142, "ind-neighbor-advert" }, { 143, "mld2-listener-report" },
	};
	const char *name = NULL;

	dec_other(d);
	if (e->rev != 0 || !dec_xt_sized(d, e, 4)) {
		if (e->rev != 0) {
			dec_say(d, "xt match \"icmp6\" rev %u", e->rev);
			dec_raw(d, "an icmp6 revision nstop does not know");
		}
		return;
	}
	uint8_t type = e->info[0], lo = e->info[1], hi = e->info[2], inv = e->info[3];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		name = names[i].type == type ? names[i].name : name;
	}
	if (lo != 0 || hi != 0xff || inv & ~1u || !name) {
		dec_say(d, "xt match \"icmp6\" type %u code %u-%u%s", type, lo, hi, inv & 1 ? " inverted" : "");
		dec_raw(d, "an icmpv6 match nft has no words for (a code, an unnamed type)");
		return;
	}
	dec_say(d, "icmpv6 type %s%s", inv & 1 ? "!= " : "", name);
}

/* xt_mark_tginfo2 (MARK rev 2): u32 mark, u32 mask; new = (old & ~mask) ^ mark, in libxt_MARK's words. */
static void mark_target(struct dec *d, const struct nst_expr *e)
{
	if (e->rev != 2 || !e->info || e->info_len != 8) {
		dec_say(d, "xt target \"MARK\" rev %u [%u bytes]", e->rev, e->info ? e->info_len : 0);
		dec_raw(d, "a MARK target of a layout nstop does not know");
		return;
	}
	uint32_t mark = dec_u32_at(e->info, 0), mask = dec_u32_at(e->info, 4);
	if (mask == 0xffffffffu) {
		dec_say(d, "meta mark set 0x%x", mark);
	} else if (mark == 0) {
		dec_say(d, "meta mark set mark and 0x%x", ~mask);
	} else if (mark == mask) {
		dec_say(d, "meta mark set mark or 0x%x", mark);
	} else if (mask == 0) {
		dec_say(d, "meta mark set mark xor 0x%x", mark);
	} else {
		dec_say(d, "meta mark set mark and 0x%x xor 0x%x", ~mask, mark);
	}
}

/* ipt_reject_info / ip6t_reject_info (REJECT rev 0): u32 with; port-unreachable is nft's plain reject. */
static void reject_target(struct dec *d, const struct nst_expr *e)
{
	static const char *const v4[] = { "net-unreachable", "host-unreachable", "prot-unreachable", NULL, NULL,
					  "net-prohibited", "host-prohibited", NULL, "admin-prohibited" };
	static const char *const v6[] = { "no-route", "admin-prohibited", NULL, "addr-unreachable", NULL, NULL,
					  NULL, "policy-fail", "reject-route" };
	enum { V4_PORT = 3, V4_TCP_RESET = 7, V6_PORT = 4, V6_TCP_RESET = 6 };

	if (e->rev != 0 || !dec_xt_sized(d, e, 4)) {
		if (e->rev != 0) {
			dec_say(d, "xt target \"REJECT\" rev %u", e->rev);
			dec_raw(d, "a REJECT revision nstop does not know");
		}
		return;
	}
	uint32_t with = dec_u32_at(e->info, 0);
	bool v6fam = d->ipv6;
	if (with == (v6fam ? V6_PORT : V4_PORT)) {
		dec_say(d, "reject");
	} else if (with == (v6fam ? V6_TCP_RESET : V4_TCP_RESET)) {
		dec_say(d, "reject with tcp reset");
	} else if (with < 9 && (v6fam ? v6 : v4)[with]) {
		dec_say(d, "reject with %s type %s", v6fam ? "icmpv6" : "icmp", (v6fam ? v6 : v4)[with]);
	} else {
		dec_say(d, "xt target \"REJECT\" with %u", with);
		dec_raw(d, "a REJECT nft has no words for (echo-reply, not-neighbour)");
	}
}

bool dec_on_xt_target_more(struct dec *d, const struct nst_expr *e)
{
	if (strcmp(e->name, "MARK") == 0) {
		mark_target(d, e);
		return true;
	}
	if (strcmp(e->name, "REJECT") == 0) {
		reject_target(d, e);
		return true;
	}
	return dec_xt_misc_target(d, e);
}

void dec_on_xt_match(struct dec *d, const struct nst_expr *e)
{
	static const struct {
		const char *name;
		void (*fn)(struct dec *, const struct nst_expr *);
	} matches[] = {
		{ "addrtype", addrtype }, { "conntrack", dec_xt_conntrack }, { "mark", mark },		{ "statistic", statistic },
		{ "physdev", physdev },	  { "multiport", multiport }, { "set", set_match },	{ "icmp", icmp },
		{ "state", dec_xt_state },	  { "icmp6", icmp6 },
	};

	for (size_t i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		if (strcmp(e->name, matches[i].name) == 0) {
			matches[i].fn(d, e);
			return;
		}
	}
	if (dec_xt_misc_match(d, e)) {
		return;
	}
	dec_other(d);
	dec_say(d, "xt match \"%s\"", e->name);
	dec_raw(d, "an xt match nstop does not decode");
}

/* SPDX-License-Identifier: MIT */
/*
 * The other xt matches and targets iptables-nft rules commonly carry, in
 * the words nft 1.0.6 lists them (libxtables' translation): iprange,
 * pkttype, connmark, owner, length, tcp, udp; the CONNMARK and LOG targets. Layouts of
 * the kernel's uapi xt_*.h, bytes copied out; anything else stays raw.
 */
#include "decode_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* xt_iprange_mtinfo (rev 1): union nf_inet_addr src_min, src_max, dst_min, dst_max; u8 flags at 64. */
static void iprange(struct dec *d, const struct nst_expr *e)
{
	enum { SRC = 1, DST = 2, SRC_INV = 0x10, DST_INV = 0x20 };
	const char *ip = d->ipv6 ? "ip6" : "ip";
	int af = d->ipv6 ? AF_INET6 : AF_INET;

	if (e->rev != 1 || !dec_xt_sized(d, e, 65)) {
		if (e->rev != 1) {
			dec_say(d, "xt match \"iprange\" rev %u", e->rev);
			dec_raw(d, "an iprange revision nstop does not know");
		}
		return;
	}
	uint8_t flags = e->info[64];
	if (flags & ~(SRC | DST | SRC_INV | DST_INV) || !(flags & (SRC | DST))) {
		dec_say(d, "xt match \"iprange\" flags 0x%x", flags);
		dec_raw(d, "iprange flags nstop does not know");
		return;
	}
	for (int side = 0; side < 2; side++) {
		char lo[64], hi[64];
		if (!(flags & (side ? DST : SRC))) {
			continue;
		}
		dec_fmt_addr(af, e->info + 32 * side, lo, sizeof(lo));
		dec_fmt_addr(af, e->info + 32 * side + 16, hi, sizeof(hi));
		dec_say(d, "%s %s %s%s-%s", ip, side ? "daddr" : "saddr", flags & (side ? DST_INV : SRC_INV) ? "!= " : "",
			lo, hi);
	}
}

/* xt_pkttype_info: int pkttype, int invert (PACKET_HOST 0, BROADCAST 1, MULTICAST 2, as libxt_pkttype names them). */
static void pkttype(struct dec *d, const struct nst_expr *e)
{
	static const char *const names[] = { "unicast", "broadcast", "multicast" };

	if (e->rev != 0 || !dec_xt_sized(d, e, 8)) {
		if (e->rev != 0) {
			dec_say(d, "xt match \"pkttype\" rev %u", e->rev);
			dec_raw(d, "a pkttype revision nstop does not know");
		}
		return;
	}
	uint32_t type = dec_u32_at(e->info, 0), inv = dec_u32_at(e->info, 4);
	if (type > 2) {
		dec_say(d, "xt match \"pkttype\" %u", type);
		dec_raw(d, "a packet type nstop has no name for");
		return;
	}
	dec_say(d, "pkttype %s%s", inv ? "!= " : "", names[type]);
}

/* xt_connmark_mtinfo1 (rev 1): u32 mark, u32 mask, u8 invert. */
static void connmark(struct dec *d, const struct nst_expr *e)
{
	if (e->rev != 1 || !dec_xt_sized(d, e, 9)) {
		if (e->rev != 1) {
			dec_say(d, "xt match \"connmark\" rev %u", e->rev);
			dec_raw(d, "a connmark revision nstop does not know");
		}
		return;
	}
	uint32_t mark = dec_u32_at(e->info, 0), mask = dec_u32_at(e->info, 4);
	const char *neg = e->info[8] ? "!= " : "";
	if (mask == 0xffffffffu) {
		dec_say(d, "ct mark %s0x%x", neg, mark);
	} else {
		dec_say(d, "ct mark and 0x%x %s0x%x", mask, neg, mark);
	}
}

/* xt_owner_match_info (rev 1): u32 uid_min, uid_max, gid_min, gid_max; u8 match, invert (UID 1, GID 2). */
static void owner(struct dec *d, const struct nst_expr *e)
{
	enum { UID = 1, GID = 2 };

	if (e->rev != 1 || !dec_xt_sized(d, e, 18)) {
		if (e->rev != 1) {
			dec_say(d, "xt match \"owner\" rev %u", e->rev);
			dec_raw(d, "an owner revision nstop does not know");
		}
		return;
	}
	uint8_t match = e->info[16], inv = e->info[17];
	if (!match || match & ~(UID | GID) || inv & ~match) {
		/* --socket-exists, --suppl-groups: nft has no words */
		dec_say(d, "xt match \"owner\" match 0x%x invert 0x%x", match, inv);
		dec_raw(d, "an owner option nft has no words for");
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (!(match & (1u << i))) {
			continue;
		}
		uint32_t lo = dec_u32_at(e->info, 8u * (unsigned)i), hi = dec_u32_at(e->info, 8u * (unsigned)i + 4);
		const char *neg = inv & (1u << i) ? "!= " : "";
		if (lo == hi) {
			dec_say(d, "%s %s%u", i ? "skgid" : "skuid", neg, lo);
		} else {
			dec_say(d, "%s %s%u-%u", i ? "skgid" : "skuid", neg, lo, hi);
		}
	}
}

/* xt_length_info: u16 min, u16 max, u8 invert. */
static void length(struct dec *d, const struct nst_expr *e)
{
	if (e->rev != 0 || !dec_xt_sized(d, e, 5)) {
		if (e->rev != 0) {
			dec_say(d, "xt match \"length\" rev %u", e->rev);
			dec_raw(d, "a length revision nstop does not know");
		}
		return;
	}
	uint16_t lo = dec_u16_at(e->info, 0), hi = dec_u16_at(e->info, 2);
	const char *neg = e->info[4] ? "!= " : "";
	if (lo == hi) {
		dec_say(d, "meta length %s%u", neg, lo);
	} else {
		dec_say(d, "meta length %s%u-%u", neg, lo, hi);
	}
}

/*
 * xt_tcp (u16 spts[2], dpts[2] in host order; u8 option, flg_mask, flg_cmp,
 * invflags: 12 bytes) and xt_udp (ports; u8 invflags, pad: 10): iptables'
 * `-m tcp --dport 80` is nft's `tcp dport 80`, a field of the record; the
 * whole range is no condition (kube-proxy's bare `-m tcp`). TCP flags and
 * options stay raw.
 */
static void tcpudp(struct dec *d, const struct nst_expr *e)
{
	enum { INV_SRC = 1, INV_DST = 2, TCP_KNOWN_INV = INV_SRC | INV_DST };
	bool tcp = strcmp(e->name, "tcp") == 0;
	uint32_t size = tcp ? 12 : 10;

	if (e->rev != 0 || !dec_xt_sized(d, e, size)) {
		dec_other(d);
		if (e->rev != 0) {
			dec_say(d, "xt match \"%s\" rev %u", e->name, e->rev);
			dec_raw(d, "a tcp/udp match revision nstop does not know");
		}
		return;
	}
	uint8_t inv = e->info[tcp ? 11 : 8];
	if (tcp && (e->info[8] || e->info[9] || (inv & ~TCP_KNOWN_INV))) {
		dec_other(d);
		dec_say(d, "xt match \"tcp\" flags 0x%02x/0x%02x option %u", e->info[10], e->info[9], e->info[8]);
		dec_raw(d, "a tcp match on flags or options");
		return;
	}
	if (!tcp && (inv & ~TCP_KNOWN_INV)) {
		dec_other(d);
		dec_say(d, "xt match \"udp\" [invflags 0x%x]", inv);
		dec_raw(d, "a udp match nstop does not know");
		return;
	}
	for (int k = 0; k < 2; k++) {
		uint16_t lo = dec_u16_at(e->info, (uint32_t)(4 * k)), hi = dec_u16_at(e->info, (uint32_t)(4 * k + 2));
		char v[16];
		if (lo == 0 && hi == 0xffff && !(inv & (k ? INV_DST : INV_SRC))) {
			continue; /* every port: no condition */
		}
		if (lo == hi) {
			snprintf(v, sizeof(v), "%u", lo);
		} else {
			snprintf(v, sizeof(v), "%u-%u", lo, hi);
		}
		dec_port_match(d, k ? 2 : 0, tcp ? "tcp" : "udp", inv & (k ? INV_DST : INV_SRC) ? 1 : 0, v);
	}
}

bool dec_xt_misc_match(struct dec *d, const struct nst_expr *e)
{
	if (strcmp(e->name, "tcp") == 0 || strcmp(e->name, "udp") == 0) {
		tcpudp(d, e); /* its ports are fields of the record: not "other" */
		return true;
	}

	static const struct {
		const char *name;
		void (*fn)(struct dec *, const struct nst_expr *);
	} matches[] = {
		{ "iprange", iprange }, { "pkttype", pkttype }, { "connmark", connmark },
		{ "owner", owner },     { "length", length },
	};

	for (size_t i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		if (strcmp(e->name, matches[i].name) == 0) {
			dec_other(d);
			matches[i].fn(d, e);
			return true;
		}
	}
	return false;
}

/* xt_connmark_tginfo1 (rev 1: u32 ctmark, ctmask, nfmask; u8 mode) and tginfo2 (rev 2: ...; u8 shift_dir,
 * shift_bits, mode): whole-mark set, save and restore, as libxt_CONNMARK writes them. */
static void connmark_target(struct dec *d, const struct nst_expr *e)
{
	enum { SET = 0, SAVE = 1, RESTORE = 2 };

	if ((e->rev != 1 && e->rev != 2) || !dec_xt_sized(d, e, e->rev == 1 ? 13 : 15)) {
		if (e->rev != 1 && e->rev != 2) {
			dec_say(d, "xt target \"CONNMARK\" rev %u", e->rev);
			dec_raw(d, "a CONNMARK revision nstop does not know");
		}
		return;
	}
	uint32_t ctmark = dec_u32_at(e->info, 0), ctmask = dec_u32_at(e->info, 4), nfmask = dec_u32_at(e->info, 8);
	uint8_t mode = e->rev == 1 ? e->info[12] : e->info[14];
	bool shift = e->rev == 2 && e->info[13] != 0;
	bool whole = ctmask == 0xffffffffu && (mode == SET || nfmask == 0xffffffffu);
	if (shift || !whole || mode > RESTORE) {
		dec_say(d, "xt target \"CONNMARK\" mode %u", mode);
		dec_raw(d, "a CONNMARK with masks or shifts nstop does not write");
		return;
	}
	if (mode == SET) {
		dec_say(d, "ct mark set 0x%x", ctmark);
	} else if (mode == SAVE) {
		dec_say(d, "ct mark set mark");
	} else {
		dec_say(d, "meta mark set ct mark");
	}
}

/* xt_log_info (LOG rev 0): u8 level, u8 logflags, char prefix[30]; level 4 (warn) is nft's default. */
static void log_target(struct dec *d, const struct nst_expr *e)
{
	static const char *const levels[] = { "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug" };
	char prefix[32];

	if (e->rev != 0 || !dec_xt_sized(d, e, 32)) {
		if (e->rev != 0) {
			dec_say(d, "xt target \"LOG\" rev %u", e->rev);
			dec_raw(d, "a LOG revision nstop does not know");
		}
		return;
	}
	uint8_t level = e->info[0], flags = e->info[1];
	const uint8_t *nul = memchr(e->info + 2, '\0', 30);
	if (!nul || level > 7 || flags) {
		dec_say(d, "xt target \"LOG\" level %u flags 0x%x", level, flags);
		dec_raw(d, "a LOG with options nstop does not write");
		return;
	}
	memcpy(prefix, e->info + 2, (size_t)(nul - (e->info + 2)) + 1);
	char text[96];
	size_t o = (size_t)snprintf(text, sizeof(text), "log");
	if (prefix[0]) {
		o += (size_t)snprintf(text + o, sizeof(text) - o, " prefix \"%s\"", prefix);
		if (strpbrk(prefix, "\"\\") || !dec_printable(prefix)) {
			dec_raw(d, "a log prefix nft cannot write between quotes"); /* never re-emitted as a command */
		}
	}
	if (level != 4) {
		snprintf(text + o, sizeof(text) - o, " level %s", levels[level]);
	}
	dec_say(d, "%s", text);
}

bool dec_xt_misc_target(struct dec *d, const struct nst_expr *e)
{
	if (strcmp(e->name, "CONNMARK") == 0) {
		connmark_target(d, e);
		return true;
	}
	if (strcmp(e->name, "LOG") == 0) {
		log_target(d, e);
		return true;
	}
	return false;
}

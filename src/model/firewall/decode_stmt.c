/* SPDX-License-Identifier: MIT */
/*
 * Statements: nat, masquerade, redirect (native and iptables-nft xt targets),
 * verdicts, reject and queue, as nft writes them.
 */
#include "decode_internal.h"
#include "quote.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/*
 * Address (and port) a nat statement reads from registers: true when there is
 * none (min 0) or it is an immediate; otherwise out names the register.
 */
static bool reg_addr(struct dec *d, uint32_t min, uint32_t max, int af, char *out, size_t len)
{
	char a[NST_ADDR_TEXT], b[NST_ADDR_TEXT];
	const struct reg *lo = dec_reg(d, min), *hi = dec_reg(d, max);
	uint32_t alen = af == AF_INET6 ? 16 : 4;

	out[0] = '\0';
	if (!min) {
		return true;
	}
	if (lo->kind != R_IMM || lo->data_len != alen || (max && max != min && (hi->kind != R_IMM || hi->data_len != alen))) {
		dec_reg_name(d, min, lo, out, len);
		return false;
	}
	dec_fmt_addr(af, lo->data, a, sizeof(a));
	if (max && max != min && memcmp(hi->data, lo->data, alen) != 0) {
		dec_fmt_addr(af, hi->data, b, sizeof(b));
		snprintf(out, len, "%s-%s", a, b);
	} else {
		snprintf(out, len, "%s", a);
	}
	return true;
}

static bool reg_port(struct dec *d, uint32_t min, uint32_t max, char *out, size_t len)
{
	const struct reg *lo = dec_reg(d, min), *hi = dec_reg(d, max);

	out[0] = '\0';
	if (!min) {
		return true;
	}
	if (lo->kind != R_IMM || lo->data_len != 2 || (max && max != min && (hi->kind != R_IMM || hi->data_len != 2))) {
		dec_reg_name(d, min, lo, out, len);
		return false;
	}
	uint16_t p = dec_be16(lo->data);
	if (max && max != min && dec_be16(hi->data) != p) {
		snprintf(out, len, "%u-%u", p, dec_be16(hi->data));
	} else {
		snprintf(out, len, "%u", p);
	}
	return true;
}

/* nf_nat range flags as nft prints them after the target; unknown ones make the rule raw. */
static void say_flags(struct dec *d, uint32_t flags)
{
	char buf[64] = "";

	/* nft joins them with commas: "masquerade random,persistent" */
	if (flags & RANGE_RANDOM) {
		strcat(buf, "random");
	}
	if (flags & RANGE_RANDOM_FULLY) {
		strcat(buf, buf[0] ? ",fully-random" : "fully-random");
	}
	if (flags & RANGE_PERSISTENT) {
		strcat(buf, buf[0] ? ",persistent" : "persistent");
	}
	if (flags & ~(uint32_t)RANGE_KNOWN) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s[flags 0x%x]", buf[0] ? "," : "",
			 flags & ~(uint32_t)RANGE_KNOWN);
		dec_raw(d, "a nat flag nstop does not know");
	}
	if (buf[0]) {
		dec_say(d, "%s", buf);
	}
}

/* "dnat to ADDR:PORT"; an address or port from a register nstop could not read is named, rule raw. */
static void say_to(struct dec *d, const char *verb, const char *fam, const char *addr, const char *port)
{
	bool v6 = strchr(addr, ':') != NULL;

	if (addr[0] && port[0]) {
		dec_say(d, "%s%s to %s%s%s:%s", verb, fam, v6 ? "[" : "", addr, v6 ? "]" : "", port);
	} else if (addr[0]) {
		dec_say(d, "%s%s to %s", verb, fam, addr);
	} else if (port[0]) {
		dec_say(d, "%s%s to :%s", verb, fam, port);
	} else {
		dec_say(d, "%s%s", verb, fam);
	}
}

/* nat, masq, redir: where they read address and ports (0: none). */
void dec_on_nat_stmt(struct dec *d, const char *verb, const char *fam, int af, const struct nst_expr *e,
			bool with_addr)
{
	struct nst_nat_rule *r = d->rule;
	char addr[sizeof(d->rule->to_addr)] = "", port[48];
	bool ok = true;

	if (with_addr) {
		ok = reg_addr(d, e->reg_addr_min, e->reg_addr_max, af, addr, sizeof(addr));
	}
	ok = reg_port(d, e->reg_proto_min, e->reg_proto_max, port, sizeof(port)) && ok;
	if (ok) {
		snprintf(r->to_addr, sizeof(r->to_addr), "%s", addr);
		snprintf(r->to_port, sizeof(r->to_port), "%s", port);
	} else {
		dec_raw(d, "a nat address or port from a register nstop cannot read");
	}
	say_to(d, verb, fam, addr, port);
	say_flags(d, e->flags);
}

void dec_on_nat(struct dec *d, const struct nst_expr *e, const char *family)
{
	struct nst_nat_rule *r = d->rule;
	int af = e->nat_family == NFPROTO_IPV6 ? AF_INET6 : AF_INET;
	/* inet tables name the family in the statement: "dnat ip to ..." */
	const char *fam = strcmp(family, "inet") == 0 ? (af == AF_INET6 ? " ip6" : " ip") : "";

	if (e->nat_type != NAT_DNAT && e->nat_type != NAT_SNAT) {
		dec_say(d, "[nat type %u]", e->nat_type);
		dec_raw(d, "a nat type nstop does not know");
		return;
	}
	if (e->reg_addr_min && e->nat_family != NFPROTO_IPV4 && e->nat_family != NFPROTO_IPV6) {
		dec_say(d, "[nat family %u]", e->nat_family);
		dec_raw(d, "a nat family nstop does not know");
		return;
	}
	r->type = e->nat_type == NAT_DNAT ? NST_NAT_DNAT : NST_NAT_SNAT;
	dec_on_nat_stmt(d, r->type == NST_NAT_DNAT ? "dnat" : "snat", fam, af, e, true);
}

/*
 * iptables-nft targets: struct nf_nat_ipv4_multi_range_compat for DNAT/SNAT
 * rev 0 and IPv4 MASQUERADE/REDIRECT rev 0; struct nf_nat_range (rev 1, and
 * IPv6 MASQUERADE/REDIRECT rev 0) or nf_nat_range2 (rev 2) otherwise.
 */
void dec_on_xt_target(struct dec *d, const struct nst_expr *e)
{
	struct nst_nat_rule *r = d->rule;
	bool dnat = strcmp(e->name, "DNAT") == 0, snat = strcmp(e->name, "SNAT") == 0;
	bool masq = strcmp(e->name, "MASQUERADE") == 0, redir = strcmp(e->name, "REDIRECT") == 0;
	bool range = e->rev >= 1 || (d->ipv6 && (masq || redir));
	uint32_t flags = 0, size = 0;
	uint8_t min_ip[16] = { 0 }, max_ip[16] = { 0 };
	uint16_t min_port = 0, max_port = 0;
	int af = range && d->ipv6 ? AF_INET6 : AF_INET;

	if (!dnat && !snat && !masq && !redir) {
		if (dec_on_xt_target_more(d, e)) {
			return; /* decode_xt.c: MARK, REJECT, CONNMARK, LOG */
		}
		dec_say(d, "xt target \"%s\"", e->name);
		dec_raw(d, "an xt target nstop does not decode");
		return;
	}
	if (e->rev > 2 || (range && e->data_len < 4 + 16 + 16 + 2 + 2) || (!range && e->data_len < 4 + 4 + 4 + 4 + 2 + 2)) {
		dec_say(d, "xt target \"%s\" rev %u [%u bytes]", e->name, e->rev, e->data_len);
		dec_raw(d, "an xt target of a layout nstop does not know");
		return;
	}
	if (range) {
		/* flags u32, min_addr[16], max_addr[16], min_proto be16, max_proto be16 */
		memcpy(&flags, e->data, 4);
		memcpy(min_ip, e->data + 4, 16);
		memcpy(max_ip, e->data + 20, 16);
		min_port = dec_be16(e->data + 36);
		max_port = dec_be16(e->data + 38);
	} else {
		/* rangesize u32, then range[0]: flags u32, min_ip be32, max_ip be32, min be16, max be16 */
		memcpy(&size, e->data, 4);
		memcpy(&flags, e->data + 4, 4);
		memcpy(min_ip, e->data + 8, 4);
		memcpy(max_ip, e->data + 12, 4);
		min_port = dec_be16(e->data + 16);
		max_port = dec_be16(e->data + 18);
		if (size != 1) {
			dec_say(d, "xt target \"%s\" [%u ranges]", e->name, size);
			dec_raw(d, "an xt target with other than one range");
			return;
		}
	}
	r->type = dnat ? NST_NAT_DNAT : snat ? NST_NAT_SNAT : masq ? NST_NAT_MASQ : NST_NAT_REDIRECT;
	if ((flags & RANGE_MAP_IPS) && (dnat || snat)) {
		char a[NST_ADDR_TEXT], b[NST_ADDR_TEXT];
		dec_fmt_addr(af, min_ip, a, sizeof(a));
		dec_fmt_addr(af, max_ip, b, sizeof(b));
		if (memcmp(min_ip, max_ip, af == AF_INET6 ? 16 : 4) != 0) {
			snprintf(r->to_addr, sizeof(r->to_addr), "%s-%s", a, b);
		} else {
			snprintf(r->to_addr, sizeof(r->to_addr), "%s", a);
		}
	}
	if (flags & RANGE_PROTO_SPECIFIED) {
		if (max_port && max_port != min_port) {
			snprintf(r->to_port, sizeof(r->to_port), "%u-%u", min_port, max_port);
		} else {
			snprintf(r->to_port, sizeof(r->to_port), "%u", min_port);
		}
	}
	say_to(d, nst_nat_type_str(r->type), "", r->to_addr, r->to_port);
	say_flags(d, flags);
}



void dec_on_verdict(struct dec *d, const struct nst_expr *x)
{
	struct nst_buf b = { 0 };

	switch (x->verdict_code) {
	case V_ACCEPT:
		dec_say(d, "accept");
		break;
	case V_DROP:
		dec_say(d, "drop");
		break;
	case V_CONTINUE:
		dec_say(d, "continue");
		break;
	case V_RETURN:
		dec_say(d, "return");
		break;
	case V_JUMP:
	case V_GOTO:
		if (!nst_nft_name(&b, x->verdict_chain)) {
			dec_raw(d, "a chain name nft cannot write");
		}
		dec_say4(d, false, x->verdict_code == V_JUMP ? "jump" : "goto", " ", nst_buf_str(&b), ""); /* "%s %s" */
		nst_buf_free(&b);
		break;
	default:
		dec_say(d, "[verdict %d]", x->verdict_code);
		dec_raw(d, "a verdict nstop does not know");
		break;
	}
}

static const char *icmp_code_name(int v6, uint32_t type, uint8_t code)
{
	static const char *const v4[] = { [0] = "net-unreachable", [1] = "host-unreachable", [2] = "prot-unreachable",
					  [3] = "port-unreachable", [9] = "net-prohibited", [10] = "host-prohibited",
					  [13] = "admin-prohibited" };
	static const char *const v6n[] = { [0] = "no-route", [1] = "admin-prohibited", [3] = "addr-unreachable",
					   [4] = "port-unreachable", [5] = "policy-fail", [6] = "reject-route" };
	static const char *const x[] = { "no-route", "port-unreachable", "host-unreachable", "admin-prohibited" };

	if (type == REJECT_ICMPX) {
		return code < 4 ? x[code] : NULL;
	}
	if (v6) {
		return code < sizeof(v6n) / sizeof(v6n[0]) ? v6n[code] : NULL;
	}
	return code < sizeof(v4) / sizeof(v4[0]) ? v4[code] : NULL;
}

const char *nst_reject_type_str(int v6, uint32_t type)
{
	return type == REJECT_TCP_RST ? "tcp reset" : type == REJECT_ICMPX ? "icmpx" : type != REJECT_ICMP ? NULL
	       : v6 ? "icmpv6" : "icmp";
}

const char *nst_reject_code_str(int v6, uint32_t type, uint8_t code)
{
	return type == REJECT_TCP_RST ? NULL : icmp_code_name(v6, type, code);
}

/* As nft writes it: `reject with icmp port-unreachable`, `reject with tcp reset`. */
void dec_on_reject(struct dec *d, const struct nst_expr *x)
{
	const char *t = nst_reject_type_str(d->ipv6, x->reject_type);
	const char *c = nst_reject_code_str(d->ipv6, x->reject_type, x->icmp_code);

	if (!t || (x->reject_type != REJECT_TCP_RST && !c)) {
		dec_say(d, "[reject type %u code %u]", x->reject_type, x->icmp_code);
		dec_raw(d, "a reject nstop does not know");
	} else if (x->reject_type == REJECT_TCP_RST) {
		dec_say(d, "reject with tcp reset");
	} else if (strcmp(c, "port-unreachable") == 0 && (x->reject_type == REJECT_ICMPX || d->family_ip)) {
		dec_say(d, "reject"); /* nft leaves the default out: icmpx anywhere, icmp in ip, icmpv6 in ip6 */
	} else {
		dec_say(d, "reject with %s %s", t, c);
	}
}

void dec_on_queue(struct dec *d, const struct nst_expr *x)
{
	if (x->queue_sreg || (x->queue_flags & ~(QUEUE_BYPASS | QUEUE_FANOUT))) {
		dec_say(d, "[queue]");
		dec_raw(d, "a queue number from a register or unknown queue flags");
		return;
	}
	if (x->queue_total > 1) {
		dec_say(d, "queue num %u-%u", x->queue_num, x->queue_num + x->queue_total - 1u);
	} else {
		dec_say(d, "queue num %u", x->queue_num);
	}
	if (x->queue_flags & QUEUE_BYPASS) {
		dec_say(d, "bypass");
	}
	if (x->queue_flags & QUEUE_FANOUT) {
		dec_say(d, "fanout");
	}
}

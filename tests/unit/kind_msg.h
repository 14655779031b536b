/* SPDX-License-Identifier: MIT */
/*
 * Crafted netlink messages for the link kind tests: an RTM_NEWLINK with
 * IFLA_LINKINFO (or a generic netlink message) built attribute by attribute,
 * any length claimed, and the parsed link's fields looked up by key.
 */
#pragma once
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "unit.h"

#ifndef KIND_SEED_TAG
#define KIND_SEED_TAG "x"
#endif

static unsigned char buf[4096] __attribute__((aligned(8)));
static size_t len;

/* A message of type with a fixed header of hdr_len bytes (copied from hdr). */
static inline void msg_start(uint16_t type, const void *hdr, size_t hdr_len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = type;
	memcpy(buf + NLMSG_HDRLEN, hdr, hdr_len);
	len = NLMSG_HDRLEN + NLMSG_ALIGN(hdr_len);
	h->nlmsg_len = (uint32_t)len;
}

static inline void msg(int ifindex)
{
	struct ifinfomsg ifi = { .ifi_index = ifindex, .ifi_flags = IFF_UP };
	msg_start(RTM_NEWLINK, &ifi, sizeof(ifi));
}

/* A generic netlink message of family type and command cmd. */
static inline void genl_msg(uint16_t type, uint8_t cmd)
{
	struct genlmsghdr g = { .cmd = cmd, .version = 1 };
	msg_start(type, &g, sizeof(g));
}

/* Append an attribute of n payload bytes; claim (if not 0) is the nla_len written instead. */
static inline size_t attr(uint16_t type, const void *data, size_t n, uint16_t claim)
{
	struct nlattr a = { .nla_len = claim ? claim : (uint16_t)(NLA_HDRLEN + n), .nla_type = type };
	size_t at = len;

	memcpy(buf + len, &a, sizeof(a));
	if (data) {
		memcpy(buf + len + NLA_HDRLEN, data, n);
	}
	len += NLA_HDRLEN + NLA_ALIGN(n);
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
	return at;
}

static inline void u32(uint16_t type, uint32_t v) { attr(type, &v, 4, 0); }
static inline void u16(uint16_t type, uint16_t v) { attr(type, &v, 2, 0); }
static inline void u8(uint16_t type, uint8_t v) { attr(type, &v, 1, 0); }
static inline size_t nest(uint16_t type) { return attr(type | NLA_F_NESTED, NULL, 0, 0); }
static inline void nest_end(size_t at)
{
	uint16_t n = (uint16_t)(len - at);
	memcpy(buf + at, &n, sizeof(n));
}

/* A link named name of kind; the caller adds INFO_DATA attributes between begin and end. */
static size_t li_at, data_at;
static inline void begin(int ifindex, const char *name, const char *kind)
{
	msg(ifindex);
	attr(IFLA_IFNAME, name, strlen(name) + 1, 0);
	li_at = nest(IFLA_LINKINFO);
	attr(IFLA_INFO_KIND, kind, strlen(kind) + 1, 0);
	data_at = nest(IFLA_INFO_DATA);
}
static inline void end(void)
{
	nest_end(data_at);
	nest_end(li_at);
}

/*
 * With KIND_SEED_DIR set, every message a test parses is also written there
 * as kind-NNNN, one file a message: the rtnl fuzzer's seeds
 * (tests/fuzz/make_corpus_kinds.sh).
 */
static inline void seed_save(void)
{
	static unsigned n;
	const char *dir = getenv("KIND_SEED_DIR");
	char path[512];

	if (!dir || !dir[0]) {
		return;
	}
	snprintf(path, sizeof(path), "%s/kind-%s-%04u", dir, KIND_SEED_TAG, n++);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		unit_failures++;
	}
}

static inline struct nst_link *parse(struct nst_ns *ns)
{
	seed_save();
	struct nst_link *l = NULL;
	int rc = be_rtnl_parse_link((struct nlmsghdr *)buf, ns, 1, &l);
	CHECK_INT(rc, 0);
	return rc == 0 ? l : NULL;
}

/* The message must be refused whole: -EBADMSG, no link added, *out NULL. */
static inline void refused(const char *what)
{
	struct nst_ns ns = { .name = "t" };
	struct nst_link *l = (struct nst_link *)1;

	seed_save();
	if (be_rtnl_parse_link((struct nlmsghdr *)buf, &ns, 1, &l) != -EBADMSG || ns.n_links != 0 || l != NULL) {
		fprintf(stderr, "not refused: %s\n", what);
		unit_failures++;
	}
	free(ns.links);
}

/* Kind data that does not decode: the link is kept (the namespace's read goes on) with no fields
 * and kind_data_bad set for the warning (a top-level IFLA_LINK may still name its lower device). */
static inline void kept_bare(const char *what)
{
	struct nst_ns ns = { .name = "t" };
	struct nst_link *l = NULL;

	seed_save();
	if (be_rtnl_parse_link((struct nlmsghdr *)buf, &ns, 1, &l) != 0 || ns.n_links != 1 || !l || !l->kind_data_bad ||
	    l->info.have != 0) {
		fprintf(stderr, "not kept bare: %s\n", what);
		unit_failures++;
	}
	for (size_t i = 0; i < ns.n_links; i++) {
		nst_link_finish(&ns.links[i]);
	}
	free(ns.links);
}

/* The field key of l's kind fields as text, or "(none)". */
static inline const char *field(const struct nst_link *l, const char *key, char *out, size_t n)
{
	struct nst_kind_field f[NST_KIND_FIELDS_MAX];
	size_t c = nst_link_info_fields(nst_link_kind_find(l->kind)->id, &l->info, f, NST_KIND_FIELDS_MAX);

	for (size_t i = 0; i < c; i++) {
		if (strcmp(f[i].key, key) == 0) {
			if (f[i].type == NST_KF_UINT) {
				snprintf(out, n, "%llu", (unsigned long long)f[i].u);
			} else if (f[i].type == NST_KF_BOOL) {
				snprintf(out, n, "%s", f[i].b ? "true" : "false");
			} else {
				snprintf(out, n, "%s", f[i].s);
			}
			return out;
		}
	}
	return "(none)";
}

/* How many fields l's kind gives. */
static inline size_t n_fields(const struct nst_link *l)
{
	struct nst_kind_field f[NST_KIND_FIELDS_MAX];
	return nst_link_info_fields(nst_link_kind_find(l->kind)->id, &l->info, f, NST_KIND_FIELDS_MAX);
}

/* SPDX-License-Identifier: MIT */
/*
 * Attribute validation for every netlink message nstop reads: a type table
 * per message, checked by libmnl, and attributes that must tile the payload;
 * a message walk that holds for any length.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "be_nlmsg.h"

/* One attribute against its rule: the type's check and minimum length, as libmnl validates it. */
static bool attr_ok(const struct nlattr *a, const struct be_attr_rule *r)
{
	if (r->type != MNL_TYPE_UNSPEC || r->min_len) {
		if (mnl_attr_validate(a, r->type) < 0 || mnl_attr_get_payload_len(a) < r->min_len) {
			return false;
		}
	}
	return true;
}

/*
 * Attributes after a fixed header of hdr_len bytes (or inside a nest when nest is set), walked here
 * in order as mnl_attr_parse would hand them to a callback, with its checks (mnl_attr_validate): the
 * nf_tables dump of a big ruleset passes ~20 nests a rule through this, so no callback per attribute
 * and one pass for tiling and rules.
 */
int be_nl_parse_attrs(const struct nlmsghdr *h, size_t hdr_len, const struct nlattr *nest, const struct be_attr_rule *rules,
		       uint16_t max, const struct nlattr **tb)
{
	const char *p;
	size_t len;

	memset(tb, 0, (max + 1u) * sizeof(*tb));
	if (nest) {
		p = mnl_attr_get_payload(nest);
		len = mnl_attr_get_payload_len(nest);
	} else {
		size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(hdr_len);
		if (h->nlmsg_len < start) {
			return -EBADMSG;
		}
		p = (const char *)h + start;
		len = h->nlmsg_len - start;
	}
	/* Attributes must tile [p, p + len) exactly (no length past the end, no torn bytes after the
	 * last), each header whole and inside, so as mnl_attr_ok would find it; then each its rule.
	 * One pass; refused whole, tb empty, when any check fails. */
	size_t off = 0;
	while (off + sizeof(struct nlattr) <= len) {
		struct nlattr hdr;
		memcpy(&hdr, p + off, sizeof(hdr));
		if (hdr.nla_len < sizeof(hdr) || hdr.nla_len > len - off) {
			goto bad;
		}
		const struct nlattr *a = (const struct nlattr *)(const void *)(p + off);
		uint16_t type = hdr.nla_type & NLA_TYPE_MASK; /* mnl_attr_get_type */

		off += NLA_ALIGN(hdr.nla_len);
		if (type > max) {
			continue; /* newer kernels add attributes: ignored, never read */
		}
		if (!attr_ok(a, &rules[type])) {
			goto bad;
		}
		tb[type] = a;
	}
	if (off >= len) {
		return 0;
	}
bad:
	memset(tb, 0, (max + 1u) * sizeof(*tb));
	return -EBADMSG;
}


bool be_nlmsg_ok(const struct nlmsghdr *h, size_t len)
{
	return len >= sizeof(*h) && h->nlmsg_len >= sizeof(*h) && h->nlmsg_len <= len;
}

const struct nlmsghdr *be_nlmsg_next(const struct nlmsghdr *h, size_t *len)
{
	size_t step = NLMSG_ALIGN((size_t)h->nlmsg_len);

	*len = step < *len ? *len - step : 0;
	return (const struct nlmsghdr *)(const void *)((const char *)h + step);
}

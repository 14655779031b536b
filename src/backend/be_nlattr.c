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

/* Attributes must tile [p, p + len) exactly: a length that runs past the end, or torn bytes after the last. */
static bool attrs_tile(const char *p, size_t len)
{
	size_t off = 0;

	while (off + sizeof(struct nlattr) <= len) {
		struct nlattr a;
		memcpy(&a, p + off, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len - off) {
			return false;
		}
		off += NLA_ALIGN(a.nla_len);
	}
	return off >= len;
}

/*
 * Attributes after a fixed header of hdr_len bytes (or inside a nest when nest is set). Once they
 * tile, each is walked here, in order, as mnl_attr_parse would hand it to a callback: the nf_tables
 * dump of a big ruleset passes ~20 nests a rule through this, so no callback per attribute.
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
	if (!attrs_tile(p, len)) {
		return -EBADMSG;
	}
	/* tiled: every header is whole and inside, as mnl_attr_ok would find it */
	for (size_t off = 0; off + sizeof(struct nlattr) <= len;) {
		const struct nlattr *a = (const struct nlattr *)(const void *)(p + off);
		uint16_t type = mnl_attr_get_type(a);

		off += NLA_ALIGN(a->nla_len);
		if (type > max) {
			continue; /* newer kernels add attributes: ignored, never read */
		}
		if (!attr_ok(a, &rules[type])) {
			return -EBADMSG;
		}
		tb[type] = a;
	}
	return 0;
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

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

struct attr_table {
	const struct be_attr_rule *rules;
	uint16_t max;
	const struct nlattr **tb;
	bool bad;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attr_table *t = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type > t->max) {
		return MNL_CB_OK; /* newer kernels add attributes: ignored, never read */
	}
	const struct be_attr_rule *r = &t->rules[type];
	if (r->type != MNL_TYPE_UNSPEC || r->min_len) {
		if (mnl_attr_validate(a, r->type) < 0 || mnl_attr_get_payload_len(a) < r->min_len) {
			t->bad = true;
			return MNL_CB_ERROR;
		}
	}
	t->tb[type] = a;
	return MNL_CB_OK;
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

/* Attributes after a fixed header of hdr_len bytes (or inside a nest when nest is set). */
int be_nl_parse_attrs(const struct nlmsghdr *h, size_t hdr_len, const struct nlattr *nest, const struct be_attr_rule *rules,
		       uint16_t max, const struct nlattr **tb)
{
	struct attr_table t = { rules, max, tb, false };
	int rc;

	memset(tb, 0, (max + 1u) * sizeof(*tb));
	if (nest) {
		if (!attrs_tile(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest))) {
			return -EBADMSG;
		}
		rc = mnl_attr_parse_nested(nest, attr_cb, &t);
	} else {
		size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(hdr_len);
		if (h->nlmsg_len < start || !attrs_tile((const char *)h + start, h->nlmsg_len - start)) {
			return -EBADMSG;
		}
		rc = mnl_attr_parse(h, (unsigned int)hdr_len, attr_cb, &t);
	}
	return rc < 0 || t.bad ? -EBADMSG : 0;
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

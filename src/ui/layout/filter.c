/* SPDX-License-Identifier: MIT */
/* Filter matching for the tree and graph views. */
#include "filter.h"

#include <stdio.h>
#include <string.h>

void ui_filter_clear(struct ui_filter *f)
{
	if (f->is_regex) {
		regfree(&f->re);
	}
	f->is_regex = false;
	f->active = false;
	f->text[0] = '\0';
}

void ui_filter_set(struct ui_filter *f, const char *text)
{
	ui_filter_clear(f);
	if (!text || !*text) {
		return;
	}
	snprintf(f->text, sizeof(f->text), "%s", text);
	f->active = true;
	/* Anything that compiles is a regex; "vethA" compiles too and matches as a substring would. */
	f->is_regex = regcomp(&f->re, f->text, REG_EXTENDED | REG_ICASE | REG_NOSUB) == 0;
}

static bool match(const struct ui_filter *f, const char *s)
{
	if (!s) {
		return false;
	}
	if (f->is_regex) {
		return regexec(&f->re, s, 0, NULL, 0) == 0;
	}
	return strcasestr(s, f->text) != NULL;
}

bool ui_filter_match_ns(const struct ui_filter *f, const struct nst_ns *ns)
{
	if (!f->active || match(f, ns->name) || match(f, ns->label) || match(f, ns->display)) {
		return true;
	}
	/* any name its containers go by: the one shown may be "a+b+c+2 more" */
	for (size_t i = 0; i < ns->n_containers; i++) {
		const struct nst_container *c = &ns->containers[i];
		if (match(f, c->name) || match(f, c->pod) || match(f, c->image)) {
			return true;
		}
	}
	return false;
}

bool ui_filter_match_link(const struct ui_filter *f, const struct nst_link *l)
{
	char buf[NST_ADDR_STRLEN];

	if (!f->active || match(f, l->name) || match(f, l->kind) || match(f, l->network)) {
		return true;
	}
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (match(f, nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)))) {
			return true;
		}
	}
	return false;
}

bool ui_filter_ns_visible(const struct ui_filter *f, const struct nst_ns *ns)
{
	if (ui_filter_match_ns(f, ns)) {
		return true;
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		if (ui_filter_match_link(f, &ns->links[i])) {
			return true;
		}
	}
	return false;
}

bool ui_filter_link_visible(const struct ui_filter *f, const struct nst_ns *ns, const struct nst_link *l)
{
	return ui_filter_match_ns(f, ns) || ui_filter_match_link(f, l);
}

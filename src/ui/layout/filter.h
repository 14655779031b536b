/* SPDX-License-Identifier: MIT */
/*
 * The `/` filter: a case-insensitive extended regex when the text compiles
 * as one, else a plain substring. Matches namespace names, labels and display
 * names, their containers' names, pods and images, link names, kinds and
 * container networks, and addresses. Pure (libc regex), unit-tested.
 */
#pragma once
#include <regex.h>
#include <stdbool.h>

#include "model.h"

struct ui_filter {
	char text[128];
	bool active;
	bool is_regex;
	regex_t re;
};

/* Set (or clear, with "" or NULL) the filter text. */
void ui_filter_set(struct ui_filter *f, const char *text);
void ui_filter_clear(struct ui_filter *f);

bool ui_filter_match_ns(const struct ui_filter *f, const struct nst_ns *ns);
bool ui_filter_match_link(const struct ui_filter *f, const struct nst_link *l);
/* The namespace is shown: it matches, or one of its links does. */
bool ui_filter_ns_visible(const struct ui_filter *f, const struct nst_ns *ns);
/* A link of a shown namespace is shown: no filter, its namespace matches, or it matches. */
bool ui_filter_link_visible(const struct ui_filter *f, const struct nst_ns *ns, const struct nst_link *l);

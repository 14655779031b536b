/* SPDX-License-Identifier: MIT */
/*
 * Edit forms: a list of labelled text fields over an nst_op, prefilled from
 * the selection. Enter validates against the model (nothing is sent when a
 * field is wrong: the message is shown next to it); a valid form becomes the
 * action the loop applies (UI_ACT_APPLY).
 */
#pragma once
#include <stdbool.h>

#include "ops.h"

#define UI_FORM_MAX_FIELDS 8
#define UI_FORM_MAX_CHOICES 48
#define UI_FORM_CHOICE_ROWS 5 /* choices shown at once under the focused field */

struct ui_form_field {
	enum nst_field field;
	const char *label;
};

/* Values a field can be set to with Left/Right, shown as a list while it has the focus. */
struct ui_form_choices {
	enum nst_field field; /* NST_F_NONE: unused */
	int n, cur;           /* cur: the choice the value came from, -1: typed by hand */
	struct {
		char value[64];
		char label[96];
	} v[UI_FORM_MAX_CHOICES];
};

struct ui_form {
	bool open;
	const char *title;
	struct nst_op op; /* the values being edited live here */
	struct ui_form_field fields[UI_FORM_MAX_FIELDS];
	int n_fields;
	int focus;
	struct nst_op_error error; /* field NST_F_NONE and empty msg: no error */
	struct ui_form_choices choices[UI_FORM_MAX_FIELDS]; /* per field, in field order */
	bool explain;     /* the explain form: Enter asks for an explanation (input/explain_keys.c), no edit */
	struct nst_ns_id from; /* explain: the source namespace, by identity */
	char title_buf[160];   /* a title made for this form (explain: "explain from NS") */
};

/* Open a form for kind with the given fields (labels), values already in op. */
void ui_form_open(struct ui_form *f, const char *title, const struct nst_op *op, const struct ui_form_field *fields,
		  int n_fields);
/* Offer value (shown as label) for field; ignored past UI_FORM_MAX_CHOICES or for a field not in the form. */
void ui_form_add_choice(struct ui_form *f, enum nst_field field, const char *value, const char *label);
/* The NAT forms' choices (form_choices.c): protocols, the namespace's links and subnets, other namespaces' addresses. */
struct nst_model;
void ui_form_offer_nat_choices(struct ui_form *f, const struct nst_model *m);

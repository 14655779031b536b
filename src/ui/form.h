/* SPDX-License-Identifier: MIT */
/*
 * Edit forms: a list of labelled text fields over an nst_op, prefilled from
 * the selection. Enter validates against the model (nothing is sent when a
 * field is wrong: the message is shown next to it); a valid form becomes the
 * UI's pending op for the loop to apply.
 */
#pragma once
#include <stdbool.h>

#include "ops.h"

#define UI_FORM_MAX_FIELDS 8

struct ui_form_field {
	enum nst_field field;
	const char *label;
};

struct ui_form {
	bool open;
	const char *title;
	struct nst_op op; /* the values being edited live here */
	struct ui_form_field fields[UI_FORM_MAX_FIELDS];
	int n_fields;
	int focus;
	struct nst_op_error error; /* field NST_F_NONE and empty msg: no error */
};

/* Open a form for kind with the given fields (labels), values already in op. */
void ui_form_open(struct ui_form *f, const char *title, const struct nst_op *op, const struct ui_form_field *fields,
		  int n_fields);

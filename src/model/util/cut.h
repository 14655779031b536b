/* SPDX-License-Identifier: MIT */
/*
 * Formatting into a fixed buffer that says when it had to cut: a display
 * string that does not fit ends in "…" (on a UTF-8 boundary) instead of
 * stopping silently mid-word. For identifiers, never cut: size them whole.
 */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define NST_CUT_MARK "\xe2\x80\xa6" /* … */

/* Like snprintf; true when the text was cut (and then ends in NST_CUT_MARK). */
bool nst_fmt_cut(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool nst_vfmt_cut(char *buf, size_t len, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

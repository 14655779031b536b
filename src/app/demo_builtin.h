/* SPDX-License-Identifier: MIT */
/* The built-in scenarios, the demo/NAME.scn files embedded at build time (demo/embed.py). */
#pragma once
#include <stddef.h>

struct demo_builtin {
	const char *name; /* "seed": demo/seed.scn */
	const char *text;
	size_t len;
};

extern const struct demo_builtin demo_builtins[];
extern const size_t demo_n_builtins;

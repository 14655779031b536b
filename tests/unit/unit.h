/* SPDX-License-Identifier: MIT */
/* A minimal unit-test harness: CHECK macros count failures, main returns non-zero on any. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int unit_failures;

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			unit_failures++;                                                   \
		}                                                                          \
	} while (0)

#define CHECK_STR(actual, expected)                                                         \
	do {                                                                                \
		const char *a_ = (actual), *e_ = (expected);                                \
		if (!a_ || strcmp(a_, e_) != 0) {                                           \
			fprintf(stderr, "%s:%d: %s\n  expected: %s\n  actual:   %s\n", __FILE__, \
				__LINE__, #actual, e_, a_ ? a_ : "(null)");                 \
			unit_failures++;                                                    \
		}                                                                           \
	} while (0)

#define CHECK_INT(actual, expected)                                                                 \
	do {                                                                                        \
		long long a_ = (long long)(actual), e_ = (long long)(expected);                     \
		if (a_ != e_) {                                                                     \
			fprintf(stderr, "%s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, \
				#actual, e_, a_);                                                   \
			unit_failures++;                                                            \
		}                                                                                   \
	} while (0)

#define UNIT_MAIN(...)                                                        \
	int unit_failures;                                                    \
	int main(void)                                                        \
	{                                                                     \
		void (*tests_[])(void) = { __VA_ARGS__ };                     \
		for (size_t i_ = 0; i_ < sizeof(tests_) / sizeof(tests_[0]); i_++) { \
			tests_[i_]();                                         \
		}                                                             \
		if (unit_failures) {                                          \
			fprintf(stderr, "%d check(s) failed\n", unit_failures); \
		}                                                             \
		return unit_failures ? 1 : 0;                                 \
	}

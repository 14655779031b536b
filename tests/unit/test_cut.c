/* SPDX-License-Identifier: MIT */
/* nst_fmt_cut: whole when it fits, marked with "…" on a UTF-8 boundary when it does not. */
#include <stdio.h>
#include <string.h>

#include "cut.h"

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                        \
		}                                                          \
	} while (0)

int main(void)
{
	char b[8];

	CHECK(!nst_fmt_cut(b, sizeof(b), "%s", "abc"));
	CHECK(strcmp(b, "abc") == 0);
	CHECK(!nst_fmt_cut(b, sizeof(b), "%s", "abcdefg")); /* 7 bytes + NUL fit exactly */
	CHECK(strcmp(b, "abcdefg") == 0);
	CHECK(nst_fmt_cut(b, sizeof(b), "%s", "abcdefgh"));
	CHECK(strcmp(b, "abcd" NST_CUT_MARK) == 0);
	/* "aé" + "é…": the cut must not split the second é (2 bytes) */
	CHECK(nst_fmt_cut(b, sizeof(b), "%s", "a\xc3\xa9\xc3\xa9\xc3\xa9zz"));
	CHECK(strcmp(b, "a\xc3\xa9" NST_CUT_MARK) == 0);
	char tiny[3];
	CHECK(nst_fmt_cut(tiny, sizeof(tiny), "%s", "abcdef"));
	CHECK(tiny[0] == '\0'); /* no room for the mark: empty, never half a mark */
	char big[64];
	CHECK(!nst_fmt_cut(big, sizeof(big), "%d-%s", 42, "x"));
	CHECK(strcmp(big, "42-x") == 0);
	if (failures) {
		fprintf(stderr, "%d failures\n", failures);
		return 1;
	}
	printf("test_cut: ok\n");
	return 0;
}

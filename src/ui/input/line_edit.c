/* SPDX-License-Identifier: MIT */
/*
 * The one line editor of every prompt and form field: typed UTF-8 is kept
 * (curses hands it over a byte at a time), Backspace takes a whole character,
 * and a key that cannot be taken is refused with a message, never dropped.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "quote.h"

/* Bytes of the UTF-8 character a lead byte starts; 0 for a byte that starts none. */
static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
}

/* How many more continuation bytes the character at the end of buf waits for. */
static size_t pending(const char *buf, size_t n)
{
	size_t k = 0;

	while (k < n && k < 4 && ((unsigned char)buf[n - 1 - k] & 0xc0) == 0x80) {
		k++;
	}
	if (k == n) {
		return 0;
	}
	size_t want = seq_len((unsigned char)buf[n - 1 - k]);
	return want > k + 1 ? want - (k + 1) : 0;
}

int ui_line_edit(char *buf, size_t size, int ch, char *msg, size_t msg_len)
{
	size_t n = strlen(buf);

	msg[0] = '\0';
	switch (ch) {
	case KEY_BACKSPACE:
	case 127:
	case 8:
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80) {
			n--; /* continuation bytes of the last character */
		}
		buf[n > 0 ? n - 1 : 0] = '\0';
		return 1;
	case 21: /* Ctrl-U: clear */
		buf[0] = '\0';
		return 1;
	}
	if (ch < 32 || ch > 0xff || ch == 127) {
		return 0; /* not text: the caller's key */
	}
	unsigned char c = (unsigned char)ch;
	if ((c & 0xc0) == 0x80) {
		if (!pending(buf, n)) {
			snprintf(msg, msg_len, "typed text is not UTF-8 (byte 0x%02x): set a UTF-8 locale in the terminal", c);
			return -1;
		}
	} else if (pending(buf, n)) {
		snprintf(msg, msg_len, "typed text is not UTF-8 (a character was cut short): set a UTF-8 locale");
		return -1;
	} else if (!seq_len(c)) {
		snprintf(msg, msg_len, "typed text is not UTF-8 (byte 0x%02x): set a UTF-8 locale in the terminal", c);
		return -1;
	} else if (n + seq_len(c) >= size) {
		snprintf(msg, msg_len, "the field is full: it holds at most %zu bytes", size - 1);
		return -1;
	}
	buf[n] = (char)c;
	buf[n + 1] = '\0';
	return 1;
}

bool ui_line_check(const char *buf, char *msg, size_t msg_len)
{
	if (nst_utf8_valid(buf)) {
		return true;
	}
	snprintf(msg, msg_len, "the text is not valid UTF-8 (a character is incomplete); fix it or press Esc");
	return false;
}

/* test_prompt.c — the line editor behind the f/F filter, / search and export
 * prompts: what a user types is what the filter gets, multi-byte characters
 * are edited whole, and control characters never get in. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <locale.h>
#include <string.h>
#include <cmocka.h>

#include "prompt.h"
#include "keymap.h"

static void type(struct ui_prompt *p, const wchar_t *s)
{
	for (; *s; s++)
		assert_int_equal(ui_prompt_input(p, false, (wint_t)*s), PROMPT_EDITED);
}

static void test_typing_and_editing(void **state)
{
	(void)state;
	struct ui_prompt p;
	ui_prompt_open(&p, PROMPT_INCLUDE, "Include:", "srv");
	assert_string_equal(p.text, "srv");
	assert_string_equal(p.saved, "srv");
	type(&p, L"/app");
	assert_string_equal(p.text, "srv/app");
	/* Backspace (DEL or the curses key) removes one character */
	assert_int_equal(ui_prompt_input(&p, false, 127), PROMPT_EDITED);
	assert_int_equal(ui_prompt_input(&p, true, KEY_BACKSPACE), PROMPT_EDITED);
	assert_string_equal(p.text, "srv/a");
	/* cursor movement and insertion in the middle */
	assert_int_equal(ui_prompt_input(&p, true, KEY_HOME), PROMPT_MOVED);
	type(&p, L"/");
	assert_string_equal(p.text, "/srv/a");
	assert_int_equal(ui_prompt_input(&p, true, KEY_END), PROMPT_MOVED);
	/* Ctrl-W deletes back to the previous '/' or space */
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_EDITED);
	assert_string_equal(p.text, "/srv/");
	/* Ctrl-U clears to the start */
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('u')), PROMPT_EDITED);
	assert_string_equal(p.text, "");
	assert_int_equal(ui_prompt_input(&p, false, 127), PROMPT_IGNORED);
	assert_int_equal(ui_prompt_input(&p, false, '\r'), PROMPT_ACCEPT);
	assert_int_equal(ui_prompt_input(&p, false, UI_ESC), PROMPT_CANCEL);
	ui_prompt_close(&p);
	assert_false(ui_prompt_active(&p));
}

static void test_multibyte_characters_edit_whole(void **state)
{
	(void)state;
	struct ui_prompt p;
	ui_prompt_open(&p, PROMPT_SEARCH, "/", "");
	type(&p, L"caf\u00e9\u6f22");
	assert_string_equal(p.text, "caf\xc3\xa9\xe6\xbc\xa2");
	/* one Backspace removes the whole 3-byte character */
	ui_prompt_input(&p, false, 127);
	assert_string_equal(p.text, "caf\xc3\xa9");
	/* Left steps over the whole 2-byte character; Delete removes it */
	ui_prompt_input(&p, true, KEY_LEFT);
	assert_int_equal(p.cur, 3);
	assert_int_equal(ui_prompt_input(&p, true, KEY_DC), PROMPT_EDITED);
	assert_string_equal(p.text, "caf");
	ui_prompt_close(&p);
}

/* Ctrl-W pressed again and again empties a path word by word: right after
 * a '/' it does not stop there (it used to delete nothing from then on) */
static void test_ctrl_w_goes_past_slashes(void **state)
{
	(void)state;
	struct ui_prompt p;
	ui_prompt_open(&p, PROMPT_EXPORT, "Export to:", "~/reports/leak report.txt");
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_EDITED);
	assert_string_equal(p.text, "~/reports/leak ");
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_EDITED);
	assert_string_equal(p.text, "~/reports/");
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_EDITED);
	assert_string_equal(p.text, "~/");
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_EDITED);
	assert_string_equal(p.text, "");
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_IGNORED);
	/* in the middle: only what is before the cursor goes */
	ui_prompt_open(&p, PROMPT_INCLUDE, "Include:", "src//chat.py");
	ui_prompt_input(&p, true, KEY_LEFT);
	ui_prompt_input(&p, true, KEY_LEFT);
	ui_prompt_input(&p, true, KEY_LEFT);
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_EDITED);
	assert_string_equal(p.text, "src//.py");
	assert_int_equal(ui_prompt_input(&p, false, UI_CTRL('w')), PROMPT_EDITED);
	assert_string_equal(p.text, ".py");
	assert_int_equal(p.cur, 0);
	ui_prompt_close(&p);
}

static void test_controls_are_refused(void **state)
{
	(void)state;
	struct ui_prompt p;
	ui_prompt_open(&p, PROMPT_EXPORT, "Export to:", "x.txt");
	/* C0 controls (other than the editing keys) and C1 controls (U+0080..U+009F,
	 * terminal escapes in UTF-8) are not inserted */
	assert_int_equal(ui_prompt_input(&p, false, 0x02), PROMPT_IGNORED);
	assert_int_equal(ui_prompt_input(&p, false, 0x1b5b), PROMPT_EDITED); /* an ordinary character */
	ui_prompt_input(&p, false, 127);
	assert_int_equal(ui_prompt_input(&p, false, 0x9b), PROMPT_IGNORED);
	assert_int_equal(ui_prompt_input(&p, false, 0x85), PROMPT_IGNORED);
	assert_string_equal(p.text, "x.txt");
	/* an unknown function key changes nothing */
	assert_int_equal(ui_prompt_input(&p, true, KEY_F(5)), PROMPT_IGNORED);
	assert_string_equal(p.text, "x.txt");
	ui_prompt_close(&p);
}

/* A pattern pasted past the prompt's room was cut and applied: "zz|zz|...|"
 * cut after a '|' matches every site. The text stays bounded, says so, and
 * Enter does not take it until a deletion makes what is shown the text. */
static void test_long_text_is_bounded(void **state)
{
	(void)state;
	struct ui_prompt p;
	ui_prompt_open(&p, PROMPT_INCLUDE, "Include:", "");
	for (int i = 0; i < 5000; i++)
		ui_prompt_input(&p, false, i % 3 == 2 ? '|' : 'z');
	assert_int_equal(p.len, sizeof p.text - 1);
	assert_int_equal(strlen(p.text), p.len);
	assert_true(p.full);
	assert_non_null(strstr(p.err, "too long: at most 1023 bytes"));
	assert_int_equal(ui_prompt_input(&p, false, '\r'), PROMPT_IGNORED);
	assert_int_equal(ui_prompt_input(&p, true, KEY_ENTER), PROMPT_IGNORED);
	assert_non_null(strstr(p.err, "too long"));
	/* a deletion: what is left is shown and taken */
	assert_int_equal(ui_prompt_input(&p, false, 127), PROMPT_EDITED);
	assert_false(p.full);
	assert_string_equal(p.err, "");
	assert_int_equal(ui_prompt_input(&p, false, '\r'), PROMPT_ACCEPT);
	ui_prompt_close(&p);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typing_and_editing),
		cmocka_unit_test(test_multibyte_characters_edit_whole),
		cmocka_unit_test(test_ctrl_w_goes_past_slashes),
		cmocka_unit_test(test_controls_are_refused),
		cmocka_unit_test(test_long_text_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

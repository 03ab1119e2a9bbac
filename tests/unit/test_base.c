/*
 * Unit tests for base/: buffers, paths, atomic files, sha256, base64,
 * UTF-8 validation, the string map, kubectl's ages.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/base/alloc.h"
#include "../../src/base/base64.h"
#include "../../src/base/buf.h"
#include "../../src/base/clock.h"
#include "../../src/base/err.h"
#include "../../src/base/fs.h"
#include "../../src/base/sha256.h"
#include "../../src/base/strmap.h"
#include "../../src/base/utf8.h"

Test(buf, grows_and_stays_terminated)
{
	struct buf b = BUF_INIT;
	int i;

	cr_assert_str_eq(b.ptr, "");
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'x');
	buf_addf(&b, "%d", 42);
	cr_assert_eq(b.len, 1002);
	cr_assert_eq(b.ptr[b.len], '\0');
	cr_assert_str_eq(b.ptr + 1000, "42");
	buf_release(&b);
	cr_assert_str_eq(b.ptr, "");
}

Test(buf, cap_refuses_and_keeps_contents)
{
	struct buf b;

	buf_init(&b, 8);
	cr_assert_eq(buf_adds(&b, "12345678"), 0);
	cr_assert_eq(buf_adds(&b, "9"), ERR_TOOBIG);
	cr_assert_str_eq(b.ptr, "12345678");
	cr_assert(strstr(err_last(), "limit of 8 bytes"));
	buf_release(&b);
}

static const struct {
	const char *in, *out;
} clean_cases[] = {
	{ "", "." },
	{ "a/b/../c", "a/c" },
	{ "/a/../../b", "/b" },
	{ "../../a", "../../a" },
	{ "a/../..", ".." },
	{ "./a//b/./c/", "a/b/c" },
	{ "/", "/" },
	{ "a/..", "." },
};

Test(path, clean_is_go_filepath_clean)
{
	size_t i;

	for (i = 0; i < sizeof(clean_cases) / sizeof(clean_cases[0]); i++) {
		struct buf b = BUF_INIT;

		buf_adds(&b, clean_cases[i].in);
		path_clean(&b);
		cr_assert_str_eq(b.ptr, clean_cases[i].out, "clean(%s)", clean_cases[i].in);
		buf_release(&b);
	}
}

Test(path, within_checks_components)
{
	cr_assert(path_is_within("/a/b", "/a/b"));
	cr_assert(path_is_within("/a/b/c", "/a/b"));
	cr_assert_not(path_is_within("/a/bc", "/a/b"));
	cr_assert(path_is_within("/x", "/"));
}

Test(fs, atomic_write_sets_mode_and_replaces)
{
	char dir[] = "/tmp/argolab-unit-XXXXXX";
	struct buf p = BUF_INIT, data = BUF_INIT;
	struct stat st;

	cr_assert_not_null(mkdtemp(dir));
	buf_addf(&p, "%s/secret", dir);
	cr_assert_eq(fs_write_atomic(p.ptr, "one", 3, 0600), 0);
	cr_assert_eq(fs_write_atomic(p.ptr, "two!", 4, 0600), 0);
	cr_assert_eq(stat(p.ptr, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert_eq(fs_read_file(p.ptr, 0, &data), 0);
	cr_assert_str_eq(data.ptr, "two!");
	buf_reset(&data);
	cr_assert_eq(fs_read_file(p.ptr, 2, &data), ERR_TOOBIG);
	cr_assert_eq(data.len, 0);
	unlink(p.ptr);
	rmdir(dir);
	buf_release(&p);
	buf_release(&data);
}

Test(fs, missing_file_is_notfound)
{
	struct buf data = BUF_INIT;

	cr_assert_eq(fs_read_file("/nonexistent/argolab", 0, &data), ERR_NOTFOUND);
	cr_assert(strstr(err_last(), "/nonexistent/argolab"));
}

/* the boundaries of apimachinery's duration.HumanDuration */
Test(clock, human_duration_as_kubectl)
{
	static const struct {
		long long secs;
		const char *want;
	} cases[] = {
		{ -2, "<invalid>" }, { -1, "0s" }, { 0, "0s" },
		{ 119, "119s" }, { 120, "2m" }, { 121, "2m1s" },
		{ 599, "9m59s" }, { 600, "10m" }, { 10799, "179m" },
		{ 10800, "3h" }, { 10860, "3h1m" }, { 28800, "8h" },
		{ 172799, "47h" }, { 172800, "2d" }, { 176400, "2d1h" },
		{ 691200, "8d" }, { 63072000, "2y" }, { 63158400, "2y1d" },
		{ 252288000, "8y" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		clock_human_duration(&b, cases[i].secs);
		cr_expect_str_eq(b.ptr, cases[i].want, "%lld s", cases[i].secs);
		buf_release(&b);
	}
}

Test(sha256, known_vectors)
{
	char hex[65];

	sha256_hex("", 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(clock, parses_rfc3339_as_go)
{
	static const struct {
		const char *in;
		long long want;
	} cases[] = {
		{ "2030-01-01T00:00:00Z", 1893456000LL },
		{ "2030-01-01T00:00:00.123456789Z", 1893456000LL },
		{ "2030-01-01T02:30:00+02:30", 1893456000LL },
		{ "2029-12-31T19:00:00-05:00", 1893456000LL },
		{ "2030-01-01T00:00:00", -1 },
		{ "2030-01-01T00:00:00+0200", -1 },
		{ "2030-01-01T00:00:00+24:00", -1 },
		{ "2030-01-01T00:00:00Zjunk", -1 },
		{ "soon", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_eq(clock_parse_rfc3339(cases[i].in), cases[i].want,
			     "%s", cases[i].in);
}

Test(base64, round_trip_and_errors)
{
	struct buf b = BUF_INIT, d = BUF_INIT;

	base64_encode(&b, "hello", 5);
	cr_assert_str_eq(b.ptr, "aGVsbG8=");
	cr_assert_eq(base64_decode(&d, "aGVs\nbG8=", 9), 0);
	cr_assert_str_eq(d.ptr, "hello");
	buf_reset(&d);
	cr_assert_eq(base64_decode(&d, "a*==", 4), ERR_INVALID);
	buf_release(&b);
	buf_release(&d);
}

Test(utf8, validity_as_go)
{
	cr_assert(utf8_valid("caf\xc3\xa9", 5));
	cr_assert(utf8_valid("\xf0\x9f\x98\x80", 4));
	cr_assert_not(utf8_valid("\xc0\x80", 2));         /* overlong */
	cr_assert_not(utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	cr_assert_not(utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	cr_assert_not(utf8_valid("\xff", 1));
}

Test(strmap, put_get_grow)
{
	struct strmap m = STRMAP_INIT;
	char key[16];
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		strmap_put(&m, key, strlen(key), (void *)(long)(i + 1));
	}
	cr_assert_eq(m.used, 1000);
	cr_assert_eq((long)strmap_get(&m, "k500", 4), 501);
	cr_assert_null(strmap_get(&m, "nope", 4));
	cr_assert_eq((long)strmap_put(&m, "k1", 2, (void *)7L), 2);
	strmap_release(&m);
}

/* deleting keeps every other key reachable (backward shift over probe runs) */
Test(strmap, del_keeps_the_rest_reachable)
{
	struct strmap m = STRMAP_INIT;
	char key[32];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		strmap_put(&m, key, strlen(key), (void *)(long)(i + 1));
	}
	for (i = 0; i < 2000; i += 3) {
		snprintf(key, sizeof(key), "k%d", i);
		cr_assert_eq((long)strmap_del(&m, key, strlen(key)), i + 1);
	}
	cr_assert_null(strmap_del(&m, "k0", 2));
	for (i = 0; i < 2000; i++) {
		long want = i % 3 ? i + 1 : 0;

		snprintf(key, sizeof(key), "k%d", i);
		cr_assert_eq((long)strmap_get(&m, key, strlen(key)), want, "key %s", key);
	}
	cr_assert_eq(m.used, 2000 - 667);
	strmap_release(&m);
}

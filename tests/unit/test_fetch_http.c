/* test_fetch_http: the parts of fetch/http that need no server */
#include <criterion/criterion.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/fetch/http.h"
#include "../../src/base/httputil.h"

Test(http, retry_after_seconds_and_dates)
{
	/* 2026-01-01T00:00:00Z */
	const long long now = 1767225600LL;

	cr_assert_eq(http_retry_after_ms("0", now), 0);
	cr_assert_eq(http_retry_after_ms(" 7\r\n", now), 7000);
	cr_assert_eq(http_retry_after_ms("Thu, 01 Jan 2026 00:00:30 GMT", now), 30000);
	/* a date in the past means now */
	cr_assert_eq(http_retry_after_ms("Wed, 31 Dec 2025 23:00:00 GMT", now), 0);
	cr_assert_eq(http_retry_after_ms("soon", now), -1);
	cr_assert_eq(http_retry_after_ms("-3", now), -1);
	cr_assert_eq(http_retry_after_ms("3s", now), -1);
	cr_assert_eq(http_retry_after_ms("99999999999999999999", now), -1);
}

static const struct {
	const char *in, *want;
} redact[] = {
	{ "https://raw.githubusercontent.com/a/b", "https://raw.githubusercontent.com/a/b" },
	{ "https://u:p@host/x", "https://REDACTED@host/x" },
	{ "https://tok@host:8443", "https://REDACTED@host:8443" },
	{ "https://host/x?token=abc&ref=v1", "https://host/x?token=REDACTED&ref=v1" },
	{ "https://host/x?X-Amz-Signature=s&a=1#frag", "https://host/x?X-Amz-Signature=REDACTED&a=1#frag" },
	{ "https://host/x?api_key=k", "https://host/x?api_key=REDACTED" },
	{ "https://host/a@b/c", "https://host/a@b/c" },
	{ "not a url", "not a url" },
};

Test(http, urls_are_shown_without_credentials)
{
	size_t i;

	for (i = 0; i < sizeof(redact) / sizeof(redact[0]); i++) {
		struct buf b = BUF_INIT;

		http_url_redact(&b, redact[i].in);
		cr_assert_str_eq(b.ptr, redact[i].want, "case %zu", i);
		buf_release(&b);
	}
}

Test(http, refuses_plain_http_off_loopback_before_connecting)
{
	struct buf b = BUF_INIT;

	cr_assert_eq(http_get("http://example.com/x", NULL, &b), ERR_INVALID);
	cr_assert_eq(http_get("ftp://127.0.0.1/x", NULL, &b), ERR_INVALID);
	cr_assert_eq(http_get("http://127.0.0.1.example.com/x", NULL, &b), ERR_INVALID);
	buf_release(&b);
}

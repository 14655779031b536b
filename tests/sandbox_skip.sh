#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/sandbox.sh when namespaces cannot be made (an unshare that refuses,
# as in a container without CAP_SYS_ADMIN): outside CI a skip (77) that
# quotes unshare's own error; under CI=true a failure (1), same message.
# Usage: tests/sandbox_skip.sh SANDBOX_SH
set -eu
sandbox=${1:?usage: sandbox_skip.sh SANDBOX_SH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$tmp/unshare" <<'EOS'
#!/bin/sh
echo "unshare: unshare failed: Operation not permitted (fake, sandbox_skip.sh)" >&2
exit 1
EOS
chmod +x "$tmp/unshare"
if [ "$(id -u)" -eq 0 ]; then
	want="unshare failed: Operation not permitted (fake, sandbox_skip.sh)"
else
	want="sandbox tests need root"
fi

rc=0
env -u CI PATH="$tmp:$PATH" sh "$sandbox" true 2>"$tmp/err" || rc=$?
[ "$rc" -eq 77 ] || fail "outside CI: exit $rc, expected 77 (skip): $(cat "$tmp/err")"
grep -q "^SKIP: .*$want" "$tmp/err" || fail "outside CI: the skip does not say '$want': $(cat "$tmp/err")"

rc=0
CI=true PATH="$tmp:$PATH" sh "$sandbox" true 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || fail "CI=true: exit $rc, expected 1 (fail): $(cat "$tmp/err")"
grep -q "^FAIL (CI=true, no skipping): .*$want" "$tmp/err" || fail "CI=true: the failure does not say '$want': $(cat "$tmp/err")"
echo "sandbox skip ok"

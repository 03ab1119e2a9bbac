#!/bin/sh
# check-cases.sh [ARGOLAB]: rebuild every saved case under cases/ with
# kubectl and argolab and say which still differ.  Refreshes kubectl.out
# and argolab.out.  Exits 0 with a message when kubectl is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
argolab=${1:-$here/../../bin/argolab}
if ! command -v kubectl >/dev/null 2>&1; then
	echo "check-cases: kubectl not found; skipping"
	exit 0
fi
same=0 diff=0
for d in "$here"/cases/*/; do
	d=${d%/}
	kubectl kustomize "$d" >"$d/kubectl.out" 2>"$d/kubectl.err"
	k=$?
	"$argolab" render "$d" >"$d/argolab.out" 2>"$d/argolab.err"
	a=$?
	[ $k -ne 0 ] && { printf 'exit %d\n' $k; cat "$d/kubectl.err"; } >"$d/kubectl.out"
	[ $a -ne 0 ] && { printf 'exit %d\n' $a; cat "$d/argolab.err"; } >"$d/argolab.out"
	rm -f "$d/kubectl.err" "$d/argolab.err"
	if [ $k -eq 0 ] && [ $a -eq 0 ] && cmp -s "$d/kubectl.out" "$d/argolab.out"; then
		echo "same    ${d##*/}"; same=$((same + 1))
	elif [ $k -ne 0 ] && [ $a -ne 0 ]; then
		echo "same    ${d##*/} (both fail)"; same=$((same + 1))
	else
		echo "DIFFERS ${d##*/}"; diff=$((diff + 1))
	fi
done
echo "check-cases: $diff differ, $same agree"
[ $diff -eq 0 ]

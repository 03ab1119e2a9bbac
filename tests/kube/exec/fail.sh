#!/bin/sh
# fail.sh: a plugin that fails, saying why on stderr.
echo "fail.sh: no credentials today (this line is expected in test output)" >&2
exit 1

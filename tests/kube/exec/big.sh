#!/bin/sh
# big.sh: prints more than the 1 MiB a plugin may print.
head -c 1200000 /dev/zero | tr '\0' x

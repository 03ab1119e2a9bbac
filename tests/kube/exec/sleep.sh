#!/bin/sh
# sleep.sh: never answers; the caller's time limit must kill it (and the
# sleep it started: both are in the plugin's process group).
sleep 30
echo '{}'

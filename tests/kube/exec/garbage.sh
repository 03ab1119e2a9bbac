#!/bin/sh
# garbage.sh: prints something that is not JSON.
echo 'token: "tok-garbage" is not how an ExecCredential looks'

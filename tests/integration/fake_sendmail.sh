#!/bin/sh
# A stand-in for the local MTA's sendmail interface (what exim4 or postfix install as
# /usr/sbin/sendmail): it stores the mail from stdin and its arguments in $SENDMAIL_SPOOL.
set -eu
spool=${SENDMAIL_SPOOL:?}
mkdir -p "$spool"
n=$(date +%s%N)
echo "$*" > "$spool/$n.args"
cat > "$spool/$n.tmp"
mv "$spool/$n.tmp" "$spool/$n.eml"

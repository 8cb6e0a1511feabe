#!/bin/sh
# Makes the example's config repository: the manifests, then two weeks of
# commits at fixed times (UTC) touching the apps' folders, as a team would
# bump image tags. Fixed names and dates make the commits (and their hashes)
# the same on every machine.
#   sh examples/import/make-history.sh [folder]    (default examples/import/config)
set -eu
here=$(dirname "$0")
repo=${1:-$here/config}
rm -rf "$repo"
mkdir -p "$repo"
cp -R "$here/manifests/." "$repo/"
export GIT_AUTHOR_NAME=example GIT_AUTHOR_EMAIL=example@example.com
export GIT_COMMITTER_NAME=example GIT_COMMITTER_EMAIL=example@example.com
git -C "$repo" init -q -b main
at() {
  export GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1"
}
at 2026-03-02T08:00:00Z
git -C "$repo" add -A
git -C "$repo" -c commit.gpgsign=false commit -q -m "Initial manifests"
n=1
# Weekdays: checkout changes twice a day, catalog once; one fix on a Saturday night.
for day in 02 03 04 05 06 09 10 11 12 13; do
  for commit in "checkout 09:40" "catalog 11:15" "checkout 15:20"; do
    set -- $commit
    n=$((n + 1))
    sed -i.bak "s|shop/$1:[0-9.]*|shop/$1:1.0.$n|" "$repo/apps/$1/deployment.yaml"
    rm "$repo/apps/$1/deployment.yaml.bak"
    at "2026-03-${day}T$2:00Z"
    git -C "$repo" -c commit.gpgsign=false commit -q -am "$1 1.0.$n"
  done
done
sed -i.bak "s|shop/checkout:[0-9.]*|shop/checkout:1.0.99|" "$repo/apps/checkout/deployment.yaml"
rm "$repo/apps/checkout/deployment.yaml.bak"
at 2026-03-07T22:30:00Z
git -C "$repo" -c commit.gpgsign=false commit -q -am "checkout 1.0.99 (hotfix)"

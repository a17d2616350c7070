#!/usr/bin/env bash
# Packaging test. From an already built tree: makes the .deb and the .tar.gz with CPack, prints
# their size and lintian's findings, installs the .deb with apt-get, runs the installed programs
# from /usr/bin (version, summary, a seconds-long duel on generated shapes, classify the sample
# images, the GUI's --smoke-test when the package has it), checks the desktop files and the man
# pages, and removes the package again (also when a step fails).
#
#   bash installer/test-package.sh [BUILD_DIR]        (default: build/ in the repository)
#
# Runs apt-get as root, or through sudo otherwise. Needs cpack, dpkg-deb, lintian,
# desktop-file-validate (desktop-file-utils) and appstreamcli (appstream). lintian's findings
# are reported, never fatal; everything else that goes wrong ends in a FAIL line.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
pkg=resdense-workbench
app_id=io.github.resdense.Workbench
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q)
work=$(mktemp -d)
installed_by_us=0
current="setup"

installed() { dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; }
finish() {
  local rc=$?
  set +e
  if ((installed_by_us)) && installed; then
    echo "--- removing $pkg"
    "${as_root[@]}" "${apt[@]}" remove "$pkg" >/dev/null
  fi
  rm -rf "$work"
  echo
  if ((rc == 0)); then
    echo "PASS: $pkg packaging test"
  else
    echo "FAIL: $pkg packaging test (step: $current, exit status $rc)"
  fi
  exit "$rc"
}
trap finish EXIT
fail() { echo "error: $*" >&2; exit 1; }
step() { current=$1; echo; echo "=== $1"; }
need() { command -v "$1" >/dev/null || fail "$1 is missing (apt-get install $2)"; }

# desktop-file-validate exits 0 on warnings; here a warning fails as well (hints are shown).
check_desktop() {
  local out
  out=$(desktop-file-validate "$1" 2>&1) || { echo "$out"; fail "desktop-file-validate $1"; }
  [[ -z $out ]] || echo "$out"
  ! grep -qE ': (error|warning): ' <<<"$out" || fail "desktop-file-validate warns about $1"
  echo "desktop-file-validate: $1 ok"
}
check_metainfo() {
  appstreamcli validate --no-net "$1" || fail "appstreamcli validate --no-net $1"
}

step "tools"
need cpack cmake
need dpkg-deb dpkg
need lintian lintian
need desktop-file-validate desktop-file-utils
need appstreamcli appstream
need apt-get apt
((${#as_root[@]} == 0)) || need sudo sudo
[[ -f $build/CPackConfig.cmake ]] ||
  fail "$build/CPackConfig.cmake not found: configure and build first (tools/build.sh)"
build=$(cd "$build" && pwd)
if installed; then
  fail "$pkg is installed already; remove it first (apt-get remove $pkg), this test removes it"
fi
for f in /usr/bin/resdense /usr/bin/resdense-workbench; do
  [[ ! -e $f ]] || fail "$f exists but belongs to no package (a cmake --install?); remove it first"
done
echo "build tree: $build"

step "cpack -G \"DEB;TGZ\""
out=$build/packages
rm -rf "$out"
(cd "$build" && cpack -G "DEB;TGZ" -B "$out")
shopt -s nullglob
debs=("$out"/"${pkg}"_*.deb)
tgzs=("$out"/"${pkg}"-*.tar.gz)
shopt -u nullglob
((${#debs[@]} == 1)) || fail "expected one .deb in $out, found ${#debs[@]}"
((${#tgzs[@]} == 1)) || fail "expected one .tar.gz in $out, found ${#tgzs[@]}"
deb=${debs[0]}
tgz=${tgzs[0]}
version=$(dpkg-deb -f "$deb" Version)

step "package size and control data"
du -h "$deb" "$tgz"
dpkg-deb --info "$deb"
echo "--- contents"
dpkg-deb -c "$deb" | awk '{ print $1, $3, $6 }'
depends=$(dpkg-deb -f "$deb" Depends)
[[ $depends == *libtorch* ]] ||
  fail "Depends names no libtorch package (dpkg-shlibdeps did not run, or not Debian's LibTorch): $depends"
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/resdense ./usr/share/man/man1/resdense.1.gz ./usr/share/doc/$pkg/copyright \
         ./usr/share/doc/$pkg/changelog.gz ./usr/share/$pkg/samples/sneaker.png; do
  grep -q " $f\$" <<<"$contents" || fail "the package lacks $f"
done
gui_in_deb=0
if grep -q ' ./usr/bin/resdense-workbench$' <<<"$contents"; then
  gui_in_deb=1
  for f in ./usr/share/applications/$app_id.desktop ./usr/share/metainfo/$app_id.metainfo.xml \
           ./usr/share/icons/hicolor/scalable/apps/resdense-workbench.svg \
           ./usr/share/icons/hicolor/48x48/apps/resdense-workbench.png \
           ./usr/share/man/man1/resdense-workbench.1.gz; do
    grep -q " $f\$" <<<"$contents" || fail "the package has resdense-workbench but lacks $f"
  done
fi

step "lintian (reported, not fatal)"
lintian_out=$(lintian --tag-display-limit 0 --display-info "$deb" 2>&1) || true
lintian_out=$(grep -v '^running with root privileges' <<<"$lintian_out" || true)
if [[ -n $lintian_out ]]; then echo "$lintian_out"; else echo "lintian: no findings"; fi
echo "lintian: $(grep -c '^E: ' <<<"$lintian_out" || true) errors," \
     "$(grep -c '^W: ' <<<"$lintian_out" || true) warnings, $(grep -c '^I: ' <<<"$lintian_out" || true) infos"

step "the .tar.gz (relocatable tree)"
tar -tzf "$tgz" | sed 's/^/  /' | head -n 20
tar -xzf "$tgz" -C "$work"
tree=("$work"/"${pkg}"-*/)
[[ -x ${tree[0]}bin/resdense ]] || fail "$tgz has no <top>/bin/resdense"
got=$("${tree[0]}bin/resdense" --version)
echo "$got"
[[ $got == "resdense $version "* ]] || fail "the tarball's resdense --version: expected 'resdense $version (...)'"

step "apt-get install $deb"
installed_by_us=1
"${as_root[@]}" "${apt[@]}" install "$deb"
installed || fail "$pkg is not installed after apt-get install"

step "resdense --version"
got=$(/usr/bin/resdense --version)
echo "$got"
[[ $got == "resdense $version "* ]] || fail "expected 'resdense $version (...)'"

step "resdense summary --model resnet20"
/usr/bin/resdense summary --model resnet20 | tail -n 6

step "resdense duel (shapes, one short epoch)"
/usr/bin/resdense duel --a resnet20 --b densenet-bc-40 --dataset shapes:64 --image-size 16 \
  --epochs 1 --batch-size 16 --threads 2 --seed 1 --out "$work/run"
[[ -s $work/run/summary.json ]] || fail "the run folder has no summary.json"
ls "$work/run" "$work/run/models"

step "resdense classify the installed samples"
csv=$(/usr/bin/resdense classify -c "$work/run/models/b-best.pt" "/usr/share/$pkg/samples")
cut -d, -f1-4 <<<"$csv"
[[ $(wc -l <<<"$csv") -eq 11 ]] || fail "expected a header and 10 rows"
awk -F, 'NR > 1 && $2 != 1 { bad = 1 } END { exit bad }' <<<"$csv" || fail "a sample image did not classify"

if [[ -e /usr/bin/resdense-workbench ]]; then
  step "resdense-workbench --smoke-test (offscreen)"
  QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/resdense-workbench --smoke-test ||
    fail "resdense-workbench --smoke-test exited with status $?"
  step "installed desktop entry, AppStream metainfo, icons"
  check_desktop "/usr/share/applications/$app_id.desktop"
  check_metainfo "/usr/share/metainfo/$app_id.metainfo.xml"
  for size in 16x16 24x24 32x32 48x48 64x64 128x128 256x256; do
    [[ -s /usr/share/icons/hicolor/$size/apps/resdense-workbench.png ]] || fail "no $size icon"
  done
else
  ((gui_in_deb == 0)) || fail "the package has /usr/bin/resdense-workbench but it was not installed"
  step "desktop entry and AppStream metainfo (source tree: this build has no GUI)"
  check_desktop "$root/resources/desktop/$app_id.desktop"
  check_metainfo "$root/resources/desktop/$app_id.metainfo.xml"
fi

step "man pages"
pages=(resdense)
[[ ! -e /usr/bin/resdense-workbench ]] || pages+=(resdense-workbench)
for page in "${pages[@]}"; do
  file=/usr/share/man/man1/$page.1.gz
  if command -v man >/dev/null && where=$(man -w "$page" 2>/dev/null); then
    echo "man -w $page: $where"
  elif [[ -f $file ]]; then
    echo "$file installed (man itself is not installed)"
  elif grep -rqs 'path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/; then
    echo "$file is in the package, but dpkg excludes /usr/share/man on this machine"
    continue
  else
    fail "no man page for $page"
  fi
  gzip -t "$file"
  if command -v man >/dev/null; then
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$file" 2>&1 >/dev/null || true)
    [[ -z $warnings ]] || { echo "$warnings"; fail "groff warns about $file"; }
  fi
done

step "apt-get remove $pkg"
"${as_root[@]}" "${apt[@]}" remove "$pkg"
installed_by_us=0
! installed || fail "$pkg is still installed"
for f in /usr/bin/resdense /usr/bin/resdense-workbench; do
  [[ ! -e $f ]] || fail "$f is still there after apt-get remove"
done
echo "/usr/bin/resdense is gone"

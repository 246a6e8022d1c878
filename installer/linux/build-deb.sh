#!/usr/bin/env bash
# Package the PyInstaller one-folder build (dist/topup-pos, from installer/build-linux.sh) as a .deb:
#   /opt/topup-pos/                      the app;  /usr/bin/topup-pos -> /opt/topup-pos/topup-pos
#   /usr/share/applications/topup-pos.desktop, /usr/share/icons/hicolor/scalable/apps/topup-pos.svg
#   /lib/udev/rules.d/99-topup-pos-printers.rules   (USB receipt printers for the `lp` group)
# Needs dpkg-deb (dpkg). Output: dist/topup-pos_<version>_<arch>.deb
#   installer/linux/build-deb.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=dist/topup-pos
[ -x "$BUNDLE/topup-pos" ] || { echo "build-deb: $BUNDLE missing; run installer/build-linux.sh first" >&2; exit 1; }
VERSION="${1:-$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)}"
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
STAGE="build/deb/topup-pos_${VERSION}_${ARCH}"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
         "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/lib/udev/rules.d" "$STAGE/usr/share/doc/topup-pos"
cp -a "$BUNDLE" "$STAGE/opt/topup-pos"
ln -s /opt/topup-pos/topup-pos "$STAGE/usr/bin/topup-pos"
install -m 0644 installer/linux/topup-pos.desktop "$STAGE/usr/share/applications/topup-pos.desktop"
install -m 0644 resources/icons/app.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/topup-pos.svg"
install -m 0644 installer/linux/99-topup-pos-printers.rules "$STAGE/lib/udev/rules.d/99-topup-pos-printers.rules"
install -m 0644 docs/INSTALL.md "$STAGE/usr/share/doc/topup-pos/INSTALL.md"
SIZE_KB=$(du -sk "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: topup-pos
Version: ${VERSION}
Section: misc
Priority: optional
Architecture: ${ARCH}
Installed-Size: ${SIZE_KB}
Depends: libc6, libgl1, libegl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libglib2.0-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-randr0, libxcb-render-util0, libxcb-image0
Recommends: libusb-1.0-0, cups-client, udev
Maintainer: TopUp POS <support@topup-pos.invalid>
Description: TopUp POS — airtime top-up point of sale
 Desktop point-of-sale for mobile airtime top-up agents: keyboard-fast sales,
 receipts on ESC/POS thermal printers, offline selling with automatic sync to
 the central prepaid server. Run topup-pos, or topup-pos --self-test to check it.
CONTROL
cat > "$STAGE/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = "configure" ] && command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules 2>/dev/null || true
    udevadm trigger --subsystem-match=usb --subsystem-match=usbmisc 2>/dev/null || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q || true; fi
exit 0
POSTINST
cat > "$STAGE/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
if command -v udevadm >/dev/null 2>&1; then udevadm control --reload-rules 2>/dev/null || true; fi
exit 0
POSTRM
chmod 0755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
OUT="dist/topup-pos_${VERSION}_${ARCH}.deb"
# xz by default (every dpkg reads it); DEB_COMPRESS=gzip is ~5x faster for CI smoke builds
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$STAGE" "$OUT"
dpkg-deb --info "$OUT" | sed -n '1,12p'
echo "build-deb: $OUT ($(du -h "$OUT" | cut -f1))"

"""USB receipt printers attached to this machine (pyusb), as ready-to-use `usb://` addresses.

Returns [] whenever the OS or the environment does not allow looking (no pyusb, no libusb
backend, no permission): discovery is a convenience, never a reason to fail.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

PRINTER_CLASS = 7  # USB interface class "Printer"
# Vendors whose receipt printers often report a vendor-specific class instead of 7.
RECEIPT_VENDORS = {0x04B8: "Epson", 0x0519: "Star Micronics", 0x0416: "Winbond (POS-58)",
                   0x0483: "STMicro (POS-58/80)", 0x0DD4: "Custom", 0x154F: "SNBC", 0x0FE6: "ICS (generic)",
                   0x1FC9: "NXP (generic)", 0x28E9: "GD32 (generic)", 0x1504: "Bixolon"}


@dataclass(frozen=True)
class UsbPrinter:
    vendor_id: int
    product_id: int
    vendor: str
    product: str

    @property
    def uri(self) -> str:
        return f"usb://{self.vendor_id:04x}:{self.product_id:04x}"


def list_usb_printers() -> list[UsbPrinter]:
    try:
        import usb.core
    except ImportError:
        return []
    try:
        devices = list(usb.core.find(find_all=True) or [])
    except Exception as exc:  # no backend (libusb missing), or the OS said no
        log.info("USB discovery unavailable: %s", exc)
        return []
    found = []
    for dev in devices:
        try:
            if not (_has_printer_interface(dev) or dev.idVendor in RECEIPT_VENDORS):
                continue
            found.append(UsbPrinter(dev.idVendor, dev.idProduct, _string(dev, "manufacturer") or
                                    RECEIPT_VENDORS.get(dev.idVendor, "Unknown"), _string(dev, "product") or ""))
        except Exception:  # noqa: BLE001 - one odd device must not hide the others
            log.debug("skipped a USB device that could not be read", exc_info=True)
            continue
    return found


def _has_printer_interface(dev) -> bool:  # noqa: ANN001
    if dev.bDeviceClass == PRINTER_CLASS:
        return True
    try:
        return any(intf.bInterfaceClass == PRINTER_CLASS for cfg in dev for intf in cfg)
    except Exception:  # noqa: BLE001 - its descriptors could not be read: not known to be a printer
        log.debug("USB device %04x:%04x: interfaces unreadable", dev.idVendor, dev.idProduct, exc_info=True)
        return False


def _string(dev, attr: str) -> str | None:  # noqa: ANN001
    try:
        return getattr(dev, attr)  # reading strings needs permission on the device; may fail
    except Exception:  # noqa: BLE001 - the name is only a convenience
        log.debug("USB device string %s unreadable", attr, exc_info=True)
        return None

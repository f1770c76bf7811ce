import QRCode from 'qrcode';

const ERROR_CORRECTION = 'M';
const MARGIN = 2;
const DEFAULT_PNG_WIDTH = 512;
const MIN_PNG_WIDTH = 128;
const MAX_PNG_WIDTH = 1024;

/** A standalone SVG document of the QR code carrying `text`. */
export function ticketQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN });
}

/** A square PNG of the QR code carrying `text`, `size` pixels wide (clamped to 128–1024). */
export function ticketQrPng(text: string, size: number = DEFAULT_PNG_WIDTH): Promise<Buffer> {
  const width = Number.isFinite(size)
    ? Math.min(MAX_PNG_WIDTH, Math.max(MIN_PNG_WIDTH, Math.round(size)))
    : DEFAULT_PNG_WIDTH;
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: MARGIN,
    // qrcode computes the image width as floor(modules * (width / modules)), which floating point rounds down to
    // width - 1 for many widths; half a pixel more always floors to exactly `width`.
    width: width + 0.5,
  });
}

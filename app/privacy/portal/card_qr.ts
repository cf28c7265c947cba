import QRCode from 'qrcode'
import { escapeHtml } from '#messaging/templates/message_body'

/**
 * The card code as an inline SVG QR code, drawn here (no network, no
 * script, no inline style: the CSP allows none). It holds the bare code,
 * which is what the till's scanner and search box expect. The image is
 * named for screen readers by its <title>; the page prints the code as
 * text too, for a cashier who types it.
 */
export async function cardQrSvg(cardCode: string, label: string) {
  const svg = await QRCode.toString(cardCode, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
  const titleId = 'card-qr-title'
  return svg.replace('<svg ', `<svg role="img" aria-labelledby="${titleId}" class="card-qr" focusable="false" `).replace(/(<svg[^>]*>)/, `$1<title id="${titleId}">${escapeHtml(label)}</title>`)
}

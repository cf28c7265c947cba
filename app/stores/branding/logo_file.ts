import { imageSize } from 'image-size'
import { sanitiseSvg, type SvgRefusal } from '#stores/branding/svg_sanitiser'

export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const
export type LogoType = (typeof LOGO_TYPES)[number]

/** 512 KB: a sharp logo for an A3 poster weighs far less; the database refuses more too. */
export const MAX_LOGO_BYTES = 512 * 1024
/** Beyond this, decoding a raster costs more memory than a poster needs. */
export const MAX_LOGO_PIXELS_PER_SIDE = 4000

export type LogoRefusal = 'too_heavy' | 'not_an_image' | 'too_large' | SvgRefusal

/** Why an upload is not a logo we keep; the reason names the message shown. */
export class LogoRefusedError extends Error {
  constructor(readonly reason: LogoRefusal) {
    super(`Logo refused: ${reason}`)
  }
}

export interface LogoFile {
  type: LogoType
  bytes: Buffer
}

/**
 * An upload as the logo to store, judged by its content alone (the file
 * name and the browser's Content-Type are the sender's word): PNG, JPEG or
 * WebP by their signature and header dimensions, kept as they are; SVG
 * sanitised, and the sanitised text kept instead of the upload.
 */
export function readLogoFile(upload: Buffer): LogoFile {
  if (upload.length > MAX_LOGO_BYTES) throw new LogoRefusedError('too_heavy')
  const raster = rasterTypeOf(upload)
  if (raster) return checkedRaster(raster, upload)
  return sanitisedSvg(upload)
}

function rasterTypeOf(bytes: Buffer): LogoType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg'
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  return null
}

const SIZE_TYPES: Record<string, LogoType> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' }

function checkedRaster(type: LogoType, bytes: Buffer): LogoFile {
  let size: ReturnType<typeof imageSize>
  try {
    size = imageSize(bytes)
  } catch {
    throw new LogoRefusedError('not_an_image')
  }
  if (SIZE_TYPES[size.type ?? ''] !== type || !size.width || !size.height) throw new LogoRefusedError('not_an_image')
  if (size.width > MAX_LOGO_PIXELS_PER_SIDE || size.height > MAX_LOGO_PIXELS_PER_SIDE) throw new LogoRefusedError('too_large')
  return { type, bytes }
}

function sanitisedSvg(bytes: Buffer): LogoFile {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new LogoRefusedError('not_an_image')
  }
  if (!/<svg[\s>/]/i.test(text)) throw new LogoRefusedError('not_an_image')
  const result = sanitiseSvg(text)
  if ('refused' in result) throw new LogoRefusedError(result.refused)
  const sanitised = Buffer.from(result.svg, 'utf8')
  // Escaping can lengthen a text that was just under the limit.
  if (sanitised.length > MAX_LOGO_BYTES) throw new LogoRefusedError('too_heavy')
  return { type: 'image/svg+xml', bytes: sanitised }
}

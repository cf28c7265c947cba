import { inflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function isPng(image: Buffer) {
  return image.subarray(0, 8).equals(SIGNATURE)
}

/** Width and height as the IHDR chunk (always first, right after the signature) declares them. */
export function pngSize(image: Buffer) {
  if (!isPng(image) || image.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('Not a PNG')
  return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) }
}

/**
 * The colour of one pixel, as "#rrggbb", of an 8-bit RGB or RGBA PNG that
 * is not interlaced (what Chromium writes): the IDAT data inflated and its
 * scanlines unfiltered (PNG spec §9).
 */
export function pngPixel(image: Buffer, x: number, y: number) {
  const { width } = pngSize(image)
  const [depth, colourType, interlace] = [image[24], image[25], image[28]]
  if (depth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) throw new Error('Only 8-bit RGB(A) PNGs without interlace')
  const channels = colourType === 6 ? 4 : 3
  const row = unfilteredRows(inflateSync(idatOf(image)), width * channels, channels, y)
  const rgb = [...row.subarray(x * channels, x * channels + 3)]
  return `#${rgb.map((value) => value.toString(16).padStart(2, '0')).join('')}`
}

function idatOf(image: Buffer) {
  const parts: Buffer[] = []
  for (let at = 8; at < image.length; ) {
    const length = image.readUInt32BE(at)
    if (image.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') parts.push(image.subarray(at + 8, at + 8 + length))
    at += 12 + length
  }
  return Buffer.concat(parts)
}

/** Rows 0..lastRow unfiltered in turn (each row's filter reads the one above); the last one is returned. */
function unfilteredRows(data: Buffer, stride: number, bpp: number, lastRow: number) {
  let previous = Buffer.alloc(stride)
  let current = previous
  for (let y = 0; y <= lastRow; y++) {
    const filter = data[y * (stride + 1)]
    const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    current = Buffer.alloc(stride)
    for (let i = 0; i < stride; i++) {
      const left = i >= bpp ? current[i - bpp] : 0
      const up = previous[i]
      const upLeft = i >= bpp ? previous[i - bpp] : 0
      current[i] = (line[i] + predictor(filter, left, up, upLeft)) & 0xff
    }
    previous = current
  }
  return current
}

function predictor(filter: number, left: number, up: number, upLeft: number) {
  if (filter === 0) return 0
  if (filter === 1) return left
  if (filter === 2) return up
  if (filter === 3) return (left + up) >> 1
  const estimate = left + up - upLeft
  const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)]
  if (toLeft <= toUp && toLeft <= toUpLeft) return left
  return toUp <= toUpLeft ? up : upLeft
}

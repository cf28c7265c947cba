import { ulid } from 'ulid'
import { randomFillSync, randomInt } from 'node:crypto'

/** Ids shown outside (API, links) are ULIDs: sortable, never guessable. */
export function newPublicId() {
  return ulid(undefined, pooledRandom)
}

// ulid's default generator asks the CSPRNG for one byte per character (16
// calls per id, a visible share of a POS sale); the same CSPRNG bytes, drawn
// 4 KiB at a time.
const pool = new Uint8Array(4096)
let nextByte = pool.length

function pooledRandom() {
  if (nextByte === pool.length) {
    randomFillSync(pool)
    nextByte = 0
  }
  return pool[nextByte++] / 256
}

// No 0/O, 1/I/L: codes are read aloud and typed at the till.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** A random code from a CSPRNG, in the unambiguous alphabet. */
export function randomCode(length: number) {
  let code = ''
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}

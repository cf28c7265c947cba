import type { PurchaseLineInput } from '#purchases/record_purchase'
import { fieldError } from '#customers/validation'

interface TypedLine {
  sku?: string | null
  name?: string | null
  quantity?: number | null
  unit_price?: number | null
}

/**
 * Optional lines typed at the till. Blank rows (the form always offers
 * one) are dropped; a row with a name or SKU needs a unit price.
 */
export function linesOf(typed: TypedLine[], message: string): PurchaseLineInput[] {
  const lines: PurchaseLineInput[] = []
  typed.forEach((line, index) => {
    if (!line.sku && !line.name && !line.unit_price) return
    if (!line.unit_price || (!line.sku && !line.name)) throw fieldError(`lines.${index}.name`, message, 'line')
    lines.push({ sku: line.sku || '-', name: line.name || line.sku!, quantity: line.quantity ?? 1, unitPriceCents: line.unit_price })
  })
  return lines
}

import type { BasketLine } from '#loyalty/earn_rules'
import { isBlank } from '#loyalty/admin/form_values'
import type { FormReader } from '#loyalty/admin/form_reader'
import type { LineForm } from '#loyalty/admin/program_form'
import { MAX_PURCHASE_CENTS } from '#till/amount'

const MAX_QUANTITY = 999
const blankLine = (line: LineForm) => [line.quantity, line.name, line.sku, line.category, line.unit_price].every(isBlank)

/**
 * Basket lines typed in the admin (the programme's live example, the
 * simulator): blank rows skipped, quantity 1 when left blank, a price in
 * euros, and a SKU or a name (the name stands for the SKU when there is none).
 */
export function basketLinesOf(lines: LineForm[], prefix: string, reader: FormReader): BasketLine[] {
  const basket: BasketLine[] = []
  lines.forEach((line, index) => {
    if (blankLine(line)) return
    const read = lineOf(line, `${prefix}.${index}`, reader)
    if (read) basket.push(read)
  })
  return basket
}

function lineOf(line: LineForm, prefix: string, reader: FormReader): BasketLine | null {
  const quantity = reader.whole(`${prefix}.quantity`, line.quantity, false) ?? 1
  const unitPriceCents = reader.euros(`${prefix}.unit_price`, line.unit_price)
  const sku = (line.sku.trim() || line.name.trim()).slice(0, 64)
  if (sku === '') reader.problem(`${prefix}.sku`, 'line_label')
  if (quantity < 1 || quantity > MAX_QUANTITY) reader.problem(`${prefix}.quantity`, 'range', { min: '1', max: String(MAX_QUANTITY) })
  if (unitPriceCents !== null && unitPriceCents > MAX_PURCHASE_CENTS) reader.problem(`${prefix}.unit_price`, 'amount_too_big')
  if (line.category.trim().length > 64) reader.problem(`${prefix}.category`, 'max_length', { max: 64 })
  if (unitPriceCents === null || sku === '') return null
  return { sku, quantity, unitPriceCents, category: line.category.trim() || null }
}

export function linesTotal(lines: BasketLine[]) {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0)
}

import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

/** The heat map reads at most this many days (the period's last ones): a row per store, day and hour, bounded. */
export const HEAT_MAP_DAYS = 90

/** Visits by ISO weekday (1 = Monday) and local hour over the period's last 90 days at most: 7 × 24 cells, zeros included. */
export async function visitHeatMap(storeId: number | null, fromOn: string, toOn: string) {
  const earliest = DateTime.fromISO(toOn, { zone: 'utc' }).minus({ days: HEAT_MAP_DAYS - 1 }).toISODate()!
  const from = fromOn > earliest ? fromOn : earliest
  const query = db.from('analytics_hourly').whereBetween('day', [from, toOn])
  if (storeId !== null) query.where('store_id', storeId)
  return { fromOn: from, toOn, grid: await visitGrid(query) }
}

async function visitGrid(query: ReturnType<typeof db.from>) {
  return heatGrid(await query.groupBy('weekday', 'hour').select('weekday', 'hour').sum('purchases as purchases'))
}

export function heatGrid(rows: Array<{ weekday: unknown; hour: unknown; purchases: unknown }>) {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0))
  for (const row of rows) grid[Number(row.weekday) - 1][Number(row.hour)] += Number(row.purchases)
  return grid
}

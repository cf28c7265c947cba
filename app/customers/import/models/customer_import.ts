import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import StaffMember from '#staff/models/staff_member'
import Store from '#stores/models/store'
import type { ImportMapping } from '#customers/import/column_mapping'

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed'

/** One CSV import: its mapping, progress and counts. The public id also names the stored file. */
export default class CustomerImport extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare storeId: number

  @column()
  declare staffMemberId: number | null

  @column()
  declare fileName: string

  @column()
  declare fileHash: string

  @column({ prepare: (value: ImportMapping) => JSON.stringify(value), consume: (value: string) => JSON.parse(value) })
  declare mapping: ImportMapping

  @column()
  declare status: ImportStatus

  @column()
  declare totalRows: number

  @column()
  declare processedRows: number

  @column()
  declare createdCount: number

  @column()
  declare duplicateCount: number

  @column()
  declare rejectedCount: number

  /** Created rows whose address is on the suppression list: imported without marketing consent. */
  @column()
  declare suppressedCount: number

  @column()
  declare error: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare finishedAt: DateTime | null

  @belongsTo(() => StaffMember)
  declare staffMember: BelongsTo<typeof StaffMember>

  @belongsTo(() => Store)
  declare store: BelongsTo<typeof Store>

  get isFinished() {
    return this.status === 'done' || this.status === 'failed'
  }

  get percent() {
    if (this.status === 'done') return 100
    return this.totalRows > 0 ? Math.min(100, Math.floor((this.processedRows * 100) / this.totalRows)) : 0
  }

  get filePath() {
    return CustomerImport.pathOf(this.publicId)
  }

  /** tmp/imports/<ulid>.csv: never the user's file name on disk (R58). */
  static pathOf(publicId: string) {
    if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(publicId)) throw new Error('invalid import id')
    return app.tmpPath('imports', `${publicId}.csv`)
  }

  serializeStatus() {
    return {
      id: this.publicId,
      status: this.status,
      percent: this.percent,
      total_rows: this.totalRows,
      processed_rows: this.processedRows,
      created_count: this.createdCount,
      duplicate_count: this.duplicateCount,
      rejected_count: this.rejectedCount,
      suppressed_count: this.suppressedCount,
      error: this.error,
    }
  }
}

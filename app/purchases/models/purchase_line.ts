import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class PurchaseLine extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column({ serializeAs: null })
  declare purchaseId: number

  @column()
  declare position: number

  @column()
  declare sku: string

  @column()
  declare name: string

  @column()
  declare category: string | null

  @column()
  declare quantity: number

  @column()
  declare unitPriceCents: number

  @column()
  declare totalCents: number
}

/**
 * What else forgets an erased customer once the erasure has committed:
 * things outside the database's transaction (files).
 */
export const afterErasureHooks: Array<(customerId: number) => Promise<unknown>> = [
  async (customerId) => {
    const { deleteExportsOf } = await import('#privacy/export/export_files')
    await deleteExportsOf(customerId)
  },
]

import { test } from '@japa/runner'
import { isHeldOut } from '#animations/fire'

const source = (holdoutPercent: number) => ({ type: 'animation' as const, id: 7, config: { channels: ['email' as const], reward: null, holdout_percent: holdoutPercent } })

test.group('Animations: the holdout (control group)', () => {
  test('stable per customer, close to the asked share, none at 0 %', ({ assert }) => {
    const ids = Array.from({ length: 20_000 }, (_, index) => index + 1)
    const held = ids.filter((id) => isHeldOut(source(10), id))
    assert.approximately(held.length / ids.length, 0.1, 0.01)
    assert.deepEqual(ids.filter((id) => isHeldOut(source(10), id)), held)
    assert.lengthOf(ids.filter((id) => isHeldOut(source(0), id)), 0)
    // Another animation draws another group.
    const other = ids.filter((id) => isHeldOut({ ...source(10), id: 8 }, id))
    assert.isBelow(other.filter((id) => held.includes(id)).length, held.length * 0.2)
  })
})

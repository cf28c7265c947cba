import { test } from '@japa/runner'
import { isHeldOut } from '#animations/fire'

const source = (holdoutPercent: number, id = 7, type: 'animation' | 'campaign' = 'animation') => ({ type, id, config: { channels: ['email' as const], reward: null, holdout_percent: holdoutPercent } })
const customers = Array.from({ length: 10_000 }, (_, index) => index + 1)
const heldOf = (from: ReturnType<typeof source>) => customers.filter((id) => isHeldOut(from, id))

test.group('Animations: the holdout (control group)', () => {
  test('the same customer gets the same answer for the same animation, every time', ({ assert }) => {
    const held = heldOf(source(10))
    assert.deepEqual(heldOf(source(10)), held)
    for (const id of customers.slice(0, 500)) assert.equal(isHeldOut(source(10), id), isHeldOut(source(10), id))
  })

  for (const percent of [5, 10, 25, 50]) {
    test(`${percent} % of 10,000 customers are held out, within three standard deviations`, ({ assert }) => {
      const share = percent / 100
      const tolerance = 3 * Math.sqrt((share * (1 - share)) / customers.length)
      assert.approximately(heldOf(source(percent)).length / customers.length, share, tolerance)
    })
  }

  test('0 % holds nobody out', ({ assert }) => {
    assert.lengthOf(heldOf(source(0)), 0)
  })

  test('another animation, or a campaign of the same id, draws another group', ({ assert }) => {
    const held = new Set(heldOf(source(10)))
    for (const other of [source(10, 8), source(10, 7, 'campaign')]) {
      const otherHeld = heldOf(other)
      const both = otherHeld.filter((id) => held.has(id)).length
      // Independent draws of 10 % share about 1 % of the customers, nowhere near the 10 % of identical ones.
      assert.isBelow(both, held.size * 0.2)
      assert.approximately(otherHeld.length / customers.length, 0.1, 0.01)
    }
  })

  test('a larger share keeps the smaller one’s customers out too: raising it never lets anyone back in', ({ assert }) => {
    const ten = heldOf(source(10))
    const twentyFive = new Set(heldOf(source(25)))
    assert.isTrue(ten.every((id) => twentyFive.has(id)))
  })
})

import { test } from '@japa/runner'
import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import { currentLevel, levelByKey, levelReached, nextLevel } from '#loyalty/tiers'

/** Bronze from 0, Argent from 300 €, Or from 800 € of rolling spend (cents). */
const rules = demoRules()
const key = (figure: number, floor: string | null = null) => levelReached(rules, figure, floor)?.key ?? null
const noTiers: ProgramRules = { ...demoRules(), tiers: null }

test.group('Tiers: the level a figure reaches', () => {
  test('each threshold is reached at its exact figure, not a cent before', ({ assert }) => {
    assert.equal(key(0), 'bronze')
    assert.equal(key(29_999), 'bronze')
    assert.equal(key(30_000), 'argent')
    assert.equal(key(79_999), 'argent')
    assert.equal(key(80_000), 'or')
    assert.equal(key(1_000_000_000), 'or')
  })

  test('a figure below every threshold (refunds beyond the spend) is the entry level', ({ assert }) => {
    assert.equal(key(-5000), 'bronze')
  })

  test('a floor above the reached level holds the customer there; one below changes nothing', ({ assert }) => {
    assert.equal(key(0, 'or'), 'or')
    assert.equal(key(50_000, 'or'), 'or')
    assert.equal(key(10, 'argent'), 'argent')
    assert.equal(key(90_000, 'argent'), 'or')
    assert.equal(key(90_000, 'bronze'), 'or')
    assert.equal(key(30_000, 'argent'), 'argent')
  })

  test('a floor on a level the rules no longer have is ignored', ({ assert }) => {
    assert.equal(key(0, 'platine'), 'bronze')
    assert.equal(key(30_000, 'platine'), 'argent')
  })

  test('downgrade: when the rolling figure falls, the level follows it down, step by step or at once, never under the floor', ({ assert }) => {
    const path = [85_000, 80_000, 79_999, 30_000, 29_999, 10].map((figure) => key(figure))
    assert.deepEqual(path, ['or', 'or', 'argent', 'argent', 'bronze', 'bronze'])
    assert.equal(key(0), 'bronze', 'from Or straight to Bronze')
    assert.deepEqual([85_000, 50_000, 10].map((figure) => key(figure, 'argent')), ['or', 'argent', 'argent'])
  })

  test('a programme without tiers has no level', ({ assert }) => {
    assert.isNull(levelReached(noTiers, 90_000, 'or'))
    assert.isNull(currentLevel(noTiers, 'or'))
    assert.isNull(levelByKey(noTiers, 'or'))
    assert.isNull(nextLevel(noTiers, null, 0))
  })

  test('the level held at the start of a sale: the stored one, else the entry level (new member, level removed)', ({ assert }) => {
    assert.equal(currentLevel(rules, 'argent')?.key, 'argent')
    assert.equal(currentLevel(rules, null)?.key, 'bronze')
    assert.equal(currentLevel(rules, 'platine')?.key, 'bronze')
  })
})

test.group('Tiers: the next level and what is missing', () => {
  test('what is missing to the next threshold', ({ assert }) => {
    const bronze = levelByKey(rules, 'bronze')
    const argent = levelByKey(rules, 'argent')
    const next = nextLevel(rules, bronze, 12_000)
    assert.equal(next?.level.key, 'argent')
    assert.equal(next?.missing, 18_000)
    assert.equal(nextLevel(rules, bronze, 29_999)?.missing, 1)
    assert.deepEqual(nextLevel(rules, argent, 30_000), { level: levelByKey(rules, 'or')!, missing: 50_000 })
  })

  test('at the top there is no next level', ({ assert }) => {
    assert.isNull(nextLevel(rules, levelByKey(rules, 'or'), 0))
    assert.isNull(nextLevel(rules, levelByKey(rules, 'or'), 2_000_000))
  })

  test('held by a floor: the next level is the one above the floor, counted from the real figure', ({ assert }) => {
    const held = levelReached(rules, 0, 'argent')
    assert.deepEqual(nextLevel(rules, held, 0), { level: levelByKey(rules, 'or')!, missing: 80_000 })
  })

  test('never a negative amount missing', ({ assert }) => {
    assert.equal(nextLevel(rules, levelByKey(rules, 'bronze'), 45_000)?.missing, 0)
  })

  test('no current level, no next level', ({ assert }) => {
    assert.isNull(nextLevel(rules, null, 0))
  })
})

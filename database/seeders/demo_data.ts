/** Deterministic pseudo-random numbers (mulberry32), so the demo is the same on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function demoNames() {
  return {
    first: ['Marie', 'Jean', 'Camille', 'Lucas', 'Chloé', 'Hugo', 'Léa', 'Louis', 'Manon', 'Gabriel', 'Inès', 'Arthur', 'Jade', 'Raphaël', 'Zoé', 'Jules', 'Emma', 'Nathan', 'Alice', 'Tom'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier'],
  }
}

const CATALOGUE = [
  { sku: 'CAFE', name: 'Café', category: 'café', unitPriceCents: 180 },
  { sku: 'CREME', name: 'Café crème', category: 'café', unitPriceCents: 320 },
  { sku: 'CAPPU', name: 'Cappuccino', category: 'café', unitPriceCents: 390 },
  { sku: 'THE', name: 'Thé', category: 'thé', unitPriceCents: 300 },
  { sku: 'CROISS', name: 'Croissant', category: 'viennoiseries', unitPriceCents: 130 },
  { sku: 'PAC', name: 'Pain au chocolat', category: 'viennoiseries', unitPriceCents: 150 },
  { sku: 'TARTE', name: 'Tarte du jour', category: 'patisseries', unitPriceCents: 450 },
  { sku: 'SAND', name: 'Sandwich', category: 'salé', unitPriceCents: 690 },
]

export function demoCatalogue(random: () => number) {
  const count = 1 + Math.floor(random() * 3)
  return Array.from({ length: count }, () => {
    const item = CATALOGUE[Math.floor(random() * CATALOGUE.length)]
    return { ...item, quantity: 1 + Math.floor(random() * 2) }
  })
}

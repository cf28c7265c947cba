// The campaign page follows its progress while sending: the figures as JSON every 2 s, until it is over.
;(() => {
  const section = document.getElementById('campaign-progress')
  if (!section || section.dataset.live !== 'true') return
  const bar = document.getElementById('campaign-bar')
  const figures = document.getElementById('campaign-figures')
  const refresh = async () => {
    const response = await fetch(section.dataset.url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    if (!response.ok) return
    const results = await response.json()
    bar.max = results.total || 1
    bar.value = results.done
    bar.textContent = `${results.done} / ${results.total}`
    for (const cell of section.querySelectorAll('[data-figure]')) cell.textContent = results[cell.dataset.figure]
    if (results.status === 'sent' || results.status === 'cancelled') window.location.reload()
    else setTimeout(refresh, 2000)
    figures.dataset.done = String(results.done)
  }
  setTimeout(refresh, 2000)
})()

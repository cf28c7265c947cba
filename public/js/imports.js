// Import progress: polls the JSON status every second until the import is finished.
const panel = document.querySelector('.import-progress[data-status-url]')

if (panel && panel.dataset.finished !== 'true') {
  const bar = panel.querySelector('progress')
  const text = panel.querySelector('[aria-live]')
  let lastMessage = text.textContent

  const poll = async () => {
    try {
      const response = await fetch(panel.dataset.statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) throw new Error(String(response.status))
      const status = await response.json()
      bar.value = status.percent
      bar.textContent = `${status.percent} %`
      for (const key of ['created_count', 'duplicate_count', 'rejected_count', 'suppressed_count']) {
        const cell = panel.querySelector(`[data-count="${key}"]`)
        if (cell) cell.textContent = String(status[key])
      }
      // Only announce real changes, so screen readers are not flooded every second.
      if (status.message !== lastMessage) text.textContent = lastMessage = status.message
      if (status.status === 'done' || status.status === 'failed') return
    } catch {
      // Network hiccup: keep polling, a little slower.
      setTimeout(poll, 3000)
      return
    }
    setTimeout(poll, 1000)
  }
  setTimeout(poll, 1000)
}

// The card page's print button: shown only when scripts run (the CSP allows this file, not inline handlers).
const button = document.querySelector('[data-print]')
if (button) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}

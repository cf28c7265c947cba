import { chromium, type LaunchOptions } from 'playwright'

/** Debian's Chromium (Playwright's own cannot be downloaded here), as every browser test runs it. */
export function launchChromium(options: LaunchOptions = {}) {
  return chromium.launch({
    ...options,
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  })
}

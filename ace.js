/*
 * Entry point for ace commands. TypeScript is compiled on the fly so that a
 * fresh clone runs without a build step.
 */
import 'ts-node-maintained/register/esm'

await import('./bin/console.js')

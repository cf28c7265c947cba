/*
 * The application's real entry point (bin/server.ts: COMPTOIR_ROLES picks
 * web, worker, scheduler) through the TypeScript loader, as `node ace` runs
 * TypeScript; writes its pid to BENCH_PID_FILE first, so run.js can read the
 * process's RSS.
 */
import { writeFileSync } from 'node:fs'
import 'ts-node-maintained/register/esm'

if (process.env.BENCH_PID_FILE) writeFileSync(process.env.BENCH_PID_FILE, String(process.pid))
await import('../../bin/server.js')

/*
 * `npm start`: prepare a development .env on first run, then boot the
 * server entry point through the TypeScript loader.
 */
import { ensureEnvFile } from './ensure_env.js'
import 'ts-node-maintained/register/esm'

ensureEnvFile(new URL('../', import.meta.url))
await import('./server.js')

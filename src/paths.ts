// Where the project's non-code folders are, whether running from src/ (tests, tsx) or dist/src/ (npm start).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('package.json not found above the source folder')
    dir = parent
  }
  return dir
}

export const projectRoot = findProjectRoot()
export const viewsDir = path.join(projectRoot, 'views')
export const staticDir = path.join(projectRoot, 'static')
/** Next to the running code: .ts files under src/, compiled .js files under dist/. */
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url))

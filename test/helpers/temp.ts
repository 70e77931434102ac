// Temporary folders for tests, removed when the test that made them ends (or, when made outside a
// test, when the test process exits), so that runs leave nothing behind in the temp folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'

const leftForExit: string[] = []
process.once('exit', () => {
  for (const folder of leftForExit) rmSync(folder, { recursive: true, force: true })
})

export function tempFolder(prefix = 'leerplein-test-'): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix))
  try {
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
  } catch {
    leftForExit.push(folder)
  }
  return folder
}

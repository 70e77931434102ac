// Writes the export into a folder beside the one asked for and moves it into place at the end, so
// an export that fails half-way never leaves a folder that looks complete.
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

export class ExportRefused extends Error {}

export class FolderWriter {
  files = 0
  bytes = 0
  private readonly made = new Set<string>()

  private constructor(
    readonly target: string,
    readonly staging: string,
  ) {}

  static async open(target: string): Promise<FolderWriter> {
    const entries = await readdir(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return []
      if (error.code === 'ENOTDIR') throw new ExportRefused(`${target} is a file, not a folder.`)
      throw error
    })
    if (entries.length > 0) {
      throw new ExportRefused(`${target} is not empty; export into a new or empty folder.`)
    }
    const staging = `${path.resolve(target)}.partial-${process.pid}`
    await rm(staging, { recursive: true, force: true })
    await mkdir(staging, { recursive: true })
    return new FolderWriter(target, staging)
  }

  async write(file: string, content: string): Promise<void> {
    const full = path.join(this.staging, file)
    const folder = path.dirname(full)
    if (!this.made.has(folder)) {
      await mkdir(folder, { recursive: true })
      this.made.add(folder)
    }
    await writeFile(full, content)
    this.files += 1
    this.bytes += Buffer.byteLength(content)
  }

  async finish(): Promise<void> {
    await rmdir(this.target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
    await rename(this.staging, this.target)
  }

  async abandon(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true })
  }
}

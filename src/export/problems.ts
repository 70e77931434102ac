// What is wrong with an export folder, each problem with the file and line a person should open.

export interface Problem {
  file: string
  line: number
  message: string
}

export class Problems {
  readonly list: Problem[] = []

  add(file: string, line: number, message: string): void {
    this.list.push({ file, line, message })
  }

  get count(): number {
    return this.list.length
  }
}

/** Thrown when a folder cannot be imported; the transaction rolls back, so nothing was written. */
export class ImportRejected extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'))
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`
}

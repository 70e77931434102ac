import { hash, type Options, verify } from '@node-rs/argon2'
import type { MessageKey } from '../i18n/translate.js'
import { commonPasswords } from './common-passwords.js'

export const passwordMinLength = 12
export const passwordMaxLength = 256

// OWASP's recommended Argon2id settings: 19 MiB, 2 iterations, 1 lane.
// (2 is Algorithm.Argon2id, a const enum that cannot be imported under isolated modules.)
const options: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, options)
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // Without a hash (unknown email, deleted account) still spend the time a check takes, so the
  // response time does not tell which email addresses have an account.
  const target = passwordHash ?? (await dummyHash)
  try {
    const ok = await verify(target, password)
    return ok && passwordHash !== null
  } catch {
    return false
  }
}

const dummyHash = hash('not a real password, only for timing', options)

/** Why a new password is not acceptable, or null when it is. */
export function passwordProblem(password: string, personal: string[] = []): MessageKey | null {
  if (password.length < passwordMinLength) return 'password.tooShort'
  if (password.length > passwordMaxLength) return 'password.tooLong'
  const lower = password.toLowerCase()
  if (commonPasswords.has(lower)) return 'password.tooCommon'
  if (personal.some((word) => word.length >= 4 && lower.includes(word.toLowerCase())))
    return 'password.personal'
  if (new Set(lower).size < 4) return 'password.tooCommon'
  return null
}

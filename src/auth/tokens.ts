// Random secrets as the Lucia guide generates them: 120 bits from a secure source, in an alphabet
// without look-alike characters, stored only as a SHA-256 hash.
import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { decodeHex, encodeHexLowerCase } from '@oslojs/encoding'

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'

/** 24 characters of 5 random bits each: 120 bits of entropy. */
export function generateSecureRandomString(): string {
  const bytes = new Uint8Array(24)
  crypto.getRandomValues(bytes)
  let result = ''
  for (const byte of bytes) result += alphabet[byte >> 3]
  return result
}

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)))
}

/** Compares a presented secret with a stored hash without leaking through timing where they differ. */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const presented = sha256(new TextEncoder().encode(secret))
  let stored: Uint8Array
  try {
    stored = decodeHex(storedHash)
  } catch {
    return false
  }
  return constantTimeEqual(presented, stored)
}

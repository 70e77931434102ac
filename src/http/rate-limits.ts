// Rate limits built on @fastify/rate-limit's counters. Its route hook runs one limiter per request and
// counts every attempt; logins need two limits that count failures only, so that a stranger's failed
// guesses cost them, not the member who then types the right password.
import type { CreateRateLimitOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpError } from './http-error.js'

/** Counts every request; refuses once more than `max` were made in the window. */
export function rateLimits(app: FastifyInstance, ...limits: CreateRateLimitOptions[]) {
  const checks = limits.map((options) => app.createRateLimit(options))
  return async (request: FastifyRequest) => {
    for (const check of checks) {
      const result = await check(request)
      // isAllowed means "on the allow list"; isExceeded is what limits.
      if (!result.isAllowed && result.isExceeded) {
        throw new HttpError(429, 'rate limited', { retryAfterMs: result.ttl })
      }
    }
  }
}

/**
 * Counts only what record() is told about, and answers before an attempt how long until one more is
 * allowed (null: now). For limits whose refusal the route words itself, such as a form shown again.
 */
export function countedLimits(app: FastifyInstance, ...limits: CreateRateLimitOptions[]) {
  const checks = limits.map((options) => app.createRateLimit(options))
  return {
    async waitMs(request: FastifyRequest): Promise<number | null> {
      let wait: number | null = null
      for (const check of checks) {
        const result = await check(request, { increment: false })
        if (!result.isAllowed && result.remaining === 0) wait = Math.max(wait ?? 0, result.ttl)
      }
      return wait
    },
    async record(request: FastifyRequest) {
      for (const check of checks) await check(request)
    },
  }
}

/** Counts failures only: refuse() before the attempt, record() after one that failed. */
export function failureLimits(app: FastifyInstance, ...limits: CreateRateLimitOptions[]) {
  const counted = countedLimits(app, ...limits)
  return {
    async refuse(request: FastifyRequest) {
      const wait = await counted.waitMs(request)
      if (wait !== null) throw new HttpError(429, 'too many failures', { retryAfterMs: wait })
    },
    record: counted.record,
  }
}

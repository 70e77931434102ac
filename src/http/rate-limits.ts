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

/** Counts failures only: refuse() before the attempt, record() after one that failed. */
export function failureLimits(app: FastifyInstance, ...limits: CreateRateLimitOptions[]) {
  const checks = limits.map((options) => app.createRateLimit(options))
  return {
    async refuse(request: FastifyRequest) {
      for (const check of checks) {
        const result = await check(request, { increment: false })
        if (!result.isAllowed && result.remaining === 0) {
          throw new HttpError(429, 'too many failures', { retryAfterMs: result.ttl })
        }
      }
    },
    async record(request: FastifyRequest) {
      for (const check of checks) await check(request)
    },
  }
}

// Several limits on one route (per address and per account, say). @fastify/rate-limit counts; its
// route-level hook runs only one limiter per request, so the checks are combined here.
import type { CreateRateLimitOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpError } from './http-error.js'

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

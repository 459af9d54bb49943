/**
 * The REST API the mobile app uses at {@code /api}: the caller's triage queue and reports, device
 * registration for push. Thin controllers: they translate requests for casework and notification and
 * answer errors as RFC 9457 problem details (documented in {@code docs/api/problems.md}).
 */
package io.shouhu.api;

/**
 * The security filter chains: the demo identity provider's endpoints, {@code /fhir} for hospitals,
 * {@code /api} for staff, and the rest (sign-in page, health). Both APIs take JWT bearer tokens and
 * answer 401 and 403 in their own error format.
 */
package io.shouhu.security;

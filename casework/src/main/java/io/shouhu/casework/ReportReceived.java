package io.shouhu.casework;

import java.time.Instant;

/**
 * A report was taken in and entered the triage queue of its jurisdiction. Published again when the
 * hospital resends the same report, so listeners must be idempotent (and that resend heals an alert
 * that a crash lost).
 */
public record ReportReceived(ReportId report, JurisdictionId jurisdiction, Urgency urgency, Instant receivedAt) {
}

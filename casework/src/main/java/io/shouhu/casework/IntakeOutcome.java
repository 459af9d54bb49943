package io.shouhu.casework;

/**
 * What became of a {@link SubmitReport}.
 *
 * @param report the report, new or the one already taken in under the same key
 * @param created {@code false} when this was a resend of a report already taken in
 */
public record IntakeOutcome(ReportId report, boolean created) {
}

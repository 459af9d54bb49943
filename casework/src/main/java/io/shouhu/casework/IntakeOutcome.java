package io.shouhu.casework;

/**
 * What became of a {@link SubmitReport}.
 *
 * @param report the report, new or the one already taken in under the same key
 * @param created {@code false} when this was a resend of a report already taken in
 * @param status the report's status as the sending hospital sees it, as the submission left it: the
 * answer to the submission, which needs no read of its own
 */
public record IntakeOutcome(ReportId report, boolean created, ReportStatusView status) {
}

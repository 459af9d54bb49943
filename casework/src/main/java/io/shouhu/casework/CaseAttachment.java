package io.shouhu.casework;

/** An attachment listed with a case: which of its reports brought it, and what it is. */
public record CaseAttachment(ReportId report, AttachmentInfo info) {
}

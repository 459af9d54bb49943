package io.shouhu.casework;

import java.util.List;

/**
 * A case opened by its prosecutors: the case, the child it is about (personal data, {@code null} if
 * the report is gone) and the attachments of its reports.
 */
public record CaseFile(CaseDetails details, Child child, List<CaseAttachment> attachments) {
}

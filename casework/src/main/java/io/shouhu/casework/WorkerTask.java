package io.shouhu.casework;

/**
 * A task as the social worker, psychologist or aid officer who works it sees it, with the least of
 * the case they need: the child's given name and age band, and how to reach the family. Never the
 * reporter, the criminal track or other tracks' notes.
 *
 * @param caseNumber the case the task belongs to, to quote on the phone
 * @param childGivenName may be {@code null} when the hospital did not record it
 * @param childAgeBand e.g. {@code 12-13}
 * @param contactChannel may be {@code null}
 */
public record WorkerTask(TaskDetails task, String caseNumber, String childGivenName, String childAgeBand,
		String contactChannel) {
}

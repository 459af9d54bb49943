package io.shouhu.fhir;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

/**
 * The problems found in one request, one OperationOutcome issue each. Messages name the rule and the
 * element, never a value: the values are personal data.
 */
final class Issues {

	private final List<OperationOutcome.OperationOutcomeIssueComponent> issues = new ArrayList<>();

	void add(String expression, IssueType type, String message) {
		issues.add(issue(expression, type, message));
	}

	/** Throws a 422 carrying every issue found, when there is any. */
	void throwIfAny() {
		if (!issues.isEmpty()) {
			throw toException();
		}
	}

	/** A 422 carrying every issue found. */
	UnprocessableEntityException toException() {
		OperationOutcome outcome = new OperationOutcome();
		issues.forEach(outcome::addIssue);
		return new UnprocessableEntityException(summary(), outcome);
	}

	private String summary() {
		return issues.size() == 1 ? issues.get(0).getDiagnostics()
				: "The report message has " + issues.size() + " problems; see the issues.";
	}

	static OperationOutcome outcome(String expression, IssueType type, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue(issue(expression, type, message));
		return outcome;
	}

	private static OperationOutcome.OperationOutcomeIssueComponent issue(String expression, IssueType type,
			String message) {
		OperationOutcome.OperationOutcomeIssueComponent issue = new OperationOutcome.OperationOutcomeIssueComponent()
			.setSeverity(IssueSeverity.ERROR)
			.setCode(type)
			.setDiagnostics(message);
		if (expression != null) {
			issue.addExpression(expression);
		}
		return issue;
	}
}

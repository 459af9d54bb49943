package io.shouhu.casework;

/** A change refused because it breaks a rule of triage or casework. The message names no person. */
public class CaseRuleViolated extends RuntimeException {

	private final CaseRule rule;

	public CaseRuleViolated(CaseRule rule, String message) {
		super(message);
		this.rule = rule;
	}

	public CaseRule rule() {
		return rule;
	}
}

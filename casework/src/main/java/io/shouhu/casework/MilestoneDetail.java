package io.shouhu.casework;

/**
 * What a milestone is recorded with; see {@link Milestone.Detail}. Fields a milestone does not take
 * must be {@code null}.
 */
public record MilestoneDetail(String text, SuitType suitType, Long amountYuan) {

	public static final MilestoneDetail NONE = new MilestoneDetail(null, null, null);

	/** Checks the detail is what the milestone takes. */
	void checkFor(Milestone milestone) {
		switch (milestone.detail()) {
			case NONE -> {
				if (suitType != null || amountYuan != null) {
					throw new InvalidCommand("Milestone " + milestone.code() + " takes no suit type or amount.");
				}
			}
			case TEXT -> {
				if (text == null || text.isBlank()) {
					throw new InvalidCommand("Milestone " + milestone.code() + " needs a text saying what happened.");
				}
			}
			case SUIT_TYPE -> {
				if (suitType == null) {
					throw new InvalidCommand("Milestone " + milestone.code()
							+ " needs the type of suit: revoke-guardianship, damages or other.");
				}
			}
			case AMOUNT -> {
				if (amountYuan == null || amountYuan <= 0) {
					throw new InvalidCommand("Milestone " + milestone.code() + " needs the amount paid in yuan.");
				}
			}
		}
		if (text != null && text.length() > 500) {
			throw new InvalidCommand("A milestone's text is at most 500 characters.");
		}
	}
}

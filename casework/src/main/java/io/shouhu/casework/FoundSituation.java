package io.shouhu.casework;

import java.util.Objects;

/**
 * A statutory situation the reportability rules found in the clinical data of a report.
 *
 * @param situation S1…S9
 * @param strength of the strongest rule that found it
 */
public record FoundSituation(Situation situation, Strength strength) {

	public FoundSituation {
		Objects.requireNonNull(situation, "situation");
		Objects.requireNonNull(strength, "strength");
	}
}

package io.shouhu.casework;

import java.util.List;

/**
 * Which statutory situations the clinical data of one encounter reveal.
 *
 * @param ageInYears age in 周岁 on the encounter date ({@link Age})
 * @param minor whether the patient is under 18 周岁 then; for adults {@code matches} is empty
 * @param matches at most one per situation, in the order S1…S9
 * @param notEvaluated the codes no rule could read: malformed, or not ICD-10
 */
public record Assessment(int ageInYears, boolean minor, List<SituationMatch> matches,
		List<ClinicalCode> notEvaluated) {

	public Assessment {
		matches = List.copyOf(matches);
		notEvaluated = List.copyOf(notEvaluated);
	}
}

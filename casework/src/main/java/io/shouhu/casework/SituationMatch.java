package io.shouhu.casework;

import java.util.List;

/**
 * One statutory situation the clinical data reveal.
 *
 * @param situation S1…S9
 * @param strength of the strongest rule that matched
 * @param ruleId the id of that rule in the rule file
 * @param evidence the codes, as the HIS wrote them, of every rule that matched this situation
 * @param basisChinese the legal basis in Chinese
 * @param basisEnglish the legal basis in English
 */
public record SituationMatch(Situation situation, Strength strength, String ruleId, List<ClinicalCode> evidence,
		String basisChinese, String basisEnglish) {

	public SituationMatch {
		evidence = List.copyOf(evidence);
	}
}

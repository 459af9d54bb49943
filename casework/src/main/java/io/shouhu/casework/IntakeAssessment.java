package io.shouhu.casework;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the reportability rules made of a report at intake, as stored on it: the situations found and
 * their strength, never the codes or the evidence (health data the report does not otherwise keep).
 *
 * @param rulesVersion the version of the rule file
 * @param found at most one per situation, S1…S9 order
 * @param checked the situations the rules could have found in the codes sent: those the rule set
 * covers, none when no code could be read (every rule needs a code)
 */
record IntakeAssessment(String rulesVersion, List<FoundSituation> found, Set<Situation> checked) {

	IntakeAssessment {
		found = found == null ? List.of() : List.copyOf(found);
		checked = checked == null ? Set.of() : SituationCheck.ordered(checked);
	}

	static IntakeAssessment of(String rulesVersion, Assessment assessment, Set<Situation> covered,
			boolean codesRead) {
		List<FoundSituation> found = assessment.matches()
			.stream()
			.map(match -> new FoundSituation(match.situation(), match.strength()))
			.toList();
		return new IntakeAssessment(rulesVersion, found, codesRead ? covered : Set.of());
	}

	/** Compared with the situations the hospital declared. */
	SituationCheck against(Set<Situation> declared) {
		Set<Situation> foundSituations = EnumSet.noneOf(Situation.class);
		found.forEach(f -> foundSituations.add(f.situation()));
		Set<Situation> undeclared = EnumSet.copyOf(foundSituations);
		undeclared.removeAll(declared);
		Set<Situation> unconfirmed = EnumSet.noneOf(Situation.class);
		for (Situation situation : declared) {
			if (checked.contains(situation) && !foundSituations.contains(situation)) {
				unconfirmed.add(situation);
			}
		}
		return new SituationCheck(true, rulesVersion, found, undeclared, unconfirmed, checked);
	}
}

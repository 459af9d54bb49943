package io.shouhu.casework;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How the situations a hospital declared compare with those the reportability rules found in the
 * clinical codes sent with the report, checked once at intake. Shown to the intake prosecutor; it never
 * refuses a report. A situation no rule can recognise (S7, S8 in the shipped rules) is never
 * unconfirmed, nor is any situation of a report that carried no code the rules could read.
 *
 * @param assessed whether the report was assessed at intake; {@code false} for a report taken in before
 * assessments, or one whose assessment failed
 * @param rulesVersion the version of the rule file that assessed it, {@code null} when not assessed
 * @param found what the rules found, S1…S9 order; empty when not assessed
 * @param undeclared found by the rules but not declared by the hospital
 * @param unconfirmed declared by the hospital, and recognisable by the rules from the codes sent, but
 * not found
 * @param checked the situations the rules could have found from the codes sent; empty when no code
 * could be read, and then an empty {@code found} says nothing either way
 */
public record SituationCheck(boolean assessed, String rulesVersion, List<FoundSituation> found,
		Set<Situation> undeclared, Set<Situation> unconfirmed, Set<Situation> checked) {

	static final SituationCheck NOT_ASSESSED = new SituationCheck(false, null, List.of(), Set.of(), Set.of(),
			Set.of());

	public SituationCheck {
		found = List.copyOf(found);
		undeclared = ordered(undeclared);
		unconfirmed = ordered(unconfirmed);
		checked = ordered(checked);
	}

	/** Whether the declared and the found situations differ: something undeclared or unconfirmed. */
	public boolean mismatch() {
		return !undeclared.isEmpty() || !unconfirmed.isEmpty();
	}

	static Set<Situation> ordered(Collection<Situation> situations) {
		EnumSet<Situation> set = EnumSet.noneOf(Situation.class);
		set.addAll(situations);
		return Collections.unmodifiableSet(set);
	}
}

package io.shouhu.casework;

import java.time.LocalDate;
import java.util.List;

/**
 * What the clinical record of one encounter says about a child, for {@link Reportability}.
 *
 * @param birthDate required
 * @param sex {@code null} is taken as {@link Sex#UNKNOWN}
 * @param encounterDate the day of the encounter in Asia/Shanghai; {@code null} is today there
 * @param codes the codes of conditions, findings and encounter reasons; {@code null} is none
 */
public record ClinicalFacts(LocalDate birthDate, Sex sex, LocalDate encounterDate, List<ClinicalCode> codes) {

	public ClinicalFacts {
		codes = codes == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(codes));
	}
}

package io.shouhu.casework;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recognises which of the nine statutory situations ({@link Situation}) the clinical data of an
 * encounter reveal, with the legal basis, by a rule set kept as data. The rule file is named by
 * {@code shouhu.casework.reportability-rules} (a Spring resource location, by default
 * {@code reportability/rules.json}); it is read and checked once at start, and a file that does not
 * read stops the start with a message naming the file and the rule.
 *
 * <p>The file: {@code {"version": "...", "basis": {"S2": {"zh": "...", "en": "..."}}, "rules": [{"id":
 * "S2-pregnancy-under-14", "situation": "S2", "strength": "must-report", "description": "...",
 * "when": {...}}]}}. A rule may carry its own {@code basis}; else the one of its situation applies.
 * A condition ({@code when}) is an object whose parts must all hold:
 * <ul>
 * <li>{@code "codes": ["O00-O08", "T74.2", "Z33"]}: a code in one of the ICD-10 ranges (a code stands
 * for itself and every code under it); with {@code "countAtLeast": n} at least n different codes; with
 * {@code "distinctRegionsAtLeast": n} injury codes (S00–T14; the default when {@code codes} is left out)
 * in at least n body regions, a region being the letter and first digit (S0 head, S1 neck, …);</li>
 * <li>{@code "sex": "female"} or a list of sexes;</li>
 * <li>{@code "ageBelow": 14}, {@code "ageAtLeast": 14}: age in 周岁 on the encounter date;</li>
 * <li>{@code "allOf": [...]}, {@code "anyOf": [...]}, {@code "not": {...}}.</li>
 * </ul>
 * Every rule must require at least one code. The codes that made a rule hold are its evidence.
 *
 * <p>Codes are read upper-cased without dots or white space; an ICD-10 code is a letter, two digits and
 * optionally more digits. Codes that are not, or come from a system that is not ICD-10, are listed as
 * not evaluated. Rules apply to minors only: for adults nothing matches.
 */
@Service
public class Reportability {

	private static final Logger log = LoggerFactory.getLogger(Reportability.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private final ReportabilityRules rules;

	private final Set<Situation> covered;

	Clock clock = Clock.system(ZONE);

	Reportability(ResourceLoader loader,
			@Value("${shouhu.casework.reportability-rules:classpath:reportability/rules.json}") String location) {
		this.rules = read(loader.getResource(location));
		EnumSet<Situation> situations = EnumSet.noneOf(Situation.class);
		rules.rules().forEach(rule -> situations.add(rule.situation()));
		this.covered = Collections.unmodifiableSet(situations);
		log.info("Reportability rules {} in use ({} rules)", rules.version(), rules.rules().size());
	}

	/**
	 * Reads one rule file.
	 * @throws IllegalStateException naming the file and the rule that is wrong
	 */
	static ReportabilityRules read(Resource resource) {
		try (InputStream in = resource.getInputStream()) {
			return ReportabilityRules.parse(JSON.readTree(in));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Reportability rules " + resource.getDescription() + " cannot be used: "
					+ ex.getMessage(), ex);
		}
	}

	/** The version of the rule file in use. */
	public String version() {
		return rules.version();
	}

	/**
	 * The situations at least one rule of the file in use can recognise. The others (S7 and S8 in the
	 * shipped file) are never found, whatever the clinical data.
	 */
	public Set<Situation> covered() {
		return covered;
	}

	/**
	 * Which situations the facts reveal. Codes that cannot be read never fail the assessment: they are
	 * listed as not evaluated.
	 * @throws IllegalArgumentException if the birth date is missing
	 */
	public Assessment assess(ClinicalFacts facts) {
		if (facts == null || facts.birthDate() == null) {
			throw new IllegalArgumentException("the birth date is required to assess reportability");
		}
		LocalDate on = facts.encounterDate() != null ? facts.encounterDate() : LocalDate.now(clock.withZone(ZONE));
		int age = Age.on(facts.birthDate(), on);
		boolean minor = age < Age.ADULT;
		List<ReportabilityRules.Coded> coded = new ArrayList<>();
		List<ClinicalCode> notEvaluated = new ArrayList<>();
		List<ClinicalCode> all = facts.codes() == null ? List.of() : facts.codes();
		for (int i = 0; i < all.size(); i++) {
			ClinicalCode code = all.get(i);
			if (code == null) {
				continue;
			}
			String normal = ReportabilityRules.icd10(code.system()) ? ReportabilityRules.normal(code.code()) : null;
			if (normal == null) {
				notEvaluated.add(code);
			}
			else {
				coded.add(new ReportabilityRules.Coded(i, normal, code));
			}
		}
		if (!minor) {
			return new Assessment(age, false, List.of(), notEvaluated);
		}
		ReportabilityRules.Subject subject = new ReportabilityRules.Subject(age,
				facts.sex() == null ? Sex.UNKNOWN : facts.sex(), coded);
		Map<Situation, ReportabilityRules.Rule> strongest = new EnumMap<>(Situation.class);
		Map<Situation, BitSet> evidence = new EnumMap<>(Situation.class);
		for (ReportabilityRules.Rule rule : rules.rules()) {
			BitSet found = rule.when().test(subject);
			if (found == null || found.isEmpty()) {
				continue;
			}
			ReportabilityRules.Rule before = strongest.get(rule.situation());
			if (before == null || rule.strength().compareTo(before.strength()) < 0) {
				strongest.put(rule.situation(), rule);
			}
			evidence.computeIfAbsent(rule.situation(), s -> new BitSet()).or(found);
		}
		List<SituationMatch> matches = new ArrayList<>();
		for (Map.Entry<Situation, ReportabilityRules.Rule> entry : strongest.entrySet()) {
			ReportabilityRules.Rule rule = entry.getValue();
			List<ClinicalCode> codes = evidence.get(entry.getKey()).stream().mapToObj(all::get).toList();
			matches.add(new SituationMatch(entry.getKey(), rule.strength(), rule.id(), codes, rule.basisChinese(),
					rule.basisEnglish()));
		}
		return new Assessment(age, true, matches, notEvaluated);
	}
}

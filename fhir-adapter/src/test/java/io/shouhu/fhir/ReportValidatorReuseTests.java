package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * The validator reuses its core validators across requests and threads: a report must get the same
 * messages whether it is the first, the hundredth, or validated at the same time as others, and the
 * errors must still be found every time.
 */
class ReportValidatorReuseTests {

	private static final ReportValidator VALIDATOR = ReportValidatorTests.VALIDATOR;

	private static final Map<String, Consumer<Bundle>> REPORTS = new LinkedHashMap<>();

	static {
		REPORTS.put("valid", b -> {
		});
		REPORTS.put("no birth date", b -> ReportValidatorTests.patient(b).setBirthDate(null));
		REPORTS.put("situation S10", b -> ReportValidatorTests.flag(b).getCode().getCodingFirstRep().setCode("S10"));
		REPORTS.put("focus on nothing in the bundle", b -> ReportValidatorTests.header(b)
			.getFocusFirstRep()
			.setReference("urn:uuid:00000000-0000-4000-8000-000000000000"));
	}

	/** What each report must give, checked against the expected error before the reuse is tried. */
	private static Map<String, List<String>> expected() {
		Map<String, List<String>> expected = new LinkedHashMap<>();
		REPORTS.keySet().forEach(name -> expected.put(name, messages(name)));
		assertThat(errors(expected.get("valid"))).isEmpty();
		assertThat(errors(expected.get("no birth date"))).singleElement()
			.asString()
			.contains("Bundle.entry[2].resource", "Patient.birthDate: minimum required = 1");
		assertThat(errors(expected.get("situation S10"))).isNotEmpty()
			.allSatisfy(error -> assertThat(error).contains("Bundle.entry[1].resource/*Flag/null*/.code"))
			.anySatisfy(error -> assertThat(error).contains("Terminology_TX_NoValid_1_CC",
					"https://shouhu.io/fhir/ValueSet/statutory-situation"));
		assertThat(errors(expected.get("focus on nothing in the bundle"))).isNotEmpty()
			.allSatisfy(error -> assertThat(error).contains("Bundle.entry[0].resource.focus[0]"));
		return expected;
	}

	@Test
	void manyValidationsInARowGiveTheSameMessagesEachTime() {
		Map<String, List<String>> expected = expected();
		for (int round = 0; round < 30; round++) {
			for (String name : REPORTS.keySet()) {
				assertThat(messages(name)).as("%s, round %d", name, round).isEqualTo(expected.get(name));
			}
		}
	}

	@Test
	void concurrentValidationsGiveTheSameMessagesAsOneAtATime() throws Exception {
		Map<String, List<String>> expected = expected();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Map<String, List<String>>>> tasks = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int offset = t;
				tasks.add(() -> {
					List<String> names = new ArrayList<>(REPORTS.keySet());
					Map<String, List<String>> seen = new LinkedHashMap<>();
					for (int i = 0; i < 5 * names.size(); i++) {
						String name = names.get((i + offset) % names.size());
						List<String> got = messages(name);
						List<String> before = seen.putIfAbsent(name, got);
						if (before != null && !before.equals(got)) {
							seen.put(name + " (differs)", got);
						}
					}
					return seen;
				});
			}
			for (Future<Map<String, List<String>>> result : threads.invokeAll(tasks)) {
				assertThat(result.get()).isEqualTo(expected);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static List<String> messages(String name) {
		Bundle bundle = Demo.bundle(ReportValidatorTests.FHIR);
		REPORTS.get(name).accept(bundle);
		List<String> messages = new ArrayList<>();
		for (SingleValidationMessage m : VALIDATOR.validate(bundle).getMessages()) {
			messages.add(m.getSeverity() + " " + m.getMessageId() + " " + m.getLocationString() + " "
					+ m.getLocationLine() + ":" + m.getLocationCol() + " " + m.getMessage() + " " + m.getSliceMessages());
		}
		return messages;
	}

	private static List<String> errors(List<String> messages) {
		return messages.stream()
			.filter(m -> m.startsWith(ResultSeverityEnum.ERROR + " ") || m.startsWith(ResultSeverityEnum.FATAL + " "))
			.toList();
	}
}

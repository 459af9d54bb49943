package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.shouhu.casework.Situation;
import io.shouhu.casework.Urgency;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** The implementation guide's resources, and their agreement with the code and the contract. */
class ConformanceResourcesTests {

	private static final ConformanceResources GUIDE = ReportValidatorTests.VALIDATOR.guide();

	private static final String BASE = "https://shouhu.io/fhir/";

	@Test
	void everyResourceHasItsCanonicalUnderTheGuidesBaseAndAnIdToReadItBy() {
		assertThat(GUIDE.all()).allSatisfy(resource -> {
			assertThat(resource.getUrl())
				.isEqualTo(BASE + resource.fhirType() + "/" + resource.getIdElement().getIdPart());
			assertThat(resource.getVersion()).isEqualTo("0.1.0");
			assertThat(resource.getStatus()).isNotNull();
		});
	}

	@Test
	void theProfilesAreThoseTheIssueAsksForEachWithASnapshot() {
		Map<String, StructureDefinition> profiles = byId(GUIDE.structureDefinitions());

		assertThat(profiles.keySet()).containsExactlyInAnyOrder("shouhu-report-bundle", "shouhu-report-messageheader",
				"shouhu-report-flag", "report-urgency", "shouhu-minor-patient", "shouhu-practitioner",
				"shouhu-hospital-organization", "shouhu-encounter", "shouhu-condition", "shouhu-observation",
				"shouhu-document-reference");
		assertThat(profiles.values()).allSatisfy(profile -> {
			assertThat(profile.getDerivation()).isEqualTo(StructureDefinition.TypeDerivationRule.CONSTRAINT);
			assertThat(profile.getSnapshot().getElement()).isNotEmpty();
			assertThat(profile.getDifferential().getElement()).isNotEmpty();
		});
		assertThat(profiles.get("report-urgency").getUrl()).isEqualTo(FhirContract.URGENCY_EXTENSION);
		assertThat(element(profiles.get("shouhu-minor-patient"), "Patient.birthDate").getMin()).isEqualTo(1);
		assertThat(element(profiles.get("shouhu-report-bundle"), "Bundle.identifier").getMin()).isEqualTo(1);
		assertThat(element(profiles.get("shouhu-report-messageheader"), "MessageHeader.focus").getMax()).isEqualTo("1");
		assertThat(element(profiles.get("shouhu-report-flag"), "Flag.code").getBinding().getValueSet())
			.isEqualTo(BASE + "ValueSet/statutory-situation");
	}

	@Test
	void theSituationsAreTheNineOfTheLawWithChineseDisplayEnglishDesignationAndTheirSource() {
		CodeSystem situations = codeSystem(FhirContract.SITUATION_SYSTEM);

		assertThat(situations.getConcept()).extracting(ConceptDefinitionComponent::getCode)
			.containsExactlyElementsOf(Arrays.stream(Situation.values()).map(Situation::name).toList());
		for (int i = 0; i < situations.getConcept().size(); i++) {
			ConceptDefinitionComponent concept = situations.getConcept().get(i);
			assertThat(concept.getDisplay()).as(concept.getCode()).matches(".*\\p{IsHan}.*");
			assertThat(concept.getDesignation()).as(concept.getCode())
				.anySatisfy(d -> assertThat(d.getLanguage()).isEqualTo("en"));
			assertThat(concept.getDefinition()).as(concept.getCode())
				.contains("关于建立侵害未成年人案件强制报告制度的意见（试行）", "第四条", "art. 4, item " + (i + 1));
		}
	}

	@Test
	void theMessageEventAndTheUrgenciesAreTheContractsAndCaseworksCodes() {
		assertThat(codeSystem(FhirContract.MESSAGE_EVENT_SYSTEM).getConcept())
			.extracting(ConceptDefinitionComponent::getCode)
			.containsExactly(FhirContract.MANDATORY_REPORT);
		assertThat(codeSystem(BASE + "CodeSystem/report-urgency").getConcept())
			.extracting(ConceptDefinitionComponent::getCode)
			.containsExactlyElementsOf(Arrays.stream(Urgency.values()).map(Urgency::code).toList());
	}

	@Test
	void eachCodeSystemHasAValueSetOfAllItsCodes() {
		Map<String, ValueSet> valueSets = GUIDE.valueSets()
			.stream()
			.collect(Collectors.toMap(ValueSet::getUrl, Function.identity()));

		assertThat(GUIDE.codeSystems()).allSatisfy(codeSystem -> {
			ValueSet valueSet = valueSets.get(codeSystem.getValueSet());
			assertThat(valueSet).as(codeSystem.getUrl()).isNotNull();
			assertThat(valueSet.getCompose().getInclude()).singleElement()
				.satisfies(include -> assertThat(include.getSystem()).isEqualTo(codeSystem.getUrl()));
		});
	}

	private static CodeSystem codeSystem(String url) {
		return GUIDE.codeSystems().stream().filter(cs -> url.equals(cs.getUrl())).findFirst().orElseThrow();
	}

	private static ElementDefinition element(StructureDefinition profile, String id) {
		return profile.getSnapshot().getElement().stream().filter(e -> id.equals(e.getId())).findFirst().orElseThrow();
	}

	private static <T extends MetadataResource> Map<String, T> byId(List<T> resources) {
		return resources.stream().collect(Collectors.toMap(r -> r.getIdElement().getIdPart(), Function.identity()));
	}
}

package io.shouhu.fhir;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.DateClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.shouhu.ShouhuIntegrationTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The status Task a hospital reads back, through HAPI's generic client in JSON and XML: its elements,
 * the search by each parameter, and that another hospital sees none of it.
 */
class TaskStatusIntegrationTests extends ShouhuIntegrationTest {

	@Autowired
	FhirContext fhir;

	@ParameterizedTest
	@EnumSource(value = EncodingEnum.class, names = { "JSON", "XML" })
	void theTaskSaysWhereTheReportStandsAndNothingElse(EncodingEnum encoding) {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", encoding);
		Bundle report = HospitalReports.message(fhir, "hospital-01", "ws-001");
		String taskId = send(hospital, report);

		Task task = hospital.read().resource(Task.class).withId(taskId).execute();

		assertThat(task.getIdElement().getIdPart()).isEqualTo(taskId);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.RECEIVED);
		assertThat(task.getBusinessStatus().getText()).isEqualTo("已收到，等待检察机关受理");
		assertThat(task.getIdentifierFirstRep().getSystem()).isEqualTo(HospitalReports.IDENTIFIER_SYSTEM);
		assertThat(task.getIdentifierFirstRep().getValue()).isEqualTo(report.getIdentifier().getValue());
		assertThat(task.getFocus().getIdentifier().getSystem()).isEqualTo(HospitalReports.IDENTIFIER_SYSTEM);
		assertThat(task.getFocus().getIdentifier().getValue()).isEqualTo(report.getIdentifier().getValue());
		assertThat(task.getFocus().getDisplay()).isNotBlank();
		assertThat(task.getFor().getReference()).isEqualTo(HospitalReports.PATIENT_REFERENCE);
		assertThat(task.getOwner().getIdentifier().getSystem()).isEqualTo("https://shouhu.io/fhir/sid/jurisdiction");
		assertThat(task.getOwner().getIdentifier().getValue()).isEqualTo("longwan");
		assertThat(task.getOwner().getDisplay()).isEqualTo("温州市龙湾区人民检察院");
		assertThat(task.getRequester().getIdentifier().getValue()).isEqualTo("hospital-01");
		assertThat(task.getMeta().getLastUpdated()).isNotNull().isEqualTo(task.getLastModified());
		assertThat(task.getAuthoredOn()).isNotNull();
		String text = fhir.newJsonParser().encodeResourceToString(task);
		for (String personal : HospitalReports.PERSONAL_AND_SEALED) {
			assertThat(text).as("the Task repeats nothing of the child or the reporter").doesNotContain(personal);
		}
	}

	@ParameterizedTest
	@EnumSource(value = EncodingEnum.class, names = { "JSON", "XML" })
	void aHospitalFindsItsReportByItsIdentifierOrByFocus(EncodingEnum encoding) {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", encoding);
		Bundle report = HospitalReports.message(fhir, "hospital-01", "ws-002");
		String taskId = send(hospital, report);
		String value = report.getIdentifier().getValue();

		assertThat(ids(search(hospital, Task.IDENTIFIER.exactly().systemAndIdentifier(HospitalReports.IDENTIFIER_SYSTEM, value))))
			.containsExactly(taskId);
		assertThat(ids(search(hospital, Task.IDENTIFIER.exactly().code(value)))).containsExactly(taskId);
		assertThat(ids(search(hospital, Task.FOCUS.hasId(taskId)))).containsExactly(taskId);
		assertThat(ids(search(hospital,
				new TokenClientParam("focus:identifier").exactly().systemAndIdentifier(HospitalReports.IDENTIFIER_SYSTEM, value))))
			.containsExactly(taskId);
		assertThat(ids(search(hospital, Task.IDENTIFIER.exactly().systemAndIdentifier("https://elsewhere.example", value))))
			.isEmpty();
		Bundle both = hospital.search()
			.forResource(Task.class)
			.where(Task.IDENTIFIER.exactly().code(value))
			.and(Task.FOCUS.hasId(taskId))
			.returnBundle(Bundle.class)
			.execute();
		assertThat(ids(both)).containsExactly(taskId);
		assertThat(both.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
		assertThat(both.getTotal()).isEqualTo(1);
	}

	@Test
	void aSearchByPostFindsTheSameAsByGet() {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		Bundle report = HospitalReports.message(fhir, "hospital-01", "ws-002");
		String taskId = send(hospital, report);

		// The form body passes the size limit and the body rules, which read it before HAPI does.
		Bundle found = hospital.search()
			.forResource(Task.class)
			.where(Task.IDENTIFIER.exactly().code(report.getIdentifier().getValue()))
			.usingStyle(ca.uhn.fhir.rest.api.SearchStyleEnum.POST)
			.returnBundle(Bundle.class)
			.execute();
		assertThat(ids(found)).containsExactly(taskId);
	}

	@Test
	void aHospitalFindsWhatChangedSinceItLastAsked() throws InterruptedException {
		// hospital-07 reports nowhere else in the tests, so every change of its reports is one of these
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-07", EncodingEnum.JSON);
		Bundle first = HospitalReports.message(fhir, "hospital-07", "ws-069");
		String firstTask = send(hospital, first);
		Task seen = hospital.read().resource(Task.class).withId(firstTask).execute();
		Thread.sleep(20);
		String secondTask = send(hospital, HospitalReports.message(fhir, "hospital-07", "ws-070"));

		assertThat(ids(search(hospital, new DateClientParam("_lastUpdated").after().millis(lastSeenAsString(seen)))))
			.containsExactly(secondTask);
		assertThat(ids(search(hospital, new DateClientParam("_lastUpdated").afterOrEquals().millis(lastSeenAsString(seen)))))
			.containsExactly(secondTask, firstTask);
		Bundle combined = hospital.search()
			.forResource(Task.class)
			.where(new DateClientParam("_lastUpdated").after().millis(lastSeenAsString(seen)))
			.and(Task.IDENTIFIER.exactly().code(first.getIdentifier().getValue()))
			.returnBundle(Bundle.class)
			.execute();
		assertThat(ids(combined)).isEmpty();
		Bundle oneOfTwo = hospital.search()
			.forResource(Task.class)
			.where(new DateClientParam("_lastUpdated").afterOrEquals().millis(lastSeenAsString(seen)))
			.count(1)
			.returnBundle(Bundle.class)
			.execute();
		assertThat(ids(oneOfTwo)).as("the most recently changed first").containsExactly(secondTask);
		assertThat(oneOfTwo.getEntry()).hasSize(2);
		assertThat(oneOfTwo.getEntry().get(1).getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.OUTCOME);
	}

	@Test
	void anotherHospitalsTaskIsNotFoundAndNeverInItsSearches() {
		IGenericClient hospital01 = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		Bundle report = HospitalReports.message(fhir, "hospital-01", "ws-003");
		String taskId = send(hospital01, report);
		String value = report.getIdentifier().getValue();

		for (EncodingEnum encoding : List.of(EncodingEnum.JSON, EncodingEnum.XML)) {
			IGenericClient hospital02 = HospitalReports.client(fhir, baseUrl(), "hospital-02", encoding);
			assertThatThrownBy(() -> hospital02.read().resource(Task.class).withId(taskId).execute())
				.isInstanceOf(ResourceNotFoundException.class);
			assertThat(ids(search(hospital02, Task.IDENTIFIER.exactly().code(value)))).isEmpty();
			assertThat(ids(search(hospital02, Task.FOCUS.hasId(taskId)))).isEmpty();
			assertThat(ids(hospital02.search().forResource(Task.class).count(200).returnBundle(Bundle.class).execute()))
				.doesNotContain(taskId);
		}
	}

	@Test
	void aHospitalPollingItsChangesPageByPageSeesEveryTaskOnce() {
		// hospital-09 sends in no other test: its Tasks are exactly these
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-09", EncodingEnum.JSON);
		java.util.Set<String> sent = new java.util.HashSet<>();
		for (int i = 0; i < 5; i++) {
			sent.add(send(hospital, HospitalReports.message(fhir, "hospital-09", "ws-09" + (1 + i))));
		}

		java.util.List<String> seen = new java.util.ArrayList<>();
		Bundle page = hospital.search()
			.forResource(Task.class)
			.where(new ca.uhn.fhir.rest.gclient.DateClientParam("_lastUpdated").afterOrEquals().day("2026-01-01"))
			.count(2)
			.returnBundle(Bundle.class)
			.execute();
		int pages = 1;
		seen.addAll(ids(page));
		while (page.getLink(Bundle.LINK_NEXT) != null) {
			page = hospital.loadPage().next(page).execute();
			seen.addAll(ids(page));
			pages++;
		}

		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(5).containsExactlyInAnyOrderElementsOf(sent);
	}

	private String send(IGenericClient hospital, Bundle report) {
		return HospitalReports.send(hospital, report);
	}

	private static Bundle search(IGenericClient hospital, ca.uhn.fhir.rest.gclient.ICriterion<?> criterion) {
		return hospital.search().forResource(Task.class).where(criterion).returnBundle(Bundle.class).execute();
	}

	private static String lastSeenAsString(Task task) {
		return new InstantType(task.getMeta().getLastUpdated()).getValueAsString();
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(Task.class::isInstance)
			.map(r -> r.getIdElement().getIdPart())
			.toList();
	}
}

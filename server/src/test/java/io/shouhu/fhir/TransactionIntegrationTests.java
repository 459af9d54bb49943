package io.shouhu.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.casework.Triage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A report sent as a transaction ({@code POST /fhir}) by a HIS that does nothing else: taken in once,
 * answered with its Task, resent without a second report.
 */
class TransactionIntegrationTests extends ShouhuIntegrationTest {

	@Autowired
	FhirContext fhir;

	@Autowired
	Triage triage;

	@Test
	void aTransactionIsTakenInOnceAndItsResendAnsweredWithTheSameTask() {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		Bundle transaction = HospitalReports.transaction(fhir, "hospital-01", "ws-004");
		long before = triage.received();

		Bundle first = hospital.transaction().withBundle(transaction).execute();

		assertThat(first.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
		assertThat(first.getEntry()).hasSameSizeAs(transaction.getEntry());
		assertThat(first.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("201 Created"));
		String location = first.getEntryFirstRep().getResponse().getLocation();
		assertThat(location).startsWith("Task/");
		assertThat(triage.received()).isEqualTo(before + 1);
		Task task = hospital.read().resource(Task.class).withId(location.substring("Task/".length())).execute();
		assertThat(task.getIdentifierFirstRep().getValue()).isEqualTo(transaction.getIdentifier().getValue());
		assertThat(task.getFor().getReference()).isEqualTo(HospitalReports.PATIENT_REFERENCE);

		Bundle again = hospital.transaction().withBundle(transaction).execute();

		assertThat(again.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("200 OK"));
		assertThat(again.getEntryFirstRep().getResponse().getLocation()).isEqualTo(location);
		assertThat(triage.received()).as("a resend stores nothing").isEqualTo(before + 1);
	}

	@Test
	void inXmlAndResentAsJsonItIsTheSameReport() {
		IGenericClient xml = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.XML);
		IGenericClient json = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		Bundle transaction = HospitalReports.transaction(fhir, "hospital-01", "ws-005");
		long before = triage.received();

		Bundle first = xml.transaction().withBundle(transaction).execute();
		Bundle again = json.transaction().withBundle(transaction).execute();

		assertThat(first.getEntryFirstRep().getResponse().getStatus()).isEqualTo("201 Created");
		assertThat(again.getEntryFirstRep().getResponse().getStatus()).isEqualTo("200 OK");
		assertThat(again.getEntryFirstRep().getResponse().getLocation())
			.isEqualTo(first.getEntryFirstRep().getResponse().getLocation());
		assertThat(triage.received()).isEqualTo(before + 1);
	}

	@Test
	void aBatchIsRefusedAndNothingStored() {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		Bundle batch = HospitalReports.transaction(fhir, "hospital-01", "ws-006").setType(Bundle.BundleType.BATCH);
		long before = triage.received();

		assertThatThrownBy(() -> hospital.transaction().withBundle(batch).execute())
			.isInstanceOf(UnprocessableEntityException.class);
		assertThat(triage.received()).isEqualTo(before);
	}

	@Test
	void aTransactionIsCheckedByTheSameRulesAsAMessage() {
		IGenericClient hospital02 = HospitalReports.client(fhir, baseUrl(), "hospital-02", EncodingEnum.JSON);
		// hospital-02 sending from hospital-01's workstation
		Bundle transaction = HospitalReports.transaction(fhir, "hospital-02", "ws-001");
		long before = triage.received();

		assertThatThrownBy(() -> hospital02.transaction().withBundle(transaction).execute())
			.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException.class);
		assertThat(triage.received()).isEqualTo(before);
	}
}

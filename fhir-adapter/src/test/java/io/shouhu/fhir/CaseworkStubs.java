package io.shouhu.fhir;

import java.time.Instant;
import java.util.Optional;

import io.shouhu.casework.Hospital;
import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeKey;
import io.shouhu.casework.IntakeOutcome;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportIntake;
import io.shouhu.casework.ReportStatus;
import io.shouhu.casework.ReportStatusView;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/**
 * Casework as the FHIR adapter's tests stand it in: hospital-01 of Longwan, and the demo report taken
 * in as {@link #REPORT}, received at {@link #RECEIVED}.
 */
final class CaseworkStubs {

	static final ReportId REPORT = new ReportId("3f0c9a4e-7b21-4c55-9d1e-0a2b3c4d5e6f");

	static final HospitalId HOSPITAL = new HospitalId("hospital-01");

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final Instant RECEIVED = Instant.parse("2026-11-28T07:06:00Z");

	private CaseworkStubs() {
	}

	/** The status of the demo report as casework gives it to hospital-01. */
	static ReportStatusView received() {
		return new ReportStatusView(REPORT, HOSPITAL, LONGWAN,
				new IntakeKey("https://hospital-01.example.cn/fhir/sid/mandatory-report", "MR-2026-000001"),
				"urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f", ReportStatus.RECEIVED, RECEIVED, RECEIVED);
	}

	/** Every report is taken in as the demo report, whose status hospital-01 may read. */
	static void takesInTheReport(ReportIntake intake) {
		when(intake.submit(any())).thenReturn(new IntakeOutcome(REPORT, true, received()));
		when(intake.status(HOSPITAL, REPORT)).thenReturn(Optional.of(received()));
	}

	/** hospital-01 is registered in Longwan, whose procuratorate has this name. */
	static void longwan(ReferenceData referenceData, String jurisdictionName) {
		when(referenceData.hospital(HOSPITAL))
			.thenReturn(Optional.of(new Hospital(HOSPITAL, "Demo Hospital 01", LONGWAN)));
		when(referenceData.jurisdiction(LONGWAN)).thenReturn(Optional.of(new Jurisdiction(LONGWAN, jurisdictionName)));
	}
}

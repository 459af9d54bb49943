package io.shouhu.demo;

import java.util.Map;
import java.util.stream.Collectors;

import io.shouhu.casework.Hospital;
import io.shouhu.casework.Workstation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo looks like the Wenzhou pilot: 123 workstations in 11 Longwan hospitals, plus Ouhai. */
class DemoReferenceDataTests {

	@Test
	void longwanHasElevenHospitalsWith123WorkstationsNumberedHospitalByHospital() {
		Map<String, String> jurisdictionOf = DemoReferenceData.hospitals()
			.stream()
			.collect(Collectors.toMap(h -> h.id().value(), h -> h.jurisdiction().value()));
		Map<String, String> hospitalOf = DemoReferenceData.workstations()
			.stream()
			.collect(Collectors.toMap(w -> w.id().value(), w -> w.hospital().value()));

		assertThat(DemoReferenceData.hospitals()).extracting(Hospital::id)
			.extracting(id -> id.value())
			.filteredOn(id -> "longwan".equals(jurisdictionOf.get(id)))
			.containsExactly("hospital-01", "hospital-02", "hospital-03", "hospital-04", "hospital-05", "hospital-06",
					"hospital-07", "hospital-08", "hospital-09", "hospital-10", "hospital-11");
		assertThat(jurisdictionOf).containsEntry("hospital-12", "ouhai");
		assertThat(DemoReferenceData.workstations()).extracting(Workstation::hospital)
			.filteredOn(h -> "longwan".equals(jurisdictionOf.get(h.value())))
			.hasSize(123);
		assertThat(hospitalOf).containsEntry("ws-001", "hospital-01")
			.containsEntry("ws-123", "hospital-11")
			.containsEntry("ws-124", "hospital-12");
		for (int n = 2; n <= 123; n++) {
			String previous = hospitalOf.get(String.format("ws-%03d", n - 1));
			String current = hospitalOf.get(String.format("ws-%03d", n));
			assertThat(current.compareTo(previous)).as("ws-%03d is not numbered before its predecessor", n)
				.isGreaterThanOrEqualTo(0);
		}
	}
}

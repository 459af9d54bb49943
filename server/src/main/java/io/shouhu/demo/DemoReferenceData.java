package io.shouhu.demo;

import java.util.ArrayList;
import java.util.List;

import io.shouhu.casework.Hospital;
import io.shouhu.casework.HospitalId;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.Workstation;
import io.shouhu.casework.WorkstationId;

/**
 * The demo's jurisdictions, hospitals and workstations: 11 hospitals with 123 workstations in
 * Longwan, as in the Wenzhou pilot, and one hospital in Ouhai to show that jurisdictions are kept apart.
 */
final class DemoReferenceData {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final JurisdictionId OUHAI = new JurisdictionId("ouhai");

	/** Workstations per Longwan hospital, hospital-01 first: 2 × 12 + 9 × 11 = 123. */
	private static final int[] LONGWAN_WORKSTATIONS = { 12, 12, 11, 11, 11, 11, 11, 11, 11, 11, 11 };

	private static final int OUHAI_WORKSTATIONS = 2;

	private DemoReferenceData() {
	}

	static List<Jurisdiction> jurisdictions() {
		return List.of(new Jurisdiction(LONGWAN, "温州市龙湾区人民检察院", "LW"),
				new Jurisdiction(OUHAI, "温州市瓯海区人民检察院", "OH"));
	}

	static List<Hospital> hospitals() {
		List<Hospital> hospitals = new ArrayList<>();
		for (int n = 1; n <= LONGWAN_WORKSTATIONS.length; n++) {
			hospitals.add(new Hospital(hospitalId(n), "龙湾示范医院 " + n, LONGWAN));
		}
		hospitals.add(new Hospital(hospitalId(12), "瓯海示范医院 1", OUHAI));
		return hospitals;
	}

	static List<Workstation> workstations() {
		List<Workstation> workstations = new ArrayList<>();
		int number = 1;
		for (int h = 0; h < LONGWAN_WORKSTATIONS.length; h++) {
			for (int i = 0; i < LONGWAN_WORKSTATIONS[h]; i++) {
				workstations.add(new Workstation(workstationId(number++), hospitalId(h + 1)));
			}
		}
		for (int i = 0; i < OUHAI_WORKSTATIONS; i++) {
			workstations.add(new Workstation(workstationId(number++), hospitalId(12)));
		}
		return workstations;
	}

	private static HospitalId hospitalId(int n) {
		return new HospitalId(String.format("hospital-%02d", n));
	}

	private static WorkstationId workstationId(int n) {
		return new WorkstationId(String.format("ws-%03d", n));
	}
}

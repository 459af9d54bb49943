package io.shouhu.notification;

import java.util.List;

import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;

/**
 * Who is alerted to a new report: the jurisdiction's intake prosecutors; where it has none (a small
 * procuratorate, a gap in the roster), its supervisors; failing those, its prosecutors. A report must
 * reach a person, so an empty intake roster is no reason to alert nobody.
 */
final class NewReportRecipientsPolicy {

	private static final List<Role> IN_ORDER = List.of(Role.INTAKE, Role.SUPERVISOR, Role.PROSECUTOR);

	private final ReferenceData referenceData;

	NewReportRecipientsPolicy(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	/** The people to alert, empty only when the jurisdiction has none of these roles at all. */
	List<StaffMember> recipients(JurisdictionId jurisdiction) {
		for (Role role : IN_ORDER) {
			List<StaffMember> staff = referenceData.staffWithRole(jurisdiction, role);
			if (!staff.isEmpty()) {
				return staff;
			}
		}
		return List.of();
	}
}

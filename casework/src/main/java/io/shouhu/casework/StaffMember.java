package io.shouhu.casework;

import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A member of a procuratorate's staff and what they do there. */
@Document("staff")
public record StaffMember(@Id UserId id, JurisdictionId jurisdiction, Set<Role> roles) {

	public StaffMember {
		roles = Set.copyOf(roles);
	}
}

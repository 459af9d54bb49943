package io.shouhu.casework;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A hospital whose reports go to one jurisdiction. */
@Document("hospitals")
public record Hospital(@Id HospitalId id, String name, JurisdictionId jurisdiction) {
}

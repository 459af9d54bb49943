package io.shouhu.casework;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A doctor workstation of a hospital. */
@Document("workstations")
public record Workstation(@Id WorkstationId id, HospitalId hospital) {
}

package io.shouhu.casework;

/**
 * One code from the clinical record, as the hospital information system wrote it.
 *
 * @param system the code system, e.g. {@code http://hl7.org/fhir/sid/icd-10}; {@code null} when the
 * HIS did not say (taken as ICD-10)
 * @param code the code as written, e.g. {@code O03}, {@code O03.9}, {@code T742}; may be malformed
 * @param source the resource it came from, e.g. {@code Condition/abc}; may be {@code null}
 */
public record ClinicalCode(String system, String code, String source) {
}
